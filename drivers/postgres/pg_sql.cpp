#include "postgres/pg_sql.h"

#include <algorithm>
#include <cstdlib>
#include <optional>

#include "identifiers.h"
#include "postgres/pg_ledger.h"

namespace etl::postgres {
namespace {

std::string quoted(std::string_view name) {
  return quote_pg_identifier(name);
}

std::string staging_name() {
  return "pg_temp." + quoted(kStagingTable);
}

std::string column_list(const LoadPlan& plan) {
  std::string list;
  for (const DestinationColumn& column : plan.columns) {
    if (!list.empty()) list += ", ";
    list += quoted(column.name);
  }
  return list;
}

std::string key_list(const LoadPlan& plan) {
  std::string list;
  for (std::size_t index : plan.key) {
    if (!list.empty()) list += ", ";
    list += quoted(plan.columns.at(index).name);
  }
  return list;
}

bool is_key(const LoadPlan& plan, std::size_t column) {
  return std::find(plan.key.begin(), plan.key.end(), column) != plan.key.end();
}

// A canonical type split into its name and modifiers: "timestamp(3) without time zone" →
// {"timestamp without time zone", {3}}.
struct TypeShape {
  std::string base;
  std::vector<int> modifiers;
};

TypeShape shape_of(std::string_view type) {
  TypeShape shape;
  std::size_t open = type.find('(');
  std::size_t close = type.find(')', open);
  if (open == std::string_view::npos || close == std::string_view::npos) {
    shape.base = std::string(type);
    return shape;
  }
  shape.base = std::string(type.substr(0, open)) + std::string(type.substr(close + 1));
  std::string inside(type.substr(open + 1, close - open - 1));
  for (std::size_t at = 0; at < inside.size();) {
    shape.modifiers.push_back(std::atoi(inside.c_str() + at));
    std::size_t comma = inside.find(',', at);
    at = comma == std::string::npos ? inside.size() : comma + 1;
  }
  return shape;
}

bool is_character_type(const std::string& base) {
  return base == "character varying" || base == "character" || base == "text" || base == "bpchar";
}

bool is_time_type(const std::string& base) {
  return base.starts_with("timestamp") || base.starts_with("time ") || base == "time" ||
         base == "interval";
}

// Character types share one binary format; the column must hold the longest value.
bool character_fits(const TypeShape& expected, const TypeShape& actual) {
  if (actual.base == "text") return true;
  if (actual.base == "character varying") {
    if (actual.modifiers.empty()) return true;
    return expected.base != "text" && !expected.modifiers.empty() &&
           expected.modifiers[0] <= actual.modifiers[0];
  }
  return expected.base == actual.base && expected.modifiers == actual.modifiers;
}

bool same_type_fits(const TypeShape& expected, const TypeShape& actual) {
  if (actual.modifiers.empty()) return expected.modifiers.empty() || actual.base != "character";
  if (expected.modifiers.empty()) return false;
  if (actual.base == "numeric") {
    // Same scale (no rounding) and at least as many integer digits.
    int expected_scale = expected.modifiers.size() > 1 ? expected.modifiers[1] : 0;
    int actual_scale = actual.modifiers.size() > 1 ? actual.modifiers[1] : 0;
    return expected_scale == actual_scale &&
           expected.modifiers[0] - expected_scale <= actual.modifiers[0] - actual_scale;
  }
  if (actual.base == "character varying" || is_time_type(actual.base)) {
    return expected.modifiers[0] <= actual.modifiers[0];
  }
  return expected.modifiers == actual.modifiers;
}

std::optional<std::size_t> find_column(const std::vector<TableColumn>& table,
                                       const std::string& name) {
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (table[i].name == name) return i;
  }
  return std::nullopt;
}

bool has_unique_key(const LoadPlan& plan, const std::vector<std::vector<std::string>>& keys) {
  std::vector<std::string> wanted;
  for (std::size_t index : plan.key)
    wanted.push_back(plan.columns.at(index).name);
  std::sort(wanted.begin(), wanted.end());
  for (std::vector<std::string> key : keys) {
    std::sort(key.begin(), key.end());
    if (key == wanted) return true;
  }
  return false;
}

}  // namespace

bool strategy_merges(Strategy strategy) {
  return strategy != Strategy::Append;
}

std::string display_name(const LoadPlan& plan) {
  return plan.schema.empty() ? plan.table : plan.schema + "." + plan.table;
}

std::string qualified_name(const LoadPlan& plan) {
  return quote_pg_qualified(plan.schema, plan.table);
}

std::string create_table_sql(const LoadPlan& plan) {
  std::string sql = "CREATE TABLE IF NOT EXISTS " + qualified_name(plan) + " (";
  for (const DestinationColumn& column : plan.columns) {
    sql += quoted(column.name) + " " + column.pg_type;
    if (!column.nullable) sql += " NOT NULL";
    sql += ", ";
  }
  if (plan.key.empty()) {
    sql.resize(sql.size() - 2);
  } else {
    sql += "PRIMARY KEY (" + key_list(plan) + ")";
  }
  return sql + ")";
}

std::string create_staging_sql(const LoadPlan& plan) {
  return "CREATE TEMP TABLE IF NOT EXISTS " + quoted(kStagingTable) +
         " ON COMMIT DELETE ROWS AS SELECT " + column_list(plan) + " FROM " + qualified_name(plan) +
         " WITH NO DATA";
}

std::string batch_sql(const LoadPlan& plan) {
  std::string into = strategy_merges(plan.strategy) ? staging_name() : qualified_name(plan);
  std::string sql = "BEGIN; " + ledger_copy_sql(plan.ledger_schema) + "; COPY " + into + " (" +
                    column_list(plan) + ") FROM STDIN (FORMAT binary); ";
  if (strategy_merges(plan.strategy)) sql += merge_sql(plan) + "; ";
  return sql + "COMMIT";
}

std::vector<std::string> batch_actions(const LoadPlan& plan) {
  if (strategy_merges(plan.strategy)) return {"BEGIN", kLedgerAction, "COPY", "INSERT", "COMMIT"};
  return {"BEGIN", kLedgerAction, "COPY", "COMMIT"};
}

std::string merge_sql(const LoadPlan& plan) {
  std::string columns = column_list(plan);
  std::string sql = "INSERT INTO " + qualified_name(plan) + " (" + columns + ") SELECT " + columns +
                    " FROM " + staging_name() + " ON CONFLICT (" + key_list(plan) + ") DO ";

  std::string updates;
  for (std::size_t i = 0; i < plan.columns.size(); ++i) {
    if (is_key(plan, i)) continue;
    if (!updates.empty()) updates += ", ";
    std::string name = quoted(plan.columns[i].name);
    updates += name + " = EXCLUDED." + name;
  }
  if (plan.strategy == Strategy::Ignore || updates.empty()) return sql + "NOTHING";
  return sql + "UPDATE SET " + updates;
}

std::string mark_stale_sql(const LoadPlan& plan) {
  std::string status = quoted(plan.status_column);
  return "UPDATE " + qualified_name(plan) + " SET " + status + " = 0 WHERE " + status +
         " IS DISTINCT FROM 0";
}

std::string sweep_sql(const LoadPlan& plan) {
  return "DELETE FROM " + qualified_name(plan) + " WHERE " + quoted(plan.status_column) + " = 0";
}

std::string copy_out_sql(const LoadPlan& plan) {
  std::string select = "SELECT " + column_list(plan) + " FROM " + qualified_name(plan);
  if (plan.strategy == Strategy::MarkSweep) {
    select += " WHERE " + quoted(plan.status_column) + " = 1";
  }
  return "COPY (" + select + ") TO STDOUT (FORMAT binary)";
}

bool type_fits(std::string_view expected, std::string_view actual) {
  if (expected == actual) return true;
  TypeShape want = shape_of(expected);
  TypeShape have = shape_of(actual);
  if (is_character_type(want.base) && is_character_type(have.base)) {
    return character_fits(want, have);
  }
  return want.base == have.base && same_type_fits(want, have);
}

std::vector<std::string> table_problems(const LoadPlan& plan,
                                        const std::vector<std::string>& expected_types,
                                        const std::vector<TableColumn>& table,
                                        const std::vector<std::vector<std::string>>& unique_keys) {
  std::vector<std::string> problems;
  std::string name = display_name(plan);

  for (std::size_t i = 0; i < plan.columns.size(); ++i) {
    const DestinationColumn& wanted = plan.columns[i];
    std::optional<std::size_t> found = find_column(table, wanted.name);
    if (!found) {
      problems.push_back("column " + quoted(wanted.name) + " is missing");
      continue;
    }
    const TableColumn& column = table[*found];
    const std::string& expected = expected_types.at(i);
    if (!type_fits(expected, column.type)) {
      problems.push_back("column " + quoted(wanted.name) + " is " + column.type +
                         ", the load needs " + expected);
    }
    if (column.not_null && wanted.nullable) {
      problems.push_back("column " + quoted(wanted.name) +
                         " is NOT NULL but its source values may be NULL");
    }
  }

  for (const TableColumn& column : table) {
    bool loaded = std::any_of(plan.columns.begin(), plan.columns.end(),
                              [&](const DestinationColumn& c) { return c.name == column.name; });
    if (!loaded && column.not_null && !column.has_default) {
      problems.push_back("column " + quoted(column.name) +
                         " is NOT NULL without a default and the load does not fill it");
    }
  }

  if (strategy_merges(plan.strategy) && !plan.key.empty() && !has_unique_key(plan, unique_keys)) {
    problems.push_back("no primary key or unique index on (" + key_list(plan) +
                       "), which strategy " + std::string(strategy_name(plan.strategy)) + " needs");
  }
  return problems;
}

}  // namespace etl::postgres
