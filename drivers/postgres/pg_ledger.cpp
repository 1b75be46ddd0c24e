#include "postgres/pg_ledger.h"

#include <cstdlib>

#include "identifiers.h"
#include "postgres/pg_connection.h"
#include "postgres/pg_sql.h"

namespace etl::postgres {
namespace {

// One key for every ledger of the database ("etl_ledg" in ASCII): ledgers are created rarely,
// so serialising the creation of two schemas costs nothing.
constexpr const char* kLockSql = "SELECT pg_catalog.pg_advisory_xact_lock(7310861758963163239)";

constexpr const char* kIso8601 = "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'";

std::string runs_table(const std::string& schema) {
  return quote_pg_qualified(schema, "runs");
}

std::string batches_table(const std::string& schema) {
  return quote_pg_qualified(schema, "batches");
}

// How messages name the ledger: etl.runs.
std::string shown(const std::string& schema, const char* table) {
  return schema + "." + table;
}

void put_be(std::string& out, std::uint64_t value, int size) {
  for (int shift = (size - 1) * 8; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((value >> shift) & 0xFF));
  }
}

void put_text(std::string& out, const std::string& value) {
  put_be(out, value.size(), 4);
  out += value;
}

// A bigint field: the 64 bits as they are, so a hash sum above 2^63 is stored as its two's
// complement and read back unchanged.
void put_int8(std::string& out, std::uint64_t value) {
  put_be(out, 8, 4);
  put_be(out, value, 8);
}

std::uint64_t as_u64(const PGresult* result, int row, int column) {
  return static_cast<std::uint64_t>(std::strtoll(PQgetvalue(result, row, column), nullptr, 10));
}

bool as_bool(const PGresult* result, int row, int column) {
  return PQgetvalue(result, row, column)[0] == 't';
}

// The columns read_run() takes, in its order; `r` is the runs table.
std::string run_columns(const std::string& schema) {
  return "r.pipeline, r.run_id, r.state, pg_catalog.to_char(r.started_at AT TIME ZONE 'UTC', " +
         std::string(kIso8601) + "), pg_catalog.to_char(r.updated_at AT TIME ZONE 'UTC', " +
         kIso8601 +
         "), r.source_table, r.destination_table, r.strategy, r.batch_rows, r.table_created, "
         "r.marked, r.error, b.batches, b.rows, r.fingerprint FROM " +
         runs_table(schema) +
         " r CROSS JOIN LATERAL (SELECT count(*) AS batches, coalesce(sum(x.rows), 0) AS rows "
         "FROM " +
         batches_table(schema) + " x WHERE x.run_id = r.run_id) b";
}

LedgerRun read_run(const PGresult* result, int row) {
  LedgerRun run;
  run.pipeline = PQgetvalue(result, row, 0);
  run.run_id = PQgetvalue(result, row, 1);
  run.state = PQgetvalue(result, row, 2);
  run.started_at = PQgetvalue(result, row, 3);
  run.updated_at = PQgetvalue(result, row, 4);
  run.source_table = PQgetvalue(result, row, 5);
  run.destination_table = PQgetvalue(result, row, 6);
  run.strategy = PQgetvalue(result, row, 7);
  run.batch_rows = as_u64(result, row, 8);
  run.table_created = as_bool(result, row, 9);
  run.marked = as_bool(result, row, 10);
  run.error = PQgetvalue(result, row, 11);
  run.batches = as_u64(result, row, 12);
  run.rows = as_u64(result, row, 13);
  run.fingerprint = PQgetvalue(result, row, 14);
  return run;
}

bool resumable_state(const std::string& state) {
  return state == "running" || state == "interrupted" || state == "failed";
}

}  // namespace

std::vector<std::string> create_ledger_sql(const std::string& schema, bool create_schema) {
  std::string runs = runs_table(schema);
  std::string batches = batches_table(schema);
  // CREATE SCHEMA IF NOT EXISTS needs CREATE on the database even when the schema exists, so
  // a schema made beforehand for a restricted user is not created again.
  std::string schema_sql = "CREATE SCHEMA IF NOT EXISTS " + quote_pg_identifier(schema);
  return {
      kLockSql,
      create_schema ? schema_sql : std::string("SELECT 1"),
      "CREATE TABLE IF NOT EXISTS " + runs +
          " (run_id text PRIMARY KEY, pipeline text NOT NULL, state text NOT NULL, "
          "started_at timestamptz NOT NULL DEFAULT now(), "
          "updated_at timestamptz NOT NULL DEFAULT now(), source_table text NOT NULL, "
          "destination_table text NOT NULL, strategy text NOT NULL, batch_rows bigint NOT NULL, "
          "table_created boolean NOT NULL, marked boolean NOT NULL, error text NOT NULL DEFAULT "
          "'', fingerprint text NOT NULL DEFAULT '')",
      "CREATE INDEX IF NOT EXISTS runs_by_pipeline ON " + runs + " (pipeline, started_at)",
      // hash_sum holds the unsigned 64-bit sum as its two's complement.
      "CREATE TABLE IF NOT EXISTS " + batches +
          " (pipeline text NOT NULL, run_id text NOT NULL, sequence bigint NOT NULL, "
          "first_key text NOT NULL, last_key text NOT NULL, resume_token text NOT NULL, "
          "rejected bigint NOT NULL, rows bigint NOT NULL, hash_sum bigint NOT NULL, "
          "committed_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (run_id, sequence))",
  };
}

std::string ledger_copy_sql(const std::string& schema) {
  return "COPY " + batches_table(schema) +
         " (pipeline, run_id, sequence, first_key, last_key, resume_token, rejected, rows, "
         "hash_sum) FROM STDIN (FORMAT binary)";
}

std::string ledger_tuple(const std::string& pipeline, const std::string& run_id,
                         const EncodedBatch& batch) {
  std::string tuple;
  put_be(tuple, 9, 2);
  put_text(tuple, pipeline);
  put_text(tuple, run_id);
  put_int8(tuple, batch.sequence);
  put_text(tuple, batch.first_key);
  put_text(tuple, batch.last_key);
  put_text(tuple, batch.resume_token);
  put_int8(tuple, batch.rejected);
  put_int8(tuple, batch.digest.rows);
  put_int8(tuple, batch.digest.hash_sum);
  return tuple;
}

bool schema_exists(PGconn* conn, const std::string& schema) {
  PgResult found =
      exec(conn, "SELECT pg_catalog.to_regnamespace($1) IS NOT NULL", quote_pg_identifier(schema),
           "look up the ledger's schema", {quote_pg_identifier(schema)});
  return single_value(found.get()) == "t";
}

bool ledger_exists(PGconn* conn, const std::string& schema) {
  PgResult found = exec(conn,
                        "SELECT pg_catalog.to_regclass($1) IS NOT NULL AND "
                        "pg_catalog.to_regclass($2) IS NOT NULL",
                        shown(schema, "runs"), "look up the ledger",
                        {runs_table(schema), batches_table(schema)});
  return single_value(found.get()) == "t";
}

bool begin_run(PGconn* conn, const LoadPlan& plan, bool table_created) {
  std::string runs = runs_table(plan.ledger_schema);
  std::string object = shown(plan.ledger_schema, "runs");

  if (plan.resume) {
    PgResult resumed = exec(conn,
                            "UPDATE " + runs +
                                " SET state = 'running', error = '', updated_at = now() "
                                "WHERE run_id = $1 AND pipeline = $2 RETURNING marked",
                            object, "resume the run in", {plan.run_id, plan.pipeline});
    if (PQntuples(resumed.get()) == 0) {
      throw DatabaseError(Side::Destination, object, "resume the run in",
                          "run " + plan.run_id + " of pipeline " + plan.pipeline +
                              " is not in the ledger; start a fresh run");
    }
    return as_bool(resumed.get(), 0, 0);
  }

  PgResult inserted =
      exec(conn,
           "INSERT INTO " + runs +
               " (run_id, pipeline, state, source_table, destination_table, strategy, batch_rows, "
               "table_created, marked, fingerprint) "
               "VALUES ($1, $2, 'running', $3, $4, $5, $6, $7, false, $8) "
               "ON CONFLICT (run_id) DO NOTHING",
           object, "record the run in",
           {plan.run_id, plan.pipeline, plan.source_table, display_name(plan),
            std::string(strategy_name(plan.strategy)), std::to_string(plan.batch_rows),
            table_created ? "true" : "false", plan.fingerprint});
  if (std::string_view(PQcmdTuples(inserted.get())) == "0") {
    throw DatabaseError(Side::Destination, object, "record the run in",
                        "run id " + plan.run_id + " is in the ledger already");
  }
  return false;
}

void set_run_marked(PGconn* conn, const LoadPlan& plan) {
  exec(conn,
       "UPDATE " + runs_table(plan.ledger_schema) +
           " SET marked = true, updated_at = now() WHERE run_id = $1",
       shown(plan.ledger_schema, "runs"), "record the marking in", {plan.run_id});
}

void set_run_state(PGconn* conn, const LoadPlan& plan, const std::string& state,
                   const std::string& error) {
  exec(conn,
       "UPDATE " + runs_table(plan.ledger_schema) +
           " SET state = $1, error = $2, updated_at = now() WHERE run_id = $3",
       shown(plan.ledger_schema, "runs"), "record the run's state in", {state, error, plan.run_id});
}

std::optional<ResumePoint> read_unfinished_run(PGconn* conn, const LoadPlan& plan) {
  const std::string& schema = plan.ledger_schema;
  std::string object = shown(schema, "runs");
  PgResult latest = exec(conn,
                         "SELECT " + run_columns(schema) +
                             " WHERE r.pipeline = $1 ORDER BY r.started_at DESC, r.run_id DESC "
                             "LIMIT 1",
                         object, "read the last run from", {plan.pipeline});
  if (PQntuples(latest.get()) == 0) return std::nullopt;

  ResumePoint point;
  point.run = read_run(latest.get(), 0);
  const LedgerRun& run = point.run;
  bool same_load = run.source_table == plan.source_table &&
                   run.destination_table == display_name(plan) &&
                   run.strategy == strategy_name(plan.strategy) &&
                   run.batch_rows == plan.batch_rows && run.fingerprint == plan.fingerprint;
  if (!resumable_state(run.state) || !same_load) return std::nullopt;

  PgResult batches =
      exec(conn,
           "SELECT sequence, first_key, last_key, resume_token, rejected, rows, "
           "hash_sum FROM " +
               batches_table(schema) + " WHERE run_id = $1 ORDER BY sequence",
           shown(schema, "batches"), "read the committed batches from", {run.run_id});
  for (int row = 0; row < PQntuples(batches.get()); ++row) {
    LedgerBatch batch;
    batch.sequence = as_u64(batches.get(), row, 0);
    batch.first_key = PQgetvalue(batches.get(), row, 1);
    batch.last_key = PQgetvalue(batches.get(), row, 2);
    batch.resume_token = PQgetvalue(batches.get(), row, 3);
    batch.rejected = as_u64(batches.get(), row, 4);
    batch.digest.rows = as_u64(batches.get(), row, 5);
    batch.digest.hash_sum = as_u64(batches.get(), row, 6);
    point.batches.push_back(std::move(batch));
  }
  return point;
}

std::vector<LedgerRun> read_runs(PGconn* conn, const std::string& pipeline,
                                 const std::string& schema, std::size_t limit) {
  PgResult result =
      exec(conn,
           "SELECT " + run_columns(schema) +
               " WHERE r.pipeline = $1 ORDER BY r.started_at DESC, r.run_id DESC "
               "LIMIT $2",
           shown(schema, "runs"), "read the runs from", {pipeline, std::to_string(limit)});
  std::vector<LedgerRun> runs;
  for (int row = 0; row < PQntuples(result.get()); ++row) {
    runs.push_back(read_run(result.get(), row));
  }
  return runs;
}

}  // namespace etl::postgres
