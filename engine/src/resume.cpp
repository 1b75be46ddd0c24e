#include "resume.h"

#include <stdexcept>

namespace etl {

ResumeState::ResumeState(const ResumePoint& point) : resuming_(true), run_(point.run) {
  for (const LedgerBatch& batch : point.batches) {
    batches_[batch.sequence] = batch;
    prior_digest_.rows += batch.digest.rows;
    prior_digest_.hash_sum += batch.digest.hash_sum;
    prior_rejected_ += batch.rejected;
  }

  // Batches commit out of order (many writers): the reader goes back to the end of the
  // contiguous prefix; pages after it that committed are recognised and skipped as read.
  for (auto at = batches_.find(0); at != batches_.end() && at->first == first_sequence_; ++at) {
    start_token_ = at->second.resume_token;
    ++first_sequence_;
  }
}

bool ResumeState::committed(const Batch& page) const {
  auto found = batches_.find(page.sequence);
  if (found == batches_.end()) return false;

  const LedgerBatch& before = found->second;
  std::uint64_t rows_before = before.digest.rows + before.rejected;
  if (before.first_key == page.first_key && before.last_key == page.last_key &&
      rows_before == page.rows) {
    return true;
  }
  throw std::runtime_error(
      "source: the table changed since run " + run_.run_id + " stopped: its batch " +
      std::to_string(page.sequence) + " held keys " + before.first_key + " – " + before.last_key +
      " (" + std::to_string(rows_before) + " rows), the same page now " + "holds " +
      page.first_key + " – " + page.last_key + " (" + std::to_string(page.rows) +
      " rows); run `etl run --fresh` to load the table afresh");
}

std::string ResumeState::resumed_keys() const {
  if (batches_.empty()) return "none";
  return batches_.begin()->second.first_key + " – " + batches_.rbegin()->second.last_key;
}

}  // namespace etl
