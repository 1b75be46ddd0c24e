// Calls made again later: a failed batch waits here before it is submitted again, on a thread
// of its own, so that neither the writers' I/O thread nor a TBB worker sleeps.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

namespace etl {

//! The wait before attempt `attempt` (2, 3, …): 250 ms doubling, at most `max_wait`, with up to
//! a quarter more at random so that the batches a restart failed together do not return together.
std::chrono::milliseconds retry_backoff(std::size_t attempt, std::chrono::milliseconds max_wait);

class RetryTimer {
 public:
  //! `stop`, once true, cancels every waiting call and every later one.
  explicit RetryTimer(const std::atomic<bool>& stop);
  ~RetryTimer();
  RetryTimer(const RetryTimer&) = delete;
  RetryTimer& operator=(const RetryTimer&) = delete;

  //! Runs `call` after `delay` on the timer's thread — or `cancelled` instead (at once, or when
  //! stop turns true) if the run is stopping. Exactly one of the two runs. Thread-safe.
  void schedule(std::chrono::milliseconds delay, std::function<void()> call,
                std::function<void()> cancelled);

 private:
  struct Entry {
    std::function<void()> call;
    std::function<void()> cancelled;
  };
  void loop();

  const std::atomic<bool>& stop_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::multimap<std::chrono::steady_clock::time_point, Entry> due_;
  bool closing_ = false;
  std::thread thread_;
};

}  // namespace etl
