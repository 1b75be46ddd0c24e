#include "postgres/pg_catalog.h"

#include "postgres/pg_connection.h"

namespace etl::postgres {
namespace {

constexpr const char* kRelationKindSql =
    "SELECT c.relkind FROM pg_catalog.pg_class c "
    "WHERE c.oid = pg_catalog.to_regclass($1)";

constexpr const char* kColumnsSql =
    "SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull, "
    "a.atthasdef OR a.attidentity <> '' OR a.attgenerated <> '' "
    "FROM pg_catalog.pg_attribute a "
    "WHERE a.attrelid = pg_catalog.to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped "
    "ORDER BY a.attnum";

// The key columns of every unique, immediate, non-partial index on plain columns: the indexes
// ON CONFLICT (columns) can infer.
constexpr const char* kUniqueKeysSql =
    "SELECT i.indexrelid, a.attname FROM pg_catalog.pg_index i "
    "CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, position) "
    "JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum "
    "WHERE i.indrelid = pg_catalog.to_regclass($1) AND i.indisunique AND i.indimmediate "
    "AND i.indpred IS NULL AND i.indexprs IS NULL AND k.position <= i.indnkeyatts "
    "ORDER BY i.indexrelid, k.position";

constexpr const char* kProbeTypesSql =
    "SELECT pg_catalog.format_type(a.atttypid, a.atttypmod) FROM pg_catalog.pg_attribute a "
    "WHERE a.attrelid = 'pg_temp.etl_type_probe'::regclass AND a.attnum > 0 ORDER BY a.attnum";

bool is_true(const PGresult* result, int row, int column) {
  return PQgetvalue(result, row, column)[0] == 't';
}

}  // namespace

std::optional<TableShape> read_table(PGconn* conn, const LoadPlan& plan) {
  std::string name = qualified_name(plan);
  std::string shown = display_name(plan);

  PgResult kind = exec(conn, kRelationKindSql, shown, "look up", {name});
  std::string relkind = single_value(kind.get());
  if (relkind.empty()) return std::nullopt;
  if (relkind != "r" && relkind != "p") {
    throw DatabaseError(Side::Destination, shown, "look up",
                        "it exists but is not a table (relkind " + relkind +
                            "); drop it or choose another destination.table");
  }

  TableShape shape;
  PgResult columns = exec(conn, kColumnsSql, shown, "read the columns of", {name});
  for (int row = 0; row < PQntuples(columns.get()); ++row) {
    shape.columns.push_back({PQgetvalue(columns.get(), row, 0), PQgetvalue(columns.get(), row, 1),
                             is_true(columns.get(), row, 2), is_true(columns.get(), row, 3)});
  }

  PgResult keys = exec(conn, kUniqueKeysSql, shown, "read the unique keys of", {name});
  std::string index;
  for (int row = 0; row < PQntuples(keys.get()); ++row) {
    std::string this_index = PQgetvalue(keys.get(), row, 0);
    if (shape.unique_keys.empty() || this_index != index) shape.unique_keys.emplace_back();
    index = this_index;
    shape.unique_keys.back().push_back(PQgetvalue(keys.get(), row, 1));
  }
  return shape;
}

std::vector<std::string> canonical_types(PGconn* conn, const LoadPlan& plan) {
  std::string shown = display_name(plan);
  std::string create = "CREATE TEMP TABLE etl_type_probe (";
  for (std::size_t i = 0; i < plan.columns.size(); ++i) {
    if (i > 0) create += ", ";
    create += "c" + std::to_string(i) + " " + plan.columns[i].pg_type;
  }
  create += ")";

  exec(conn, "BEGIN", shown, "check the column types of");
  std::vector<std::string> types;
  try {
    exec(conn, create, shown, "check the column types of");
    PgResult probe = exec(conn, kProbeTypesSql, shown, "check the column types of");
    for (int row = 0; row < PQntuples(probe.get()); ++row) {
      types.push_back(PQgetvalue(probe.get(), row, 0));
    }
  } catch (...) {
    PgResult rollback(PQexec(conn, "ROLLBACK"));
    throw;
  }
  exec(conn, "ROLLBACK", shown, "check the column types of");
  return types;
}

void check_table(PGconn* conn, const LoadPlan& plan, const TableShape& table) {
  std::vector<std::string> problems =
      table_problems(plan, canonical_types(conn, plan), table.columns, table.unique_keys);
  if (problems.empty()) return;

  std::string text;
  for (const std::string& problem : problems)
    text += problem + "; ";
  text += "change the table or the pipeline (or drop the table to have it created)";
  throw DatabaseError(Side::Destination, display_name(plan), "check the columns of", text);
}

}  // namespace etl::postgres
