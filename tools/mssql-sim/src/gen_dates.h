// Calendar arithmetic for the generated tables, in value.h's representation: days since
// 0001-01-01 in the proleptic Gregorian calendar.
#pragma once

#include <cstdint>

namespace mssql_sim::gen {

struct CivilDate {
  std::int32_t year = 1;
  std::uint32_t month = 1;  //!< 1..12
  std::uint32_t day = 1;    //!< 1..31
  bool operator==(const CivilDate&) const = default;
};

//! Days from 0001-01-01 to the date. The Gregorian calendar repeats every 400 years
//! (146097 days); counting years from March puts the leap day at the end of a year.
constexpr std::int32_t days_from_civil(std::int32_t year, std::uint32_t month, std::uint32_t day) {
  const std::int32_t y = year - (month <= 2 ? 1 : 0);
  const std::int32_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int32_t year_of_era = y - era * 400;
  const std::int32_t month_from_march =
      static_cast<std::int32_t>(month > 2 ? month - 3 : month + 9);
  const std::int32_t day_of_year =
      (153 * month_from_march + 2) / 5 + static_cast<std::int32_t>(day) - 1;
  const std::int32_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  // 0000-03-01 is day 0 of era 0; 0001-01-01 comes 306 days later.
  return era * 146097 + day_of_era - 306;
}

//! The date `days` days after 0001-01-01 (the inverse of days_from_civil).
constexpr CivilDate civil_from_days(std::int32_t days) {
  const std::int32_t z = days + 306;
  const std::int32_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int32_t day_of_era = z - era * 146097;
  const std::int32_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const std::int32_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const std::int32_t month_from_march = (5 * day_of_year + 2) / 153;
  const auto day = static_cast<std::uint32_t>(day_of_year - (153 * month_from_march + 2) / 5 + 1);
  const auto month = static_cast<std::uint32_t>(month_from_march < 10 ? month_from_march + 3
                                                                      : month_from_march - 9);
  const std::int32_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  return CivilDate{year, month, day};
}

static_assert(days_from_civil(1, 1, 1) == 0);
static_assert(days_from_civil(1970, 1, 1) == 719162);
static_assert(civil_from_days(days_from_civil(2024, 2, 29)) == CivilDate{2024, 2, 29});

//! 100 ns ticks in a day (datetime2, time).
inline constexpr std::int64_t kTicksPerDay = 864'000'000'000LL;
//! 100 ns ticks in a millisecond.
inline constexpr std::int64_t kTicksPerMillisecond = 10'000;
//! datetime ticks (1/300 s) in a day.
inline constexpr std::int64_t kDateTimeTicksPerDay = 86'400LL * 300;

}  // namespace mssql_sim::gen
