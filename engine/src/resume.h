// Resuming an unfinished run (DESIGN.md §4): which pages its ledger says are committed, where
// the reader starts again, and what the skipped pages held for verification.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "etl/batch.h"
#include "etl/sink.h"

namespace etl {

class ResumeState {
 public:
  //! Nothing to resume: the reader starts at the first row with sequence 0.
  ResumeState() = default;
  explicit ResumeState(const ResumePoint& point);

  bool resuming() const { return resuming_; }
  const LedgerRun& run() const { return run_; }

  //! The token to seek_after() before the first page: the end of the longest prefix of pages
  //! 0…m that all committed; "" when page 0 did not.
  const std::string& start_token() const { return start_token_; }
  std::uint64_t first_sequence() const { return first_sequence_; }

  //! Whether the page just read (its sequence set) was committed by the earlier run, and so is
  //! skipped. Throws std::runtime_error when the ledger holds that sequence with other keys or
  //! another row count: the source changed since, and only a fresh run can be exact.
  bool committed(const Batch& page) const;

  //! The committed pages' totals: rows loaded with their checksum, rows rejected.
  RowsDigest prior_digest() const { return prior_digest_; }
  std::uint64_t prior_rejected() const { return prior_rejected_; }
  std::uint64_t prior_batches() const { return batches_.size(); }
  //! The committed pages' first and last keys, for the log line that announces the resume.
  std::string resumed_keys() const;

 private:
  bool resuming_ = false;
  LedgerRun run_;
  std::map<std::uint64_t, LedgerBatch> batches_;
  std::string start_token_;
  std::uint64_t first_sequence_ = 0;
  RowsDigest prior_digest_;
  std::uint64_t prior_rejected_ = 0;
};

}  // namespace etl
