#include "mssql/mssql_values.h"

#include <algorithm>
#include <cstring>

#include "identifiers.h"

namespace etl::mssql {

// ---- Pure decoders ----------------------------------------------------------------------

void append_wtf8_from_utf16le(std::string& out, std::string_view utf16le) {
  const auto* in = reinterpret_cast<const unsigned char*>(utf16le.data());
  std::size_t units = utf16le.size() / 2;
  std::size_t start = out.size();
  // At most 3 bytes per code unit (a pair: 4 bytes for 2 units); written in place, then trimmed.
  out.resize(start + units * 3 + (utf16le.size() % 2 != 0 ? 3 : 0));
  char* at = out.data() + start;
  auto put = [&](std::uint32_t byte) { *at++ = static_cast<char>(byte); };
  for (std::size_t i = 0; i < units; ++i) {
    std::uint32_t unit = in[2 * i] | (static_cast<std::uint32_t>(in[2 * i + 1]) << 8);
    if (unit < 0x80) {
      put(unit);
    } else if (unit < 0x800) {
      put(0xC0 | (unit >> 6));
      put(0x80 | (unit & 0x3F));
    } else {
      if (unit >= 0xD800 && unit <= 0xDBFF && i + 1 < units) {
        std::uint32_t low = in[2 * i + 2] | (static_cast<std::uint32_t>(in[2 * i + 3]) << 8);
        if (low >= 0xDC00 && low <= 0xDFFF) {
          std::uint32_t code_point = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
          put(0xF0 | (code_point >> 18));
          put(0x80 | ((code_point >> 12) & 0x3F));
          put(0x80 | ((code_point >> 6) & 0x3F));
          put(0x80 | (code_point & 0x3F));
          ++i;
          continue;
        }
      }
      // Any other unit, a lone surrogate included, takes 3 bytes.
      put(0xE0 | (unit >> 12));
      put(0x80 | ((unit >> 6) & 0x3F));
      put(0x80 | (unit & 0x3F));
    }
  }
  if (utf16le.size() % 2 != 0) {
    put(0xEF);
    put(0xBF);
    put(0xBD);
  }
  out.resize(static_cast<std::size_t>(at - out.data()));
}

bool is_unicode(SourceType type) {
  return type == SourceType::NChar || type == SourceType::NVarChar || type == SourceType::NText;
}

bool arrives_as_utf16(SourceType type) {
  return is_unicode(type) || type == SourceType::Variant;
}

std::string variant_text_sql(const std::string& quoted_column) {
  // A CAST to nvarchar writes date, time, datetime2 and datetimeoffset in style 121 (ISO,
  // with the value's own fractional digits) and every integer, decimal, string and GUID in
  // full. The other base types need a style: datetime and smalldatetime default to
  // 'May 31 2024 12:00AM', money to two decimals, float and real to six digits, and binary
  // would be reinterpreted as characters instead of written as 0x… hex.
  struct Rendering {
    const char* base_types;  //!< the IN list of SQL_VARIANT_PROPERTY(…, 'BaseType')
    const char* as_type;     //!< what the value is cast to before CONVERT
    int style;
  };
  static constexpr Rendering kRenderings[] = {
      {"'datetime'", "datetime", 121},
      {"'smalldatetime'", "smalldatetime", 120},
      {"'money', 'smallmoney'", "money", 2},
      {"'float'", "float", 3},
      {"'real'", "real", 3},
      {"'binary', 'varbinary'", "varbinary(8000)", 1},
  };
  const std::string& c = quoted_column;
  const std::string base = "CAST(SQL_VARIANT_PROPERTY(" + c + ", 'BaseType') AS nvarchar(128))";
  std::string sql = "CAST(CASE";
  for (const Rendering& r : kRenderings) {
    sql += " WHEN " + base + " IN (" + r.base_types + ") THEN CONVERT(nvarchar(max), CAST(" + c +
           " AS " + r.as_type + "), " + std::to_string(r.style) + ")";
  }
  return sql + " ELSE CAST(" + c + " AS nvarchar(max)) END AS varbinary(max))";
}

std::size_t numeric_magnitude_bytes(int precision) {
  // The fewest bytes whose range holds every number of `precision` digits (10^p − 1);
  // the same sizes the TDS wire and ct-lib use.
  precision = std::clamp(precision, 1, 38);
  unsigned __int128 largest = 1;
  for (int i = 0; i < precision; ++i)
    largest *= 10;
  largest -= 1;
  std::size_t bytes = 1;
  while (bytes < 16 && (largest >> (8 * bytes)) != 0)
    ++bytes;
  return bytes;
}

__int128 decode_numeric(const CS_NUMERIC& value) {
  std::size_t bytes = numeric_magnitude_bytes(value.precision);
  unsigned __int128 magnitude = 0;
  for (std::size_t i = 1; i <= bytes; ++i)
    magnitude = (magnitude << 8) | value.array[i];
  auto signed_value = static_cast<__int128>(magnitude);
  return value.array[0] == 1 ? -signed_value : signed_value;
}

CS_NUMERIC encode_numeric(__int128 unscaled, int precision, int scale) {
  CS_NUMERIC value{};
  value.precision = static_cast<unsigned char>(std::clamp(precision, 1, 38));
  value.scale = static_cast<unsigned char>(std::clamp(scale, 0, 38));
  value.array[0] = unscaled < 0 ? 1 : 0;
  unsigned __int128 magnitude = unscaled < 0 ? -static_cast<unsigned __int128>(unscaled)
                                             : static_cast<unsigned __int128>(unscaled);
  std::size_t bytes = numeric_magnitude_bytes(value.precision);
  for (std::size_t i = bytes; i >= 1; --i) {
    value.array[i] = static_cast<unsigned char>(magnitude & 0xFF);
    magnitude >>= 8;
  }
  return value;
}

std::int64_t decode_money(const CS_MONEY& value) {
  auto high = static_cast<std::uint64_t>(static_cast<std::uint32_t>(value.mnyhigh));
  return static_cast<std::int64_t>((high << 32) | value.mnylow);
}

std::int64_t decode_money4(const CS_MONEY4& value) {
  return value.mny4;
}

CS_MONEY encode_money(std::int64_t scaled) {
  CS_MONEY value{};
  auto bits = static_cast<std::uint64_t>(scaled);
  value.mnyhigh = static_cast<CS_INT>(static_cast<std::int32_t>(bits >> 32));
  value.mnylow = static_cast<CS_UINT>(bits & 0xFFFFFFFFu);
  return value;
}

void guid_to_text_order(const unsigned char* wire, unsigned char* text_order) {
  static constexpr int kOrder[16] = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
  for (int i = 0; i < 16; ++i)
    text_order[i] = wire[kOrder[i]];
}

void guid_to_wire_order(const unsigned char* text_order, unsigned char* wire) {
  // The permutation swaps within groups, so it is its own inverse.
  guid_to_text_order(text_order, wire);
}

std::int64_t exact_ticks(std::int64_t approx_ticks, std::int64_t fraction_ns) {
  std::int64_t fraction = fraction_ns / 100;
  std::int64_t distance =
      ((approx_ticks - fraction) % kTicksPerSecond + kTicksPerSecond) % kTicksPerSecond;
  std::int64_t below = approx_ticks - distance;
  std::int64_t above = below + kTicksPerSecond;
  return approx_ticks - below <= above - approx_ticks ? below : above;
}

CivilDate civil_from_days(std::int64_t days_since_0001) {
  // Days since 0000-03-01 in 400-year eras (146097 days), the usual civil-calendar method.
  std::int64_t z = days_since_0001 + 306;  // 0000-03-01 → 0001-01-01 is 306 days
  std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  auto day_of_era = static_cast<std::uint32_t>(z - era * 146097);
  std::uint32_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  std::uint32_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  std::uint32_t mp = (5 * day_of_year + 2) / 153;
  std::uint32_t day = day_of_year - (153 * mp + 2) / 5 + 1;
  std::uint32_t month = mp < 10 ? mp + 3 : mp - 9;
  auto year = static_cast<std::int32_t>(year_of_era + era * 400 + (month <= 2 ? 1 : 0));
  return {year, month, day};
}

namespace {

std::string two(std::uint32_t value) {
  return {static_cast<char>('0' + value / 10 % 10), static_cast<char>('0' + value % 10)};
}

}  // namespace

std::string format_date(std::int64_t days_since_0001) {
  CivilDate date = civil_from_days(days_since_0001);
  std::string year = std::to_string(date.year);
  if (year.size() < 4) year.insert(0, 4 - year.size(), '0');
  return year + "-" + two(date.month) + "-" + two(date.day);
}

std::string format_time(std::int64_t ticks, int digits) {
  std::int64_t seconds = ticks / kTicksPerSecond;
  std::int64_t fraction = ticks % kTicksPerSecond;
  std::string text = two(static_cast<std::uint32_t>(seconds / 3600)) + ":" +
                     two(static_cast<std::uint32_t>(seconds / 60 % 60)) + ":" +
                     two(static_cast<std::uint32_t>(seconds % 60));
  if (digits > 0) {
    std::string all = std::to_string(fraction);
    all.insert(0, 7 - all.size(), '0');
    text += "." + all.substr(0, static_cast<std::size_t>(std::min(digits, 7)));
  }
  return text;
}

namespace {

std::string decimal_text(__int128 unscaled, int scale) {
  bool negative = unscaled < 0;
  unsigned __int128 magnitude = negative ? -static_cast<unsigned __int128>(unscaled)
                                         : static_cast<unsigned __int128>(unscaled);
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(magnitude % 10)));
    magnitude /= 10;
  } while (magnitude != 0);
  if (scale > 0) {
    if (digits.size() <= static_cast<std::size_t>(scale))
      digits.insert(0, static_cast<std::size_t>(scale) + 1 - digits.size(), '0');
    digits.insert(digits.size() - static_cast<std::size_t>(scale), ".");
  }
  return negative ? "-" + digits : digits;
}

std::string hex_text(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string text = "0x";
  for (unsigned char byte : bytes) {
    text += kHex[byte >> 4];
    text += kHex[byte & 0x0F];
  }
  return text;
}

std::string guid_text(std::string_view bytes) {
  std::string hex = hex_text(bytes).substr(2);
  if (hex.size() != 32) return hex;
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

std::string offset_text(std::int16_t minutes) {
  char sign = minutes < 0 ? '-' : '+';
  auto magnitude = static_cast<std::uint32_t>(minutes < 0 ? -minutes : minutes);
  return std::string(1, sign) + two(magnitude / 60) + ":" + two(magnitude % 60);
}

}  // namespace

std::string value_text(const ColumnValues& values, std::size_t row, const SourceColumn& column) {
  if (values.nulls[row] != 0) return "NULL";
  switch (column.type) {
    case SourceType::Bit:
    case SourceType::TinyInt:
    case SourceType::SmallInt:
    case SourceType::Int:
    case SourceType::BigInt:
      return std::to_string(values.integers[row]);
    case SourceType::Money:
    case SourceType::SmallMoney:
      return decimal_text(values.integers[row], 4);
    case SourceType::Decimal:
      return decimal_text(values.decimals[row], column.scale);
    case SourceType::Real:
    case SourceType::Float: {
      char buffer[32];
      std::snprintf(buffer, sizeof(buffer), "%.17g", values.reals[row]);
      return buffer;
    }
    case SourceType::Date:
      return format_date(values.integers[row]);
    case SourceType::Time:
      return format_time(values.ticks[row], 7);
    case SourceType::DateTime:
      // 1/300 s ticks shown as the 100 ns value they stand for (exact to 7 digits is not
      // needed in messages; the transform does the exact conversion).
      return format_date(values.integers[row]) + " " +
             format_time(values.ticks[row] * kTicksPerSecond / 300, 7);
    case SourceType::SmallDateTime:
      return format_date(values.integers[row]) + " " +
             format_time(values.ticks[row] * 60 * kTicksPerSecond, 0);
    case SourceType::DateTime2:
      return format_date(values.integers[row]) + " " + format_time(values.ticks[row], 7);
    case SourceType::DateTimeOffset:
      return format_date(values.integers[row]) + " " + format_time(values.ticks[row], 7) +
             " +00:00";
    case SourceType::UniqueIdentifier:
      return guid_text(values.bytes_at(row));
    case SourceType::Binary:
    case SourceType::VarBinary:
    case SourceType::Image:
    case SourceType::RowVersion:
      return hex_text(values.bytes_at(row));
    default:
      return std::string(values.bytes_at(row));
  }
}

void reset_values(ColumnValues& values) {
  values.nulls.clear();
  values.integers.clear();
  values.ticks.clear();
  values.offsets.clear();
  values.decimals.clear();
  values.reals.clear();
  values.bytes.clear();
  values.ends.clear();
}

// ---- Select plan ------------------------------------------------------------------------

namespace {

bool is_large(const SourceColumn& column) {
  switch (column.type) {
    // Known shortcoming: a sql_variant is read as nvarchar(max), one row per fetch, because its
    // text can exceed 4,000 characters (binary as hex: 16,002); such tables read slower.
    case SourceType::Variant:
    case SourceType::Text:
    case SourceType::NText:
    case SourceType::Image:
    case SourceType::Xml:
      return true;
    case SourceType::VarChar:
    case SourceType::NVarChar:
    case SourceType::VarBinary:
      return column.length < 0;
    default:
      return false;
  }
}

}  // namespace

SelectPlan plan_select(const SourceTable& table) {
  SelectPlan plan;
  std::vector<SelectItem> large;
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    const SourceColumn& column = table.columns[i];
    std::string name = quote_mssql_identifier(column.name);
    if (is_large(column)) {
      // DATALENGTH tells NULL from empty, which ct_get_data cannot.
      plan.items.push_back({"DATALENGTH(" + name + ")", i, SelectItem::Role::NullProbe});
      std::string sql = name;
      if (column.type == SourceType::Variant) {
        sql = variant_text_sql(name);
      } else if (is_unicode(column.type)) {
        sql = "CAST(" + name + " AS varbinary(max))";
      }
      large.push_back({sql, i, SelectItem::Role::LargeValue});
      continue;
    }
    if (is_unicode(column.type)) {
      // The UTF-16LE bytes as stored (2 per code unit), decoded by the driver.
      std::int64_t bytes = std::clamp<std::int64_t>(2 * std::int64_t{column.length}, 1, 8000);
      plan.items.push_back({"CAST(" + name + " AS varbinary(" + std::to_string(bytes) + "))", i,
                            SelectItem::Role::Value});
      continue;
    }
    plan.items.push_back({name, i, SelectItem::Role::Value});
    // ct-lib hands datetime2, time and datetimeoffset over as µs (CS_BIGTIME/CS_BIGDATETIME),
    // dropping the 7th fractional digit and, for datetimeoffset, the offset (it returns
    // UTC). Rather than parse server-formatted strings, whose shape depends on the style
    // and the scale, the two lost parts come as integers beside the binary value.
    bool seven_digits = column.scale > 6;
    if ((column.type == SourceType::Time || column.type == SourceType::DateTime2 ||
         column.type == SourceType::DateTimeOffset) &&
        seven_digits)
      plan.items.push_back(
          {"DATEPART(nanosecond, " + name + ")", i, SelectItem::Role::Nanoseconds});
    if (column.type == SourceType::DateTimeOffset)
      plan.items.push_back({"DATEPART(tz, " + name + ")", i, SelectItem::Role::Offset});
  }
  plan.large_columns = !large.empty();
  plan.items.insert(plan.items.end(), large.begin(), large.end());
  return plan;
}

std::string SelectPlan::select_list() const {
  std::string list;
  for (const SelectItem& item : items) {
    if (!list.empty()) list += ", ";
    list += item.sql;
  }
  return list;
}

}  // namespace etl::mssql
