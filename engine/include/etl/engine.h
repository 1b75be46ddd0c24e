// Running pipelines: the engine's entry point for the `etl` command and for programs that
// embed the library.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "etl/pipeline.h"
#include "etl/report.h"
#include "etl/sink.h"
#include "etl/source.h"

namespace etl {

//! A snapshot of a running load, handed to the progress callback about four times a second.
struct Progress {
  std::string pipeline;
  std::string phase;  //!< preflight, prepare, load, verify, finalize
  std::uint64_t rows_total = 0;
  std::uint64_t rows_read = 0;
  std::uint64_t rows_written = 0;
  std::uint64_t rows_rejected = 0;
  std::chrono::duration<double> elapsed{};
  std::vector<WriterStats> writers;
  bool final = false;  //!< the last snapshot of the phase: a display can move below it
};

using ProgressCallback = std::function<void(const Progress&)>;

//! Where the engine gets its connections; by default the mssql and postgres drivers.
//! Tests and embedding programs may supply their own.
struct Connectors {
  std::function<std::unique_ptr<Source>(const SourceSettings&)> source;
  std::function<std::unique_ptr<Sink>(const std::string& url)> sink;
};

struct RunOptions {
  bool dry_run = false;                   //!< read and convert everything, write nothing
  bool preflight_only = false;            //!< `etl check`: the preflight alone, nothing written
  bool fresh = false;                     //!< start afresh instead of resuming an unfinished run
  std::optional<std::size_t> writers;     //!< overrides the pipeline's
  std::optional<std::size_t> batch_rows;  //!< overrides the pipeline's
  Connectors connectors;                  //!< empty members: the built-in drivers
  ProgressCallback progress;
  //! Set from outside (a signal handler may store true) to stop the run: reading stops, the
  //! batches in flight commit or roll back, the ledger records the run as interrupted, and the
  //! report's status is Interrupted. Null: never stopped.
  const std::atomic<bool>* stop = nullptr;
};

//! Runs one pipeline through every phase (DESIGN.md §3) and reports. Failures are caught and
//! reported (status and error); the destination is never swept after a failed or unverified
//! load.
RunReport run_pipeline(const PipelineConfig& config, const RunOptions& options = {});

//! The last `limit` runs of the pipeline as the destination's ledger records them, newest
//! first (`etl status`). Throws DatabaseError when the destination cannot be read.
std::vector<LedgerRun> pipeline_runs(const PipelineConfig& config, std::size_t limit = 10,
                                     const Connectors& connectors = {});

}  // namespace etl
