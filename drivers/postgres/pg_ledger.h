// The ledger in the destination (DESIGN.md §4): a schema of its own with a table of runs and
// a table of committed batches. A batch's ledger row is written by the batch's own transaction,
// so the ledger says exactly which batches a run applied, even after a kill -9.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "etl/sink.h"
#include "postgres/pg_handles.h"

namespace etl::postgres {

//! The action that names the ledger's COPY in a batch's messages; a unique violation there
//! means an earlier attempt committed the batch.
inline constexpr const char* kLedgerAction = "record in the ledger";

//! The statements that create the ledger's schema and tables when missing. They take a
//! transaction-scoped advisory lock first, so run them inside a transaction: two processes
//! preparing at once then wait for each other instead of racing on CREATE … IF NOT EXISTS.
std::vector<std::string> create_ledger_sql(const std::string& ledger_schema,
                                           bool create_schema = true);

//! Whether the schema exists (created beforehand, perhaps by an administrator).
bool schema_exists(PGconn* conn, const std::string& schema);

//! The statement each batch runs first in its transaction: COPY of one binary row into the
//! ledger's batches table (ledger_tuple()).
std::string ledger_copy_sql(const std::string& ledger_schema);

//! The ledger row of a batch as one binary COPY tuple for ledger_copy_sql(): pipeline, run id,
//! sequence, first and last key, resume token, rejected rows, rows and their checksum.
std::string ledger_tuple(const std::string& pipeline, const std::string& run_id,
                         const EncodedBatch& batch);

//! Whether the ledger's tables exist (a database that never saw a run has none).
bool ledger_exists(PGconn* conn, const std::string& ledger_schema);

//! Records the plan's run as running in the open transaction: a new row, or with plan.resume
//! the existing one again. Returns whether the run had marked the rows stale already. Throws
//! DatabaseError when a new run's id is taken or a resumed run is not in the ledger.
bool begin_run(PGconn* conn, const LoadPlan& plan, bool table_created);

//! Records that the run marked the rows stale (mark_sweep), in the open transaction.
void set_run_marked(PGconn* conn, const LoadPlan& plan);

//! Sets the run's state and error (empty for none) and its updated_at.
void set_run_state(PGconn* conn, const LoadPlan& plan, const std::string& state,
                   const std::string& error);

//! Sink::unfinished_run, on an open connection to a database whose ledger exists.
std::optional<ResumePoint> read_unfinished_run(PGconn* conn, const LoadPlan& plan);

//! Sink::runs, on an open connection to a database whose ledger exists.
std::vector<LedgerRun> read_runs(PGconn* conn, const std::string& pipeline,
                                 const std::string& ledger_schema, std::size_t limit);

}  // namespace etl::postgres
