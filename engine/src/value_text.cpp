#include "value_text.h"

#include <fmt/format.h>

#include "calendar.h"
#include "utf8.h"

namespace etl {
namespace {

constexpr char kHex[] = "0123456789ABCDEF";

std::string render_date(std::int64_t source_days) {
  const calendar::CivilDate date = calendar::civil_from_days(source_days + calendar::kSourceEpoch);
  return fmt::format("{:04}-{:02}-{:02}", date.year, date.month, date.day);
}

// Time of day from units since midnight with `digits` fractional digits per second unit.
std::string render_time(std::int64_t units, std::int64_t units_per_second, int digits) {
  const std::int64_t seconds = units / units_per_second;
  std::string text =
      fmt::format("{:02}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60);
  if (digits > 0) text += fmt::format(".{:0{}}", units % units_per_second, digits);
  return text;
}

std::string render_offset(std::int16_t minutes) {
  const char sign = minutes < 0 ? '-' : '+';
  const int magnitude = minutes < 0 ? -minutes : minutes;
  return fmt::format(" {}{:02}:{:02}", sign, magnitude / 60, magnitude % 60);
}

std::string render_hex(std::string_view bytes) {
  std::string text = "0x";
  for (unsigned char byte : bytes) {
    text += kHex[byte >> 4];
    text += kHex[byte & 0xF];
  }
  return text;
}

std::string render_uuid(std::string_view bytes) {
  if (bytes.size() != 16) return render_hex(bytes);
  std::string text;
  for (std::size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text += '-';
    text += kHex[static_cast<unsigned char>(bytes[i]) >> 4];
    text += kHex[static_cast<unsigned char>(bytes[i]) & 0xF];
  }
  return text;
}

}  // namespace

std::string escape_text(std::string_view text, std::size_t max_bytes) {
  std::string out;
  const std::size_t shown = std::min(text.size(), max_bytes);
  out.reserve(shown + 16);
  for (std::size_t at = 0; at < shown;) {
    const utf8::Decoded unit = utf8::decode(text, at);
    switch (unit.unit) {
      case utf8::Unit::Valid:
        if (unit.code_point == '\\') {
          out += "\\\\";
        } else if (unit.code_point < 0x20 || unit.code_point == 0x7F) {
          out += fmt::format("\\u{:04X}", static_cast<std::uint32_t>(unit.code_point));
        } else {
          out.append(text.substr(at, unit.size));
        }
        break;
      case utf8::Unit::Nul:
      case utf8::Unit::Surrogate:
        out += fmt::format("\\u{:04X}", static_cast<std::uint32_t>(unit.code_point));
        break;
      case utf8::Unit::Invalid:
        out += fmt::format("\\x{:02X}", static_cast<std::uint32_t>(unit.code_point));
        break;
    }
    at += unit.size;
  }
  if (shown < text.size()) out += fmt::format("… ({} bytes in all)", text.size());
  return out;
}

std::string render_decimal(__int128 unscaled, int scale) {
  const bool negative = unscaled < 0;
  unsigned __int128 magnitude =
      negative ? static_cast<unsigned __int128>(0) - static_cast<unsigned __int128>(unscaled)
               : static_cast<unsigned __int128>(unscaled);
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(magnitude % 10)));
    magnitude /= 10;
  } while (magnitude != 0);
  if (scale > 0) {
    if (digits.size() <= static_cast<std::size_t>(scale)) {
      digits.insert(0, static_cast<std::size_t>(scale) + 1 - digits.size(), '0');
    }
    digits.insert(digits.size() - static_cast<std::size_t>(scale), 1, '.');
  }
  return negative ? "-" + digits : digits;
}

std::string render_source_value(const SourceColumn& column, const ColumnValues& values,
                                std::size_t row) {
  if (values.nulls[row] != 0) return "NULL";

  constexpr std::int64_t kTicksPerSecond = 10'000'000;  // 100 ns units
  switch (column.type) {
    case SourceType::Bit:
    case SourceType::TinyInt:
    case SourceType::SmallInt:
    case SourceType::Int:
    case SourceType::BigInt:
      return std::to_string(values.integers[row]);
    case SourceType::Money:
    case SourceType::SmallMoney:
      return render_decimal(values.integers[row], 4);
    case SourceType::Decimal:
      return render_decimal(values.decimals[row], column.scale);
    case SourceType::Real:
      return fmt::format("{}", static_cast<float>(values.reals[row]));
    case SourceType::Float:
      return fmt::format("{}", values.reals[row]);
    case SourceType::Date:
      return render_date(values.integers[row]);
    case SourceType::Time:
      return render_time(values.ticks[row], kTicksPerSecond, 7);
    case SourceType::DateTime:
      // As SQL Server shows a datetime: 1/300 s ticks rounded to milliseconds.
      return render_date(values.integers[row]) + " " +
             render_time((values.ticks[row] * 10 + 1) / 3, 1000, 3);
    case SourceType::SmallDateTime:
      return render_date(values.integers[row]) + " " + render_time(values.ticks[row] * 60, 1, 0);
    case SourceType::DateTime2:
      return render_date(values.integers[row]) + " " +
             render_time(values.ticks[row], kTicksPerSecond, 7);
    case SourceType::DateTimeOffset:
      return render_date(values.integers[row]) + " " +
             render_time(values.ticks[row], kTicksPerSecond, 7) + " UTC (offset" +
             render_offset(values.offsets[row]) + ")";
    case SourceType::Binary:
    case SourceType::VarBinary:
    case SourceType::Image:
    case SourceType::RowVersion:
      return render_hex(values.bytes_at(row).substr(0, 512));
    case SourceType::UniqueIdentifier:
      return render_uuid(values.bytes_at(row));
    default:
      return escape_text(values.bytes_at(row));
  }
}

}  // namespace etl
