// Ordering of stored values: the comparison behind primary-key order, ORDER BY, DISTINCT and
// keyset seeks, with fast paths for values of the same type.
#pragma once

#include <vector>

#include "value.h"

namespace mssql_sim {

//! Compares two non-NULL values of the given types as SQL Server does (eval.h's compare()),
//! without building TypedValues when both sides share a representation (integers, dates,
//! decimals of one scale, text under the left side's collation). Returns <0, 0, >0.
int compare_values(const Value& a, const SqlType& a_type, const Value& b, const SqlType& b_type);

//! Compares two values of one column for sorting: NULL first, as SQL Server orders NULLs.
int compare_for_sort(const Value& a, const Value& b, const SqlType& type);

//! Compares rows on the listed columns (all ascending); the tie-breaker of every sort.
int compare_rows(const Row& a, const Row& b, const std::vector<std::size_t>& columns,
                 const std::vector<SqlType>& types);

}  // namespace mssql_sim
