// The SQL the PostgreSQL sink sends, built from the load plan: every identifier quoted, every
// statement in one place. Also the rules that decide whether an existing table fits a plan.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "etl/sink.h"

namespace etl::postgres {

//! The session temp table each writer COPYs into when the strategy merges.
inline constexpr std::string_view kStagingTable = "etl_staging";

//! Whether a strategy needs a unique key on the destination (INSERT … ON CONFLICT).
bool strategy_merges(Strategy strategy);

//! The table as messages name it: public.bi_credores_paralelo (unquoted).
std::string display_name(const LoadPlan& plan);

//! The table as SQL names it: "public"."bi_credores_paralelo".
std::string qualified_name(const LoadPlan& plan);

//! CREATE TABLE IF NOT EXISTS with the plan's columns, nullability and primary key.
std::string create_table_sql(const LoadPlan& plan);

//! The writer's staging table: the plan's columns with the destination's exact types, emptied
//! at every commit.
std::string create_staging_sql(const LoadPlan& plan);

//! One batch as one simple query: BEGIN; COPY of its ledger row (pg_ledger.h); COPY … FROM
//! STDIN (FORMAT binary) into the target (append) or the staging table; the merge (other
//! strategies); COMMIT. A failing statement ends the query: the server skips the rest.
std::string batch_sql(const LoadPlan& plan);

//! The statements of batch_sql() in order, as actions for messages: BEGIN, kLedgerAction, COPY,
//! INSERT, COMMIT.
std::vector<std::string> batch_actions(const LoadPlan& plan);

//! INSERT INTO target (cols) SELECT cols FROM staging ON CONFLICT (key) DO NOTHING (ignore) or
//! DO UPDATE SET every non-key column = EXCLUDED.column (upsert, mark_sweep).
std::string merge_sql(const LoadPlan& plan);

//! mark_sweep: UPDATE target SET status = 0 for every row not already stale.
std::string mark_stale_sql(const LoadPlan& plan);

//! mark_sweep: DELETE FROM target WHERE status = 0.
std::string sweep_sql(const LoadPlan& plan);

//! COPY (SELECT cols FROM target [WHERE status = 1]) TO STDOUT (FORMAT binary).
std::string copy_out_sql(const LoadPlan& plan);

//! A column of an existing table, as the catalog describes it.
struct TableColumn {
  std::string name;
  std::string type;  //!< format_type(): "character varying(30)", "numeric(19,4)"…
  bool not_null = false;
  bool has_default = false;
};

//! Whether values of type `expected` (canonical, as format_type() spells it) go into a column
//! of type `actual` unchanged: the same type, or one as wide (longer varchar, text, a larger
//! fractional-seconds precision, more integer digits at the same scale).
bool type_fits(std::string_view expected, std::string_view actual);

//! Everything that keeps the plan from loading into an existing table, one sentence each
//! (empty when it fits): missing columns, types that do not fit, NOT NULL where the source may
//! be NULL, NOT NULL columns the load does not fill, and for the merging strategies a missing
//! unique key. `expected_types` are the plan's types in canonical form, `unique_keys` the
//! column names of each unique index.
std::vector<std::string> table_problems(const LoadPlan& plan,
                                        const std::vector<std::string>& expected_types,
                                        const std::vector<TableColumn>& table,
                                        const std::vector<std::vector<std::string>>& unique_keys);

}  // namespace etl::postgres
