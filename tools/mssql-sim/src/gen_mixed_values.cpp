// Values of every column type for dbo.mixed_types, spread over each type's whole range.
#include "gen_mixed_values.h"

#include <array>
#include <bit>
#include <cstring>
#include <limits>
#include <stdexcept>

#include "collation.h"
#include "gen_dates.h"
#include "gen_values.h"

namespace mssql_sim::gen {
namespace {

constexpr std::int32_t kLastDay = days_from_civil(9999, 12, 31);
constexpr std::int32_t kDateTimeFirstDay = days_from_civil(1753, 1, 1);
constexpr std::int32_t kSmallDateTimeFirstDay = days_from_civil(1900, 1, 1);
constexpr std::int32_t kSmallDateTimeLastDay = days_from_civil(2079, 6, 6);
constexpr std::int64_t kTicksPerMinute = 600'000'000;
constexpr std::int64_t kMaxOffsetMinutes = 14 * 60;

// Lengths: most values are short, as in real tables; a large one crosses the 8,000-byte
// line where SQL Server moves (max) data off the row, and a High one is the biggest.
constexpr std::size_t kShortTextMax = 120;
constexpr std::size_t kLargeTextMin = 8'001;
constexpr std::size_t kLargeTextSpread = 30'000;
constexpr std::size_t kHighText = 100'000;
constexpr std::size_t kShortBinaryMax = 300;
constexpr std::size_t kHighVarBinaryMax = 1 << 20;
constexpr std::size_t kHighImage = 100'000;

// The 27 characters CP1252 has at 0x80–0x9F, where Latin-1 has control codes.
constexpr std::array<char32_t, 27> kCp1252Extras = {
    0x20AC, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030,
    0x0160, 0x2039, 0x0152, 0x017D, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x017E, 0x0178};
// Characters of CP1251 beyond ASCII and the 64 basic Cyrillic letters.
constexpr std::array<char32_t, 8> kCp1251Extras = {0x0401, 0x0451, 0x2116, 0x2014,
                                                   0x00AB, 0x00BB, 0x0404, 0x0454};

__int128 power_of_ten(int digits) {
  __int128 p = 1;
  for (int i = 0; i < digits; ++i)
    p *= 10;
  return p;
}

// A signed integer of `bits` bits whose magnitude has a uniformly drawn bit width, so small,
// middle and huge values are all common (a uniform draw would almost never be small).
std::int64_t spread_signed(Sequence& random, int bits) {
  const auto width = static_cast<int>(1 + random.below(static_cast<std::uint64_t>(bits)));
  const std::uint64_t magnitude = random.next() >> (64 - width);
  const auto half = static_cast<std::int64_t>(magnitude >> 1);
  return (magnitude & 1) != 0 ? -1 - half : half;
}

std::int64_t integer_value(TypeId id, Extreme extreme, Sequence& random) {
  struct Range {
    std::int64_t low, high;
    int bits;
  };
  Range range{};
  switch (id) {
    case TypeId::Bit:
      range = {0, 1, 1};
      break;
    case TypeId::TinyInt:
      range = {0, 255, 8};
      break;
    case TypeId::SmallInt:
      range = {-32768, 32767, 16};
      break;
    case TypeId::Int:
      range = {std::numeric_limits<std::int32_t>::min(), std::numeric_limits<std::int32_t>::max(),
               32};
      break;
    default:
      range = {std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max(),
               64};
      break;
  }
  if (extreme == Extreme::Low) return range.low;
  if (extreme == Extreme::High) return range.high;
  if (id == TypeId::Bit) return static_cast<std::int64_t>(random.below(2));
  if (id == TypeId::TinyInt) {
    const auto width = static_cast<int>(1 + random.below(8));
    return static_cast<std::int64_t>(random.next() >> (64 - width));
  }
  return spread_signed(random, range.bits);
}

// decimal(p,s) and numeric(p,s) as their unscaled integer: up to p digits, any count of them.
__int128 decimal_value(int precision, Extreme extreme, Sequence& random) {
  const __int128 limit = power_of_ten(precision) - 1;
  if (extreme == Extreme::Low) return -limit;
  if (extreme == Extreme::High) return limit;
  const auto digits = static_cast<int>(random.below(static_cast<std::uint64_t>(precision) + 1));
  if (digits == 0) return 0;
  const unsigned __int128 bits =
      (static_cast<unsigned __int128>(random.next()) << 64) | random.next();
  const auto magnitude =
      static_cast<__int128>(bits % static_cast<unsigned __int128>(power_of_ten(digits)));
  return random.below(2) != 0 ? -magnitude : magnitude;
}

// A finite, normal float or double (SQL Server stores no NaN, infinity or subnormal), its
// exponent uniform so that tiny and huge magnitudes both appear; zero now and then.
double floating_value(bool single, Extreme extreme, Sequence& random) {
  if (single) {
    const float top = std::numeric_limits<float>::max();
    if (extreme != Extreme::Random) return extreme == Extreme::Low ? -top : top;
    if (random.below(50) == 0) return 0.0;
    const auto sign = static_cast<std::uint32_t>(random.below(2)) << 31;
    const auto exponent = static_cast<std::uint32_t>(1 + random.below(254)) << 23;
    const auto mantissa = static_cast<std::uint32_t>(random.next()) & 0x7FFFFF;
    return static_cast<double>(std::bit_cast<float>(sign | exponent | mantissa));
  }
  const double top = std::numeric_limits<double>::max();
  if (extreme != Extreme::Random) return extreme == Extreme::Low ? -top : top;
  if (random.below(50) == 0) return 0.0;
  const std::uint64_t sign = random.below(2) << 63;
  const std::uint64_t exponent = (1 + random.below(2046)) << 52;
  const std::uint64_t mantissa = random.next() & 0xFFFFFFFFFFFFFULL;
  return std::bit_cast<double>(sign | exponent | mantissa);
}

std::int64_t pick(Extreme extreme, Sequence& random, std::int64_t low, std::int64_t high) {
  if (extreme == Extreme::Low) return low;
  if (extreme == Extreme::High) return high;
  return low + static_cast<std::int64_t>(random.below(static_cast<std::uint64_t>(high - low) + 1));
}

// 100 ns ticks kept to the type's scale, as SQL Server stores time(n) and datetime2(n).
std::int64_t to_scale(std::int64_t ticks, std::uint8_t scale) {
  std::int64_t unit = 1;
  for (int i = scale; i < 7; ++i)
    unit *= 10;
  return ticks - ticks % unit;
}

void put_datetimeoffset(const SqlType& type, Extreme extreme, Sequence& random, Value& out) {
  // The wall-clock time and its offset; the value holds the UTC instant. Both the wall
  // clock and the instant must lie in years 1–9999.
  std::int64_t offset = pick(extreme, random, -kMaxOffsetMinutes, kMaxOffsetMinutes);
  const std::int64_t local_day = pick(extreme, random, 0, kLastDay);
  const std::int64_t local_ticks = to_scale(pick(extreme, random, 0, kTicksPerDay - 1), type.scale);
  std::int64_t utc = local_day * kTicksPerDay + local_ticks - offset * kTicksPerMinute;
  const std::int64_t last = static_cast<std::int64_t>(kLastDay + 1) * kTicksPerDay - 1;
  if (utc < 0 || utc > last) {
    offset = 0;
    utc = local_day * kTicksPerDay + local_ticks;
  }
  put_date_time(out, static_cast<std::int32_t>(utc / kTicksPerDay), utc % kTicksPerDay);
  out.offset_minutes = static_cast<std::int16_t>(offset);
}

char32_t code_page_character(int code_page, Sequence& random) {
  const std::uint64_t kind = random.below(100);
  if (kind < 2) {  // control characters, tab, line feed and carriage return among them
    const auto c = static_cast<char32_t>(1 + random.below(32));
    return c == 32 ? 0x7F : c;
  }
  if (kind < 60) return static_cast<char32_t>(0x20 + random.below(0x5F));
  if (code_page == 1251) {
    if (kind < 95) return static_cast<char32_t>(0x410 + random.below(64));
    return kCp1251Extras[random.below(kCp1251Extras.size())];
  }
  if (kind < 92) return static_cast<char32_t>(0xA0 + random.below(0x60));
  return kCp1252Extras[random.below(kCp1252Extras.size())];
}

// Highest character of the code page, for High values: ÿ in CP1252, я in CP1251.
char32_t top_code_page_character(int code_page) {
  return code_page == 1251 ? char32_t{0x44F} : char32_t{0xFF};
}

char32_t unicode_character(Sequence& random, bool xml_safe, bool pair_fits) {
  const std::uint64_t kind = random.below(100);
  if (kind < 35) return static_cast<char32_t>(0x20 + random.below(0x5F));
  if (kind < 37) {
    if (xml_safe) return random.below(2) != 0 ? U'\t' : U'\n';
    return static_cast<char32_t>(1 + random.below(31));
  }
  if (kind < 47) return static_cast<char32_t>(0xA0 + random.below(0x1E0));     // Latin
  if (kind < 55) return static_cast<char32_t>(0x370 + random.below(0x190));    // Greek, Cyrillic
  if (kind < 65) return static_cast<char32_t>(0x4E00 + random.below(0x5200));  // CJK
  if (kind < 75) return static_cast<char32_t>(0x800 + random.below(0xD800 - 0x800));
  if (kind < 80 || !pair_fits) {
    // U+E000–U+FFFD, without the noncharacters U+FDD0–U+FDEF.
    const auto c = static_cast<char32_t>(0xE000 + random.below(0xFFFE - 0xE000));
    return c >= 0xFDD0 && c <= 0xFDEF ? c - 0x100 : c;
  }
  if (kind < 92) return static_cast<char32_t>(0x1F300 + random.below(0x1FB00 - 0x1F300));  // emoji
  // Any supplementary code point but the two noncharacters at the end of each plane.
  auto c = static_cast<char32_t>(0x10000 + random.below(0x100000));
  if ((c & 0xFFFE) == 0xFFFE) c -= 2;
  return c;
}

// Escapes what XML text cannot hold as it is: &, < and > (so "]]>" never appears).
void append_xml_text(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      default:
        out.push_back(c);
    }
  }
}

// <m n="…"><t>…</t>…</m>: `elements` text elements of random Unicode, escaped.
void append_xml(std::string& out, std::size_t elements, std::size_t units, Sequence& random) {
  out += "<m n=\"";
  append_digits(out, random.next() >> 20, 1);
  out += "\">";
  std::string text;
  for (std::size_t i = 0; i < elements; ++i) {
    text.clear();
    append_unicode(text, 1 + random.below(units), random, true);
    out += "<t>";
    append_xml_text(out, text);
    out += "</t>";
  }
  out += "</m>";
}

bool large_type(const SqlType& type) {
  return type.length == SqlType::kMax || type.id == TypeId::Text || type.id == TypeId::NText ||
         type.id == TypeId::Image || type.id == TypeId::Xml;
}

// How many characters (UTF-16 units for the Unicode types, bytes for binaries) a value of a
// string or binary type gets; for fixed-length types the rest is padding.
std::size_t length_of(const SqlType& type, Extreme extreme, bool large, Sequence& random) {
  if (extreme == Extreme::Low) return 0;
  if (large_type(type)) {
    if (extreme == Extreme::High) {
      if (type.id == TypeId::VarBinary) return kHighVarBinaryMax;
      return type.id == TypeId::Image ? kHighImage : kHighText;
    }
    if (large) return kLargeTextMin + random.below(kLargeTextSpread);
    const bool binary = type.id == TypeId::VarBinary || type.id == TypeId::Image;
    return random.below((binary ? kShortBinaryMax : kShortTextMax) + 1);
  }
  const auto n = static_cast<std::size_t>(type.length);
  return extreme == Extreme::High ? n : random.below(n + 1);
}

void put_text(const SqlType& type, Extreme extreme, bool large, Sequence& random, Value& out) {
  reset(out);
  std::string& text = out.bytes;
  const std::size_t length = length_of(type, extreme, large, random);
  const bool unicode = is_unicode(type.id);
  if (!unicode) {
    const int page = code_page(type.collation);
    if (extreme == Extreme::High) {
      for (std::size_t i = 0; i < length; ++i)
        append_code_point(text, top_code_page_character(page));
    } else {
      append_code_page_text(text, length, page, random);
    }
  } else if (extreme == Extreme::High) {
    // The top code point, a surrogate pair, as often as it fits; a BMP top if one unit is left.
    for (std::size_t i = 0; i + 2 <= length; i += 2)
      append_code_point(text, kTopCodePoint);
    if (length % 2 != 0) append_code_point(text, 0xFFFD);
  } else {
    append_unicode(text, length, random, false);
  }
  // char(n) and nchar(n) are padded with spaces to n characters (UTF-16 units for nchar).
  if (type.id == TypeId::Char || type.id == TypeId::NChar) {
    text.append(static_cast<std::size_t>(type.length) - length, ' ');
  }
}

void put_binary(const SqlType& type, Extreme extreme, bool large, Sequence& random, Value& out) {
  reset(out);
  std::string& bytes = out.bytes;
  if (type.id == TypeId::UniqueIdentifier) {
    for (int i = 0; i < 16; ++i) {
      bytes.push_back(extreme == Extreme::Low    ? '\0'
                      : extreme == Extreme::High ? '\xff'
                                                 : static_cast<char>(random.next()));
    }
    return;
  }
  const std::size_t length = length_of(type, extreme, large, random);
  bytes.reserve(length);
  if (extreme == Extreme::High) {
    bytes.assign(length, '\xff');
  } else {
    while (bytes.size() < length) {
      const std::uint64_t word = random.next();
      const std::size_t take = std::min<std::size_t>(8, length - bytes.size());
      for (std::size_t i = 0; i < take; ++i)
        bytes.push_back(static_cast<char>(word >> (8 * i)));
    }
  }
  // binary(n) is padded with zeros to n bytes.
  if (type.id == TypeId::Binary) bytes.append(static_cast<std::size_t>(type.length) - length, '\0');
}

void put_xml(Extreme extreme, bool large, Sequence& random, Value& out) {
  reset(out);
  if (extreme == Extreme::Low) return;  // '' is a well-formed (empty) XML fragment
  if (extreme == Extreme::High || large) {
    const std::size_t target =
        extreme == Extreme::High ? 64 * 1024 : kLargeTextMin + random.below(kLargeTextSpread);
    while (out.bytes.size() < target)
      append_xml(out.bytes, 16, 64, random);
    return;
  }
  append_xml(out.bytes, 1 + random.below(3), 40, random);
}

}  // namespace

void append_unicode(std::string& out, std::size_t units, Sequence& random, bool xml_safe) {
  std::size_t used = 0;
  while (used < units) {
    const char32_t c = unicode_character(random, xml_safe, units - used >= 2);
    append_code_point(out, c);
    used += c >= 0x10000 ? 2 : 1;
  }
}

void append_code_page_text(std::string& out, std::size_t count, int code_page, Sequence& random) {
  for (std::size_t i = 0; i < count; ++i)
    append_code_point(out, code_page_character(code_page, random));
}

void put_typed(const SqlType& type, Extreme extreme, bool large, Sequence& random, Value& out) {
  switch (type.id) {
    case TypeId::Bit:
    case TypeId::TinyInt:
    case TypeId::SmallInt:
    case TypeId::Int:
    case TypeId::BigInt:
      put_integer(out, integer_value(type.id, extreme, random));
      return;
    case TypeId::Decimal:
    case TypeId::Numeric:
      put_unscaled(out, decimal_value(type.precision, extreme, random));
      return;
    case TypeId::Money:
      put_unscaled(out, integer_value(TypeId::BigInt, extreme, random));
      return;
    case TypeId::SmallMoney:
      put_unscaled(out, integer_value(TypeId::Int, extreme, random));
      return;
    case TypeId::Real:
    case TypeId::Float:
      reset(out);
      out.real = floating_value(type.id == TypeId::Real, extreme, random);
      return;
    case TypeId::Date:
      put_date(out, static_cast<std::int32_t>(pick(extreme, random, 0, kLastDay)));
      return;
    case TypeId::Time:
      reset(out);
      out.ticks = to_scale(pick(extreme, random, 0, kTicksPerDay - 1), type.scale);
      return;
    case TypeId::DateTime:
      put_date_time(out,
                    static_cast<std::int32_t>(pick(extreme, random, kDateTimeFirstDay, kLastDay)),
                    pick(extreme, random, 0, kDateTimeTicksPerDay - 1));
      return;
    case TypeId::SmallDateTime:
      put_date_time(out,
                    static_cast<std::int32_t>(
                        pick(extreme, random, kSmallDateTimeFirstDay, kSmallDateTimeLastDay)),
                    pick(extreme, random, 0, 24 * 60 - 1));
      return;
    case TypeId::DateTime2:
      put_date_time(out, static_cast<std::int32_t>(pick(extreme, random, 0, kLastDay)),
                    to_scale(pick(extreme, random, 0, kTicksPerDay - 1), type.scale));
      return;
    case TypeId::DateTimeOffset:
      put_datetimeoffset(type, extreme, random, out);
      return;
    case TypeId::Char:
    case TypeId::VarChar:
    case TypeId::Text:
    case TypeId::NChar:
    case TypeId::NVarChar:
    case TypeId::NText:
      put_text(type, extreme, large, random, out);
      return;
    case TypeId::Xml:
      put_xml(extreme, large, random, out);
      return;
    case TypeId::Binary:
    case TypeId::VarBinary:
    case TypeId::Image:
    case TypeId::UniqueIdentifier:
      put_binary(type, extreme, large, random, out);
      return;
    case TypeId::RowVersion:
    case TypeId::SqlVariant:
      break;
  }
  throw std::logic_error("put_typed: " + type_keyword(type.id) + " is made by its table");
}

}  // namespace mssql_sim::gen
