#include "constant_value.h"

#include <charconv>
#include <limits>
#include <optional>
#include <stdexcept>

#include "copy_binary.h"
#include "temporal.h"
#include "text_field.h"

namespace etl {
namespace {

constexpr int kMaxDigits = 38;

struct Decimal {
  __int128 unscaled = 0;
  int scale = 0;
};

__int128 power_of_10(int exponent) {
  __int128 value = 1;
  for (int i = 0; i < exponent; ++i)
    value *= 10;
  return value;
}

int count_digits(__int128 value) {
  int digits = 1;
  for (value = value < 0 ? -value : value; value >= 10; value /= 10)
    ++digits;
  return digits;
}

[[noreturn]] void fail(const ConstantValue& value, const std::string& what) {
  throw std::invalid_argument("'" + value.text + "' " + what);
}

// [sign] digits [. digits] [e [sign] digits], at most 38 significant digits.
std::optional<Decimal> parse_decimal(std::string_view text) {
  std::size_t at = 0;
  bool negative = false;
  if (at < text.size() && (text[at] == '-' || text[at] == '+')) negative = text[at++] == '-';

  Decimal result;
  int digits = 0;
  bool seen_point = false;
  bool seen_digit = false;
  for (; at < text.size(); ++at) {
    const char c = text[at];
    if (c == '.' && !seen_point) {
      seen_point = true;
    } else if (c >= '0' && c <= '9') {
      seen_digit = true;
      if (result.unscaled != 0 || c != '0') ++digits;
      if (digits > kMaxDigits) return std::nullopt;
      result.unscaled = result.unscaled * 10 + (c - '0');
      if (seen_point) ++result.scale;
    } else {
      break;
    }
  }
  if (!seen_digit) return std::nullopt;

  if (at < text.size() && (text[at] == 'e' || text[at] == 'E')) {
    int exponent = 0;
    const char* end = text.data() + text.size();
    const char* first = text.data() + at + 1;
    if (first < end && *first == '+') ++first;
    auto [next, error] = std::from_chars(first, end, exponent);
    if (error != std::errc() || next != end || exponent > kMaxDigits || exponent < -kMaxDigits) {
      return std::nullopt;
    }
    result.scale -= exponent;
    at = text.size();
  }
  if (at != text.size()) return std::nullopt;

  if (result.scale < 0) {
    if (digits - result.scale > kMaxDigits) return std::nullopt;
    result.unscaled *= power_of_10(-result.scale);
    result.scale = 0;
  }
  if (result.scale > kMaxDigits) return std::nullopt;
  if (negative) result.unscaled = -result.unscaled;
  return result;
}

// Brings a decimal to `scale` digits, rounding half away from zero as numeric input does.
__int128 rescale(Decimal value, int scale) {
  if (value.scale <= scale) return value.unscaled * power_of_10(scale - value.scale);
  const __int128 unit = power_of_10(value.scale - scale);
  const __int128 magnitude = value.unscaled < 0 ? -value.unscaled : value.unscaled;
  const __int128 rounded = (magnitude + unit / 2) / unit;
  return value.unscaled < 0 ? -rounded : rounded;
}

std::int64_t to_integer(const ConstantValue& value, std::int64_t low, std::int64_t high) {
  if (value.kind == ConstantValue::Kind::Boolean) return value.text == "true" ? 1 : 0;
  const std::optional<Decimal> decimal = parse_decimal(value.text);
  if (!decimal) fail(value, "is not a number");
  const __int128 whole = decimal->unscaled / power_of_10(decimal->scale);
  if (whole * power_of_10(decimal->scale) != decimal->unscaled) fail(value, "is not an integer");
  if (whole < low || whole > high) fail(value, "is out of range for the column");
  return static_cast<std::int64_t>(whole);
}

bool to_boolean(const ConstantValue& value) {
  const std::string& t = value.text;
  if (t == "true" || t == "t" || t == "yes" || t == "on" || t == "1") return true;
  if (t == "false" || t == "f" || t == "no" || t == "off" || t == "0") return false;
  fail(value, "is not a boolean (true or false)");
}

double to_double(const ConstantValue& value) {
  double result = 0;
  const char* end = value.text.data() + value.text.size();
  auto [next, error] = std::from_chars(value.text.data(), end, result);
  if (error != std::errc() || next != end) fail(value, "is not a number");
  return result;
}

// A fixed-width unsigned field of `width` digits at text[at]; advances at.
bool read_digits(std::string_view text, std::size_t& at, std::size_t width, std::int64_t& out) {
  if (text.size() - at < width) return false;
  out = 0;
  for (std::size_t i = 0; i < width; ++i) {
    const char c = text[at + i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  at += width;
  return true;
}

bool read_char(std::string_view text, std::size_t& at, char expected) {
  if (at >= text.size() || text[at] != expected) return false;
  ++at;
  return true;
}

// YYYY-MM-DD at text[at]: days since 2000-01-01.
bool read_date(std::string_view text, std::size_t& at, std::int64_t& pg_days) {
  std::int64_t year = 0, month = 0, day = 0;
  if (!read_digits(text, at, 4, year) || !read_char(text, at, '-') ||
      !read_digits(text, at, 2, month) || !read_char(text, at, '-') ||
      !read_digits(text, at, 2, day)) {
    return false;
  }
  const calendar::CivilDate date{static_cast<std::int32_t>(year), static_cast<std::uint32_t>(month),
                                 static_cast<std::uint32_t>(day)};
  if (year < 1 || !calendar::is_valid(date)) return false;
  pg_days = calendar::days_from_civil(date) - calendar::kPgEpoch;
  return true;
}

// HH:MM[:SS[.fraction]] at text[at]: microseconds since midnight, a 7th fractional digit
// dropped (the transform's rule for a 7th digit).
bool read_time(std::string_view text, std::size_t& at, std::int64_t& micros) {
  std::int64_t hour = 0, minute = 0, second = 0;
  if (!read_digits(text, at, 2, hour) || !read_char(text, at, ':') ||
      !read_digits(text, at, 2, minute)) {
    return false;
  }
  if (read_char(text, at, ':') && !read_digits(text, at, 2, second)) return false;
  std::int64_t fraction = 0;  // in 100 ns ticks; digits past the 7th are dropped
  if (read_char(text, at, '.')) {
    int digits = 0;
    for (; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at, ++digits) {
      if (digits < 7) fraction = fraction * 10 + (text[at] - '0');
    }
    if (digits == 0) return false;
    for (; digits < 7; ++digits)
      fraction *= 10;
  }
  const bool end_of_day = hour == 24 && minute == 0 && second == 0 && fraction == 0;
  if ((hour > 23 && !end_of_day) || minute > 59 || second > 59) return false;
  micros = (hour * 3600 + minute * 60 + second) * temporal::kMicrosPerSecond +
           temporal::micros_from_ticks(fraction);
  return true;
}

// Z, +HH, +HH:MM or +HHMM (or -) at text[at]: the offset east of UTC in microseconds.
bool read_offset(std::string_view text, std::size_t& at, std::int64_t& offset_micros) {
  if (read_char(text, at, 'Z') || read_char(text, at, 'z')) {
    offset_micros = 0;
    return true;
  }
  if (at >= text.size() || (text[at] != '+' && text[at] != '-')) return false;
  const bool negative = text[at++] == '-';
  std::int64_t hours = 0, minutes = 0;
  if (!read_digits(text, at, 2, hours)) return false;
  read_char(text, at, ':');
  if (at < text.size() && !read_digits(text, at, 2, minutes)) return false;
  if (hours > 15 || minutes > 59) return false;
  offset_micros = (hours * 60 + minutes) * 60 * temporal::kMicrosPerSecond;
  if (negative) offset_micros = -offset_micros;
  return true;
}

std::int64_t to_timestamp(const ConstantValue& value, const PgColumnType& type) {
  const std::string_view text = value.text;
  std::size_t at = 0;
  std::int64_t pg_days = 0;
  std::int64_t micros = 0;
  if (!read_date(text, at, pg_days)) fail(value, "is not a timestamp (YYYY-MM-DD HH:MM:SS)");
  if (at < text.size() && (text[at] == ' ' || text[at] == 'T')) {
    ++at;
    if (!read_time(text, at, micros)) fail(value, "is not a timestamp (YYYY-MM-DD HH:MM:SS)");
  }
  std::int64_t result = pg_days * temporal::kMicrosPerDay + micros;

  if (type.type == PgType::TimestampTz) {
    std::int64_t offset = 0;
    if (at < text.size() && text[at] == ' ') ++at;
    if (!read_offset(text, at, offset)) {
      fail(value, "needs a UTC offset for a timestamp with time zone (Z or +hh:mm)");
    }
    result -= offset;
  }
  if (at != text.size()) fail(value, "is not a timestamp (YYYY-MM-DD HH:MM:SS)");
  return type.type == PgType::TimestampTz ? result : temporal::round_micros(result, type.precision);
}

std::string to_uuid(const ConstantValue& value) {
  std::string_view text = value.text;
  if (text.size() >= 2 && text.front() == '{' && text.back() == '}') {
    text = text.substr(1, text.size() - 2);
  }
  std::string bytes;
  int nibble = -1;
  for (char c : text) {
    int digit = -1;
    if (c >= '0' && c <= '9') digit = c - '0';
    if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
    if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
    if (digit < 0) {
      if (c == '-' && nibble < 0) continue;
      fail(value, "is not a uuid");
    }
    if (nibble < 0) {
      nibble = digit;
    } else {
      bytes.push_back(static_cast<char>(nibble << 4 | digit));
      nibble = -1;
    }
  }
  if (bytes.size() != 16 || nibble >= 0) fail(value, "is not a uuid");
  return bytes;
}

std::string to_bytea(const ConstantValue& value) {
  const std::string_view text = value.text;
  if (text.size() < 2 || text[0] != '\\' || text[1] != 'x' || text.size() % 2 != 0) {
    fail(value, "is not bytea hex text (\\x0A0B…)");
  }
  std::string bytes;
  for (std::size_t at = 2; at < text.size(); at += 2) {
    unsigned int byte = 0;
    auto [next, error] = std::from_chars(text.data() + at, text.data() + at + 2, byte, 16);
    if (error != std::errc() || next != text.data() + at + 2) {
      fail(value, "is not bytea hex text (\\x0A0B…)");
    }
    bytes.push_back(static_cast<char>(byte));
  }
  return bytes;
}

void append_numeric(std::string& out, const ConstantValue& value, const PgColumnType& type) {
  std::optional<Decimal> decimal;
  if (value.kind == ConstantValue::Kind::Number || value.kind == ConstantValue::Kind::String) {
    decimal = parse_decimal(value.text);
  }
  if (!decimal) fail(value, "is not a number");
  if (type.precision == 0) {  // unconstrained numeric keeps the digits written
    copy_binary::append_numeric(out, decimal->unscaled, decimal->scale);
    return;
  }
  const __int128 unscaled = rescale(*decimal, type.scale);
  if (unscaled != 0 && count_digits(unscaled) > type.precision) {
    fail(value, "does not fit " + type.sql());
  }
  copy_binary::append_numeric(out, unscaled, type.scale);
}

TextShape text_shape(const PgColumnType& type) {
  if (type.type == PgType::Char) return {TextShape::Kind::Fixed, type.length};
  if (type.type == PgType::VarChar) return {TextShape::Kind::Varying, type.length};
  return {};
}

}  // namespace

std::string encode_constant(const ConstantValue& value, const PgColumnType& type) {
  using Kind = ConstantValue::Kind;
  std::string out;
  if (value.kind == Kind::Null) {
    copy_binary::append_null(out);
    return out;
  }

  switch (type.type) {
    case PgType::Boolean:
      copy_binary::append_bool(out, to_boolean(value));
      break;
    case PgType::SmallInt:
      copy_binary::append_int2(out,
                               static_cast<std::int16_t>(to_integer(value, INT16_MIN, INT16_MAX)));
      break;
    case PgType::Integer:
      copy_binary::append_int4(out,
                               static_cast<std::int32_t>(to_integer(value, INT32_MIN, INT32_MAX)));
      break;
    case PgType::BigInt:
      copy_binary::append_int8(out, to_integer(value, INT64_MIN, INT64_MAX));
      break;
    case PgType::Numeric:
      append_numeric(out, value, type);
      break;
    case PgType::Real:
      copy_binary::append_float4(out, static_cast<float>(to_double(value)));
      break;
    case PgType::DoublePrecision:
      copy_binary::append_float8(out, to_double(value));
      break;
    case PgType::Date: {
      std::size_t at = 0;
      std::int64_t pg_days = 0;
      if (!read_date(value.text, at, pg_days) || at != value.text.size()) {
        fail(value, "is not a date (YYYY-MM-DD)");
      }
      copy_binary::append_date(out, static_cast<std::int32_t>(pg_days));
      break;
    }
    case PgType::Time: {
      std::size_t at = 0;
      std::int64_t micros = 0;
      if (!read_time(value.text, at, micros) || at != value.text.size()) {
        fail(value, "is not a time of day (HH:MM:SS)");
      }
      copy_binary::append_time(
          out, std::min(temporal::round_micros(micros, type.precision), temporal::kMicrosPerDay));
      break;
    }
    case PgType::Timestamp:
    case PgType::TimestampTz:
      copy_binary::append_timestamp(out, to_timestamp(value, type));
      break;
    case PgType::Char:
    case PgType::VarChar:
    case PgType::Text:
    case PgType::Xml:
      if (auto failure = append_text_field(out, value.text, text_shape(type), NulPolicy::Reject)) {
        fail(value, *failure);
      }
      break;
    case PgType::Bytea:
      copy_binary::append_bytes(out, to_bytea(value));
      break;
    case PgType::Uuid:
      copy_binary::append_uuid(out, to_uuid(value));
      break;
  }
  return out;
}

PgColumnType infer_constant_type(const ConstantValue& value) {
  switch (value.kind) {
    case ConstantValue::Kind::Null:
      throw std::invalid_argument(
          "null gives no type for a column the source does not have; use a typed value");
    case ConstantValue::Kind::Boolean:
      return {PgType::Boolean};
    case ConstantValue::Kind::String:
      return {PgType::Text};
    case ConstantValue::Kind::Number:
      break;
  }
  const std::optional<Decimal> decimal = parse_decimal(value.text);
  if (!decimal) fail(value, "is not a number");
  if (decimal->scale == 0) {
    if (decimal->unscaled >= INT32_MIN && decimal->unscaled <= INT32_MAX) return {PgType::Integer};
    if (decimal->unscaled >= INT64_MIN && decimal->unscaled <= INT64_MAX) return {PgType::BigInt};
  }
  return {PgType::Numeric};  // precision 0: unconstrained, the digits as written
}

}  // namespace etl
