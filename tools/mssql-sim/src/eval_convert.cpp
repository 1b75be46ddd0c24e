// convert(): SQL Server's conversions between the types the simulator models, as CAST,
// CONVERT and implicit conversion perform them (exact decimals, date rounding, code pages).
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "collation.h"
#include "eval.h"
#include "eval_convert_internal.h"
#include "eval_format.h"
#include "eval_internal.h"
#include "sql_errors.h"

namespace mssql_sim {
namespace detail {

void not_allowed(const SqlType& from, const SqlType& to) {
  throw_sql_error(529, "Explicit conversion from data type " + type_keyword(from.id) + " to " +
                           type_keyword(to.id) + " is not allowed.");
}

}  // namespace detail

using namespace detail;

namespace {

[[noreturn]] void overflow(std::string_view from, const SqlType& to) {
  const std::string target = is_decimal(to.id) ? "numeric" : type_keyword(to.id);
  throw_sql_error(8115, "Arithmetic overflow error converting " + std::string(from) +
                            " to data type " + target + ".");
}

[[noreturn]] void string_conversion_failed(const TypedValue& from, const SqlType& to) {
  throw_sql_error(245, "Conversion failed when converting the " + type_keyword(from.type.id) +
                           " value '" + from.value.bytes + "' to data type " + type_keyword(to.id) +
                           ".");
}

[[noreturn]] void string_to_number_failed(const TypedValue& from, const SqlType& to) {
  throw_sql_error(8114, "Error converting data type " + type_keyword(from.type.id) + " to " +
                            (is_decimal(to.id) ? std::string("numeric") : type_keyword(to.id)) +
                            ".");
}

// Source names in overflow messages, as SQL Server words them.
std::string overflow_source(const SqlType& from) {
  if (is_integer(from.id)) return "expression";
  if (is_decimal(from.id)) return "numeric";
  if (is_money(from.id)) return "expression";
  return type_keyword(from.id);
}

std::int64_t integer_limit_low(TypeId id) {
  switch (id) {
    case TypeId::TinyInt:
      return 0;
    case TypeId::SmallInt:
      return -32768;
    case TypeId::Int:
      return std::numeric_limits<std::int32_t>::min();
    default:
      return std::numeric_limits<std::int64_t>::min();
  }
}

std::int64_t integer_limit_high(TypeId id) {
  switch (id) {
    case TypeId::TinyInt:
      return 255;
    case TypeId::SmallInt:
      return 32767;
    case TypeId::Int:
      return std::numeric_limits<std::int32_t>::max();
    default:
      return std::numeric_limits<std::int64_t>::max();
  }
}

Value checked_integer(__int128 v, const SqlType& from, const SqlType& to) {
  if (to.id == TypeId::Bit) return Value::of_integer(v != 0 ? 1 : 0);
  if (v < integer_limit_low(to.id) || v > integer_limit_high(to.id)) {
    if (is_integer(from.id) && (to.id == TypeId::TinyInt || to.id == TypeId::SmallInt)) {
      throw_sql_error(220, "Arithmetic overflow error for data type " + type_keyword(to.id) +
                               ", value = " + decimal_text(v, 0) + ".");
    }
    overflow(overflow_source(from), to);
  }
  return Value::of_integer(static_cast<std::int64_t>(v));
}

// The big-endian bytes of an integer of the source type's size.
std::string integer_bytes(std::int64_t v, TypeId id) {
  const int size = id == TypeId::BigInt     ? 8
                   : id == TypeId::Int      ? 4
                   : id == TypeId::SmallInt ? 2
                                            : 1;
  std::string bytes(static_cast<std::size_t>(size), '\0');
  for (int i = size - 1; i >= 0; --i) {
    bytes[static_cast<std::size_t>(i)] = static_cast<char>(v & 0xFF);
    v >>= 8;
  }
  return bytes;
}

// A string as the code-page bytes (varchar) or UTF-16LE (nvarchar) SQL Server stores.
std::string stored_bytes(const TypedValue& text) {
  if (is_unicode(text.type.id)) return to_utf16le(text.value.bytes);
  return encode_code_page(text.value.bytes, text.type.collation);
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool parse_hex(std::string_view text, std::string& out) {
  if (text.size() % 2 == 1) return false;
  out.clear();
  for (std::size_t i = 0; i < text.size(); i += 2) {
    const int high = hex_digit(text[i]);
    const int low = hex_digit(text[i + 1]);
    if (high < 0 || low < 0) return false;
    out.push_back(static_cast<char>(high * 16 + low));
  }
  return true;
}

// The wire/storage order of a GUID swaps the first three groups of the text order.
std::string swap_guid_groups(std::string bytes) {
  std::swap(bytes[0], bytes[3]);
  std::swap(bytes[1], bytes[2]);
  std::swap(bytes[4], bytes[5]);
  std::swap(bytes[6], bytes[7]);
  return bytes;
}

Value to_integer(const TypedValue& from, const SqlType& to) {
  const Value& v = from.value;
  const TypeId id = from.type.id;
  if (is_integer(id)) return checked_integer(v.integer, from.type, to);
  if (is_decimal(id)) {
    // numeric to int truncates.
    return checked_integer(v.unscaled / pow10(from.type.scale), from.type, to);
  }
  if (is_money(id)) {
    __int128 rounded = 0;  // money to int rounds
    rescale(v.unscaled, 4, 0, rounded);
    return checked_integer(rounded, from.type, to);
  }
  if (is_approximate(id)) {
    const double truncated = std::trunc(v.real);
    if (!(truncated >= -9.3e18 && truncated <= 9.3e18)) overflow("float", to);
    return checked_integer(static_cast<__int128>(truncated), from.type, to);
  }
  if (is_character(id)) {
    std::string_view text = trim_spaces(v.bytes);
    if (to.id == TypeId::Bit) {
      if (text.size() == 4 && (text == "TRUE" || text == "true" || text == "True")) {
        return Value::of_integer(1);
      }
      if (text.size() == 5 && (text == "FALSE" || text == "false" || text == "False")) {
        return Value::of_integer(0);
      }
    }
    bool negative = false;
    if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
      negative = text[0] == '-';
      text.remove_prefix(1);
    }
    if (text.empty() || text.size() > 30) string_conversion_failed(from, to);
    __int128 magnitude = 0;
    for (char c : text) {
      if (c < '0' || c > '9') string_conversion_failed(from, to);
      magnitude = magnitude * 10 + (c - '0');
    }
    const __int128 value = negative ? -magnitude : magnitude;
    if (to.id != TypeId::Bit &&
        (value < integer_limit_low(to.id) || value > integer_limit_high(to.id))) {
      throw_sql_error(248, "The conversion of the " + type_keyword(id) + " value '" + v.bytes +
                               "' overflowed an " + type_keyword(to.id) + " column.");
    }
    return checked_integer(value, from.type, to);
  }
  if (is_binary(id)) {
    // The rightmost bytes, big-endian.
    std::int64_t value = 0;
    const std::size_t size = to.id == TypeId::BigInt     ? 8
                             : to.id == TypeId::Int      ? 4
                             : to.id == TypeId::SmallInt ? 2
                                                         : 1;
    const std::string& bytes = v.bytes;
    const std::size_t start = bytes.size() > size ? bytes.size() - size : 0;
    for (std::size_t i = start; i < bytes.size(); ++i) {
      value = (value << 8) | static_cast<unsigned char>(bytes[i]);
    }
    if (size == 4) value = static_cast<std::int32_t>(value);
    if (size == 2) value = static_cast<std::int16_t>(value);
    if (to.id == TypeId::Bit) value = value != 0;
    return Value::of_integer(value);
  }
  if (id == TypeId::DateTime || id == TypeId::SmallDateTime) {
    // Days since 1900-01-01, rounded at noon.
    const std::int64_t day_units = id == TypeId::DateTime ? 300LL * 86400 : 1440;
    std::int64_t days = v.days - kDays1900;
    if (v.ticks * 2 >= day_units) ++days;
    return checked_integer(days, from.type, to);
  }
  not_allowed(from.type, to);
}

// Exact digits of a numeric source at its scale; floats through their exact expansion.
bool exact_digits(const TypedValue& from, const SqlType& to, __int128& unscaled, int& scale) {
  const Value& v = from.value;
  const TypeId id = from.type.id;
  if (is_integer(id) || is_decimal(id) || is_money(id)) {
    unscaled = exact_unscaled(from, scale);
    return true;
  }
  if (is_approximate(id)) {
    if (!std::isfinite(v.real) || std::fabs(v.real) >= 1e38) overflow("float", to);
    // The exact binary value, cut one digit past the target scale (half away from zero
    // only looks at that digit).
    char buffer[400];
    const int digits = std::min(to.scale + 1, 38);
    std::snprintf(buffer, sizeof(buffer), "%.*f", digits + 2, v.real);
    std::string text = buffer;
    text.resize(text.size() - 2);
    std::string_view digits_view = text;
    // Keep at most 38 significant digits.
    if (!parse_decimal_text(digits_view, unscaled, scale)) overflow("float", to);
    return true;
  }
  if (is_character(id)) {
    std::string cleaned(trim_spaces(from.value.bytes));
    if (is_money(to.id)) {
      // Money accepts a currency sign and thousands separators: '$1,234.56'.
      std::string plain;
      for (char c : cleaned) {
        if (c != ',' && c != '$') plain.push_back(c);
      }
      cleaned = plain;
    }
    if (!parse_decimal_text(cleaned, unscaled, scale)) string_to_number_failed(from, to);
    return true;
  }
  return false;
}

Value to_exact(const TypedValue& from, const SqlType& to) {
  __int128 unscaled = 0;
  int scale = 0;
  if (from.type.id == TypeId::Bit || is_binary(from.type.id)) {
    TypedValue as_int{detail::make_type(TypeId::BigInt),
                      to_integer(from, detail::make_type(TypeId::BigInt))};
    return to_exact(as_int, to);
  }
  if (!exact_digits(from, to, unscaled, scale)) not_allowed(from.type, to);
  const int target_scale = is_money(to.id) ? 4 : to.scale;
  __int128 out = 0;
  const std::string source = is_character(from.type.id) ? type_keyword(from.type.id)
                             : is_integer(from.type.id) ? type_keyword(from.type.id)
                                                        : overflow_source(from.type);
  if (!rescale(unscaled, scale, target_scale, out)) overflow(source, to);
  if (is_decimal(to.id)) {
    if (!fits_precision(out, to.precision)) overflow(source, to);
  } else if (to.id == TypeId::Money) {
    const __int128 low = std::numeric_limits<std::int64_t>::min();
    const __int128 high = std::numeric_limits<std::int64_t>::max();
    if (out < low || out > high) overflow("expression", to);
  } else {
    if (out < std::numeric_limits<std::int32_t>::min() ||
        out > std::numeric_limits<std::int32_t>::max()) {
      overflow("expression", to);
    }
  }
  return Value::of_unscaled(out);
}

}  // namespace

Value detail::to_approximate(const TypedValue& from, const SqlType& to) {
  const Value& v = from.value;
  const TypeId id = from.type.id;
  double result = 0;
  if (is_integer(id)) {
    result = static_cast<double>(v.integer);
  } else if (is_decimal(id) || is_money(id)) {
    // Through the decimal text: strtod rounds correctly.
    result =
        std::strtod(decimal_text(v.unscaled, is_money(id) ? 4 : from.type.scale).c_str(), nullptr);
  } else if (is_approximate(id)) {
    result = v.real;
  } else if (is_character(id)) {
    const std::string text(trim_spaces(v.bytes));
    char* end = nullptr;
    errno = 0;
    result = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() ||
        text.find_first_of("xXnN") != std::string::npos) {
      string_to_number_failed(from, to);
    }
    if (errno == ERANGE && std::isinf(result)) overflow(type_keyword(id), to);
  } else if (id == TypeId::DateTime || id == TypeId::SmallDateTime) {
    const double fraction = id == TypeId::DateTime ? static_cast<double>(v.ticks) / (300.0 * 86400)
                                                   : static_cast<double>(v.ticks) / 1440.0;
    result = static_cast<double>(v.days - kDays1900) + fraction;
  } else {
    not_allowed(from.type, to);
  }
  if (to.id == TypeId::Real) {
    if (std::fabs(result) > std::numeric_limits<float>::max())
      overflow(overflow_source(from.type), to);
    result = static_cast<float>(result);
  }
  return Value::of_real(result);
}

namespace {

// The text a value converts to, before fitting it to the target's length.
std::string text_of(const TypedValue& from, const SqlType& to, std::optional<std::int32_t> style) {
  const TypeId id = from.type.id;
  const Value& v = from.value;
  if (is_character(id)) return v.bytes;
  if (is_numeric_type(id)) return number_to_text(from, style);
  if (is_date_or_time(id)) return date_time_to_text(from, style);
  if (id == TypeId::UniqueIdentifier) return guid_text(v.bytes);
  if (is_binary(id)) {
    const int code = style.value_or(0);
    if (code == 1) return hex_text(v.bytes, true);
    if (code == 2) return hex_text(v.bytes, false);
    if (is_unicode(to.id)) return from_utf16le(v.bytes);
    return decode_code_page(v.bytes, to.collation);
  }
  not_allowed(from.type, to);
}

// Whether the text is longer than the type holds: bytes in the code page for char and
// varchar, UTF-16 code units for nchar and nvarchar.
std::int64_t measured_length(const std::string& text, const SqlType& to) {
  if (is_unicode(to.id)) return utf16_length(text);
  if (is_ascii(text)) return static_cast<std::int64_t>(text.size());
  return static_cast<std::int64_t>(encode_code_page(text, to.collation).size());
}

// The longest prefix of whole characters that fits `limit`.
std::string fitted_prefix(const std::string& text, const SqlType& to, std::int64_t limit) {
  if (is_unicode(to.id)) return utf16_prefix(text, limit);
  if (is_ascii(text)) return text.substr(0, static_cast<std::size_t>(limit));
  std::string out;
  std::int64_t used = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    const std::string piece = text.substr(i, length);
    const auto size = static_cast<std::int64_t>(encode_code_page(piece, to.collation).size());
    if (used + size > limit) break;
    used += size;
    out += piece;
    i += length;
  }
  return out;
}

Value to_character(const TypedValue& from, const SqlType& to, std::optional<std::int32_t> style) {
  std::string text = text_of(from, to, style);
  // Non-Unicode targets hold only what their code page can.
  if (!is_unicode(to.id) && !is_ascii(text)) {
    text = decode_code_page(encode_code_page(text, to.collation), to.collation);
  }
  if (to.length != SqlType::kMax && to.length > 0) {
    const std::int64_t length = measured_length(text, to);
    if (length > to.length) {
      const TypeId id = from.type.id;
      if (is_integer(id) && !is_unicode(to.id)) {
        text = "*";
      } else if (is_numeric_type(id)) {
        overflow(overflow_source(from.type), to);
      } else {
        text = fitted_prefix(text, to, to.length);
      }
    }
    if (to.id == TypeId::Char || to.id == TypeId::NChar) {
      const std::int64_t padding = to.length - measured_length(text, to);
      if (padding > 0) text.append(static_cast<std::size_t>(padding), ' ');
    }
  }
  return Value::of_bytes(std::move(text));
}

Value to_binary(const TypedValue& from, const SqlType& to, std::optional<std::int32_t> style) {
  const TypeId id = from.type.id;
  const Value& v = from.value;
  std::string bytes;
  bool integer_source = false;
  if (is_binary(id)) {
    bytes = v.bytes;
  } else if (is_character(id)) {
    const int code = style.value_or(0);
    if (code == 1 || code == 2) {
      std::string_view text = v.bytes;
      if (code == 1) {
        if (text.size() < 2 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X')) {
          string_conversion_failed(from, to);
        }
        text.remove_prefix(2);
      }
      if (!parse_hex(text, bytes)) string_conversion_failed(from, to);
    } else {
      bytes = stored_bytes(from);
    }
  } else if (is_integer(id)) {
    bytes = integer_bytes(v.integer, id);
    integer_source = true;
  } else if (id == TypeId::Money) {
    bytes = integer_bytes(static_cast<std::int64_t>(v.unscaled), TypeId::BigInt);
    integer_source = true;
  } else if (id == TypeId::SmallMoney) {
    bytes = integer_bytes(static_cast<std::int64_t>(v.unscaled), TypeId::Int);
    integer_source = true;
  } else if (id == TypeId::UniqueIdentifier) {
    bytes = swap_guid_groups(v.bytes);
  } else {
    not_allowed(from.type, to);
  }
  if (to.length != SqlType::kMax && to.length > 0) {
    const auto length = static_cast<std::size_t>(to.length);
    if (integer_source) {
      // Integers keep their low-order bytes and pad on the left.
      if (bytes.size() > length) bytes = bytes.substr(bytes.size() - length);
      if (to.id == TypeId::Binary && bytes.size() < length)
        bytes.insert(0, length - bytes.size(), '\0');
    } else {
      if (bytes.size() > length) bytes.resize(length);
      if (to.id == TypeId::Binary && bytes.size() < length)
        bytes.append(length - bytes.size(), '\0');
    }
  }
  return Value::of_bytes(std::move(bytes));
}

Value to_guid(const TypedValue& from, const SqlType& to) {
  const TypeId id = from.type.id;
  if (id == TypeId::UniqueIdentifier) return from.value;
  if (is_binary(id)) {
    std::string bytes = from.value.bytes;
    bytes.resize(16, '\0');
    return Value::of_bytes(swap_guid_groups(bytes));
  }
  if (!is_character(id)) not_allowed(from.type, to);
  std::string_view text = from.value.bytes;
  const auto fail = [&]() -> Value {
    throw_sql_error(8169,
                    "Conversion failed when converting from a character string to "
                    "uniqueidentifier.");
  };
  if (!text.empty() && text.front() == '{') {
    if (text.size() < 38 || text[37] != '}') return fail();
    text = text.substr(1, 36);
  }
  // Characters past the 36 of a GUID are ignored, as SQL Server does.
  if (text.size() < 36) return fail();
  text = text.substr(0, 36);
  std::string hex;
  for (std::size_t i = 0; i < 36; ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (text[i] != '-') return fail();
    } else {
      hex.push_back(text[i]);
    }
  }
  std::string bytes;
  if (!parse_hex(hex, bytes)) return fail();
  return Value::of_bytes(std::move(bytes));
}

}  // namespace

Value convert(const TypedValue& value, const SqlType& to, std::optional<std::int32_t> style) {
  if (value.value.is_null) return Value::null();
  const TypeId source = value.type.id;
  if (to.id == TypeId::SqlVariant) {
    if (source == TypeId::SqlVariant) return value.value;
    Value wrapped;
    wrapped.is_null = false;
    wrapped.variant = std::make_shared<const TypedValue>(value);
    return wrapped;
  }
  if (source == TypeId::SqlVariant) {
    if (!value.value.variant) return Value::null();
    return convert(*value.value.variant, to, style);
  }
  switch (to.id) {
    case TypeId::Bit:
    case TypeId::TinyInt:
    case TypeId::SmallInt:
    case TypeId::Int:
    case TypeId::BigInt:
      return to_integer(value, to);
    case TypeId::Decimal:
    case TypeId::Numeric:
    case TypeId::Money:
    case TypeId::SmallMoney:
      return to_exact(value, to);
    case TypeId::Real:
    case TypeId::Float:
      return to_approximate(value, to);
    case TypeId::Date:
    case TypeId::Time:
    case TypeId::DateTime:
    case TypeId::SmallDateTime:
    case TypeId::DateTime2:
    case TypeId::DateTimeOffset:
      return to_date_time(value, to);
    case TypeId::Char:
    case TypeId::VarChar:
    case TypeId::Text:
    case TypeId::NChar:
    case TypeId::NVarChar:
    case TypeId::NText:
    case TypeId::Xml:
      return to_character(value, to, style);
    case TypeId::Binary:
    case TypeId::VarBinary:
    case TypeId::Image:
    case TypeId::RowVersion:
      return to_binary(value, to, style);
    case TypeId::UniqueIdentifier:
      return to_guid(value, to);
    case TypeId::SqlVariant:
      break;
  }
  not_allowed(value.type, to);
}

bool fits(const TypedValue& value, const SqlType& type) {
  if (value.value.is_null || type.length == SqlType::kMax || type.length <= 0) return true;
  if (is_character(type.id)) {
    TypedValue widened = value;
    SqlType unbounded = type;
    unbounded.id = is_unicode(type.id) ? TypeId::NVarChar : TypeId::VarChar;
    unbounded.length = SqlType::kMax;
    const std::string text = convert(widened, unbounded).bytes;
    // Trailing spaces are dropped without an error, as SQL Server does with ANSI_PADDING.
    std::string_view trimmed = text;
    while (!trimmed.empty() && trimmed.back() == ' ')
      trimmed.remove_suffix(1);
    return measured_length(std::string(trimmed), type) <= type.length;
  }
  if (is_binary(type.id) && is_binary(value.type.id)) {
    return static_cast<std::int64_t>(value.value.bytes.size()) <= type.length;
  }
  return true;
}

}  // namespace mssql_sim
