// Proleptic Gregorian calendar arithmetic on day numbers, for dates the source sends as
// "days since 0001-01-01" and constants the pipeline writes as text.
#pragma once

#include <cstdint>

namespace etl::calendar {

struct CivilDate {
  std::int32_t year = 1;
  std::uint32_t month = 1;  //!< 1–12
  std::uint32_t day = 1;    //!< 1–31
};

//! Days from 1970-01-01 to a civil date (negative before). Counts 400-year eras of 146097
//! days, then years within the era from March on, so that the leap day comes last.
constexpr std::int64_t days_from_civil(CivilDate date) {
  const std::int64_t year = date.year - (date.month <= 2 ? 1 : 0);
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const std::int64_t year_of_era = year - era * 400;
  const std::int64_t month_from_march = (date.month + 9) % 12;
  const std::int64_t day_of_year = (153 * month_from_march + 2) / 5 + date.day - 1;
  const std::int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

//! The inverse of days_from_civil.
constexpr CivilDate civil_from_days(std::int64_t days) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const std::int64_t day_of_era = days - era * 146097;
  const std::int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const std::int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const std::int64_t month_from_march = (5 * day_of_year + 2) / 153;
  const auto day = static_cast<std::uint32_t>(day_of_year - (153 * month_from_march + 2) / 5 + 1);
  const auto month = static_cast<std::uint32_t>(month_from_march < 10 ? month_from_march + 3
                                                                      : month_from_march - 9);
  const auto year = static_cast<std::int32_t>(year_of_era + era * 400 + (month <= 2 ? 1 : 0));
  return {year, month, day};
}

//! 0001-01-01, day 0 of the source's day numbers, counted from 1970-01-01.
inline constexpr std::int64_t kSourceEpoch = days_from_civil({1, 1, 1});
//! 2000-01-01, PostgreSQL's day 0, counted from 1970-01-01.
inline constexpr std::int64_t kPgEpoch = days_from_civil({2000, 1, 1});

static_assert(kPgEpoch - kSourceEpoch == 730119);

//! Whether a civil date exists (month length, leap years).
constexpr bool is_valid(CivilDate date) {
  if (date.month < 1 || date.month > 12 || date.day < 1) return false;
  constexpr std::uint32_t kLengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (date.year % 4 == 0 && date.year % 100 != 0) || date.year % 400 == 0;
  const std::uint32_t length = kLengths[date.month - 1] + (date.month == 2 && leap ? 1 : 0);
  return date.day <= length;
}

}  // namespace etl::calendar
