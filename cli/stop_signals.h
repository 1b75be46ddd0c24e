// SIGINT and SIGTERM ask a run to stop (RunOptions::stop): the first one lets the batches in
// flight commit or roll back and the ledger record where the run stopped; a second one ends
// the process at once with 130 (SIGINT) or 143 (SIGTERM), as shells report a killed command.
#pragma once

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <thread>

namespace etl::cli {

class StopSignals {
 public:
  //! Blocks SIGINT and SIGTERM in the calling thread, and so in every thread started after it
  //! (the engine's), and waits for them on a thread of its own. Construct it first in main,
  //! before anything starts a thread, or a signal could land on a thread that ignores it.
  StopSignals();
  //! Stops waiting; a signal that arrives later stays pending until the process exits.
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  //! The flag to hand to RunOptions::stop: true once a stop signal arrived.
  const std::atomic<bool>& flag() const { return stop_; }
  bool stopped() const { return stop_.load(); }

  //! For commands with nothing to finish gracefully (`etl status`): the first signal already
  //! ends the process at once.
  void exit_on_first_signal() { exit_on_first_ = true; }

 private:
  void wait_for_signals();

  sigset_t signals_{};
  std::atomic<bool> stop_{false};
  std::atomic<bool> closing_{false};
  std::atomic<bool> exit_on_first_{false};
  std::thread waiter_;
};

//! The exit code of a process ended at once by a second signal: 128 + the signal's number.
constexpr int immediate_exit_code(int signal_number) {
  return 128 + signal_number;
}

}  // namespace etl::cli
