// Writing generated cells into a reused Row without leaving stale fields behind.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "value.h"

namespace mssql_sim::gen {

//! Clears every field of `v` (keeping the text buffer's capacity) and marks it not NULL, so
//! a row reused across calls holds exactly what the last call wrote.
inline void reset(Value& v) {
  v.is_null = false;
  v.integer = 0;
  v.unscaled = 0;
  v.real = 0;
  v.days = 0;
  v.ticks = 0;
  v.offset_minutes = 0;
  v.bytes.clear();
  v.variant.reset();
}

inline void put_null(Value& v) {
  reset(v);
  v.is_null = true;
}

inline void put_integer(Value& v, std::int64_t integer) {
  reset(v);
  v.integer = integer;
}

//! decimal and numeric at the column's scale; money at scale 4.
inline void put_unscaled(Value& v, __int128 unscaled) {
  reset(v);
  v.unscaled = unscaled;
}

inline void put_date(Value& v, std::int32_t days) {
  reset(v);
  v.days = days;
}

//! datetime (ticks of 1/300 s) and datetime2 (ticks of 100 ns).
inline void put_date_time(Value& v, std::int32_t days, std::int64_t ticks) {
  reset(v);
  v.days = days;
  v.ticks = ticks;
}

inline void put_text(Value& v, std::string_view text) {
  reset(v);
  v.bytes.assign(text);
}

//! Appends `number` in decimal, left-padded with zeros to at least `width` (≤ 20) digits.
inline void append_digits(std::string& out, std::uint64_t number, int width) {
  // Fill a buffer from its end and append once: one append beats a push_back per digit.
  char buffer[20];
  char* begin = buffer + sizeof buffer;
  do {
    *--begin = static_cast<char>('0' + number % 10);
    number /= 10;
  } while (number != 0);
  while (buffer + sizeof buffer - begin < width)
    *--begin = '0';
  out.append(begin, buffer + sizeof buffer);
}

}  // namespace mssql_sim::gen
