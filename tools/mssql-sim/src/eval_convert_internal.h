// Pieces of convert() shared by its files.
#pragma once

#include "eval.h"

namespace mssql_sim::detail {

//! Raises 529: the conversion is one SQL Server does not allow.
[[noreturn]] void not_allowed(const SqlType& from, const SqlType& to);
//! Conversion to real or float.
Value to_approximate(const TypedValue& from, const SqlType& to);
//! Conversion to date, time, datetime, smalldatetime, datetime2 and datetimeoffset.
Value to_date_time(const TypedValue& from, const SqlType& to);

}  // namespace mssql_sim::detail
