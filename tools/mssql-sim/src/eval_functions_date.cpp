// Date functions: the clock, DATEPART, DATEADD and DATEDIFF.
#include <chrono>
#include <ctime>

#include "eval_functions.h"
#include "eval_internal.h"
#include "sql_errors.h"

namespace mssql_sim::detail {

using ast::Expr;

// Now, from the system clock: local time for GETDATE, UTC for GETUTCDATE.
Clock now(bool utc) {
  const auto point = std::chrono::system_clock::now();
  const std::int64_t total =
      std::chrono::duration_cast<std::chrono::nanoseconds>(point.time_since_epoch()).count() / 100;
  const std::time_t seconds = std::chrono::system_clock::to_time_t(point);
  std::tm local{};
  localtime_r(&seconds, &local);
  const std::int64_t offset = utc ? 0 : local.tm_gmtoff;
  const std::int64_t shifted = total + offset * kTicksPerSecond;
  Clock clock;
  const std::int32_t epoch = days_from_civil(1970, 1, 1);
  clock.days = epoch + static_cast<std::int32_t>(shifted / kTicksPerDay);
  clock.ticks = shifted % kTicksPerDay;
  clock.offset_minutes = static_cast<std::int16_t>(offset / 60);
  return clock;
}

namespace {

std::string upper_name(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

// The datepart named by DATEPART's first argument (a bare word: year, yy, month…).
std::string datepart_name(const Expr& argument) {
  if (argument.kind == Expr::Kind::Column && argument.name.size() == 1) {
    const std::string word = upper_name(argument.name[0]);
    static const std::pair<const char*, const char*> kAliases[] = {
        {"YY", "YEAR"},       {"YYYY", "YEAR"},  {"QQ", "QUARTER"},     {"Q", "QUARTER"},
        {"MM", "MONTH"},      {"M", "MONTH"},    {"DY", "DAYOFYEAR"},   {"Y", "DAYOFYEAR"},
        {"DD", "DAY"},        {"D", "DAY"},      {"WK", "WEEK"},        {"WW", "WEEK"},
        {"DW", "WEEKDAY"},    {"HH", "HOUR"},    {"MI", "MINUTE"},      {"N", "MINUTE"},
        {"SS", "SECOND"},     {"S", "SECOND"},   {"MS", "MILLISECOND"}, {"MCS", "MICROSECOND"},
        {"NS", "NANOSECOND"}, {"TZ", "TZOFFSET"}};
    for (const auto& [alias, name] : kAliases) {
      if (word == alias) return name;
    }
    return word;
  }
  throw_sql_error(155,
                  "'" + (argument.name.empty() ? std::string("?") : argument.name[0]) +
                      "' is not a recognized datepart option.",
                  15, argument.line);
}

namespace {

// A date/time argument as datetime2(7) (strings read as SQL Server reads them).
TypedValue as_datetime2(const TypedValue& value) {
  SqlType type = make_type(TypeId::DateTime2);
  type.scale = 7;
  if (value.type.id == TypeId::DateTimeOffset) {
    TypedValue local = value;  // DATEPART reads the local time of a datetimeoffset
    return TypedValue{type, convert(local, type)};
  }
  return TypedValue{type, convert(value, type)};
}

}  // namespace

std::int64_t datepart(const std::string& part, const TypedValue& value) {
  const TypedValue at = as_datetime2(value);
  int year = 0;
  int month = 0;
  int day = 0;
  civil_from_days(at.value.days, year, month, day);
  const std::int64_t ticks = at.value.ticks;
  if (part == "YEAR") return year;
  if (part == "QUARTER") return (month + 2) / 3;
  if (part == "MONTH") return month;
  if (part == "DAY") return day;
  if (part == "DAYOFYEAR") return at.value.days - days_from_civil(year, 1, 1) + 1;
  // 0001-01-01 was a Monday; with DATEFIRST 7 Sunday is day 1.
  if (part == "WEEKDAY") return (at.value.days + 1) % 7 + 1;
  if (part == "WEEK") {
    const std::int32_t first = days_from_civil(year, 1, 1);
    const int first_weekday = (first + 1) % 7;
    return (at.value.days - first + first_weekday) / 7 + 1;
  }
  if (part == "HOUR") return ticks / (3600 * kTicksPerSecond);
  if (part == "MINUTE") return ticks / (60 * kTicksPerSecond) % 60;
  if (part == "SECOND") return ticks / kTicksPerSecond % 60;
  if (part == "MILLISECOND") return ticks % kTicksPerSecond / 10'000;
  if (part == "MICROSECOND") return ticks % kTicksPerSecond / 10;
  if (part == "NANOSECOND") return ticks % kTicksPerSecond * 100;
  if (part == "TZOFFSET") {
    return value.type.id == TypeId::DateTimeOffset ? value.value.offset_minutes : 0;
  }
  throw_sql_error(155, "'" + part + "' is not a recognized datepart option.", 15);
}

TypedValue date_add(const std::string& part, std::int64_t amount, const TypedValue& value) {
  TypedValue at = as_datetime2(value);
  std::int32_t days = at.value.days;
  std::int64_t ticks = at.value.ticks;
  if (part == "YEAR" || part == "QUARTER" || part == "MONTH") {
    int year = 0;
    int month = 0;
    int day = 0;
    civil_from_days(days, year, month, day);
    const std::int64_t months = amount * (part == "YEAR"      ? 12
                                          : part == "QUARTER" ? 3
                                                              : 1) +
                                (year * 12 + month - 1);
    year = static_cast<int>(months / 12);
    month = static_cast<int>(months % 12) + 1;
    while (day > 28 && !valid_civil(year, month, day))
      --day;  // clamp to the month's end
    if (!valid_civil(year, month, day)) {
      throw_sql_error(517, "Adding a value to a '" + type_keyword(value.type.id) +
                               "' column caused an overflow.");
    }
    days = days_from_civil(year, month, day);
  } else {
    std::int64_t unit = 0;
    if (part == "DAY" || part == "DAYOFYEAR" || part == "WEEKDAY") unit = kTicksPerDay;
    if (part == "WEEK") unit = 7 * kTicksPerDay;
    if (part == "HOUR") unit = 3600 * kTicksPerSecond;
    if (part == "MINUTE") unit = 60 * kTicksPerSecond;
    if (part == "SECOND") unit = kTicksPerSecond;
    if (part == "MILLISECOND") unit = 10'000;
    if (part == "MICROSECOND") unit = 10;
    if (unit == 0) throw_sql_error(155, "'" + part + "' is not a recognized datepart option.", 15);
    const __int128 total =
        static_cast<__int128>(days) * kTicksPerDay + ticks + static_cast<__int128>(amount) * unit;
    if (total < 0 || total >= static_cast<__int128>(kMaxDays + 1) * kTicksPerDay) {
      throw_sql_error(517, "Adding a value to a '" + type_keyword(value.type.id) +
                               "' column caused an overflow.");
    }
    days = static_cast<std::int32_t>(total / kTicksPerDay);
    ticks = static_cast<std::int64_t>(total % kTicksPerDay);
  }
  at.value.days = days;
  at.value.ticks = ticks;
  // The result has the argument's type (a string argument gives datetime).
  SqlType type = is_character(value.type.id) ? detail::make_type(TypeId::DateTime) : value.type;
  if (type.id == TypeId::DateTimeOffset) {
    TypedValue local{detail::make_type(TypeId::DateTime2, 0, 0, 7), at.value};
    TypedValue result{type, convert(local, type)};
    // Keep the offset: the local time moved, the offset stays.
    const std::int64_t shift =
        static_cast<std::int64_t>(value.value.offset_minutes) * 60 * kTicksPerSecond;
    std::int64_t utc = result.value.ticks - shift;
    std::int32_t utc_days = result.value.days;
    while (utc < 0) {
      utc += kTicksPerDay;
      --utc_days;
    }
    while (utc >= kTicksPerDay) {
      utc -= kTicksPerDay;
      ++utc_days;
    }
    result.value.days = utc_days;
    result.value.ticks = utc;
    result.value.offset_minutes = value.value.offset_minutes;
    return result;
  }
  return TypedValue{type, convert(at, type)};
}

std::int64_t date_diff(const std::string& part, const TypedValue& start, const TypedValue& end) {
  const TypedValue a = as_datetime2(start);
  const TypedValue b = as_datetime2(end);
  int ya = 0, ma = 0, da = 0, yb = 0, mb = 0, db = 0;
  civil_from_days(a.value.days, ya, ma, da);
  civil_from_days(b.value.days, yb, mb, db);
  if (part == "YEAR") return yb - ya;
  if (part == "QUARTER") return (yb * 4 + (mb - 1) / 3) - (ya * 4 + (ma - 1) / 3);
  if (part == "MONTH") return (yb * 12 + mb) - (ya * 12 + ma);
  if (part == "DAY" || part == "DAYOFYEAR") return b.value.days - a.value.days;
  if (part == "WEEK") return ((b.value.days + 1) / 7) - ((a.value.days + 1) / 7);
  const __int128 ta = static_cast<__int128>(a.value.days) * kTicksPerDay + a.value.ticks;
  const __int128 tb = static_cast<__int128>(b.value.days) * kTicksPerDay + b.value.ticks;
  std::int64_t unit = 0;
  if (part == "HOUR") unit = 3600 * kTicksPerSecond;
  if (part == "MINUTE") unit = 60 * kTicksPerSecond;
  if (part == "SECOND") unit = kTicksPerSecond;
  if (part == "MILLISECOND") unit = 10'000;
  if (part == "MICROSECOND") unit = 10;
  if (unit == 0) throw_sql_error(155, "'" + part + "' is not a recognized datepart option.", 15);
  // DATEDIFF counts boundaries crossed.
  const auto floor_div = [&](__int128 t) { return t >= 0 ? t / unit : (t - unit + 1) / unit; };
  const __int128 difference = floor_div(tb) - floor_div(ta);
  if (difference > 2147483647 || difference < -2147483647 - 1) {
    throw_sql_error(535,
                    "The datediff function resulted in an overflow. The number of dateparts "
                    "separating two date/time instances is too large. Try to use datediff "
                    "with a less precise datepart.");
  }
  return static_cast<std::int64_t>(difference);
}

}  // namespace mssql_sim::detail

namespace mssql_sim {

bool is_datepart_argument(const ast::Expr& call, std::size_t index) {
  if (call.kind != ast::Expr::Kind::Function || call.name.empty() || index != 0) return false;
  std::string name = call.name[0];
  for (char& c : name)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name == "DATEPART" || name == "DATENAME" || name == "DATEADD" || name == "DATEDIFF";
}

}  // namespace mssql_sim
