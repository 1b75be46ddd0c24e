// What a run did, for the operator (text) and for machines (JSON, --report FILE).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "etl/sink.h"

namespace etl {

//! How a run ended; also the process exit code of `etl run` (README, "Exit codes").
enum class RunStatus {
  Succeeded = 0,
  Failed = 1,
  UsageError = 2,
  VerificationFailed = 3,
  TooManyRejects = 4,
  //! Stopped by SIGINT/SIGTERM (RunOptions::stop): the batches in flight committed or rolled
  //! back, the ledger says where; the next run resumes there.
  Interrupted = 5,
};

struct WriterStats {
  std::uint64_t batches_ok = 0;
  std::uint64_t batches_failed = 0;
  std::uint64_t rows = 0;
};

struct RunReport {
  std::string pipeline;
  std::string run_id;
  RunStatus status = RunStatus::Failed;
  std::string error;  //!< the failure, when status is not Succeeded
  bool dry_run = false;
  bool preflight_only = false;  //!< `etl check`: only the preflight ran

  std::string source_table;
  std::string destination_table;
  std::string strategy;

  std::uint64_t source_rows = 0;  //!< COUNT_BIG(*) at the start
  std::uint64_t rows_read = 0;
  std::uint64_t rows_written = 0;  //!< inserted or updated
  std::uint64_t rows_skipped = 0;  //!< duplicates skipped (ignore)
  std::uint64_t rows_rejected = 0;
  std::map<std::string, std::uint64_t> rejects_by_column;  //!< source column → rows rejected
  //! Source column → reject code ("nul", "lone_surrogate", "too_long"…) → rows rejected. A
  //! row is rejected at the first of its columns that fails and counts there only.
  std::map<std::string, std::map<std::string, std::uint64_t>> reject_reasons_by_column;
  //! Source column → change ("fraction_truncated", "nul_stripped", "trailing_spaces_trimmed"…)
  //! → values loaded (or, in a dry run, that would be loaded) changed that way.
  std::map<std::string, std::map<std::string, std::uint64_t>> changes_by_column;
  std::uint64_t rows_swept = 0;  //!< mark_sweep: stale rows deleted

  bool verified = false;
  RowsDigest sent;
  RowsDigest destination;

  std::size_t writers_requested = 0;
  std::size_t writers = 0;
  std::size_t batch_rows = 0;
  std::vector<WriterStats> writer_stats;

  // What the preflight found (also the whole report of `etl check`).
  std::size_t source_columns = 0;
  std::string destination_server;  //!< PostgreSQL's server_version
  bool destination_table_exists = false;
  std::size_t free_connections = 0;  //!< slots a new client could take
  //! Source columns whose values may change on the way to their PostgreSQL type (a 7th
  //! fractional digit dropped, an offset folded into UTC, sql_variant read as text), one
  //! sentence each naming the column and both types; `etl check` lists them.
  std::vector<std::string> lossy_columns;

  // Resume and retries (DESIGN.md §4).
  std::string resumed_run;              //!< the unfinished run this one continued; empty if none
  std::uint64_t resumed_batches = 0;    //!< batches that run had committed, skipped here
  std::uint64_t resumed_rows = 0;       //!< rows those batches held
  std::uint64_t batches_retried = 0;    //!< batch attempts repeated after a retryable failure
  std::uint64_t source_reconnects = 0;  //!< reconnections after the source connection dropped

  double seconds = 0;
  double rows_per_second = 0;
};

//! The report as one JSON object.
std::string report_json(const RunReport& report);
//! The report as the lines an operator reads at the end of a run.
std::string report_text(const RunReport& report);

}  // namespace etl
