// Conversions to the date and time types: strings SQL Server accepts, the other date/time
// types, and numbers as days since 1900 for datetime; each rounded as its target keeps it.
#include <cmath>

#include "eval_convert_internal.h"
#include "eval_internal.h"
#include "sql_errors.h"

namespace mssql_sim::detail {
namespace {

// A date/time source as local days and 100 ns ticks, with its offset if it has one.
struct Moment {
  std::int32_t days = kDays1900;
  std::int64_t ticks = 0;
  std::int16_t offset = 0;
  bool has_offset = false;
  bool has_date = true;
  int fraction_digits = 7;  // digits written in a string; datetime accepts three
};

Moment moment_of(const TypedValue& from, const SqlType& to) {
  const Value& v = from.value;
  Moment moment;
  switch (from.type.id) {
    case TypeId::Date:
      moment.days = v.days;
      return moment;
    case TypeId::Time:
      moment.ticks = v.ticks;
      moment.has_date = false;
      return moment;
    case TypeId::DateTime:
      moment.days = v.days;
      moment.ticks = (v.ticks * 200'000 + 3) / 6;
      moment.fraction_digits = 3;
      return moment;
    case TypeId::SmallDateTime:
      moment.days = v.days;
      moment.ticks = v.ticks * 60 * kTicksPerSecond;
      return moment;
    case TypeId::DateTime2:
      moment.days = v.days;
      moment.ticks = v.ticks;
      return moment;
    case TypeId::DateTimeOffset: {
      moment.has_offset = true;
      moment.offset = v.offset_minutes;
      std::int64_t local =
          v.ticks + static_cast<std::int64_t>(v.offset_minutes) * 60 * kTicksPerSecond;
      moment.days = v.days;
      if (local < 0) {
        local += kTicksPerDay;
        --moment.days;
      } else if (local >= kTicksPerDay) {
        local -= kTicksPerDay;
        ++moment.days;
      }
      moment.ticks = local;
      return moment;
    }
    default:
      break;
  }
  if (is_character(from.type.id)) {
    DateTimeText parsed;
    if (!parse_date_time_text(from.value.bytes, parsed)) {
      throw_sql_error(241,
                      "Conversion failed when converting date and/or time from character "
                      "string.");
    }
    moment.days = parsed.days;
    moment.ticks = parsed.ticks;
    moment.has_offset = parsed.has_offset;
    moment.offset = parsed.offset_minutes;
    moment.fraction_digits = parsed.fraction_digits;
    if ((to.id == TypeId::DateTime || to.id == TypeId::SmallDateTime) &&
        parsed.fraction_digits > 3) {
      throw_sql_error(241,
                      "Conversion failed when converting date and/or time from character "
                      "string.");
    }
    return moment;
  }
  if ((to.id == TypeId::DateTime || to.id == TypeId::SmallDateTime) &&
      (is_integer(from.type.id) || is_decimal(from.type.id) || is_money(from.type.id) ||
       is_approximate(from.type.id))) {
    // Numbers are days since 1900-01-01, the fraction a part of a day.
    const double days = to_approximate(from, detail::make_type(TypeId::Float)).real;
    const double whole = std::floor(days);
    moment.days = kDays1900 + static_cast<std::int32_t>(whole);
    moment.ticks =
        static_cast<std::int64_t>(std::llround((days - whole) * 86400.0 * 1000)) * 10'000;
    return moment;
  }
  not_allowed(from.type, to);
}

[[noreturn]] void out_of_range(const TypedValue& from, const SqlType& to) {
  throw_sql_error(242, "The conversion of a " + type_keyword(from.type.id) + " data type to a " +
                           type_keyword(to.id) + " data type resulted in an out-of-range value.");
}

}  // namespace

Value to_date_time(const TypedValue& from, const SqlType& to) {
  Moment m = moment_of(from, to);
  const bool from_string = is_character(from.type.id);
  // A time-only string or time value dates from 1900-01-01.
  switch (to.id) {
    case TypeId::Date:
      if (!m.has_date && !from_string) not_allowed(from.type, to);
      return Value::of_date(m.days);
    case TypeId::Time:
      if (from.type.id == TypeId::Date) not_allowed(from.type, to);
      return Value::of_time(round_ticks(m.ticks, to.scale) % kTicksPerDay);
    case TypeId::DateTime:
    case TypeId::SmallDateTime: {
      std::int64_t t300 = (m.ticks * 3 + 50'000) / 100'000;
      std::int32_t days = m.days;
      if (t300 >= 300LL * 86400) {
        t300 -= 300LL * 86400;
        ++days;
      }
      if (to.id == TypeId::DateTime) {
        if (days < kDays1753 || days > kMaxDays) out_of_range(from, to);
        return Value::of_datetime(days, t300);
      }
      std::int64_t minutes = (t300 + 9'000) / 18'000;
      if (minutes >= 1440) {
        minutes -= 1440;
        ++days;
      }
      if (days < kDays1900 || days > days_from_civil(2079, 6, 6)) out_of_range(from, to);
      return Value::of_datetime(days, minutes);
    }
    case TypeId::DateTime2:
    case TypeId::DateTimeOffset: {
      std::int64_t ticks = round_ticks(m.ticks, to.scale);
      std::int32_t days = m.days;
      if (ticks >= kTicksPerDay) {
        ticks -= kTicksPerDay;
        ++days;
      }
      if (days > kMaxDays) out_of_range(from, to);
      if (to.id == TypeId::DateTime2) return Value::of_datetime(days, ticks);
      // Stored in UTC with the offset as written.
      std::int64_t utc = ticks - static_cast<std::int64_t>(m.offset) * 60 * kTicksPerSecond;
      if (utc < 0) {
        utc += kTicksPerDay;
        --days;
      } else if (utc >= kTicksPerDay) {
        utc -= kTicksPerDay;
        ++days;
      }
      if (days < 0 || days > kMaxDays) out_of_range(from, to);
      Value value = Value::of_datetime(days, utc);
      value.offset_minutes = m.offset;
      return value;
    }
    default:
      not_allowed(from.type, to);
  }
}

}  // namespace mssql_sim::detail
