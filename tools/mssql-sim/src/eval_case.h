// CASE expressions (simple and searched) and the type SQL Server gives them.
#pragma once

#include "eval.h"

namespace mssql_sim::detail {

//! Evaluates a CASE node: the first WHEN that holds (for a simple CASE, whose value equals
//! the input) gives its THEN result, else the ELSE result, else NULL. The value has the
//! type of the whole CASE (combine_result_types over every result expression), whichever
//! branch ran; only the chosen branch is evaluated with the row's values.
TypedValue evaluate_case(const ast::Expr& expr, const Scope& scope);

//! The type two result expressions of a CASE share: the one of higher data type
//! precedence, widened to hold both — the longer length (max past 8000 bytes or 4000
//! characters), the larger scale and integer digits of decimals, the larger fractional
//! scale of time, datetime2 and datetimeoffset.
SqlType combine_result_types(const SqlType& a, const SqlType& b);

}  // namespace mssql_sim::detail
