// Text forms of values for CAST, CONVERT styles and to_text.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "value.h"

namespace mssql_sim::detail {

//! A date or time value as CONVERT(varchar, value, style) writes it; without a style, as
//! CAST does (style 0 for datetime and smalldatetime, ISO for the newer types).
std::string date_time_to_text(const TypedValue& value, std::optional<std::int32_t> style);
//! An integer, decimal, money or float as CAST/CONVERT writes it (money styles 0, 1, 2;
//! float styles 0, 1, 2, 3).
std::string number_to_text(const TypedValue& value, std::optional<std::int32_t> style);
//! 0DDF3B64-E692-11D1-AB06-00AA00BDD685 from 16 bytes in text order.
std::string guid_text(std::string_view bytes);
//! 0xABCD (or ABCD without the prefix).
std::string hex_text(std::string_view bytes, bool prefix);

}  // namespace mssql_sim::detail
