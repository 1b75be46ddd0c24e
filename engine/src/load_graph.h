// The load phase as a oneTBB flow graph (DESIGN.md §2):
//
//   reader ─► in_flight (limiter) ─► transform ─► writers (async) ─► account ─┐
//                 ▲                                                           │
//                 └──────────────── one token back per batch done ◄───────────┘
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "etl/batch.h"
#include "etl/report.h"
#include "etl/sink.h"

namespace etl {

//! A batch after the transform: its rows encoded for COPY, their digest, and the rows that
//! could not be converted (as reject-file lines).
struct ConvertedBatch {
  std::shared_ptr<const EncodedBatch> encoded;
  RowsDigest digest;
  std::vector<std::string> reject_lines;
  std::map<std::string, std::uint64_t> rejects_by_column;
  //! Source column → reject code ("nul", "too_long"…) → rows rejected for it.
  std::map<std::string, std::map<std::string, std::uint64_t>> reject_reasons_by_column;
  //! Source column → change ("fraction_truncated", "nul_stripped"…) → values of the rows
  //! encoded that it changed.
  std::map<std::string, std::map<std::string, std::uint64_t>> changes_by_column;
};

//! What the graph's stages do; the graph only moves batches between them.
struct LoadStages {
  //! Fills the batch with the next page and sets its sequence; false at the end. Runs on one
  //! thread at a time.
  std::function<bool(Batch& batch)> read;
  //! Converts a batch; runs concurrently on the TBB arena.
  std::function<ConvertedBatch(const Batch& batch)> convert;
  //! Receives the rows of every batch that committed (or every batch, in a dry run), on
  //! the accounting stage, one batch at a time.
  std::function<void(const ConvertedBatch& batch, const BatchResult& result)> committed;
  //! The destination; null for a dry run.
  Sink* sink = nullptr;
  //! A batch that fails with a retryable DatabaseError is submitted again, after a backoff,
  //! until it has been tried this many times in all.
  std::size_t retry_attempts = 1;
  std::chrono::milliseconds retry_max_wait{8000};
  //! Told of each retry before its wait (for the log): the batch, why, the attempt to come.
  std::function<void(const EncodedBatch& batch, const std::exception_ptr& why,
                     std::size_t next_attempt, std::chrono::milliseconds wait)>
      retrying;
};

//! One writer's counts, read by the progress display while the graph runs.
struct WriterCounters {
  std::atomic<std::uint64_t> batches_ok{0};
  std::atomic<std::uint64_t> batches_failed{0};
  std::atomic<std::uint64_t> rows{0};
};

//! Counters the progress display reads while the graph runs.
struct LoadCounters {
  explicit LoadCounters(std::size_t writer_count)
      : writers(std::max<std::size_t>(writer_count, 1)) {}
  std::vector<WriterCounters> writers;
  std::vector<WriterStats> writer_stats() const;
  std::atomic<std::uint64_t> rows_read{0};
  std::atomic<std::uint64_t> rows_written{0};
  std::atomic<std::uint64_t> rows_skipped{0};
  std::atomic<std::uint64_t> rows_rejected{0};
  std::atomic<std::uint64_t> batches_done{0};
  std::atomic<std::uint64_t> batches_retried{0};
};

struct LoadOutcome {
  std::exception_ptr error;  //!< the first failure of any stage; the load stopped after it
  RowsDigest committed;
};

//! Runs the load: at most `queue_batches` batches are between the reader and the end of
//! the accounting stage, so memory does not grow with the table. A failure in any stage
//! stops the reader; batches already in flight finish; the first failure is returned.
//! `stop` may be set from outside (a signal) to end the load the same way; it also cancels
//! the retries still waiting, whose batches then count as failed.
LoadOutcome run_load_graph(const LoadStages& stages, std::size_t queue_batches,
                           LoadCounters& counters, std::atomic<bool>& stop);

}  // namespace etl
