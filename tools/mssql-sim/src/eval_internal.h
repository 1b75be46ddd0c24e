// Shared pieces of evaluation: exact decimal arithmetic on __int128, the proleptic
// Gregorian calendar, date/time text parsing and formatting, and type classification.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "value.h"

namespace mssql_sim::detail {

// --- types ---
//! A type without a collation of its own (the server default's).
inline SqlType make_type(TypeId id, std::int32_t length = 0, std::uint8_t precision = 0,
                         std::uint8_t scale = 0) {
  SqlType type;
  type.id = id;
  type.length = length;
  type.precision = precision;
  type.scale = scale;
  return type;
}
bool is_integer(TypeId id);       //!< bit, tinyint, smallint, int, bigint
bool is_decimal(TypeId id);       //!< decimal, numeric
bool is_money(TypeId id);         //!< money, smallmoney
bool is_approximate(TypeId id);   //!< real, float
bool is_numeric_type(TypeId id);  //!< any of the above
bool is_date_or_time(
    TypeId id);  //!< date, time, datetime, smalldatetime, datetime2, datetimeoffset
//! SQL Server's data type precedence: the higher wins an implicit conversion.
int precedence(TypeId id);
//! The decimal(p,s) an exact numeric value converts to in decimal arithmetic.
SqlType as_decimal_type(const SqlType& type);
//! An exact numeric value as unscaled digits at `scale` (integers at 0, money at 4).
__int128 exact_unscaled(const TypedValue& value, int& scale);
//! A value's name in conversion messages: "varchar", "nvarchar", "int"…
std::string type_name_for_message(const SqlType& type);

// --- decimals ---
__int128 pow10(int exponent);
//! True when |v| has at most `precision` digits.
bool fits_precision(__int128 v, int precision);
//! Changes the scale of unscaled digits, rounding half away from zero; false on overflow.
bool rescale(__int128 v, int from_scale, int to_scale, __int128& out);
//! "-12.50" for (-1250, 2).
std::string decimal_text(__int128 unscaled, int scale);
//! Reads [sign]digits[.digits] (spaces around allowed); the digits exactly, at their scale.
bool parse_decimal_text(std::string_view text, __int128& unscaled, int& scale);

// --- calendar ---
constexpr std::int64_t kTicksPerSecond = 10'000'000;
constexpr std::int64_t kTicksPerDay = 86'400 * kTicksPerSecond;
constexpr std::int32_t kMaxDays = 3'652'058;  //!< 9999-12-31
//! Days since 0001-01-01 of a civil date (proleptic Gregorian).
std::int32_t days_from_civil(int year, int month, int day);
void civil_from_days(std::int32_t days, int& year, int& month, int& day);
bool valid_civil(int year, int month, int day);
constexpr std::int32_t kDays1900 = 693'595;  //!< 1900-01-01
constexpr std::int32_t kDays1753 = 639'905;  //!< 1753-01-01
//! 100 ns ticks rounded to `scale` fractional digits, half up.
std::int64_t round_ticks(std::int64_t ticks, int scale);

//! A date and time read from text: the parts present, 100 ns ticks and the offset.
struct DateTimeText {
  bool has_date = false;
  bool has_time = false;
  bool has_offset = false;
  std::int32_t days = detail::kDays1900;
  std::int64_t ticks = 0;  //!< 100 ns since midnight, from up to 7 fractional digits
  int fraction_digits = 0;
  std::int16_t offset_minutes = 0;
};
//! Reads the date and time strings SQL Server accepts (DATEFORMAT mdy): ISO 8601,
//! '1962/2/18', '20040224', '2/18/1962', 'Feb 18 1962 10:00AM', '10:00:00.123 +05:30'…
bool parse_date_time_text(std::string_view text, DateTimeText& out);

//! yyyy-mm-dd
std::string date_text(std::int32_t days);
//! hh:mm:ss plus `scale` fractional digits of 100 ns ticks (none when scale is 0).
std::string time_text(std::int64_t ticks, int scale);
//! +hh:mm
std::string offset_text(std::int16_t minutes);

// --- text ---
std::string_view trim_spaces(std::string_view text);
bool is_ascii(std::string_view text);
//! Characters of WTF-8 text as UTF-16 code units.
std::int64_t utf16_length(std::string_view text);
//! The first `units` UTF-16 code units of WTF-8 text (a pair is never split).
std::string utf16_prefix(std::string_view text, std::int64_t units);
//! Appends WTF-8 text, joining a high surrogate at the end of `out` with a low one at the
//! start of `text` into one supplementary character.
void append_wtf8(std::string& out, std::string_view text);

}  // namespace mssql_sim::detail
