// The calendar and the date/time strings SQL Server reads and writes.
#include <array>
#include <cctype>
#include <cstdio>
#include <vector>

#include "eval_internal.h"

namespace mssql_sim::detail {
namespace {

// Days from 1970-01-01 of a proleptic Gregorian date (era arithmetic on 400-year cycles).
std::int64_t days_from_epoch(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

const std::int64_t kEpochOfYearOne = days_from_epoch(1, 1, 1);

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

constexpr std::array<std::string_view, 12> kMonths = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};

// 1–12 for a month name or its first three letters, 0 otherwise.
int month_number(std::string_view word) {
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (iequals(word, kMonths[i]) || iequals(word, kMonths[i].substr(0, 3))) {
      return static_cast<int>(i) + 1;
    }
  }
  return 0;
}

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

int number(std::string_view digits) {
  int value = 0;
  for (char c : digits)
    value = value * 10 + (c - '0');
  return value;
}

// Two-digit years: 0–49 are 2000–2049, 50–99 are 1950–1999 (the default cutoff, 2049).
int full_year(std::string_view digits) {
  const int value = number(digits);
  if (digits.size() > 2) return value;
  return value < 50 ? 2000 + value : 1900 + value;
}

std::vector<std::string_view> split_on(std::string_view text, std::string_view separators) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || separators.find(text[i]) != std::string_view::npos) {
      parts.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

bool parse_offset(std::string_view text, DateTimeText& out) {
  if (iequals(text, "z")) {
    out.has_offset = true;
    out.offset_minutes = 0;
    return true;
  }
  if (text.size() < 2 || (text[0] != '+' && text[0] != '-')) return false;
  const auto parts = split_on(text.substr(1), ":");
  if (parts.size() != 2 || !all_digits(parts[0]) || !all_digits(parts[1]) || parts[0].size() > 2 ||
      parts[1].size() > 2) {
    return false;
  }
  const int hours = number(parts[0]);
  const int minutes = number(parts[1]);
  if (hours > 14 || minutes > 59 || hours * 60 + minutes > 840) return false;
  out.has_offset = true;
  out.offset_minutes =
      static_cast<std::int16_t>((text[0] == '-' ? -1 : 1) * (hours * 60 + minutes));
  return true;
}

// hh:mm[:ss[.fffffff|:mmm]] with an optional AM/PM already split off.
bool parse_time(std::string_view text, int meridian, DateTimeText& out) {
  std::string_view fraction;
  bool milliseconds = false;
  const std::size_t point = text.find('.');
  if (point != std::string_view::npos) {
    fraction = text.substr(point + 1);
    text = text.substr(0, point);
    if (!fraction.empty() && !all_digits(fraction)) return false;
  }
  auto parts = split_on(text, ":");
  if (parts.size() == 4 && point == std::string_view::npos) {
    fraction = parts[3];
    milliseconds = true;
    parts.pop_back();
  }
  if (parts.empty() || parts.size() > 3) return false;
  for (std::string_view part : parts) {
    if (!all_digits(part) || part.size() > 2) return false;
  }
  if (parts.size() == 1 && meridian == 0) return false;
  int hour = number(parts[0]);
  const int minute = parts.size() > 1 ? number(parts[1]) : 0;
  const int second = parts.size() > 2 ? number(parts[2]) : 0;
  if (meridian != 0) {
    if (hour > 12) return false;
    if (hour == 12) hour = 0;
    if (meridian == 2) hour += 12;
  }
  if (hour > 23 || minute > 59 || second > 59) return false;
  std::int64_t fraction_ticks = 0;
  if (milliseconds) {
    if (!all_digits(fraction) || fraction.size() > 3) return false;
    fraction_ticks = static_cast<std::int64_t>(number(fraction)) * 10'000;
    out.fraction_digits = 3;
  } else {
    if (fraction.size() > 7) return false;
    for (std::size_t i = 0; i < 7; ++i) {
      fraction_ticks = fraction_ticks * 10 + (i < fraction.size() ? fraction[i] - '0' : 0);
    }
    out.fraction_digits = static_cast<int>(fraction.size());
  }
  out.ticks = (static_cast<std::int64_t>(hour) * 3600 + minute * 60 + second) * kTicksPerSecond +
              fraction_ticks;
  out.has_time = true;
  return true;
}

bool set_date(int year, int month, int day, DateTimeText& out) {
  if (!valid_civil(year, month, day)) return false;
  out.days = days_from_civil(year, month, day);
  out.has_date = true;
  return true;
}

// The date words: one numeric chunk ('1962/2/18', '20040224') or words with a month name.
bool parse_date(const std::vector<std::string_view>& words, DateTimeText& out) {
  if (words.size() == 1 && month_number(words[0]) == 0) {
    const std::string_view word = words[0];
    if (all_digits(word)) {
      if (word.size() == 8) {
        return set_date(number(word.substr(0, 4)), number(word.substr(4, 2)),
                        number(word.substr(6, 2)), out);
      }
      if (word.size() == 6) {
        return set_date(full_year(word.substr(0, 2)), number(word.substr(2, 2)),
                        number(word.substr(4, 2)), out);
      }
      if (word.size() == 4) return set_date(number(word), 1, 1, out);
      return false;
    }
    const auto parts = split_on(word, "/-.");
    if (parts.size() != 3) return false;
    for (std::string_view part : parts) {
      if (!all_digits(part)) return false;
    }
    if (parts[0].size() == 4) {  // y/m/d with a four-digit year first
      if (parts[1].size() > 2 || parts[2].size() > 2) return false;
      return set_date(number(parts[0]), number(parts[1]), number(parts[2]), out);
    }
    if (parts[0].size() > 2 || parts[1].size() > 2 ||
        (parts[2].size() != 2 && parts[2].size() != 4)) {
      return false;
    }
    return set_date(full_year(parts[2]), number(parts[0]), number(parts[1]), out);
  }
  // Alphabetic month: 'Feb 18 1962', '18 February, 1962', '1962 Feb 18'.
  int month = 0;
  std::vector<std::string_view> numbers;
  for (std::string_view word : words) {
    while (!word.empty() && word.back() == ',')
      word.remove_suffix(1);
    if (word.empty()) continue;
    if (const int m = month_number(word); m != 0 && month == 0) {
      month = m;
    } else if (all_digits(word)) {
      numbers.push_back(word);
    } else {
      return false;
    }
  }
  if (month == 0 || numbers.empty() || numbers.size() > 2) return false;
  if (numbers.size() == 1) {
    if (numbers[0].size() != 4) return false;
    return set_date(number(numbers[0]), month, 1, out);
  }
  if (numbers[0].size() == 4) return set_date(number(numbers[0]), month, number(numbers[1]), out);
  if (numbers[1].size() > 2 && numbers[0].size() <= 2) {
    return set_date(number(numbers[1]), month, number(numbers[0]), out);
  }
  return set_date(full_year(numbers[1]), month, number(numbers[0]), out);
}

}  // namespace

std::int32_t days_from_civil(int year, int month, int day) {
  return static_cast<std::int32_t>(
      days_from_epoch(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) -
      kEpochOfYearOne);
}

void civil_from_days(std::int32_t days, int& year, int& month, int& day) {
  const std::int64_t z = days + kEpochOfYearOne + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  year = static_cast<int>(yoe + era * 400 + (month <= 2));
}

bool valid_civil(int year, int month, int day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int kLengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kLengths[month - 1] + (month == 2 && leap ? 1 : 0);
}

std::int64_t round_ticks(std::int64_t ticks, int scale) {
  if (scale >= 7) return ticks;
  std::int64_t unit = 1;
  for (int i = scale; i < 7; ++i)
    unit *= 10;
  return (ticks + unit / 2) / unit * unit;
}

// Known shortcoming: the session's DATEFORMAT and LANGUAGE are taken as mdy and us_english;
// SET DATEFORMAT dmy does not change how '1/2/2003' reads.
bool parse_date_time_text(std::string_view text, DateTimeText& out) {
  out = DateTimeText{};
  text = trim_spaces(text);
  if (text.empty()) return false;
  // ISO 8601: the 'T' between date and time becomes a space.
  std::string normalized(text);
  for (std::size_t i = 1; i + 1 < normalized.size(); ++i) {
    if ((normalized[i] == 'T' || normalized[i] == 't') &&
        std::isdigit(static_cast<unsigned char>(normalized[i - 1])) &&
        std::isdigit(static_cast<unsigned char>(normalized[i + 1]))) {
      normalized[i] = ' ';
    }
  }
  std::vector<std::string_view> chunks;
  for (std::string_view chunk : split_on(normalized, " \t")) {
    if (!chunk.empty()) chunks.push_back(chunk);
  }

  std::vector<std::string_view> date_words;
  std::string_view time_chunk;
  int meridian = 0;  // 1 AM, 2 PM
  for (std::string_view chunk : chunks) {
    const auto strip_meridian = [&](std::string_view& part) {
      if (part.size() >= 2) {
        const std::string_view tail = part.substr(part.size() - 2);
        if (iequals(tail, "am") || iequals(tail, "pm")) {
          meridian = iequals(tail, "am") ? 1 : 2;
          part.remove_suffix(2);
        }
      }
    };
    if (iequals(chunk, "am") || iequals(chunk, "pm")) {
      if (time_chunk.empty() || meridian != 0) return false;
      meridian = iequals(chunk, "am") ? 1 : 2;
    } else if ((chunk[0] == '+' || chunk[0] == '-') && !time_chunk.empty()) {
      if (!parse_offset(chunk, out)) return false;
    } else if (iequals(chunk, "z") && !time_chunk.empty()) {
      parse_offset(chunk, out);
    } else if (chunk.find(':') != std::string_view::npos ||
               ((iequals(chunk.substr(chunk.size() >= 2 ? chunk.size() - 2 : 0), "am") ||
                 iequals(chunk.substr(chunk.size() >= 2 ? chunk.size() - 2 : 0), "pm")) &&
                std::isdigit(static_cast<unsigned char>(chunk[0])))) {
      if (!time_chunk.empty()) return false;
      // An offset or Z may be attached: 10:00:00+05:30, 10:00:00Z.
      std::string_view time = chunk;
      if (!time.empty() && (time.back() == 'Z' || time.back() == 'z')) {
        time.remove_suffix(1);
        parse_offset("Z", out);
      }
      const std::size_t sign = time.find_first_of("+-", 1);
      if (sign != std::string_view::npos) {
        if (!parse_offset(time.substr(sign), out)) return false;
        time = time.substr(0, sign);
      }
      strip_meridian(time);
      time_chunk = time;
    } else {
      if (!time_chunk.empty()) return false;  // the date comes first
      date_words.push_back(chunk);
    }
  }
  if (!date_words.empty() && !parse_date(date_words, out)) return false;
  if (!time_chunk.empty() && !parse_time(time_chunk, meridian, out)) return false;
  return out.has_date || out.has_time;
}

std::string date_text(std::int32_t days) {
  int year = 0;
  int month = 0;
  int day = 0;
  civil_from_days(days, year, month, day);
  char buffer[16];
  std::snprintf(buffer, sizeof(buffer), "%04d-%02d-%02d", year, month, day);
  return buffer;
}

std::string time_text(std::int64_t ticks, int scale) {
  const std::int64_t seconds = ticks / kTicksPerSecond;
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%02d:%02d:%02d", static_cast<int>(seconds / 3600),
                static_cast<int>(seconds / 60 % 60), static_cast<int>(seconds % 60));
  std::string text = buffer;
  if (scale > 0) {
    char fraction[16];
    std::snprintf(fraction, sizeof(fraction), "%07lld",
                  static_cast<long long>(ticks % kTicksPerSecond));
    text += '.';
    text.append(fraction, static_cast<std::size_t>(scale));
  }
  return text;
}

std::string offset_text(std::int16_t minutes) {
  char buffer[16];
  const int magnitude = minutes < 0 ? -minutes : minutes;
  std::snprintf(buffer, sizeof(buffer), "%c%02d:%02d", minutes < 0 ? '-' : '+', magnitude / 60,
                magnitude % 60);
  return buffer;
}

}  // namespace mssql_sim::detail
