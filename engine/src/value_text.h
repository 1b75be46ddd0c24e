// Source values as text, for rejects and messages (never for loading): the value as SQL
// Server would show it, with what text cannot show escaped.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "etl/batch.h"
#include "etl/schema.h"

namespace etl {

//! Text with NUL, control characters, lone surrogates and bytes that are not UTF-8 escaped
//! (\u0000, \u001F, \uD800, \xFF; a backslash doubles). Values longer than max_bytes are cut,
//! and the cut says how long the value was.
std::string escape_text(std::string_view text, std::size_t max_bytes = 1024);

//! One source value as text: 120001, 7082761.6900, 2020-01-01 23:59:59.9999999 +05:30,
//! 0x0A0B, 6F9619FF-8B86-D011-B42D-00C04FC964FF, NULL. Text is escaped (escape_text).
std::string render_source_value(const SourceColumn& column, const ColumnValues& values,
                                std::size_t row);

//! Unscaled × 10^-scale in plain notation: (-123, 2) → "-1.23".
std::string render_decimal(__int128 unscaled, int scale);

}  // namespace etl
