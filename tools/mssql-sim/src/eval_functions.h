// Built-in scalar functions.
#pragma once

#include <string>

#include "eval.h"

namespace mssql_sim::detail {

//! Evaluates a call to a built-in scalar function; 195 for a name it does not know.
TypedValue call_function(const ast::Expr& call, const Scope& scope);

//! The system clock: local time (GETDATE) or UTC, with the local offset.
struct Clock {
  std::int32_t days;
  std::int64_t ticks;
  std::int16_t offset_minutes;
};
Clock now(bool utc);
//! The datepart DATEPART's first argument names (year, yy, dy…), upper case.
std::string datepart_name(const ast::Expr& argument);
//! DATEPART(part, value), DATEADD(part, amount, value), DATEDIFF(part, start, end).
std::int64_t datepart(const std::string& part, const TypedValue& value);
TypedValue date_add(const std::string& part, std::int64_t amount, const TypedValue& value);
std::int64_t date_diff(const std::string& part, const TypedValue& start, const TypedValue& end);

}  // namespace mssql_sim::detail
