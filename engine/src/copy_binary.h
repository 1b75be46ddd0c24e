// PostgreSQL's binary COPY format: the file header and trailer, and each field as the
// server's own *_send functions write it, so that a value read back with
// COPY … TO STDOUT (FORMAT binary) has the very bytes we sent.
//
// A tuple is an int16 field count, then per field an int32 length (-1 for NULL) and the
// bytes. Every integer is big-endian. All functions append to a reused buffer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

namespace etl::copy_binary {

//! Days from 0001-01-01 to 2000-01-01, PostgreSQL's epoch (proleptic Gregorian).
inline constexpr std::int64_t kDaysFrom0001ToPgEpoch = 730119;
inline constexpr std::int64_t kMicrosPerDay = 86'400'000'000;

//! "PGCOPY\n\377\r\n\0", flags 0, no header extension.
void append_header(std::string& out);

//! The int16 -1 that ends the data.
void append_trailer(std::string& out);

//! Starts a tuple of `fields` fields.
void begin_tuple(std::string& out, std::uint16_t fields);

void append_null(std::string& out);
void append_bool(std::string& out, bool value);
void append_int2(std::string& out, std::int16_t value);
void append_int4(std::string& out, std::int32_t value);
void append_int8(std::string& out, std::int64_t value);
void append_float4(std::string& out, float value);
void append_float8(std::string& out, double value);

//! A numeric of value unscaled × 10^-scale (scale ≤ 38), in the canonical form numeric_send
//! writes: base-10000 digits without leading or trailing zero groups, the weight of the
//! first group, the sign, and dscale = scale. Zero has no digits and weight 0.
void append_numeric(std::string& out, __int128 unscaled, int scale);

//! date: days since 2000-01-01.
void append_date(std::string& out, std::int32_t pg_days);

//! time: microseconds since midnight.
void append_time(std::string& out, std::int64_t micros);

//! timestamp and timestamptz: microseconds since 2000-01-01 00:00:00 (UTC for timestamptz).
void append_timestamp(std::string& out, std::int64_t micros);

//! text, varchar, bpchar, xml (UTF-8) and bytea: the bytes as they are.
void append_bytes(std::string& out, std::string_view bytes);

//! uuid: its 16 bytes in the order the text form reads.
void append_uuid(std::string& out, std::string_view sixteen_bytes);

//! Reserves a field's length word; returns its offset for finish_field().
std::size_t begin_field(std::string& out);

//! Writes the length of the field begun at `length_at` (the bytes appended since).
void finish_field(std::string& out, std::size_t length_at);

//! Writes a big-endian integer of N bytes at the end of out.
template <typename T>
inline void append_big_endian(std::string& out, T value) {
  char bytes[sizeof(T)];
  auto bits = static_cast<std::make_unsigned_t<T>>(value);
  for (int i = sizeof(T) - 1; i >= 0; --i) {
    bytes[i] = static_cast<char>(bits & 0xFF);
    bits = static_cast<decltype(bits)>(bits >> 8);
  }
  out.append(bytes, sizeof(T));
}

}  // namespace etl::copy_binary
