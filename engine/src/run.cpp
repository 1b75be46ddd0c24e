// A pipeline run, phase by phase (DESIGN.md §3): preflight → prepare → load → verify →
// finalize → report. Nothing in the destination changes before prepare.
#include <spdlog/spdlog.h>

#include <chrono>
#include <condition_variable>
#include <fstream>
#include <random>
#include <thread>

#include "converter.h"
#include "etl/engine.h"
#include "etl/errors.h"
#include "load_graph.h"
#include "load_plan.h"
#include "mssql/make_source.h"
#include "postgres/make_sink.h"

namespace etl {
namespace {

using Clock = std::chrono::steady_clock;

std::string new_run_id() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &utc);
  std::random_device random;
  char suffix[8];
  std::snprintf(suffix, sizeof suffix, "%04x", random() & 0xFFFF);
  return std::string(stamp) + "-" + suffix;
}

//! Logs one INFO line as a phase starts and one as it ends.
class Phase {
 public:
  Phase(const std::string& pipeline, const char* name, std::string& current)
      : pipeline_(pipeline), name_(name), started_(Clock::now()) {
    current = name;
    spdlog::info("[{}] {}: start", pipeline_, name_);
  }
  ~Phase() {
    std::chrono::duration<double> took = Clock::now() - started_;
    spdlog::info("[{}] {}: {} ({:.2f} s)", pipeline_, name_,
                 std::uncaught_exceptions() ? "failed" : "done", took.count());
  }

 private:
  const std::string& pipeline_;
  const char* name_;
  Clock::time_point started_;
};

//! Calls the progress callback about four times a second while the load runs.
class ProgressTicker {
 public:
  ProgressTicker(const ProgressCallback& callback, std::function<Progress()> snapshot)
      : callback_(callback), snapshot_(std::move(snapshot)) {
    if (callback_) thread_ = std::thread([this] { loop(); });
  }
  ~ProgressTicker() {
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
    if (callback_) {
      Progress last = snapshot_();
      last.final = true;
      callback_(last);
    }
  }

 private:
  void loop() {
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, std::chrono::milliseconds(250), [this] { return done_; })) {
      lock.unlock();
      callback_(snapshot_());
      lock.lock();
    }
  }

  const ProgressCallback& callback_;
  std::function<Progress()> snapshot_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool done_ = false;
  std::thread thread_;
};

//! Appends rejected rows to the pipeline's reject file, creating it on the first reject.
class RejectFile {
 public:
  explicit RejectFile(std::string path) : path_(std::move(path)) {}
  void write(const std::vector<std::string>& lines) {
    if (lines.empty()) return;
    if (!out_.is_open()) {
      std::filesystem::path parent = std::filesystem::path(path_).parent_path();
      if (!parent.empty()) std::filesystem::create_directories(parent);
      out_.open(path_, std::ios::app);
      if (!out_) throw std::runtime_error("cannot write the reject file " + path_);
    }
    for (const std::string& line : lines)
      out_ << line << '\n';
    out_.flush();
  }

 private:
  std::string path_;
  std::ofstream out_;
};

class Run {
 public:
  Run(const PipelineConfig& config, const RunOptions& options)
      : config_(config), options_(options) {
    report_.pipeline = config.name;
    report_.run_id = new_run_id();
    report_.dry_run = options.dry_run;
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
      if (!options_.dry_run) prepare();
      load();
      if (!options_.dry_run) {
        verify();
        finalize();
      }
      report_.status = report_.rows_rejected > config_.max_rejects ? RunStatus::TooManyRejects
                                                                   : RunStatus::Succeeded;
      if (report_.status == RunStatus::TooManyRejects) {
        report_.error = std::to_string(report_.rows_rejected) +
                        (options_.dry_run ? " rows would be rejected (max_rejects "
                                          : " rows rejected (max_rejects ") +
                        std::to_string(config_.max_rejects) + ")" +
                        (options_.dry_run ? "" : ": see " + config_.rejects_file);
      }
    } catch (const VerificationError& error) {
      report_.status = RunStatus::VerificationFailed;
      report_.error = error.what();
    } catch (const ConfigError& error) {
      report_.status = RunStatus::UsageError;
      report_.error = error.what();
    } catch (const std::exception& error) {
      report_.status = RunStatus::Failed;
      report_.error = error.what();
    }
    if (!report_.error.empty()) spdlog::error("[{}] {}", config_.name, report_.error);
    std::chrono::duration<double> took = Clock::now() - started;
    report_.seconds = took.count();
    report_.rows_per_second = took.count() > 0 ? report_.rows_read / took.count() : 0;
    return report_;
  }

 private:
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
    spdlog::info("[{}] source: {} has {} columns and {} rows", config_.name, config_.source_table,
                 table_.columns.size(), report_.source_rows);

    design_ = design_load(config_, table_, report_.run_id);
    if (options_.dry_run) return;

    sink_ = options_.connectors.sink ? options_.connectors.sink(config_.destination_url)
                                     : make_postgres_sink(config_.destination_url);
    SinkPreflight facts = sink_->preflight(design_.plan);
    spdlog::info("[{}] destination: connected to {} ({}); table {} {}", config_.name,
                 mask_secrets(config_.destination_url), facts.server_version,
                 config_.destination_table, facts.table_exists ? "exists" : "will be created");
    table_existed_ = facts.table_exists;

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
  }

  void prepare() {
    Phase phase(config_.name, "prepare", phase_);
    sink_->prepare(design_.plan);
  }

  void load() {
    Phase phase(config_.name, "load", phase_);
    load_started_ = Clock::now();
    std::size_t writers = options_.dry_run ? 1 : report_.writers;
    std::size_t queue = config_.queue_batches ? config_.queue_batches : writers + 2;
    RejectFile rejects(config_.rejects_file);

    LoadStages stages;
    stages.read = [&](Batch& batch) {
      bool more = reader_->next_page(report_.batch_rows, batch);
      if (more && config_.batch_hook) config_.batch_hook(table_, batch);
      return more;
    };
    stages.convert = make_converter(config_, table_, design_);
    stages.committed = [&](const ConvertedBatch& batch, const BatchResult&) {
      // A dry run writes nothing, not even the reject file: it only counts.
      if (!options_.dry_run) rejects.write(batch.reject_lines);
      for (const auto& [column, count] : batch.rejects_by_column) {
        report_.rejects_by_column[column] += count;
      }
      add_counts(report_.reject_reasons_by_column, batch.reject_reasons_by_column);
      add_counts(report_.changes_by_column, batch.changes_by_column);
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
    report_.rows_read = counters.rows_read;
    report_.rows_written = counters.rows_written;
    report_.rows_skipped = counters.rows_skipped;
    report_.rows_rejected = counters.rows_rejected;
    report_.writer_stats = counters.writer_stats();
    report_.sent = outcome.committed;
    if (outcome.error) std::rethrow_exception(outcome.error);
  }

  //! The destination must hold exactly the rows sent, and the source must still count what
  //! was read; otherwise the run fails and nothing is swept.
  void verify() {
    Phase phase(config_.name, "verify", phase_);
    std::uint64_t source_now = reader_->count_rows();
    report_.destination = sink_->digest_destination(design_.plan);
    bool exact = !table_existed_ || config_.strategy == Strategy::MarkSweep;

    std::string problem;
    if (report_.sent.rows + report_.rows_rejected != report_.rows_read) {
      problem = "rows read " + std::to_string(report_.rows_read) + " but sent " +
                std::to_string(report_.sent.rows) + " and rejected " +
                std::to_string(report_.rows_rejected);
    } else if (source_now != report_.rows_read) {
      problem = "the source table now has " + std::to_string(source_now) + " rows but " +
                std::to_string(report_.rows_read) +
                " were read: it changed during the run; run again";
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
    report_.rows_swept = sink_->finalize(design_.plan);
    if (config_.strategy == Strategy::MarkSweep) {
      spdlog::info("[{}] finalize: swept {} stale rows", config_.name, report_.rows_swept);
    }
  }

  Progress snapshot(const LoadCounters& counters) const {
    Progress progress;
    progress.pipeline = config_.name;
    progress.phase = phase_;
    progress.rows_total = report_.source_rows;
    progress.rows_read = counters.rows_read;
    progress.rows_written = counters.rows_written + counters.rows_skipped;
    progress.rows_rejected = counters.rows_rejected;
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
  bool table_existed_ = false;
  std::atomic<bool> stop_{false};
  Clock::time_point load_started_ = Clock::now();
};

}  // namespace

RunReport run_pipeline(const PipelineConfig& config, const RunOptions& options) {
  return Run(config, options).execute();
}

}  // namespace etl
