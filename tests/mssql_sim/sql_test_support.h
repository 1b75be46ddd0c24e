// Helpers for the language-layer tests: evaluate a T-SQL expression written as text.
#pragma once

#include <map>
#include <string>

#include "eval.h"
#include "parser.h"
#include "query_engine.h"

namespace mssql_sim::testing {

//! A scope with named columns and parameters.
class MapScope : public Scope {
 public:
  std::map<std::string, TypedValue> columns;
  std::map<std::string, TypedValue> params;
  std::optional<TypedValue> column(const ast::Name& name) const override {
    const auto found = columns.find(name.back());
    if (found == columns.end()) return std::nullopt;
    return found->second;
  }
  std::optional<TypedValue> param(std::string_view name) const override {
    const auto found = params.find(std::string(name));
    if (found == params.end()) return std::nullopt;
    return found->second;
  }
};

//! Evaluates `expression` as the only item of SELECT.
inline TypedValue eval_sql(const std::string& expression, const Scope& scope = MapScope{}) {
  const auto statements = parse_batch("SELECT " + expression);
  const auto& select = std::get<ast::Select>(statements.at(0).statement);
  return evaluate(*select.items.at(0).expr, scope);
}

//! The value's text as to_text gives it.
inline std::string text_of(const std::string& expression) {
  return to_text(eval_sql(expression));
}

//! The SQL Server error number evaluating `expression` raises, or 0.
inline std::int32_t error_of(const std::string& expression, const Scope& scope = MapScope{}) {
  try {
    eval_sql(expression, scope);
  } catch (const SqlError& error) {
    return error.message().number;
  }
  return 0;
}

}  // namespace mssql_sim::testing
