#include "retry_timer.h"

#include <random>
#include <vector>

namespace etl {

std::chrono::milliseconds retry_backoff(std::size_t attempt, std::chrono::milliseconds max_wait) {
  std::chrono::milliseconds wait{250};
  for (std::size_t step = 2; step < attempt && wait < max_wait; ++step)
    wait *= 2;
  wait = std::min(wait, max_wait);
  thread_local std::minstd_rand random{std::random_device{}()};
  std::uniform_int_distribution<long long> extra(0, wait.count() / 4);
  return wait + std::chrono::milliseconds(extra(random));
}

RetryTimer::RetryTimer(const std::atomic<bool>& stop) : stop_(stop) {
  thread_ = std::thread([this] { loop(); });
}

RetryTimer::~RetryTimer() {
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void RetryTimer::schedule(std::chrono::milliseconds delay, std::function<void()> call,
                          std::function<void()> cancelled) {
  {
    std::lock_guard lock(mutex_);
    due_.emplace(std::chrono::steady_clock::now() + delay,
                 Entry{std::move(call), std::move(cancelled)});
  }
  wake_.notify_all();
}

// Wakes at the next due call, and at least every 100 ms to notice a stop (the flag is set by
// whoever stops the load, which does not know about this timer).
void RetryTimer::loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    bool stopping = stop_ || closing_;
    std::vector<std::function<void()>> ready;
    auto now = std::chrono::steady_clock::now();
    while (!due_.empty() && (stopping || due_.begin()->first <= now)) {
      Entry entry = std::move(due_.begin()->second);
      due_.erase(due_.begin());
      ready.push_back(stopping ? std::move(entry.cancelled) : std::move(entry.call));
    }
    if (!ready.empty()) {
      lock.unlock();
      for (auto& call : ready)
        call();
      lock.lock();
      continue;
    }
    if (closing_) return;
    auto until = now + std::chrono::milliseconds(100);
    if (!due_.empty()) until = std::min(until, due_.begin()->first);
    wake_.wait_until(lock, until);
  }
}

}  // namespace etl
