// Comparison under a chosen collation, for evaluate() to pass a column's collation.
#pragma once

#include "value.h"

namespace mssql_sim::detail {

//! compare() with text compared under `collation` (or the left side's when null).
int compare_with(const TypedValue& a, const TypedValue& b, const Collation* collation);

}  // namespace mssql_sim::detail
