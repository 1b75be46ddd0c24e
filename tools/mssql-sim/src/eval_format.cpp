// Values as text: CAST and CONVERT styles for numbers, money, floats and dates, and
// to_text for sql_variant and messages.
#include "eval_format.h"

#include <cstdio>
#include <cstring>
#include <optional>

#include "collation.h"
#include "eval.h"
#include "eval_internal.h"

namespace mssql_sim::detail {
namespace {

constexpr const char* kMonthAbbreviations[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string two(int value) {
  char buffer[8];
  std::snprintf(buffer, sizeof(buffer), "%02d", value);
  return buffer;
}

std::string four(int value) {
  char buffer[8];
  std::snprintf(buffer, sizeof(buffer), "%04d", value);
  return buffer;
}

// A float as %g does, with SQL Server's three-digit exponent: 1.23457e+006.
std::string float_text(double value, int digits) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.*g", digits, value);
  std::string text = buffer;
  const std::size_t e = text.find('e');
  if (e != std::string::npos) {
    std::string exponent = text.substr(e + 2);
    while (exponent.size() < 3)
      exponent.insert(exponent.begin(), '0');
    text = text.substr(0, e + 2) + exponent;
  }
  return text;
}

std::string with_thousands(const std::string& number) {
  const std::size_t start = number[0] == '-' ? 1 : 0;
  std::size_t point = number.find('.');
  if (point == std::string::npos) point = number.size();
  std::string out = number.substr(point);
  std::size_t count = 0;
  for (std::size_t i = point; i > start; --i) {
    if (count > 0 && count % 3 == 0) out.insert(out.begin(), ',');
    out.insert(out.begin(), number[i - 1]);
    ++count;
  }
  return number.substr(0, start) + out;
}

// The local date and time of a date/time value and its fractional digits to show.
struct Instant {
  std::int32_t days = kDays1900;
  std::int64_t ticks = 0;
  std::int16_t offset = 0;
  int scale = 7;
  bool has_date = true;
  bool has_time = true;
  bool is_offset = false;
};

Instant instant_of(const TypedValue& value) {
  Instant instant;
  const Value& v = value.value;
  switch (value.type.id) {
    case TypeId::Date:
      instant.days = v.days;
      instant.has_time = false;
      break;
    case TypeId::Time:
      instant.ticks = v.ticks;
      instant.has_date = false;
      instant.scale = value.type.scale;
      break;
    case TypeId::DateTime:
      // Shown in whole milliseconds: 1/300 s ticks read .000, .003, .007.
      instant.days = v.days;
      instant.ticks = (v.ticks * 10 + 1) / 3 * 10'000;
      instant.scale = 3;
      break;
    case TypeId::SmallDateTime:
      instant.days = v.days;
      instant.ticks = v.ticks * 60 * kTicksPerSecond;
      instant.scale = 0;
      break;
    case TypeId::DateTimeOffset: {
      instant.is_offset = true;
      instant.offset = v.offset_minutes;
      std::int64_t local =
          v.ticks + static_cast<std::int64_t>(v.offset_minutes) * 60 * kTicksPerSecond;
      std::int32_t days = v.days;
      if (local < 0) {
        local += kTicksPerDay;
        --days;
      } else if (local >= kTicksPerDay) {
        local -= kTicksPerDay;
        ++days;
      }
      instant.days = days;
      instant.ticks = local;
      instant.scale = value.type.scale;
      break;
    }
    default:  // datetime2
      instant.days = v.days;
      instant.ticks = v.ticks;
      instant.scale = value.type.scale;
      break;
  }
  return instant;
}

std::string milliseconds(std::int64_t ticks) {
  char buffer[8];
  std::snprintf(buffer, sizeof(buffer), "%03d",
                static_cast<int>((ticks % kTicksPerSecond + 5'000) / 10'000 % 1000));
  return buffer;
}

// hh:miAM with the hour padded by a space, as styles 0 and 100 write it.
std::string clock_12(std::int64_t ticks, bool with_seconds) {
  const std::int64_t seconds = ticks / kTicksPerSecond;
  int hour = static_cast<int>(seconds / 3600);
  const char* meridian = hour < 12 ? "AM" : "PM";
  hour %= 12;
  if (hour == 0) hour = 12;
  char buffer[32];
  if (with_seconds) {
    std::snprintf(buffer, sizeof(buffer), "%2d:%02d:%02d:%s%s", hour,
                  static_cast<int>(seconds / 60 % 60), static_cast<int>(seconds % 60),
                  milliseconds(ticks).c_str(), meridian);
  } else {
    std::snprintf(buffer, sizeof(buffer), "%2d:%02d%s", hour, static_cast<int>(seconds / 60 % 60),
                  meridian);
  }
  return buffer;
}

std::string iso_fraction(const Instant& instant, int digits) {
  return time_text(instant.ticks, digits);
}

}  // namespace

std::string date_time_to_text(const TypedValue& value, std::optional<std::int32_t> style) {
  const Instant at = instant_of(value);
  int year = 1900;
  int month = 1;
  int day = 1;
  civil_from_days(at.days, year, month, day);
  const std::string mon = kMonthAbbreviations[month - 1];
  const bool legacy = value.type.id == TypeId::DateTime || value.type.id == TypeId::SmallDateTime;
  const int code = style.value_or(legacy ? 0 : 121);
  const int fraction_digits = value.type.id == TypeId::DateTime ? 3 : at.scale;
  const std::string date_iso = date_text(at.days);
  const std::string time_full = iso_fraction(at, fraction_digits);
  const std::string offset = at.is_offset ? " " + offset_text(at.offset) : "";

  const auto only_date = [&](const std::string& date) { return date; };
  const int yy = year % 100;
  switch (code) {
    case 0:
    case 100: {
      char buffer[16];
      std::snprintf(buffer, sizeof(buffer), "%s %2d %s ", mon.c_str(), day, four(year).c_str());
      if (!at.has_time) return std::string(buffer, std::strlen(buffer) - 1);
      std::string text = at.has_date ? std::string(buffer) : std::string();
      return text + clock_12(at.ticks, false);
    }
    case 9:
    case 109: {
      char buffer[16];
      std::snprintf(buffer, sizeof(buffer), "%s %2d %s ", mon.c_str(), day, four(year).c_str());
      return std::string(buffer) + clock_12(at.ticks, true);
    }
    case 1:
      return two(month) + "/" + two(day) + "/" + two(yy);
    case 101:
      return two(month) + "/" + two(day) + "/" + four(year);
    case 2:
      return two(yy) + "." + two(month) + "." + two(day);
    case 102:
      return four(year) + "." + two(month) + "." + two(day);
    case 3:
      return two(day) + "/" + two(month) + "/" + two(yy);
    case 103:
      return two(day) + "/" + two(month) + "/" + four(year);
    case 4:
      return two(day) + "." + two(month) + "." + two(yy);
    case 104:
      return two(day) + "." + two(month) + "." + four(year);
    case 5:
      return two(day) + "-" + two(month) + "-" + two(yy);
    case 105:
      return two(day) + "-" + two(month) + "-" + four(year);
    case 10:
      return two(month) + "-" + two(day) + "-" + two(yy);
    case 110:
      return two(month) + "-" + two(day) + "-" + four(year);
    case 11:
      return two(yy) + "/" + two(month) + "/" + two(day);
    case 111:
      return four(year) + "/" + two(month) + "/" + two(day);
    case 12:
      return two(yy) + two(month) + two(day);
    case 112:
      return four(year) + two(month) + two(day);
    case 8:
    case 24:
    case 108:
      return time_text(at.ticks, 0);
    case 13:
    case 113:
      return two(day) + " " + mon + " " + four(year) + " " + time_text(at.ticks, 0) + ":" +
             milliseconds(at.ticks);
    case 14:
    case 114:
      return time_text(at.ticks, 0) + ":" + milliseconds(at.ticks);
    case 20:
    case 120:
      if (!at.has_date) return time_text(at.ticks, 0);
      if (!at.has_time) return date_iso;
      return date_iso + " " + time_text(at.ticks, 0) + offset;
    case 23:
      return only_date(date_iso);
    case 126:
    case 127: {
      if (!at.has_time) return date_iso;
      std::string time = time_full;
      if (value.type.id == TypeId::DateTime && at.ticks % kTicksPerSecond == 0) {
        time = time_text(at.ticks, 0);
      }
      std::string text = at.has_date ? date_iso + "T" + time : time;
      if (at.is_offset) {
        text += code == 127 && at.offset == 0 ? "Z" : offset_text(at.offset);
      }
      return text;
    }
    default:  // 21, 25, 121 and the ISO form of the newer types
      if (!at.has_date) return time_full;
      if (!at.has_time) return date_iso;
      return date_iso + " " + time_full + offset;
  }
}

std::string number_to_text(const TypedValue& value, std::optional<std::int32_t> style) {
  const Value& v = value.value;
  const TypeId id = value.type.id;
  if (is_integer(id)) return std::to_string(v.integer);
  if (is_decimal(id)) return decimal_text(v.unscaled, value.type.scale);
  if (is_money(id)) {
    const int code = style.value_or(0);
    if (code == 2 || code == 126) return decimal_text(v.unscaled, 4);
    __int128 cents = 0;
    rescale(v.unscaled, 4, 2, cents);
    const std::string text = decimal_text(cents, 2);
    return code == 1 ? with_thousands(text) : text;
  }
  const int code = style.value_or(0);
  const int digits = code == 1 ? 8 : code == 2 ? 16 : code == 3 ? 17 : 6;
  if (id == TypeId::Real) return float_text(static_cast<float>(v.real), digits);
  return float_text(v.real, digits);
}

std::string guid_text(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string text;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text.push_back('-');
    const auto b = static_cast<unsigned char>(bytes[i]);
    text.push_back(kHex[b >> 4]);
    text.push_back(kHex[b & 15]);
  }
  return text;
}

std::string hex_text(std::string_view bytes, bool prefix) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string text = prefix ? "0x" : "";
  for (unsigned char b : bytes) {
    text.push_back(kHex[b >> 4]);
    text.push_back(kHex[b & 15]);
  }
  return text;
}

}  // namespace mssql_sim::detail

namespace mssql_sim {

std::string to_text(const TypedValue& value) {
  if (value.value.is_null) return "NULL";
  const TypeId id = value.type.id;
  if (id == TypeId::SqlVariant) {
    return value.value.variant ? to_text(*value.value.variant) : std::string("NULL");
  }
  if (is_character(id)) return value.value.bytes;
  if (detail::is_numeric_type(id)) return detail::number_to_text(value, std::nullopt);
  if (detail::is_date_or_time(id)) return detail::date_time_to_text(value, 121);
  if (id == TypeId::UniqueIdentifier) return detail::guid_text(value.value.bytes);
  return detail::hex_text(value.value.bytes, true);
}

}  // namespace mssql_sim
