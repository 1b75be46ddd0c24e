#include "stop_signals.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>

namespace etl::cli {
namespace {

const char* signal_name(int signal_number) {
  return signal_number == SIGINT ? "SIGINT" : "SIGTERM";
}

}  // namespace

StopSignals::StopSignals() {
  sigemptyset(&signals_);
  sigaddset(&signals_, SIGINT);
  sigaddset(&signals_, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals_, nullptr);
  waiter_ = std::thread([this] { wait_for_signals(); });
}

StopSignals::~StopSignals() {
  closing_ = true;
  // Wakes the waiter through its own sigwait: the signal goes to that thread only, and the
  // closing flag tells it this one is not the operator's.
  pthread_kill(waiter_.native_handle(), SIGTERM);
  waiter_.join();
}

void StopSignals::wait_for_signals() {
  while (true) {
    int signal_number = 0;
    if (sigwait(&signals_, &signal_number) != 0) continue;
    if (closing_) return;

    if (stop_.exchange(true) || exit_on_first_) {
      // The operator does not want to wait: the ledger still says "running", and the next run
      // resumes after the last batch that committed.
      std::fprintf(stderr, "etl: %s%s: exiting at once (exit code %d)\n",
                   exit_on_first_ ? "" : "second ", signal_name(signal_number),
                   immediate_exit_code(signal_number));
      std::fflush(stderr);
      _exit(immediate_exit_code(signal_number));
    }
    spdlog::warn(
        "stopping: {} received; no new batch is read, the batches in flight commit or roll "
        "back, and the next `etl run` resumes where this one stopped (send it again to exit at "
        "once)",
        signal_name(signal_number));
  }
}

}  // namespace etl::cli
