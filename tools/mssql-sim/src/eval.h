// Evaluation of expressions and the value semantics behind it: conversions, comparisons,
// arithmetic, as SQL Server defines them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "ast.h"

namespace mssql_sim {

//! What an expression can see: the current row's columns, parameters and globals.
class Scope {
 public:
  virtual ~Scope() = default;
  //! The named column's value, or nullopt when no column has that name
  //! (evaluate then throws 207 "Invalid column name 'x'.").
  virtual std::optional<TypedValue> column(const ast::Name& name) const { return std::nullopt; }
  //! A parameter (@name), or nullopt (137 "Must declare the scalar variable").
  virtual std::optional<TypedValue> param(std::string_view name) const { return std::nullopt; }
  //! A global (@@NAME upper case), or nullopt.
  virtual std::optional<TypedValue> global(std::string_view name) const { return std::nullopt; }
};

//! Evaluates a scalar expression (not aggregates: the engine handles COUNT, MIN, MAX).
//! Comparisons, AND, OR, NOT, IS NULL, BETWEEN, IN and LIKE give a bit (NULL for unknown).
//! Throws SqlError (for example 245 or 241 for a failed conversion, 8134 divide by zero).
TypedValue evaluate(const ast::Expr& expr, const Scope& scope);

//! A condition's truth (WHERE, ON): true, false, or nullopt for unknown. The same as
//! evaluate() of the condition, without building bit values along the way.
std::optional<bool> evaluate_condition(const ast::Expr& expr, const Scope& scope);

//! True when argument `index` of the call is a date-part word (DATEPART(year, …), DATEADD,
//! DATEDIFF, DATENAME), which names no column and must not be bound as one.
bool is_datepart_argument(const ast::Expr& call, std::size_t index);

//! Converts a value to a type as CAST/CONVERT (with an optional style) and implicit
//! conversion do: dates from the strings SQL Server accepts ('1962/2/18',
//! '2009-01-01T00:00:00'), decimals rounded to the target scale, char(n) padded, overflow
//! as error 8115, bad strings as 245/241/8114. NULL stays NULL.
Value convert(const TypedValue& value, const SqlType& to,
              std::optional<std::int32_t> style = std::nullopt);

//! True when `value` converts to `type` without losing characters or bytes: what INSERT
//! and UPDATE check before raising 2628 "String or binary data would be truncated…".
//! Trailing spaces may be dropped, as SQL Server drops them silently.
bool fits(const TypedValue& value, const SqlType& type);

//! Compares two values as SQL Server does, converting to the type of higher precedence
//! and comparing text under the collation. NULLs are not comparable: callers check first.
int compare(const TypedValue& a, const TypedValue& b);

//! The value's text as CONVERT(nvarchar, …) gives it, used for sql_variant and messages.
std::string to_text(const TypedValue& value);

}  // namespace mssql_sim
