// Date and time conversions from the source's units to PostgreSQL's, with the rules the
// transform documents (docs/type-mapping.md):
// - 100 ns ticks (time(7), datetime2(7), datetimeoffset(7)) become microseconds by dropping
//   the 7th fractional digit (floor within the day), so that a value never moves to another
//   microsecond, second or day: datetime2 '2020-01-01 23:59:59.9999999' becomes
//   2020-01-01 23:59:59.999999 and time '23:59:59.9999999' becomes 23:59:59.999999. SQL
//   Server's CAST to datetime2(6) and PostgreSQL's input of a 7-digit literal round instead,
//   which would carry such a value into the next day.
// - datetime's 1/300 s ticks become the millisecond SQL Server shows (.000, .003, .007):
//   ticks × 10/3 rounded to the nearest, so 1 tick is .003 and 2 ticks are .007.
#pragma once

#include <cstdint>

#include "calendar.h"

namespace etl::temporal {

inline constexpr std::int64_t kMicrosPerSecond = 1'000'000;
inline constexpr std::int64_t kMicrosPerDay = 86'400 * kMicrosPerSecond;

//! 100 ns ticks (never negative) to microseconds, the 7th fractional digit dropped.
constexpr std::int64_t micros_from_ticks(std::int64_t ticks) {
  return ticks / 10;
}

//! datetime's 1/300 s ticks to whole milliseconds, to the nearest (a third rounds down,
//! two thirds round up).
constexpr std::int64_t millis_from_datetime_ticks(std::int64_t ticks) {
  return (ticks * 10 + 1) / 3;
}

//! Days since 0001-01-01 to PostgreSQL's days since 2000-01-01.
constexpr std::int32_t pg_date(std::int64_t source_days) {
  return static_cast<std::int32_t>(source_days - (calendar::kPgEpoch - calendar::kSourceEpoch));
}

//! Days since 0001-01-01 plus microseconds into that day, to PostgreSQL's microseconds since
//! 2000-01-01 00:00:00. Microseconds of a whole day or more carry into the following days.
constexpr std::int64_t pg_timestamp(std::int64_t source_days, std::int64_t micros_of_day) {
  return pg_date(source_days) * kMicrosPerDay + micros_of_day;
}

//! Rounds microseconds to `precision` fractional digits (0–6) as PostgreSQL does for a
//! time or timestamp column with that precision: half away from zero.
constexpr std::int64_t round_micros(std::int64_t micros, int precision) {
  std::int64_t unit = 1;
  for (int i = precision; i < 6; ++i)
    unit *= 10;
  if (unit == 1) return micros;
  const std::int64_t half = unit / 2;
  return micros >= 0 ? (micros + half) / unit * unit : -((-micros + half) / unit * unit);
}

}  // namespace etl::temporal
