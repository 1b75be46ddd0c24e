// Arithmetic and unary operators, as evaluate() applies them.
#pragma once

#include <string_view>

#include "eval.h"

namespace mssql_sim::detail {

//! a op b for + - * / % & | ^, with SQL Server's result type; NULL in, NULL out.
TypedValue arithmetic(std::string_view op, const TypedValue& a, const TypedValue& b);
//! Unary - + ~.
TypedValue negate(std::string_view op, const TypedValue& operand);

}  // namespace mssql_sim::detail
