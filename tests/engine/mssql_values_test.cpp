// The SQL Server driver's decoders, checked against values ct-lib itself produces with
// cs_convert and against the byte images of the TDS specification: no server needed.
#include "mssql/mssql_values.h"

#include <catch2/catch.hpp>
#include <cstring>
#include <limits>

#include "mssql/ct_handles.h"

using namespace etl;
using namespace etl::mssql;

namespace {

//! Converts text to a ct-lib type the way the library does it.
template <typename T>
T ct_from_text(const std::string& text, CS_INT datatype, int precision = 0, int scale = 0,
               CS_INT* length = nullptr) {
  static ContextHandle context = [] {
    CS_CONTEXT* raw = nullptr;
    cs_ctx_alloc(CS_VERSION_100, &raw);
    ct_init(raw, CS_VERSION_100);
    return ContextHandle(raw);
  }();
  CS_DATAFMT source{};
  source.datatype = CS_CHAR_TYPE;
  source.maxlength = static_cast<CS_INT>(text.size());
  CS_DATAFMT target{};
  target.datatype = datatype;
  target.maxlength = sizeof(T);
  target.precision = precision;
  target.scale = scale;
  T value{};
  CS_INT result_length = 0;
  REQUIRE(cs_convert(context.get(), &source, const_cast<char*>(text.data()), &target, &value,
                     &result_length) == CS_SUCCEED);
  if (length) *length = result_length;
  return value;
}

__int128 pow10(int n) {
  __int128 value = 1;
  while (n-- > 0)
    value *= 10;
  return value;
}

}  // namespace

TEST_CASE("numeric magnitude sizes match ct-lib's for every precision", "[mssql][values]") {
  for (int precision = 1; precision <= 38; ++precision) {
    CS_INT length = 0;
    ct_from_text<CS_NUMERIC>("1", CS_NUMERIC_TYPE, precision, 0, &length);
    // cs_convert reports precision, scale, sign and magnitude bytes.
    INFO("precision " << precision);
    CHECK(numeric_magnitude_bytes(precision) == static_cast<std::size_t>(length - 3));
  }
}

TEST_CASE("decimals decode exactly from ct-lib's binary numeric", "[mssql][values]") {
  auto negative = ct_from_text<CS_NUMERIC>("-12345.6789012345", CS_NUMERIC_TYPE, 38, 10);
  CHECK(decode_numeric(negative) == -static_cast<__int128>(123456789012345LL));

  auto largest = ct_from_text<CS_NUMERIC>(std::string(38, '9'), CS_NUMERIC_TYPE, 38, 0);
  CHECK(decode_numeric(largest) == pow10(38) - 1);

  auto smallest = ct_from_text<CS_NUMERIC>("-" + std::string(28, '9') + "." + std::string(10, '9'),
                                           CS_NUMERIC_TYPE, 38, 10);
  CHECK(decode_numeric(smallest) == -(pow10(38) - 1));

  auto small = ct_from_text<CS_NUMERIC>("9.3", CS_NUMERIC_TYPE, 3, 1);
  CHECK(decode_numeric(small) == 93);
}

TEST_CASE("decimals encode to the bytes ct-lib makes and back", "[mssql][values]") {
  for (const char* text : {"0", "-1", "123456789012345678", "-99999999999999999999999999.9999"}) {
    auto expected = ct_from_text<CS_NUMERIC>(text, CS_NUMERIC_TYPE, 30, 4);
    CS_NUMERIC encoded = encode_numeric(decode_numeric(expected), 30, 4);
    INFO(text);
    CHECK(std::memcmp(&encoded, &expected, 2 + 1 + numeric_magnitude_bytes(30)) == 0);
    CHECK(decode_numeric(encoded) == decode_numeric(expected));
  }
}

TEST_CASE("money decodes exactly at both limits", "[mssql][values]") {
  CHECK(decode_money(ct_from_text<CS_MONEY>("-922337203685477.5808", CS_MONEY_TYPE)) ==
        std::numeric_limits<std::int64_t>::min());
  CHECK(decode_money(ct_from_text<CS_MONEY>("922337203685477.5807", CS_MONEY_TYPE)) ==
        std::numeric_limits<std::int64_t>::max());
  CHECK(decode_money(ct_from_text<CS_MONEY>("4321234.5678", CS_MONEY_TYPE)) == 43212345678);
  CHECK(decode_money4(ct_from_text<CS_MONEY4>("-214748.3648", CS_MONEY4_TYPE)) == -2147483648LL);
  CHECK(decode_money4(ct_from_text<CS_MONEY4>("765.4321", CS_MONEY4_TYPE)) == 7654321);
  CHECK(decode_money(encode_money(-1234567)) == -1234567);
}

TEST_CASE("GUIDs are reordered from wire order to text order", "[mssql][values]") {
  // [MS-TDS] / FreeTDS data.in: 0DDF3B64-E692-11D1-AB06-00AA00BDD685.
  const unsigned char wire[16] = {0x64, 0x3B, 0xDF, 0x0D, 0x92, 0xE6, 0xD1, 0x11,
                                  0xAB, 0x06, 0x00, 0xAA, 0x00, 0xBD, 0xD6, 0x85};
  unsigned char text[16];
  guid_to_text_order(wire, text);
  const unsigned char expected[16] = {0x0D, 0xDF, 0x3B, 0x64, 0xE6, 0x92, 0x11, 0xD1,
                                      0xAB, 0x06, 0x00, 0xAA, 0x00, 0xBD, 0xD6, 0x85};
  CHECK(std::memcmp(text, expected, 16) == 0);

  auto from_ct = ct_from_text<std::array<unsigned char, 16>>("0DDF3B64-E692-11D1-AB06-00AA00BDD685",
                                                             CS_UNIQUE_TYPE);
  CHECK(std::memcmp(from_ct.data(), wire, 16) == 0);

  unsigned char back[16];
  guid_to_wire_order(text, back);
  CHECK(std::memcmp(back, wire, 16) == 0);
}

TEST_CASE("datetime and date count days from 1900 and datetime ticks in 1/300 s",
          "[mssql][values]") {
  // FreeTDS data.in: 2004-02-24 15:16:17 is 97 94 00 00 2C AA FB 00.
  auto value = ct_from_text<CS_DATETIME>("2004-02-24 15:16:17", CS_DATETIME_TYPE);
  CHECK(value.dtdays == 0x9497);
  CHECK(value.dttime == 0x00FBAA2C);
  CHECK(format_date(value.dtdays + kDays0001To1900) == "2004-02-24");
  CHECK(value.dttime == (15 * 3600 + 16 * 60 + 17) * 300);

  auto date = ct_from_text<CS_DATE>("1923-12-02", CS_DATE_TYPE);
  CHECK(format_date(date + kDays0001To1900) == "1923-12-02");
}

TEST_CASE("bigdatetime counts microseconds from 0000-01-01", "[mssql][values]") {
  auto micros = static_cast<std::int64_t>(
      ct_from_text<CS_BIGDATETIME>("2011-08-10 12:23:45.123456", CS_BIGDATETIME_TYPE));
  std::int64_t ticks = (micros - kDays0000To0001 * 86'400'000'000LL) * 10;
  CHECK(format_date(ticks / kTicksPerDay) == "2011-08-10");
  CHECK(format_time(ticks % kTicksPerDay, 7) == "12:23:45.1234560");
}

TEST_CASE("the 7th fractional digit is restored from DATEPART(nanosecond)", "[mssql][values]") {
  // 12.3456789 s, truncated to µs by the library.
  CHECK(exact_ticks(123456780, 345678900) == 123456789);
  // 0.9999999 s rounded up to the next second by a library that rounds.
  CHECK(exact_ticks(10000000, 999999900) == 9999999);
  // Already exact.
  CHECK(exact_ticks(5 * kTicksPerSecond, 0) == 5 * kTicksPerSecond);
  // Across a day boundary: 23:59:59.9999999 of day 10.
  std::int64_t last = 11 * kTicksPerDay - 1;
  CHECK(exact_ticks(11 * kTicksPerDay, 999999900) == last);
}

TEST_CASE("civil dates span years 1 to 9999", "[mssql][values]") {
  CHECK(format_date(0) == "0001-01-01");
  CHECK(format_date(kDays0001To1900) == "1900-01-01");
  CHECK(format_date(734358) == "2011-08-10");
  CHECK(format_date(3652058) == "9999-12-31");
  CHECK(format_date(59) == "0001-03-01");
  CHECK(format_date(730544) == "2001-03-01");
  CHECK(format_date(730543) == "2001-02-28");
  CHECK(format_time(0, 0) == "00:00:00");
  CHECK(format_time(kTicksPerDay - 1, 7) == "23:59:59.9999999");
}

TEST_CASE("value text renders decimals, money and GUIDs for messages", "[mssql][values]") {
  ColumnValues values;
  values.nulls = {0, 0, 1};
  values.decimals = {-5, 123456, 0};
  SourceColumn decimal{.name = "d", .type = SourceType::Decimal, .precision = 10, .scale = 4};
  CHECK(value_text(values, 0, decimal) == "-0.0005");
  CHECK(value_text(values, 1, decimal) == "12.3456");
  CHECK(value_text(values, 2, decimal) == "NULL");

  ColumnValues money;
  money.nulls = {0};
  money.integers = {std::numeric_limits<std::int64_t>::min()};
  CHECK(value_text(money, 0, SourceColumn{.name = "m", .type = SourceType::Money}) ==
        "-922337203685477.5808");

  ColumnValues guid;
  guid.nulls = {0};
  const unsigned char text_order[16] = {0x67, 0x45, 0x23, 0x01, 0xAB, 0x89, 0xEF, 0xCD,
                                        0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF};
  guid.bytes.assign(reinterpret_cast<const char*>(text_order), 16);
  guid.ends = {16};
  CHECK(value_text(guid, 0, SourceColumn{.name = "g", .type = SourceType::UniqueIdentifier}) ==
        "67452301-AB89-EFCD-0123-456789ABCDEF");
}

TEST_CASE("UTF-16LE decodes to UTF-8 with pairs joined and lone surrogates kept in 3 bytes",
          "[mssql][values]") {
  auto decode = [](std::string_view utf16le) {
    std::string out = ">";  // appends: what is there stays
    append_wtf8_from_utf16le(out, utf16le);
    return out;
  };
  using namespace std::string_literals;
  CHECK(decode(""s) == ">");
  CHECK(decode("a\0\xE7\0\x09\x27"s) == ">a\xC3\xA7\xE2\x9C\x89");  // a ç ✉
  CHECK(decode("a\0\x3D\xD8\x00\xDE\x62\0"s) ==
        ">a\xF0\x9F\x98\x80"
        "b");  // a 😀 b
  CHECK(decode("a\0\x3D\xD8\x62\0"s) ==
        ">a\xED\xA0\xBD"
        "b");                                                         // lone high
  CHECK(decode("\x00\xDE"s) == ">\xED\xB8\x80");                      // lone low
  CHECK(decode("\x3D\xD8"s) == ">\xED\xA0\xBD");                      // high at the end
  CHECK(decode("\x00\xDE\x3D\xD8"s) == ">\xED\xB8\x80\xED\xA0\xBD");  // low then high
  CHECK(decode("\0\0\xFF\xFF"s) == ">\0\xEF\xBF\xBF"s);               // NUL, U+FFFF
  CHECK(decode("a\0b"s) == ">a\xEF\xBF\xBD");  // an odd byte is not dropped silently
}
