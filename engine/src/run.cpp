// A pipeline run, phase by phase (DESIGN.md §3): preflight → prepare → load → verify →
// finalize → report. Nothing in the destination changes before prepare.
#include <spdlog/spdlog.h>

#include "converter.h"
#include "etl/engine.h"
#include "etl/errors.h"
#include "load_graph.h"
#include "load_plan.h"
#include "mssql/make_source.h"
#include "postgres/make_sink.h"
#include "resume.h"
#include "retry_timer.h"
#include "run_support.h"
#include "type_mapping.h"

namespace etl {
namespace {

//! Thrown when the load ended because the run was asked to stop.
struct Interrupted {};

class Run {
 public:
  Run(const PipelineConfig& config, const RunOptions& options)
      : config_(config), options_(options) {
    report_.pipeline = config.name;
    report_.run_id = new_run_id();
    report_.dry_run = options.dry_run;
    report_.preflight_only = options.preflight_only;
    report_.source_table = config.source_table;
    report_.destination_table = config.destination_table;
    report_.strategy = std::string(strategy_name(config.strategy));
    report_.batch_rows = options.batch_rows.value_or(config.batch_rows);
    report_.writers_requested = options.writers.value_or(config.writers);
  }

  RunReport execute() {
    auto started = Clock::now();
    try {
      preflight();
      if (!options_.preflight_only) {
        if (stop_requested()) throw Interrupted{};
        if (!options_.dry_run) prepare();
        load();
        if (!options_.dry_run) {
          verify();
          finalize();
        }
      }
      report_.status = report_.rows_rejected > config_.max_rejects ? RunStatus::TooManyRejects
                                                                   : RunStatus::Succeeded;
      if (report_.status == RunStatus::TooManyRejects) {
        report_.error = std::to_string(report_.rows_rejected) +
                        (options_.dry_run ? " rows would be rejected (max_rejects "
                                          : " rows rejected (max_rejects ") +
                        std::to_string(config_.max_rejects) + ")" +
                        (options_.dry_run ? "" : ": see " + config_.rejects_file);
        // The load is complete and verified, but the run failed its reject budget: the
        // ledger says so, and `etl status` shows it.
        if (sink_ && !options_.dry_run && !options_.preflight_only) {
          sink_->record_run_end(design_.plan, "too_many_rejects", report_.error);
        }
      }
    } catch (const Interrupted&) {
      report_.status = RunStatus::Interrupted;
      report_.error = "stopped by request after " + std::to_string(report_.rows_read) +
                      " rows; `etl run` resumes run " + report_.run_id;
      record_end("interrupted");
    } catch (const VerificationError& error) {
      report_.status = RunStatus::VerificationFailed;
      report_.error = error.what();
      record_end("verification_failed");
    } catch (const ConfigError& error) {
      report_.status = RunStatus::UsageError;
      report_.error = error.what();
      record_end("failed");
    } catch (const std::exception& error) {
      report_.status = RunStatus::Failed;
      report_.error = error.what();
      record_end("failed");
    }
    if (!report_.error.empty()) {
      if (report_.status == RunStatus::Interrupted) {
        spdlog::warn("[{}] {}", config_.name, report_.error);
      } else {
        spdlog::error("[{}] {}", config_.name, report_.error);
      }
    }
    std::chrono::duration<double> took = Clock::now() - started;
    report_.seconds = took.count();
    report_.rows_per_second = took.count() > 0 ? report_.rows_read / took.count() : 0;
    return report_;
  }

 private:
  bool stop_requested() const { return options_.stop && options_.stop->load(); }

  //! The ledger learns how the run ended, once the run is in it (prepare ran).
  void record_end(const std::string& state) {
    if (prepared_ && sink_) sink_->record_run_end(design_.plan, state, report_.error);
  }

  //! Runs `action` again after a retryable DatabaseError of `side`, waiting longer each time,
  //! until the pipeline's attempts are spent or the run is stopped.
  template <typename Action>
  auto with_retries(Side side, const std::string& what, Action action) {
    for (std::size_t attempt = 1;; ++attempt) {
      try {
        return action();
      } catch (const DatabaseError& error) {
        if (!error.retryable() || error.side() != side || attempt >= config_.retry_attempts ||
            stop_requested()) {
          throw;
        }
        auto wait = retry_backoff(attempt + 1, config_.retry_max_wait);
        spdlog::warn("[{}] {} failed: {} — trying again in {} ms (attempt {} of {})", config_.name,
                     what, error.what(), wait.count(), attempt + 1, config_.retry_attempts);
        pause(wait);
      }
    }
  }

  //! Sleeps, but wakes early when the run is stopped.
  void pause(std::chrono::milliseconds wait) const {
    auto until = Clock::now() + wait;
    while (Clock::now() < until && !stop_requested())
      std::this_thread::sleep_for(
          std::min<Clock::duration>(until - Clock::now(), std::chrono::milliseconds(50)));
  }

  void preflight() {
    Phase phase(config_.name, "preflight", phase_);
    source_ = options_.connectors.source ? options_.connectors.source(config_.source)
                                         : make_mssql_source(config_.source);
    reader_ = source_->connect();
    spdlog::info("[{}] source: connected to {}:{} database {} as {}", config_.name,
                 config_.source.host, config_.source.port, config_.source.database,
                 config_.source.user);
    table_ = reader_->describe(config_.source_table, config_.source_key);
    report_.source_rows = reader_->count_rows();
    report_.source_columns = table_.columns.size();
    spdlog::info("[{}] source: {} has {} columns and {} rows", config_.name, config_.source_table,
                 table_.columns.size(), report_.source_rows);

    design_ = design_load(config_, table_, report_.run_id);
    design_.plan.batch_rows = report_.batch_rows;
    design_.plan.fingerprint = load_fingerprint();
    for (const SourceColumn& column : table_.columns) {
      std::string caveat = mapping_caveat(column);
      if (caveat.empty()) continue;
      report_.lossy_columns.push_back(column.name + " " + column.declared_type + " → " +
                                      map_column_type(column).sql() + ": " + caveat);
    }
    if (options_.dry_run) return;

    sink_ = options_.connectors.sink ? options_.connectors.sink(config_.destination_url)
                                     : make_postgres_sink(config_.destination_url);
    SinkPreflight facts = sink_->preflight(design_.plan);
    spdlog::info("[{}] destination: connected to {} ({}); table {} {}", config_.name,
                 mask_secrets(config_.destination_url), facts.server_version,
                 config_.destination_table, facts.table_exists ? "exists" : "will be created");
    report_.destination_server = facts.server_version;
    report_.destination_table_exists = facts.table_exists;
    report_.free_connections = facts.free_connections;
    table_created_ = !facts.table_exists;

    // A writer needs a connection of its own; verification needs one more.
    std::size_t wanted = report_.writers_requested;
    std::size_t usable = facts.free_connections > 1 ? facts.free_connections - 1 : 0;
    if (usable == 0) {
      throw DatabaseError(Side::Destination, config_.destination_table, "reserve connections for",
                          "no free connection slot: raise max_connections or stop other "
                          "clients");
    }
    report_.writers = std::min(wanted, usable);
    if (report_.writers < wanted) {
      spdlog::warn(
          "[{}] writers capped at {} (asked {}): the destination has {} free "
          "connection slots; raise max_connections to use more",
          config_.name, report_.writers, wanted, facts.free_connections);
    }
    find_unfinished_run();
  }

  //! FNV-1a over what the rows are made of: columns, types, origins, constants, policies.
  std::string load_fingerprint() const {
    std::string text = std::to_string(static_cast<int>(config_.nul_policy)) + "|" +
                       design_.plan.status_column + "|";
    for (const DestinationColumn& column : design_.plan.columns)
      text += column.name + ":" + column.pg_type + (column.nullable ? "?" : "!") + "|";
    for (std::size_t key : design_.plan.key)
      text += std::to_string(key) + ",";
    for (const ColumnOrigin& origin : design_.origins) {
      text += origin.source_column ? "s" + std::to_string(*origin.source_column) : "c";
      if (origin.constant) {
        text +=
            std::to_string(static_cast<int>(origin.constant->kind)) + "=" + origin.constant->text;
      }
      text += "|";
    }
    std::uint64_t hash = 14695981039346656037ULL;
    for (unsigned char byte : text) {
      hash ^= byte;
      hash *= 1099511628211ULL;
    }
    return hex(hash);
  }

  //! An unfinished run of this pipeline is resumed unless a fresh start was asked for.
  void find_unfinished_run() {
    std::optional<ResumePoint> point = sink_->unfinished_run(design_.plan);
    if (!point) return;
    if (options_.fresh) {
      spdlog::info("[{}] starting afresh as asked: run {} ({}) is left unfinished", config_.name,
                   point->run.run_id, point->run.state);
      return;
    }
    resume_ = ResumeState(*point);
    design_.plan.run_id = point->run.run_id;
    design_.plan.resume = true;
    report_.run_id = point->run.run_id;
    report_.resumed_run = point->run.run_id;
    report_.resumed_batches = resume_.prior_batches();
    report_.resumed_rows = resume_.prior_digest().rows;
    table_created_ = point->run.table_created;
    if (options_.preflight_only) {
      spdlog::info("[{}] `etl run` would resume run {} ({}, {} batches committed)", config_.name,
                   point->run.run_id, point->run.state, resume_.prior_batches());
      return;
    }
    spdlog::info(
        "[{}] resuming run {} ({}): {} batches with {} rows already committed (keys "
        "{}); reading from batch {}",
        config_.name, point->run.run_id, point->run.state, resume_.prior_batches(),
        resume_.prior_digest().rows, resume_.resumed_keys(), resume_.first_sequence());
  }

  void prepare() {
    Phase phase(config_.name, "prepare", phase_);
    with_retries(Side::Destination, "prepare", [&] { sink_->prepare(design_.plan); });
    prepared_ = true;
  }

  void load() {
    Phase phase(config_.name, "load", phase_);
    load_started_ = Clock::now();
    std::size_t writers = options_.dry_run ? 1 : report_.writers;
    std::size_t queue = config_.queue_batches ? config_.queue_batches : writers + 2;
    RejectFile rejects(config_.rejects_file);
    next_sequence_ = resume_.first_sequence();
    last_token_ = resume_.start_token();
    if (!last_token_.empty()) reader_->seek_after(last_token_);

    LoadStages stages;
    stages.read = [&](Batch& batch) { return read_page(batch); };
    // Rejects are written before their batch is submitted: a crash may repeat a line (with its
    // run and batch), never lose one. A dry run writes nothing, not even the reject file.
    stages.convert = [&, convert = make_converter(config_, table_, design_)](const Batch& batch) {
      ConvertedBatch converted = convert(batch);
      if (!options_.dry_run) rejects.write(converted.reject_lines);
      return converted;
    };
    stages.committed = [&](const ConvertedBatch& batch, const BatchResult&) {
      for (const auto& [column, count] : batch.rejects_by_column) {
        report_.rejects_by_column[column] += count;
      }
      add_counts(report_.reject_reasons_by_column, batch.reject_reasons_by_column);
      add_counts(report_.changes_by_column, batch.changes_by_column);
    };
    stages.retry_attempts = config_.retry_attempts;
    stages.retry_max_wait = config_.retry_max_wait;
    stages.retrying = [&](const EncodedBatch& batch, const std::exception_ptr& why,
                          std::size_t attempt, std::chrono::milliseconds wait) {
      spdlog::warn("[{}] batch {} ({} – {}) failed: {} — trying again in {} ms (attempt {} of {})",
                   config_.name, batch.sequence, batch.first_key, batch.last_key, describe(why),
                   wait.count(), attempt, config_.retry_attempts);
    };
    if (!options_.dry_run) {
      sink_->open_writers(writers);
      stages.sink = sink_.get();
    }

    LoadCounters counters(writers);
    LoadOutcome outcome;
    {
      ProgressTicker ticker(options_.progress, [&] { return snapshot(counters); });
      outcome = run_load_graph(stages, queue, counters, stop_);
      if (!options_.dry_run) sink_->close_writers();
    }
    report_.rows_read = resumed_rows_read() + counters.rows_read;
    report_.rows_written = counters.rows_written;
    report_.rows_skipped = counters.rows_skipped;
    report_.rows_rejected = resume_.prior_rejected() + counters.rows_rejected;
    report_.writer_stats = counters.writer_stats();
    report_.batches_retried = counters.batches_retried;
    report_.sent = outcome.committed;
    report_.sent.rows += resume_.prior_digest().rows;
    report_.sent.hash_sum += resume_.prior_digest().hash_sum;
    if (interrupted_) {
      if (outcome.error) {
        spdlog::warn("[{}] while stopping: {}", config_.name, describe(outcome.error));
      }
      throw Interrupted{};
    }
    if (outcome.error) std::rethrow_exception(outcome.error);
  }

  //! The reader's stage: the next page not committed before, read again on a new connection
  //! when the source connection drops. False at the end or when the run is asked to stop.
  bool read_page(Batch& batch) {
    for (;;) {
      if (stop_requested()) {
        if (!interrupted_) {
          spdlog::warn("[{}] stop requested: no more reading; the batches in flight finish",
                       config_.name);
        }
        interrupted_ = true;
        stop_ = true;
        return false;
      }
      if (!next_page_reconnecting(batch)) return false;
      batch.sequence = next_sequence_++;
      last_token_ = batch.resume_token;
      if (!resume_.committed(batch)) {
        if (config_.batch_hook) config_.batch_hook(table_, batch);
        return true;
      }
      batch.clear();
    }
  }

  //! Runs `action` on the source reader, connecting a new one first when the last was lost,
  //! and dropping it when its connection is lost now (the caller's retry connects again).
  template <typename Action>
  auto on_source(Action action) {
    if (!reader_) open_reader();
    try {
      return action();
    } catch (const DatabaseError& error) {
      if (error.retryable()) reader_.reset();
      throw;
    }
  }

  bool next_page_reconnecting(Batch& batch) {
    return with_retries(Side::Source, "reading the page after " + position(), [&] {
      return on_source([&] {
        batch.clear();
        return reader_->next_page(report_.batch_rows, batch);
      });
    });
  }

  //! A new source connection, positioned after the last page read.
  void open_reader() {
    reader_ = source_->connect();
    reader_->describe(config_.source_table, config_.source_key);
    reader_->seek_after(last_token_);
    ++report_.source_reconnects;
    spdlog::info("[{}] source: connected again; reading on after {}", config_.name, position());
  }

  //! Where the reader stands, for the log.
  std::string position() const {
    return next_sequence_ == 0 ? std::string("the start")
                               : "batch " + std::to_string(next_sequence_ - 1);
  }

  //! Rows of committed pages that were not read again: the prefix the reader skipped by
  //! seeking, and those recognised and skipped while reading.
  std::uint64_t resumed_rows_read() const {
    return resume_.prior_digest().rows + resume_.prior_rejected();
  }

  //! The destination must hold exactly the rows sent, and the source must still count what
  //! was read; otherwise the run fails and nothing is swept.
  void verify() {
    Phase phase(config_.name, "verify", phase_);
    std::uint64_t source_now = with_retries(Side::Source, "counting the source rows", [&] {
      return on_source([&] { return reader_->count_rows(); });
    });
    report_.destination = with_retries(Side::Destination, "reading the destination back",
                                       [&] { return sink_->digest_destination(design_.plan); });
    bool exact = table_created_ || config_.strategy == Strategy::MarkSweep;

    std::string problem;
    if (report_.sent.rows + report_.rows_rejected != report_.rows_read) {
      problem = "rows read " + std::to_string(report_.rows_read) + " but sent " +
                std::to_string(report_.sent.rows) + " and rejected " +
                std::to_string(report_.rows_rejected);
    } else if (source_now != report_.rows_read) {
      problem = "the source table now has " + std::to_string(source_now) + " rows but " +
                std::to_string(report_.rows_read) +
                " were read: it changed during the run (run again), or source.key is not unique "
                "(keyset pages skip rows of equal keys: name unique key columns)";
    } else if (exact && !(report_.destination == report_.sent)) {
      problem = "the destination holds " + std::to_string(report_.destination.rows) +
                " loaded rows with checksum " + hex(report_.destination.hash_sum) +
                ", the source sent " + std::to_string(report_.sent.rows) + " with checksum " +
                hex(report_.sent.hash_sum);
    } else if (!exact && report_.destination.rows < report_.sent.rows) {
      problem = "the destination holds " + std::to_string(report_.destination.rows) +
                " rows, fewer than the " + std::to_string(report_.sent.rows) + " sent";
    }
    if (!problem.empty()) {
      throw VerificationError("verification of " + config_.destination_table +
                              " failed: " + problem + " (nothing was swept)");
    }
    if (!exact) {
      spdlog::warn(
          "[{}] verify: {} held rows before this run, so only the counts were "
          "compared, not the checksum",
          config_.name, config_.destination_table);
    }
    report_.verified = true;
  }

  void finalize() {
    Phase phase(config_.name, "finalize", phase_);
    report_.rows_swept =
        with_retries(Side::Destination, "finalize", [&] { return sink_->finalize(design_.plan); });
    prepared_ = false;  // the ledger now says succeeded
    if (config_.strategy == Strategy::MarkSweep) {
      spdlog::info("[{}] finalize: swept {} stale rows", config_.name, report_.rows_swept);
    }
  }

  Progress snapshot(const LoadCounters& counters) const {
    Progress progress;
    progress.pipeline = config_.name;
    progress.phase = phase_;
    progress.rows_total = report_.source_rows;
    progress.rows_read = resumed_rows_read() + counters.rows_read;
    progress.rows_written =
        resume_.prior_digest().rows + counters.rows_written + counters.rows_skipped;
    progress.rows_rejected = resume_.prior_rejected() + counters.rows_rejected;
    progress.elapsed = Clock::now() - load_started_;
    progress.writers = counters.writer_stats();
    return progress;
  }

  using CountsByColumn = std::map<std::string, std::map<std::string, std::uint64_t>>;
  static void add_counts(CountsByColumn& total, const CountsByColumn& batch) {
    for (const auto& [column, counts] : batch) {
      for (const auto& [reason, count] : counts)
        total[column][reason] += count;
    }
  }

  static std::string describe(const std::exception_ptr& error) {
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      return e.what();
    } catch (...) {
      return "unknown error";
    }
  }

  static std::string hex(std::uint64_t value) {
    char text[20];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
    return text;
  }

  const PipelineConfig& config_;
  const RunOptions& options_;
  RunReport report_;
  std::string phase_ = "preflight";
  std::unique_ptr<Source> source_;
  std::unique_ptr<SourceReader> reader_;
  std::unique_ptr<Sink> sink_;
  SourceTable table_;
  LoadDesign design_;
  ResumeState resume_;
  bool table_created_ = false;
  bool prepared_ = false;
  bool interrupted_ = false;
  std::uint64_t next_sequence_ = 0;
  std::string last_token_;
  std::atomic<bool> stop_{false};
  Clock::time_point load_started_ = Clock::now();
};

}  // namespace

RunReport run_pipeline(const PipelineConfig& config, const RunOptions& options) {
  return Run(config, options).execute();
}

std::vector<LedgerRun> pipeline_runs(const PipelineConfig& config, std::size_t limit,
                                     const Connectors& connectors) {
  std::unique_ptr<Sink> sink = connectors.sink ? connectors.sink(config.destination_url)
                                               : make_postgres_sink(config.destination_url);
  return sink->runs(config.name, config.ledger_schema, limit);
}

}  // namespace etl
