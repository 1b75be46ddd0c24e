#include "copy_binary.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string>

#include "calendar.h"
#include "temporal.h"

namespace cb = etl::copy_binary;

namespace {

void put16(std::string& out, int value) {
  out.push_back(static_cast<char>((value >> 8) & 0xFF));
  out.push_back(static_cast<char>(value & 0xFF));
}

void put32(std::string& out, std::int64_t value) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((value >> shift) & 0xFF));
}

// The field numeric_send writes, spelled out: length, ndigits, weight, sign, dscale, digits.
std::string numeric_field(int weight, bool negative, int dscale,
                          std::initializer_list<int> digits) {
  std::string out;
  put32(out, 8 + 2 * static_cast<std::int64_t>(digits.size()));
  put16(out, static_cast<int>(digits.size()));
  put16(out, weight);
  put16(out, negative ? 0x4000 : 0x0000);
  put16(out, dscale);
  for (int digit : digits)
    put16(out, digit);
  return out;
}

std::string numeric(__int128 unscaled, int scale) {
  std::string out;
  cb::append_numeric(out, unscaled, scale);
  return out;
}

__int128 parse_int128(const char* digits) {
  bool negative = *digits == '-';
  if (negative) ++digits;
  __int128 value = 0;
  for (; *digits; ++digits)
    value = value * 10 + (*digits - '0');
  return negative ? -value : value;
}

std::string field8(std::int64_t value) {
  std::string out;
  put32(out, 8);
  put32(out, value >> 32);
  put32(out, value & 0xFFFFFFFF);
  return out;
}

}  // namespace

TEST_CASE("the file header and trailer are PostgreSQL's", "[copy_binary]") {
  std::string out;
  cb::append_header(out);
  CHECK(out == std::string("PGCOPY\n\xFF\r\n\0\0\0\0\0\0\0\0\0", 19));
  out.clear();
  cb::append_trailer(out);
  CHECK(out == "\xFF\xFF");
}

TEST_CASE("a tuple is a field count, then length-prefixed fields, NULL as -1", "[copy_binary]") {
  std::string out;
  cb::begin_tuple(out, 3);
  cb::append_int4(out, 1);
  cb::append_null(out);
  cb::append_bytes(out, "ab");
  CHECK(out == std::string("\0\x03"
                           "\0\0\0\x04\0\0\0\x01"
                           "\xFF\xFF\xFF\xFF"
                           "\0\0\0\x02"
                           "ab",
                           20));
}

TEST_CASE("integers, booleans and floats are big-endian", "[copy_binary]") {
  std::string out;
  cb::append_bool(out, true);
  cb::append_int2(out, -2);
  cb::append_int8(out, 0x0102030405060708);
  cb::append_float4(out, 1.5f);
  cb::append_float8(out, -2.0);
  CHECK(out == std::string("\0\0\0\x01\x01"
                           "\0\0\0\x02\xFF\xFE"
                           "\0\0\0\x08\x01\x02\x03\x04\x05\x06\x07\x08"
                           "\0\0\0\x04\x3F\xC0\0\0"
                           "\0\0\0\x08\xC0\0\0\0\0\0\0\0",
                           5 + 6 + 12 + 8 + 12));
}

TEST_CASE("numeric digits are base 10000 aligned on the decimal point", "[copy_binary][numeric]") {
  // 7082761.6900 as numeric(19,4): 708 2761 . 6900
  CHECK(numeric(70827616900, 4) == numeric_field(1, false, 4, {708, 2761, 6900}));
  // 1.5 as numeric(5,1): the fraction's group is 5000
  CHECK(numeric(15, 1) == numeric_field(0, false, 1, {1, 5000}));
  // 12345.67 as numeric(18,2)
  CHECK(numeric(1234567, 2) == numeric_field(1, false, 2, {1, 2345, 6700}));
}

TEST_CASE("numeric has no leading or trailing zero groups, as numeric_send writes it",
          "[copy_binary][numeric]") {
  // -67723280.0928298500000 as numeric(28,13): the trailing 0000 and 0 groups go.
  CHECK(numeric(parse_int128("-677232800928298500000"), 13) ==
        numeric_field(1, true, 13, {6772, 3280, 928, 2985}));
  CHECK(numeric(1, 4) == numeric_field(-1, false, 4, {1}));         // 0.0001
  CHECK(numeric(1000000, 4) == numeric_field(0, false, 4, {100}));  // 100.0000
  CHECK(numeric(100000000, 4) == numeric_field(1, false, 4, {1}));  // 10000.0000
  CHECK(numeric(5, 9) == numeric_field(-3, false, 9, {5000}));      // 0.000000005
  CHECK(numeric(0, 2) == numeric_field(0, false, 2, {}));           // 0.00
  CHECK(numeric(0, 0) == numeric_field(0, false, 0, {}));           // 0
}

TEST_CASE("numeric carries 38 digits exactly", "[copy_binary][numeric]") {
  CHECK(numeric(parse_int128("12345678901234567890123456780123456789"), 10) ==
        numeric_field(6, false, 10, {1234, 5678, 9012, 3456, 7890, 1234, 5678, 123, 4567, 8900}));
  CHECK(numeric(parse_int128("-99999999999999999999999999999999999999"), 38) ==
        numeric_field(-1, true, 38, {9999, 9999, 9999, 9999, 9999, 9999, 9999, 9999, 9999, 9900}));
}

TEST_CASE("numeric holds money's whole range", "[copy_binary][numeric]") {
  // 922337203685477.5807 and -922337203685477.5808: int64's limits at scale 4.
  CHECK(numeric(std::numeric_limits<std::int64_t>::max(), 4) ==
        numeric_field(3, false, 4, {922, 3372, 368, 5477, 5807}));
  CHECK(numeric(std::numeric_limits<std::int64_t>::min(), 4) ==
        numeric_field(3, true, 4, {922, 3372, 368, 5477, 5808}));
}

TEST_CASE("dates count days from 2000-01-01", "[copy_binary][temporal]") {
  using etl::calendar::days_from_civil;
  const std::int64_t first = 0;  // 0001-01-01 in the source's day numbers
  const std::int64_t last = days_from_civil({9999, 12, 31}) - days_from_civil({1, 1, 1});
  CHECK(etl::temporal::pg_date(first) == -730119);
  CHECK(etl::temporal::pg_date(last) == 2921939);
  CHECK(etl::temporal::pg_date(days_from_civil({2000, 1, 1}) - days_from_civil({1, 1, 1})) == 0);

  std::string out;
  cb::append_date(out, -730119);
  CHECK(out == std::string("\0\0\0\x04\xFF\xF4\xDB\xF9", 8));
}

TEST_CASE("timestamps count microseconds from 2000-01-01", "[copy_binary][temporal]") {
  std::string out;
  cb::append_timestamp(out, -1);
  CHECK(out == field8(-1));
  out.clear();
  cb::append_time(out, 86'400'000'000);
  CHECK(out == field8(86'400'000'000));
}

TEST_CASE("a uuid is its 16 bytes as the text reads", "[copy_binary]") {
  const std::string bytes("\x6F\x96\x19\xFF\x8B\x86\xD0\x11\xB4\x2D\x00\xC0\x4F\xC9\x64\xFF", 16);
  std::string out;
  cb::append_uuid(out, bytes);
  CHECK(out == std::string("\0\0\0\x10", 4) + bytes);
}

TEST_CASE("a field begun without its length gets it when finished", "[copy_binary]") {
  std::string out = "x";
  const std::size_t at = cb::begin_field(out);
  out += "hello";
  cb::finish_field(out, at);
  CHECK(out == std::string("x\0\0\0\x05hello", 10));
}
