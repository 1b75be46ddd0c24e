// The subcommands of `etl`: what each takes from the command line, and its entry point. Each
// returns the process's exit code (README, "Exit codes").
#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "etl/engine.h"
#include "progress_display.h"

namespace etl::cli {

//! `etl run FILE…`
struct RunCommand {
  std::vector<std::string> files;
  std::optional<std::size_t> writers;
  std::optional<std::size_t> batch_rows;
  bool dry_run = false;
  bool fresh = false;  //!< start afresh instead of resuming an unfinished run
  std::string report_file;
  ProgressMode progress = ProgressMode::Auto;
};

//! `etl check FILE…`
struct CheckCommand {
  std::vector<std::string> files;
  std::optional<std::size_t> writers;     //!< the writers `etl run --writers N` would ask for
  std::optional<std::size_t> batch_rows;  //!< `etl run --batch-rows N`: which run it resumes
};

//! `etl status FILE…`
struct StatusCommand {
  std::vector<std::string> files;
  std::size_t limit = 10;
  bool json = false;
};

//! Runs the pipelines one after the other. A stop (the flag set by a signal) ends the current
//! pipeline and skips the rest, each reported as interrupted.
int run_command(const RunCommand& command, const std::atomic<bool>& stop);

//! Runs each pipeline's preflight alone and prints what it found; changes nothing.
int check_command(const CheckCommand& command, const std::atomic<bool>& stop);

//! Prints each pipeline's last runs as the destination's ledger records them.
int status_command(const StatusCommand& command);

//! The first non-zero code of the two: with several pipelines, the first failure decides.
inline int worst(int current, int next) {
  return current != 0 ? current : next;
}

}  // namespace etl::cli
