// Progress on stderr: a live bar on a terminal, a plain line every few seconds otherwise
// (containers, cron).
#pragma once

#include <chrono>
#include <mutex>
#include <string>

#include "etl/engine.h"

namespace etl::cli {

enum class ProgressMode { Auto, Bar, Plain, None };

class ProgressDisplay {
 public:
  explicit ProgressDisplay(ProgressMode mode);
  //! Draws or logs the snapshot; safe to call from the engine's progress thread.
  void update(const Progress& progress);
  //! Leaves the bar's last state on screen and moves below it.
  void finish();

 private:
  void draw_bar(const Progress& progress);
  void print_line(const Progress& progress);

  ProgressMode mode_;
  std::mutex mutex_;
  std::size_t lines_drawn_ = 0;
  std::chrono::steady_clock::time_point last_line_{};
};

//! "1h02m", "4m05s", "12s"; "--" when unknown.
std::string format_duration(double seconds);

}  // namespace etl::cli
