// What the destination's catalog says about the plan's table, and the check that an existing
// table can take the load — made before anything in the destination changes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "etl/sink.h"
#include "postgres/pg_handles.h"
#include "postgres/pg_sql.h"

namespace etl::postgres {

//! An existing table: its columns in order and the columns of each unique index usable by
//! ON CONFLICT (primary key included).
struct TableShape {
  std::vector<TableColumn> columns;
  std::vector<std::vector<std::string>> unique_keys;
};

//! The table's shape, or nullopt when it does not exist. Throws DatabaseError when the name
//! belongs to something that is not a table (a view, a sequence…).
std::optional<TableShape> read_table(PGconn* conn, const LoadPlan& plan);

//! The plan's column types as the server spells them (format_type), found by creating them in
//! a temp table inside a transaction that is rolled back. Throws DatabaseError naming the
//! type the server does not know.
std::vector<std::string> canonical_types(PGconn* conn, const LoadPlan& plan);

//! Throws DatabaseError listing every column that keeps the plan from loading into the table
//! (pg_sql.h table_problems) and what to change.
void check_table(PGconn* conn, const LoadPlan& plan, const TableShape& table);

}  // namespace etl::postgres
