#include "postgres/pg_sink.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>

#include "etl/checksum.h"
#include "etl/errors.h"
#include "postgres/pg_catalog.h"
#include "postgres/pg_connection.h"
#include "postgres/pg_copy_format.h"
#include "postgres/pg_ledger.h"
#include "postgres/pg_sql.h"

namespace etl::postgres {
namespace {

// Slots a new client can take: max_connections minus the reserved ones (superusers, and from
// PostgreSQL 16 the pg_use_reserved_connections role) minus the other clients connected now.
constexpr const char* kFreeSlotsSql =
    "SELECT current_setting('max_connections')::int"
    " - current_setting('superuser_reserved_connections')::int"
    " - coalesce(current_setting('reserved_connections', true)::int, 0)"
    " - (SELECT count(*) FROM pg_catalog.pg_stat_activity"
    "    WHERE backend_type = 'client backend' AND pid <> pg_backend_pid())";

// What the pipeline must fix before anything connects.
void check_plan(const LoadPlan& plan) {
  std::string table = display_name(plan);
  if (plan.columns.empty()) throw ConfigError("destination", "no columns to load into " + table);
  for (std::size_t index : plan.key) {
    if (index >= plan.columns.size()) {
      throw ConfigError("source.key", "a key column of " + table + " is not among its columns");
    }
  }
  if (strategy_merges(plan.strategy) && plan.key.empty()) {
    throw ConfigError("load.strategy", "strategy " + std::string(strategy_name(plan.strategy)) +
                                           " needs a key for " + table + "; set source.key");
  }
  if (plan.strategy == Strategy::MarkSweep) {
    bool loaded =
        std::any_of(plan.columns.begin(), plan.columns.end(),
                    [&](const DestinationColumn& c) { return c.name == plan.status_column; });
    if (!loaded) {
      throw ConfigError("load.status_column", "mark_sweep needs its status column \"" +
                                                  plan.status_column +
                                                  "\" among the columns loaded into " + table);
    }
  }
}

// How messages name a batch's key range: "ids 120001–124000", "keys (…)–(…)".
std::string key_label(const LoadPlan& plan) {
  if (plan.key.size() != 1) return "keys";
  std::string name = plan.columns[plan.key.front()].name;
  std::string lower = name;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower == "id" ? name + "s" : name;
}

}  // namespace

// One run of a pipeline at a time per destination database: a scheduler that starts a job
// while the last one still runs would otherwise have two processes resume the same ledger
// run, or one mark rows stale under the other's load. The lock is a session advisory lock on
// a hash of the ledger schema and the pipeline's name; it goes with the connection, so a
// killed process leaves none behind. Taking it changes nothing in the destination.
void PgSink::take_run_lock(const LoadPlan& plan) {
  if (run_lock_) return;
  PgConn conn = connect(url_);
  std::string name = plan.ledger_schema + "." + plan.pipeline;
  PgResult taken =
      exec(conn.get(), "SELECT pg_catalog.pg_try_advisory_lock(hashtextextended($1, 0))",
           display_name(plan), "take the run lock of pipeline " + plan.pipeline + " on", {name});
  if (single_value(taken.get()) != "t") {
    throw DatabaseError(Side::Destination, display_name(plan), "start a run on",
                        "another etl process is running pipeline " + plan.pipeline +
                            " on this database (it holds the pipeline's lock); wait for it to "
                            "end, or stop it — its run will be resumed");
  }
  run_lock_ = std::move(conn);
}

PgSink::PgSink(std::string url) : url_(std::move(url)) {}

PgSink::~PgSink() {
  try {
    close_writers();
  } catch (const std::exception& error) {
    spdlog::error("destination: closing the writers: {}", error.what());
  }
}

SinkPreflight PgSink::preflight(const LoadPlan& plan) {
  check_plan(plan);
  PgConn conn = connect(url_);
  std::string table = display_name(plan);
  take_run_lock(plan);

  SinkPreflight facts;
  facts.server_version = single_value(
      exec(conn.get(), "SHOW server_version", table, "read the server version for").get());

  std::optional<TableShape> shape = read_table(conn.get(), plan);
  facts.table_exists = shape.has_value();
  if (shape) {
    check_table(conn.get(), plan, *shape);
  } else if (plan.create == CreateMode::Never) {
    throw DatabaseError(Side::Destination, table, "find",
                        "the table does not exist and destination.create is \"never\"; create "
                        "it or set destination.create to \"if_missing\"");
  } else {
    canonical_types(conn.get(), plan);  // every type must exist before prepare creates the table
  }

  long long free_slots = std::stoll(
      single_value(exec(conn.get(), kFreeSlotsSql, table, "count free connections for").get()));
  facts.free_connections = static_cast<std::size_t>(std::max(0LL, free_slots));

  spdlog::debug("destination: PostgreSQL {} at {}; {} {}; {} free connection slots",
                facts.server_version, mask_password(url_), table,
                facts.table_exists ? "exists and fits the load" : "will be created",
                facts.free_connections);
  return facts;
}

void PgSink::prepare(const LoadPlan& plan) {
  check_plan(plan);
  PgConn conn = connect(url_);
  std::string table = display_name(plan);

  // Every check comes before the first change.
  std::optional<TableShape> shape = read_table(conn.get(), plan);
  if (shape) {
    check_table(conn.get(), plan, *shape);
  } else if (plan.create == CreateMode::Never) {
    throw DatabaseError(Side::Destination, table, "find",
                        "the table does not exist and destination.create is \"never\"");
  }
  bool ledger_missing = !ledger_exists(conn.get(), plan.ledger_schema);

  // One transaction: a process killed at any moment of it leaves all of it or nothing.
  std::string marked_rows;
  bool marked_before = false;
  exec(conn.get(), "BEGIN", table, "prepare");
  try {
    if (ledger_missing) {
      bool create_schema = !schema_exists(conn.get(), plan.ledger_schema);
      for (const std::string& sql : create_ledger_sql(plan.ledger_schema, create_schema)) {
        try {
          exec(conn.get(), sql, plan.ledger_schema, "create the ledger in schema");
        } catch (const DatabaseError& error) {
          if (error.code() != "42501") throw;  // insufficient_privilege
          throw DatabaseError(Side::Destination, error.object(), error.action(),
                              error.detail() + " — create the schema " + plan.ledger_schema +
                                  " for this user beforehand (or grant CREATE on it), or set "
                                  "destination.ledger_schema to a schema the user owns",
                              error.code(), false);
        }
      }
    }
    if (!shape) exec(conn.get(), create_table_sql(plan), table, "create");
    marked_before = begin_run(conn.get(), plan, !shape);
    if (plan.strategy == Strategy::MarkSweep && !marked_before) {
      PgResult marked = exec(conn.get(), mark_stale_sql(plan), table, "mark the rows stale in");
      marked_rows = PQcmdTuples(marked.get());
      set_run_marked(conn.get(), plan);
    }
    exec(conn.get(), "COMMIT", table, "prepare");
  } catch (...) {
    PgResult rollback(PQexec(conn.get(), "ROLLBACK"));
    throw;
  }

  if (ledger_missing)
    spdlog::info("destination: created the ledger in schema {}", plan.ledger_schema);
  if (!shape) spdlog::info("destination: created {}", table);
  if (plan.strategy == Strategy::MarkSweep) {
    if (marked_before) {
      spdlog::info("destination: the rows of {} were marked stale when run {} began; not again",
                   table, plan.run_id);
    } else {
      spdlog::info("destination: marked {} rows of {} stale ({} = 0)", marked_rows, table,
                   plan.status_column);
    }
  }
  plan_ = plan;
}

void PgSink::open_writers(std::size_t count) {
  if (!plan_) throw std::logic_error("PgSink::open_writers: prepare() has not run");
  if (writers_) throw std::logic_error("PgSink::open_writers: the writers are already open");

  const LoadPlan& plan = *plan_;
  WriterSetup setup;
  setup.url = url_;
  if (strategy_merges(plan.strategy)) setup.session_sql.push_back(create_staging_sql(plan));
  setup.batch_sql = batch_sql(plan);
  setup.batch_actions = batch_actions(plan);
  setup.pipeline = plan.pipeline;
  setup.run_id = plan.run_id;
  setup.strategy = plan.strategy;
  setup.table = display_name(plan);
  setup.key_label = key_label(plan);

  auto writers = std::make_unique<PgWriterPool>(std::move(setup));
  if (reconnect_policy_) {
    writers->set_reconnect_policy(reconnect_policy_->give_up, reconnect_policy_->first,
                                  reconnect_policy_->longest);
  }
  writers->open(count);
  writers_ = std::move(writers);
  spdlog::debug("destination: {} writer connections open to {}", count, display_name(plan));
}

void PgSink::submit(std::shared_ptr<const EncodedBatch> batch,
                    std::function<void(BatchResult)> done) {
  if (!writers_) throw std::logic_error("PgSink::submit: open_writers() has not run");
  writers_->submit(std::move(batch), std::move(done));
}

void PgSink::close_writers() {
  if (!writers_) return;
  std::unique_ptr<PgWriterPool> writers = std::move(writers_);
  writers->close();
}

RowsDigest PgSink::digest_destination(const LoadPlan& plan) {
  PgConn conn = connect(url_);
  std::string table = display_name(plan);
  exec(conn.get(), copy_out_sql(plan), table, "read back");

  CopyTupleReader reader;
  RowsDigest digest;
  for (;;) {
    char* buffer = nullptr;
    int size = PQgetCopyData(conn.get(), &buffer, 0);
    if (size == -1) break;
    if (size < 0) throw result_error(nullptr, conn.get(), table, "read back");

    std::unique_ptr<char, decltype(&PQfreemem)> owned(buffer, &PQfreemem);
    digest_tuples(reader.feed(std::string_view(buffer, static_cast<std::size_t>(size))), digest);
  }

  PgResult end(PQgetResult(conn.get()));
  if (!end || PQresultStatus(end.get()) != PGRES_COMMAND_OK) {
    throw result_error(end.get(), conn.get(), table, "read back");
  }
  if (!reader.complete()) {
    throw DatabaseError(Side::Destination, table, "read back",
                        "the binary COPY stream ended in the middle of a row");
  }
  return digest;
}

std::uint64_t PgSink::finalize(const LoadPlan& plan) {
  PgConn conn = connect(url_);
  std::string table = display_name(plan);

  std::uint64_t swept = 0;
  exec(conn.get(), "BEGIN", table, "finalize");
  try {
    if (plan.strategy == Strategy::MarkSweep) {
      PgResult deleted = exec(conn.get(), sweep_sql(plan), table, "sweep the stale rows of");
      swept = std::stoull(PQcmdTuples(deleted.get()));
    }
    set_run_state(conn.get(), plan, "succeeded", "");
    exec(conn.get(), "COMMIT", table, "finalize");
  } catch (...) {
    PgResult rollback(PQexec(conn.get(), "ROLLBACK"));
    throw;
  }
  if (plan.strategy == Strategy::MarkSweep) {
    spdlog::info("destination: swept {} stale rows from {}", swept, table);
  }
  return swept;
}

std::optional<ResumePoint> PgSink::unfinished_run(const LoadPlan& plan) {
  PgConn conn = connect(url_);
  if (!ledger_exists(conn.get(), plan.ledger_schema)) return std::nullopt;
  return read_unfinished_run(conn.get(), plan);
}

void PgSink::record_run_end(const LoadPlan& plan, const std::string& state,
                            const std::string& error) noexcept {
  try {
    PgConn conn = connect(url_);
    if (!ledger_exists(conn.get(), plan.ledger_schema)) return;
    set_run_state(conn.get(), plan, state, error);
  } catch (const std::exception& failure) {
    spdlog::warn("destination: could not record run {} as {} in the ledger: {}", plan.run_id, state,
                 failure.what());
  } catch (...) {
    spdlog::warn("destination: could not record run {} as {} in the ledger", plan.run_id, state);
  }
}

std::vector<LedgerRun> PgSink::runs(const std::string& pipeline, const std::string& ledger_schema,
                                    std::size_t limit) {
  PgConn conn = connect(url_);
  if (!ledger_exists(conn.get(), ledger_schema)) return {};
  return read_runs(conn.get(), pipeline, ledger_schema, limit);
}

void PgSink::set_reconnect_policy(std::chrono::milliseconds give_up,
                                  std::chrono::milliseconds first,
                                  std::chrono::milliseconds longest) {
  reconnect_policy_ = ReconnectPolicy{give_up, first, longest};
}

}  // namespace etl::postgres
