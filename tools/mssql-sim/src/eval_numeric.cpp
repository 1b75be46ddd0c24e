// Type classification, precedence, exact decimals on __int128, and WTF-8 text helpers.
#include <cctype>

#include "collation.h"
#include "eval_internal.h"

namespace mssql_sim::detail {

bool is_integer(TypeId id) {
  return id == TypeId::Bit || id == TypeId::TinyInt || id == TypeId::SmallInt ||
         id == TypeId::Int || id == TypeId::BigInt;
}
bool is_decimal(TypeId id) {
  return id == TypeId::Decimal || id == TypeId::Numeric;
}
bool is_money(TypeId id) {
  return id == TypeId::Money || id == TypeId::SmallMoney;
}
bool is_approximate(TypeId id) {
  return id == TypeId::Real || id == TypeId::Float;
}
bool is_numeric_type(TypeId id) {
  return is_integer(id) || is_decimal(id) || is_money(id) || is_approximate(id);
}
bool is_date_or_time(TypeId id) {
  return id == TypeId::Date || id == TypeId::Time || id == TypeId::DateTime ||
         id == TypeId::SmallDateTime || id == TypeId::DateTime2 || id == TypeId::DateTimeOffset;
}

int precedence(TypeId id) {
  // "Data type precedence (Transact-SQL)", highest first.
  switch (id) {
    case TypeId::SqlVariant:
      return 30;
    case TypeId::Xml:
      return 29;
    case TypeId::DateTimeOffset:
      return 28;
    case TypeId::DateTime2:
      return 27;
    case TypeId::DateTime:
      return 26;
    case TypeId::SmallDateTime:
      return 25;
    case TypeId::Date:
      return 24;
    case TypeId::Time:
      return 23;
    case TypeId::Float:
      return 22;
    case TypeId::Real:
      return 21;
    case TypeId::Decimal:
    case TypeId::Numeric:
      return 20;
    case TypeId::Money:
      return 19;
    case TypeId::SmallMoney:
      return 18;
    case TypeId::BigInt:
      return 17;
    case TypeId::Int:
      return 16;
    case TypeId::SmallInt:
      return 15;
    case TypeId::TinyInt:
      return 14;
    case TypeId::Bit:
      return 13;
    case TypeId::NText:
      return 12;
    case TypeId::Text:
      return 11;
    case TypeId::Image:
      return 10;
    case TypeId::RowVersion:
      return 9;
    case TypeId::UniqueIdentifier:
      return 8;
    case TypeId::NVarChar:
    case TypeId::NChar:
      return 7;
    case TypeId::VarChar:
    case TypeId::Char:
      return 6;
    case TypeId::VarBinary:
      return 5;
    case TypeId::Binary:
      return 4;
  }
  return 0;
}

SqlType as_decimal_type(const SqlType& type) {
  SqlType out;
  out.id = TypeId::Decimal;
  switch (type.id) {
    case TypeId::Bit:
      out.precision = 1;
      break;
    case TypeId::TinyInt:
      out.precision = 3;
      break;
    case TypeId::SmallInt:
      out.precision = 5;
      break;
    case TypeId::Int:
      out.precision = 10;
      break;
    case TypeId::BigInt:
      out.precision = 19;
      break;
    case TypeId::Money:
      out.precision = 19;
      out.scale = 4;
      break;
    case TypeId::SmallMoney:
      out.precision = 10;
      out.scale = 4;
      break;
    default:
      return type;
  }
  return out;
}

__int128 exact_unscaled(const TypedValue& value, int& scale) {
  if (is_integer(value.type.id)) {
    scale = 0;
    return value.value.integer;
  }
  scale = is_money(value.type.id) ? 4 : value.type.scale;
  return value.value.unscaled;
}

std::string type_name_for_message(const SqlType& type) {
  return type_keyword(type.id);
}

__int128 pow10(int exponent) {
  __int128 result = 1;
  for (int i = 0; i < exponent; ++i)
    result *= 10;
  return result;
}

bool fits_precision(__int128 v, int precision) {
  if (v < 0) v = -v;
  return v < pow10(precision);
}

bool rescale(__int128 v, int from_scale, int to_scale, __int128& out) {
  if (to_scale >= from_scale) {
    const __int128 factor = pow10(to_scale - from_scale);
    const __int128 limit = pow10(38);
    if ((v < 0 ? -v : v) > limit / factor) return false;
    out = v * factor;
    return true;
  }
  const __int128 factor = pow10(from_scale - to_scale);
  __int128 quotient = v / factor;
  const __int128 remainder = v % factor;
  // Half away from zero.
  if ((remainder < 0 ? -remainder : remainder) * 2 >= factor) quotient += v < 0 ? -1 : 1;
  out = quotient;
  return true;
}

std::string decimal_text(__int128 unscaled, int scale) {
  const bool negative = unscaled < 0;
  unsigned __int128 magnitude =
      negative ? static_cast<unsigned __int128>(-(unscaled + 1)) + 1 : unscaled;
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(magnitude % 10)));
    magnitude /= 10;
  } while (magnitude != 0);
  if (scale > 0) {
    if (static_cast<int>(digits.size()) <= scale) {
      digits.insert(0, static_cast<std::size_t>(scale) + 1 - digits.size(), '0');
    }
    digits.insert(digits.end() - scale, '.');
  }
  return negative ? "-" + digits : digits;
}

bool parse_decimal_text(std::string_view text, __int128& unscaled, int& scale) {
  text = trim_spaces(text);
  while (!text.empty() && (text.front() == '\t' || text.front() == '\n' || text.front() == '\r')) {
    text.remove_prefix(1);
  }
  bool negative = false;
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  if (text.empty()) return false;
  unscaled = 0;
  scale = 0;
  bool point = false;
  int digits = 0;
  for (char c : text) {
    if (c == '.' && !point) {
      point = true;
      continue;
    }
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    if (unscaled == 0 && c == '0' && !point) continue;  // leading zeros
    if (++digits > 38) return false;
    unscaled = unscaled * 10 + (c - '0');
    if (point) ++scale;
  }
  if (text == ".") return false;
  if (negative) unscaled = -unscaled;
  return true;
}

std::string_view trim_spaces(std::string_view text) {
  while (!text.empty() && text.front() == ' ')
    text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ')
    text.remove_suffix(1);
  return text;
}

bool is_ascii(std::string_view text) {
  for (unsigned char c : text) {
    if (c >= 0x80) return false;
  }
  return true;
}

std::int64_t utf16_length(std::string_view text) {
  std::int64_t units = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) units += c >= 0xF0 ? 2 : 1;
  }
  return units;
}

std::string utf16_prefix(std::string_view text, std::int64_t units) {
  std::size_t i = 0;
  while (i < text.size() && units > 0) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    const int needed = lead >= 0xF0 ? 2 : 1;
    if (needed > units) break;
    units -= needed;
    i += length;
  }
  return std::string(text.substr(0, std::min(i, text.size())));
}

void append_wtf8(std::string& out, std::string_view text) {
  // A lone high surrogate is ED A0..AF xx; a lone low surrogate ED B0..BF xx.
  if (out.size() >= 3 && text.size() >= 3 &&
      static_cast<unsigned char>(out[out.size() - 3]) == 0xED &&
      (static_cast<unsigned char>(out[out.size() - 2]) & 0xF0) == 0xA0 &&
      static_cast<unsigned char>(text[0]) == 0xED &&
      (static_cast<unsigned char>(text[1]) & 0xF0) == 0xB0) {
    const char32_t high = 0xD000 | ((static_cast<unsigned char>(out[out.size() - 2]) & 0x3F) << 6) |
                          (static_cast<unsigned char>(out[out.size() - 1]) & 0x3F);
    const char32_t low = 0xD000 | ((static_cast<unsigned char>(text[1]) & 0x3F) << 6) |
                         (static_cast<unsigned char>(text[2]) & 0x3F);
    out.resize(out.size() - 3);
    append_code_point(out, 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00));
    out.append(text.substr(3));
    return;
  }
  out.append(text);
}

}  // namespace mssql_sim::detail
