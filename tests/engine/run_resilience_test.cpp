// run_pipeline against a source and a destination in memory that fail on cue: retries, a
// dropped source connection, a stop request and resuming from the ledger.
#include <atomic>
#include <catch2/catch.hpp>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>

#include "etl/engine.h"
#include "etl/errors.h"

namespace {

using etl::Batch;
using etl::BatchResult;
using etl::DatabaseError;
using etl::Side;

// A table of `rows` rows (id bigint key 1…rows, v int = id * 7) and what it has done.
struct SourceState {
  std::int64_t rows = 1000;
  std::int64_t changed_from = 0;  //!< ids from here on read v + 1 (the source changed)
  int drop_on_page = -1;          //!< the page (over all connections) that fails, once
  int pages = 0;
  int connections = 0;
  std::vector<std::string> seeks;
};

class MemoryReader final : public etl::SourceReader {
 public:
  explicit MemoryReader(SourceState& state) : state_(state) {}

  etl::SourceTable describe(const std::string&, const std::vector<std::string>&) override {
    etl::SourceTable table;
    table.schema = "dbo";
    table.name = "numbers";
    etl::SourceColumn id;
    id.name = "id";
    id.type = etl::SourceType::BigInt;
    id.nullable = false;
    id.declared_type = "bigint";
    etl::SourceColumn value;
    value.name = "v";
    value.type = etl::SourceType::Int;
    value.declared_type = "int";
    table.columns = {id, value};
    table.key = {0};
    return table;
  }

  std::uint64_t count_rows() override { return static_cast<std::uint64_t>(state_.rows); }

  bool next_page(std::size_t limit, Batch& out) override {
    if (state_.pages++ == state_.drop_on_page) {
      throw DatabaseError(Side::Source, "dbo.numbers", "read", "connection lost", "20004", true);
    }
    out.clear();
    out.columns.resize(2);
    for (std::int64_t id = after_ + 1; id <= state_.rows && out.rows < limit; ++id) {
      out.columns[0].nulls.push_back(0);
      out.columns[0].integers.push_back(id);
      out.columns[1].nulls.push_back(0);
      out.columns[1].integers.push_back(id * 7 +
                                        (state_.changed_from && id >= state_.changed_from));
      ++out.rows;
      after_ = id;
    }
    if (out.rows == 0) return false;
    out.first_key = std::to_string(out.columns[0].integers.front());
    out.last_key = std::to_string(after_);
    out.resume_token = "id>" + out.last_key;
    return true;
  }

  void seek_after(const std::string& token) override {
    state_.seeks.push_back(token);
    after_ = token.empty() ? 0 : std::stoll(token.substr(3));
  }

 private:
  SourceState& state_;
  std::int64_t after_ = 0;
};

class MemorySource final : public etl::Source {
 public:
  explicit MemorySource(SourceState& state) : state_(state) {}
  std::unique_ptr<etl::SourceReader> connect() override {
    ++state_.connections;
    return std::make_unique<MemoryReader>(state_);
  }

 private:
  SourceState& state_;
};

// A destination holding batches by first key (an upsert of whole pages), with a ledger.
struct SinkState {
  std::mutex mutex;
  std::map<std::string, etl::RowsDigest> table;  //!< first key → the page's rows
  std::map<std::string, etl::LedgerRun> runs;
  std::map<std::string, std::vector<etl::LedgerBatch>> ledger;  //!< run → committed batches
  std::set<std::uint64_t> fail_once;  //!< sequences whose first attempt fails, retryable
  std::set<std::uint64_t> failed;
  std::uint64_t fail_hard = ~0ULL;  //!< a sequence that fails with a data error
  std::function<void(std::uint64_t)> on_commit;
  int marks = 0;
};

class MemorySink final : public etl::Sink {
 public:
  explicit MemorySink(SinkState& state) : state_(state) {}

  etl::SinkPreflight preflight(const etl::LoadPlan&) override {
    return {"memory", !state_.table.empty(), 50};
  }
  std::optional<etl::ResumePoint> unfinished_run(const etl::LoadPlan& plan) override {
    std::lock_guard lock(state_.mutex);
    if (state_.runs.empty()) return std::nullopt;
    const etl::LedgerRun* last = nullptr;
    for (const auto& [id, run] : state_.runs)
      if (run.pipeline == plan.pipeline && (!last || run.started_at > last->started_at))
        last = &run;
    // A run written into the ledger by a test itself has no fingerprint and fits any load.
    if (!last) return std::nullopt;
    bool other_load = !last->fingerprint.empty() && last->fingerprint != plan.fingerprint;
    if (!last || last->state == "succeeded" || other_load) return std::nullopt;
    return etl::ResumePoint{*last, state_.ledger[last->run_id]};
  }
  void prepare(const etl::LoadPlan& plan) override {
    std::lock_guard lock(state_.mutex);
    etl::LedgerRun& run = state_.runs[plan.run_id];
    if (!plan.resume) {
      run.pipeline = plan.pipeline;
      run.run_id = plan.run_id;
      run.started_at = std::to_string(state_.runs.size());
      run.fingerprint = plan.fingerprint;
      ++state_.marks;
    }
    run.state = "running";
  }
  void open_writers(std::size_t) override {}
  void submit(std::shared_ptr<const etl::EncodedBatch> batch,
              std::function<void(BatchResult)> done) override {
    BatchResult result;
    result.sequence = batch->sequence;
    result.rows = batch->rows;
    {
      std::lock_guard lock(state_.mutex);
      if (batch->sequence == state_.fail_hard) {
        result.error = std::make_exception_ptr(
            DatabaseError(Side::Destination, "t", "COPY", "value too long", "22001", false));
      } else if (state_.fail_once.count(batch->sequence) && !state_.failed.count(batch->sequence)) {
        state_.failed.insert(batch->sequence);
        result.error = std::make_exception_ptr(
            DatabaseError(Side::Destination, "t", "COMMIT", "connection lost", "08006", true));
      } else {
        auto& committed = state_.ledger[current_run()];
        for (const etl::LedgerBatch& earlier : committed)
          if (earlier.sequence == batch->sequence) throw std::logic_error("batch applied twice");
        committed.push_back({batch->sequence, batch->first_key, batch->last_key,
                             batch->resume_token, batch->rejected, batch->digest});
        state_.table[batch->first_key] = batch->digest;
        result.written = batch->rows;
      }
    }
    if (!result.error && state_.on_commit) state_.on_commit(batch->sequence);
    done(std::move(result));
  }
  void close_writers() override {}
  etl::RowsDigest digest_destination(const etl::LoadPlan&) override {
    std::lock_guard lock(state_.mutex);
    etl::RowsDigest total;
    for (const auto& [key, digest] : state_.table) {
      total.rows += digest.rows;
      total.hash_sum += digest.hash_sum;
    }
    return total;
  }
  std::uint64_t finalize(const etl::LoadPlan& plan) override {
    std::lock_guard lock(state_.mutex);
    state_.runs[plan.run_id].state = "succeeded";
    return 0;
  }
  void record_run_end(const etl::LoadPlan& plan, const std::string& state,
                      const std::string& error) noexcept override {
    std::lock_guard lock(state_.mutex);
    state_.runs[plan.run_id].state = state;
    state_.runs[plan.run_id].error = error;
  }
  std::vector<etl::LedgerRun> runs(const std::string&, const std::string&, std::size_t) override {
    return {};
  }

 private:
  std::string current_run() const {
    const etl::LedgerRun* last = nullptr;
    for (const auto& [id, run] : state_.runs)
      if (!last || run.started_at > last->started_at) last = &run;
    return last->run_id;
  }
  SinkState& state_;
};

etl::PipelineConfig pipeline() {
  etl::PipelineConfig config;
  config.name = "numbers";
  config.source_table = "dbo.numbers";
  config.destination_table = "public.numbers";
  config.strategy = etl::Strategy::Upsert;
  config.batch_rows = 100;
  config.writers = 4;
  config.rejects_file = "/dev/null";
  config.retry_attempts = 3;
  config.retry_max_wait = std::chrono::milliseconds(20);
  return config;
}

struct Harness {
  SourceState source;
  SinkState sink;
  etl::RunOptions options;
  etl::PipelineConfig config = pipeline();

  Harness() {
    options.connectors.source = [this](const etl::SourceSettings&) {
      return std::make_unique<MemorySource>(source);
    };
    options.connectors.sink = [this](const std::string&) {
      return std::make_unique<MemorySink>(sink);
    };
  }
  etl::RunReport run() { return etl::run_pipeline(config, options); }
};

}  // namespace

TEST_CASE("a batch that fails with a retryable error is submitted again and committed once",
          "[run][retry]") {
  Harness harness;
  harness.sink.fail_once = {2, 7};
  etl::RunReport report = harness.run();
  CHECK(report.status == etl::RunStatus::Succeeded);
  CHECK(report.verified);
  CHECK(report.batches_retried == 2);
  CHECK(report.rows_read == 1000);
  CHECK(harness.sink.ledger.begin()->second.size() == 10);
}

TEST_CASE("a batch that fails with a data error is not retried and fails the run", "[run][retry]") {
  Harness harness;
  harness.sink.fail_hard = 3;
  etl::RunReport report = harness.run();
  CHECK(report.status == etl::RunStatus::Failed);
  CHECK(report.batches_retried == 0);
  CHECK_THAT(report.error, Catch::Contains("value too long"));
  CHECK(harness.sink.runs.begin()->second.state == "failed");
}

TEST_CASE("a dropped source connection is opened again and reading goes on after the last page",
          "[run][retry]") {
  Harness harness;
  harness.source.drop_on_page = 4;
  etl::RunReport report = harness.run();
  CHECK(report.status == etl::RunStatus::Succeeded);
  CHECK(report.source_reconnects == 1);
  CHECK(harness.source.connections == 2);
  REQUIRE(harness.source.seeks.size() == 1);
  CHECK(harness.source.seeks[0] == "id>400");  // pages 0–3 were read before the drop
  CHECK(report.rows_read == 1000);
  CHECK(report.destination.rows == 1000);
}

TEST_CASE("a stop request ends the run as interrupted and the next run resumes exactly",
          "[run][resume]") {
  Harness harness;
  std::atomic<bool> stop{false};
  harness.options.stop = &stop;
  harness.sink.on_commit = [&](std::uint64_t sequence) {
    if (sequence == 3) stop = true;
  };
  etl::RunReport first = harness.run();
  CHECK(first.status == etl::RunStatus::Interrupted);
  CHECK(harness.sink.runs.begin()->second.state == "interrupted");
  std::size_t committed = harness.sink.ledger.begin()->second.size();
  CHECK(committed >= 4);
  CHECK(committed < 10);

  stop = false;
  harness.sink.on_commit = nullptr;
  etl::RunReport second = harness.run();
  CHECK(second.status == etl::RunStatus::Succeeded);
  CHECK(second.resumed_run == first.run_id);
  CHECK(second.run_id == first.run_id);
  CHECK(second.resumed_batches == committed);
  CHECK(second.rows_read == 1000);
  CHECK(second.verified);
  CHECK(harness.sink.ledger.size() == 1);
  CHECK(harness.sink.ledger.begin()->second.size() == 10);
  CHECK(harness.sink.marks == 1);  // the resumed run did not prepare afresh
}

// The ledger of an earlier run that failed with pages 0, 1 and 3 of 100 rows committed.
void committed_out_of_order(SinkState& sink, std::int64_t page_3_first, std::int64_t page_3_last) {
  etl::LedgerRun run;
  run.pipeline = "numbers";
  run.run_id = "earlier";
  run.state = "failed";
  run.started_at = "0";
  run.table_created = true;
  sink.runs[run.run_id] = run;
  auto page = [&](std::uint64_t sequence, std::int64_t first, std::int64_t last) {
    etl::LedgerBatch batch{
        sequence, std::to_string(first), std::to_string(last), "id>" + std::to_string(last),
        0,        {100, 1000 + sequence}};
    sink.ledger[run.run_id].push_back(batch);
    sink.table[batch.first_key] = batch.digest;
  };
  page(0, 1, 100);
  page(1, 101, 200);
  page(3, page_3_first, page_3_last);
}

TEST_CASE("a resume reads on from the committed prefix and skips the pages committed after it",
          "[run][resume]") {
  Harness harness;
  committed_out_of_order(harness.sink, 301, 400);
  etl::RunReport report = harness.run();
  CHECK(report.status == etl::RunStatus::Succeeded);
  CHECK(report.resumed_run == "earlier");
  CHECK(report.resumed_batches == 3);
  REQUIRE(harness.source.seeks.size() == 1);
  CHECK(harness.source.seeks[0] == "id>200");
  std::set<std::uint64_t> sequences;
  for (const etl::LedgerBatch& batch : harness.sink.ledger["earlier"])
    sequences.insert(batch.sequence);
  CHECK(sequences == std::set<std::uint64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
  CHECK(harness.sink.ledger["earlier"].size() == 10);  // page 3 was not applied again
  CHECK(report.rows_read == 1000);
  CHECK(report.verified);
  CHECK(harness.sink.marks == 0);
}

TEST_CASE("a resume refuses a source whose committed pages changed; --fresh starts over",
          "[run][resume]") {
  Harness harness;
  committed_out_of_order(harness.sink, 351, 450);  // the source's page 3 now reads 301–400
  etl::RunReport refused = harness.run();
  CHECK(refused.status == etl::RunStatus::Failed);
  CHECK_THAT(refused.error, Catch::Contains("changed") && Catch::Contains("--fresh"));
  CHECK(harness.sink.runs["earlier"].state == "failed");

  harness.options.fresh = true;
  harness.sink.table.clear();
  etl::RunReport fresh = harness.run();
  CHECK(fresh.status == etl::RunStatus::Succeeded);
  CHECK(fresh.resumed_run.empty());
  CHECK(fresh.run_id != "earlier");
  CHECK(harness.sink.ledger[fresh.run_id].size() == 10);
}

TEST_CASE("a run whose constants changed (another RUN_DATE) does not resume the unfinished one",
          "[run][resume]") {
  Harness harness;
  std::atomic<bool> stop{false};
  harness.options.stop = &stop;
  harness.config.set["DATA_BASE"] = etl::ConstantValue::string("2026-12-04");
  harness.sink.on_commit = [&](std::uint64_t sequence) {
    if (sequence == 2) stop = true;
  };
  etl::RunReport first = harness.run();
  REQUIRE(first.status == etl::RunStatus::Interrupted);

  stop = false;
  harness.sink.on_commit = nullptr;
  harness.config.set["DATA_BASE"] = etl::ConstantValue::string("2026-12-05");
  etl::RunReport next = harness.run();
  CHECK(next.status == etl::RunStatus::Succeeded);
  CHECK(next.resumed_run.empty());
  CHECK(next.run_id != first.run_id);

  harness.config.set["DATA_BASE"] = etl::ConstantValue::string("2026-12-04");
  CHECK(harness.run().resumed_run.empty());  // the newest run succeeded: nothing to resume
}
