// Conversions as SQL Server documents them: dates from strings and their rounding, exact
// numerics, money limits, text lengths and code pages, GUIDs, binary, sql_variant.
#include <catch2/catch.hpp>

#include "collation.h"
#include "parser.h"
#include "sql_test_support.h"

using namespace mssql_sim;
using mssql_sim::testing::error_of;
using mssql_sim::testing::eval_sql;
using mssql_sim::testing::text_of;

namespace {

constexpr std::int32_t kDays1900 = 693'595;

std::string hex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char b : bytes) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 15]);
  }
  return out;
}

}  // namespace

TEST_CASE("date strings SQL Server accepts convert to datetime", "[convert][datetime]") {
  CHECK(text_of("CAST('1962/2/18' AS datetime)") == "1962-02-18 00:00:00.000");
  CHECK(text_of("CAST('2009-01-01T00:00:00' AS datetime)") == "2009-01-01 00:00:00.000");
  CHECK(text_of("CAST('20040224' AS datetime)") == "2004-02-24 00:00:00.000");
  CHECK(text_of("CAST('2/18/1962' AS datetime)") == "1962-02-18 00:00:00.000");
  CHECK(text_of("CAST('Feb 18 1962 10:00AM' AS datetime)") == "1962-02-18 10:00:00.000");
  CHECK(text_of("CAST('18 February 1962 1:05PM' AS datetime)") == "1962-02-18 13:05:00.000");
  CHECK(text_of("CAST('12/31/49' AS date)") == "2049-12-31");  // two-digit year cutoff
  CHECK(text_of("CAST('12/31/50' AS date)") == "1950-12-31");
  CHECK(error_of("CAST('2004-02-30' AS datetime)") == 241);
  CHECK(error_of("CAST('yesterday' AS date)") == 241);
}

TEST_CASE("datetime holds days and 1/300 s ticks as the wire sends them", "[convert][datetime]") {
  // FreeTDS data.in: datetime 2004-02-24 15:16:17 is 97 94 00 00 2C AA FB 00.
  const TypedValue value = eval_sql("CAST('2004-02-24 15:16:17' AS datetime)");
  CHECK(value.value.days - kDays1900 == 0x9497);
  CHECK(value.value.ticks == 0x00FBAA2C);
  // …and smalldatetime of the same instant is 97 94 94 03.
  const TypedValue small = eval_sql("CAST('2004-02-24 15:16:17' AS smalldatetime)");
  CHECK(small.value.days - kDays1900 == 0x9497);
  CHECK(small.value.ticks == 0x0394);
}

TEST_CASE("datetime rounds milliseconds to 1/300 s as SQL Server does", "[convert][datetime]") {
  CHECK(text_of("CAST('2004-02-24 15:16:17.991' AS datetime)") == "2004-02-24 15:16:17.990");
  CHECK(text_of("CAST('2004-02-24 15:16:17.992' AS datetime)") == "2004-02-24 15:16:17.993");
  CHECK(text_of("CAST('2004-02-24 15:16:17.995' AS datetime)") == "2004-02-24 15:16:17.997");
  CHECK(text_of("CAST('2004-02-24 15:16:17.998' AS datetime)") == "2004-02-24 15:16:17.997");
  CHECK(text_of("CAST('2004-02-24 15:16:17.999' AS datetime)") == "2004-02-24 15:16:18.000");
  CHECK(text_of("CAST('2004-12-31 23:59:59.999' AS datetime)") == "2005-01-01 00:00:00.000");
  CHECK(text_of("CAST('2004-02-24 15:16:17.123' AS datetime)") == "2004-02-24 15:16:17.123");
  CHECK(error_of("CAST('2004-02-24 15:16:17.1234' AS datetime)") == 241);
}

TEST_CASE("datetime covers 1753 to 9999; date and datetime2 cover years 1 to 9999",
          "[convert][datetime]") {
  CHECK(error_of("CAST('1752-12-31' AS datetime)") == 242);
  CHECK(text_of("CAST('1753-01-01' AS datetime)") == "1753-01-01 00:00:00.000");
  CHECK(text_of("CAST('9999-12-31 23:59:59.997' AS datetime)") == "9999-12-31 23:59:59.997");
  CHECK(eval_sql("CAST('0001-01-01' AS date)").value.days == 0);
  CHECK(eval_sql("CAST('9999-12-31' AS date)").value.days == 3'652'058);
  CHECK(eval_sql("CAST('1923-12-02' AS date)").value.days == 0x0AB77A);  // 03 7A B7 0A
  CHECK(text_of("CAST('0001-01-01 00:00:00' AS datetime2)") == "0001-01-01 00:00:00.0000000");
  CHECK(text_of("CAST('9999-12-31 23:59:59.9999999' AS datetime2)") ==
        "9999-12-31 23:59:59.9999999");
  CHECK(error_of("CAST('2079-06-07' AS smalldatetime)") == 242);
}

TEST_CASE("smalldatetime rounds to the nearest minute", "[convert][datetime]") {
  CHECK(text_of("CAST('2000-05-08 12:35:29.998' AS smalldatetime)") == "2000-05-08 12:35:00");
  CHECK(text_of("CAST('2000-05-08 12:35:29.999' AS smalldatetime)") == "2000-05-08 12:36:00");
  CHECK(text_of("CAST('2000-05-08 23:59:30' AS smalldatetime)") == "2000-05-09 00:00:00");
}

TEST_CASE("time, datetime2 and datetimeoffset round to their scale", "[convert][datetime]") {
  const TypedValue time = eval_sql("CAST('12:23:45' AS time(7))");
  CHECK(time.value.ticks == 0x67E6929E80);  // 05 80 9E 92 E6 67
  CHECK(text_of("CAST('12:23:45.765' AS time(0))") == "12:23:46");
  CHECK(text_of("CAST('12:23:45.7654' AS time(3))") == "12:23:45.765");
  CHECK(text_of("CAST('12:23:45.7655' AS time(3))") == "12:23:45.766");
  CHECK(text_of("CAST('23:59:59.9' AS time(0))") == "00:00:00");
  CHECK(text_of("CAST('2020-12-31 23:59:59.9' AS datetime2(0))") == "2021-01-01 00:00:00");
  CHECK(text_of("CAST('2011-08-10 12:23:45' AS datetime2(7))") == "2011-08-10 12:23:45.0000000");
  CHECK(error_of("CAST('2011-08-10 12:23:45.123456789' AS datetime2)") == 241);
}

TEST_CASE("datetimeoffset keeps UTC and the offset as written", "[convert][datetime]") {
  const TypedValue value = eval_sql("CAST('2011-08-10 12:23:45 -08:30' AS datetimeoffset(7))");
  CHECK(value.value.offset_minutes == -510);
  CHECK(value.value.ticks == (20LL * 3600 + 53 * 60 + 45) * 10'000'000);  // 20:53:45 UTC
  CHECK(to_text(value) == "2011-08-10 12:23:45.0000000 -08:30");
  CHECK(text_of("CAST('2021-03-01 10:00:00.1234567 +05:30' AS datetimeoffset)") ==
        "2021-03-01 10:00:00.1234567 +05:30");
  const TypedValue late = eval_sql("CAST('2014-02-14 22:59:59.9999999 +05:00' AS datetimeoffset)");
  CHECK(late.value.ticks == (17LL * 3600 + 59 * 60 + 59) * 10'000'000 + 9'999'999);
  CHECK(text_of("CAST('2021-03-01T10:00:00Z' AS datetimeoffset(0))") ==
        "2021-03-01 10:00:00 +00:00");
}

TEST_CASE("date and time values convert between their types", "[convert][datetime]") {
  CHECK(text_of("CAST(CAST('2004-02-24 15:16:17.997' AS datetime) AS datetime2(7))") ==
        "2004-02-24 15:16:17.9966667");
  CHECK(text_of("CAST(CAST('2004-02-24 15:16:17.9966667' AS datetime2) AS datetime)") ==
        "2004-02-24 15:16:17.997");
  CHECK(text_of("CAST(CAST('2004-02-24 15:16:17' AS datetime) AS date)") == "2004-02-24");
  CHECK(text_of("CAST(CAST('2021-03-01 01:00 +05:30' AS datetimeoffset) AS datetime2(0))") ==
        "2021-03-01 01:00:00");
  CHECK(text_of("CAST(1 AS datetime)") == "1900-01-02 00:00:00.000");
}

TEST_CASE("dates as CAST and CONVERT styles write them", "[convert][datetime]") {
  CHECK(text_of("CAST(CAST('1962-02-18' AS datetime) AS varchar(30))") == "Feb 18 1962 12:00AM");
  CHECK(text_of("CAST(CAST('1962-02-01 13:05' AS datetime) AS varchar(30))") ==
        "Feb  1 1962  1:05PM");
  CHECK(text_of("CONVERT(varchar(30), CAST('1962-02-18' AS datetime), 121)") ==
        "1962-02-18 00:00:00.000");
  CHECK(text_of("CONVERT(varchar(30), CAST('1962-02-18' AS datetime), 126)") ==
        "1962-02-18T00:00:00");
  CHECK(text_of("CONVERT(varchar(8), CAST('1962-02-18' AS date), 112)") == "19620218");
  CHECK(text_of("CONVERT(varchar(10), CAST('1962-02-18' AS date), 101)") == "02/18/1962");
  CHECK(text_of("CONVERT(varchar(10), CAST('1962-02-18' AS date), 103)") == "18/02/1962");
  CHECK(text_of("CONVERT(varchar(30), CAST('2021-03-01 10:00 +05:30' AS datetimeoffset(0)), "
                "127)") == "2021-03-01T10:00:00+05:30");
}

TEST_CASE("integers convert with SQL Server's range checks", "[convert][numeric]") {
  CHECK(eval_sql("CAST('12' AS int)").value.integer == 12);
  CHECK(eval_sql("CAST(' -7 ' AS smallint)").value.integer == -7);
  CHECK(error_of("CAST('1.5' AS int)") == 245);
  CHECK(error_of("CAST('3000000000' AS int)") == 248);
  CHECK(error_of("CAST(3000000000 AS int)") == 8115);
  CHECK(error_of("CAST(256 AS tinyint)") == 220);
  CHECK(error_of("CAST(-1 AS tinyint)") == 220);
  CHECK(eval_sql("CAST(255 AS tinyint)").value.integer == 255);
  CHECK(eval_sql("CAST(2.7 AS int)").value.integer == 2);  // numeric to int truncates
  CHECK(eval_sql("CAST(-2.7 AS int)").value.integer == -2);
  CHECK(eval_sql("CAST(CAST(2.5 AS money) AS int)").value.integer == 3);  // money rounds
  CHECK(eval_sql("CAST('TRUE' AS bit)").value.integer == 1);
  CHECK(eval_sql("CAST(-5 AS bit)").value.integer == 1);
  CHECK(eval_sql("CAST(9223372036854775807 AS bigint)").value.integer == INT64_MAX);
  CHECK(eval_sql("CAST(-9223372036854775808 AS bigint)").value.integer == INT64_MIN);
}

TEST_CASE("decimals convert exactly, rounding half away from zero", "[convert][numeric]") {
  CHECK(text_of("CAST('12.345' AS decimal(5,2))") == "12.35");
  CHECK(text_of("CAST('-12.345' AS decimal(5,2))") == "-12.35");
  CHECK(text_of("CAST(12.5 AS decimal(3,0))") == "13");
  CHECK(text_of("CAST(0.5 AS decimal(5,3))") == "0.500");
  CHECK(text_of("CAST('-12345.6789012345' AS numeric(38,10))") == "-12345.6789012345");
  CHECK(eval_sql("CAST('-12345.6789012345' AS numeric(38,10))").value.unscaled ==
        -123456789012345LL);
  CHECK(text_of("CAST('99999999999999999999999999999999999999' AS decimal(38,0))") ==
        "99999999999999999999999999999999999999");
  CHECK(error_of("CAST('99999999999999999999999999999999999999' AS decimal(37,0))") == 8115);
  CHECK(error_of("CAST(1000 AS decimal(3,0))") == 8115);
  CHECK(error_of("CAST('1e3' AS decimal(10,2))") == 8114);
  CHECK(text_of("CAST(2.5e0 AS decimal(2,0))") == "3");
  CHECK(text_of("CAST(0.1e0 AS decimal(20,18))") == "0.100000000000000006");
}

TEST_CASE("money and smallmoney convert exactly over their full ranges", "[convert][money]") {
  CHECK(eval_sql("CAST('4321234.5678' AS money)").value.unscaled == 43212345678LL);
  CHECK(eval_sql("CAST('765.4321' AS smallmoney)").value.unscaled == 7654321);
  CHECK(eval_sql("CAST('1.22229' AS smallmoney)").value.unscaled == 12223);
  CHECK(eval_sql("CAST('-922337203685477.5808' AS money)").value.unscaled == INT64_MIN);
  CHECK(eval_sql("CAST('922337203685477.5807' AS money)").value.unscaled == INT64_MAX);
  CHECK(error_of("CAST('922337203685477.5808' AS money)") == 8115);
  CHECK(eval_sql("CAST('-214748.3648' AS smallmoney)").value.unscaled == INT32_MIN);
  CHECK(error_of("CAST('214748.3648' AS smallmoney)") == 8115);
  CHECK(eval_sql("CAST('$1,234.56' AS money)").value.unscaled == 12345600);
  CHECK(text_of("CAST(CAST('12.3456' AS money) AS varchar(20))") == "12.35");
  CHECK(text_of("CONVERT(varchar(20), CAST('1234.3456' AS money), 1)") == "1,234.35");
  CHECK(text_of("CONVERT(varchar(20), CAST('12.3456' AS money), 2)") == "12.3456");
}

TEST_CASE("real rounds to single precision; float keeps double", "[convert][float]") {
  CHECK(eval_sql("CAST(0.1 AS real)").value.real == static_cast<double>(0.1f));
  CHECK(eval_sql("CAST(0.1 AS float)").value.real == 0.1);
  CHECK(eval_sql("CAST('-49586.345' AS float)").value.real == -49586.345);
  CHECK(error_of("CAST('abc' AS float)") == 8114);
  CHECK(text_of("CAST(CAST(1234567 AS float) AS varchar(30))") == "1.23457e+006");
  CHECK(text_of("CAST(CAST(12345.6 AS float) AS varchar(30))") == "12345.6");
}

TEST_CASE("text converts with padding, silent truncation on CAST, and code pages",
          "[convert][text]") {
  CHECK(eval_sql("CAST('ab' AS char(5))").value.bytes == "ab   ");
  CHECK(eval_sql("CAST(N'a' AS nchar(3))").value.bytes == "a  ");
  CHECK(eval_sql("CAST('abcdef' AS varchar(3))").value.bytes == "abc");
  CHECK(eval_sql("CAST(12345 AS varchar(3))").value.bytes == "*");
  CHECK(error_of("CAST(12345 AS nvarchar(3))") == 8115);
  CHECK(error_of("CAST(12.5 AS varchar(2))") == 8115);
  CHECK(eval_sql("CAST(N'Привет' AS varchar(10))").value.bytes == "??????");
  const SqlType cyrillic = parse_type("varchar(10) COLLATE Cyrillic_General_CI_AS");
  const TypedValue russian{parse_type("nvarchar(10)"), Value::of_bytes("Привет")};
  CHECK(convert(russian, cyrillic).bytes == "Привет");
  const SqlType utf8 = parse_type("varchar(4) COLLATE Latin1_General_100_CI_AS_SC_UTF8");
  CHECK(convert(russian, utf8).bytes == "Пр");                        // four bytes of UTF-8
  CHECK(eval_sql("CAST(N'a😀b' AS nvarchar(2))").value.bytes == "a");  // a pair is not split
}

TEST_CASE("fits tells whether INSERT would truncate", "[convert][text]") {
  const TypedValue text{parse_type("varchar(10)"), Value::of_bytes("abcd")};
  CHECK(fits(text, parse_type("varchar(4)")));
  CHECK_FALSE(fits(text, parse_type("varchar(3)")));
  CHECK(fits(TypedValue{parse_type("varchar(10)"), Value::of_bytes("abc   ")},
             parse_type("char(3)")));  // trailing spaces drop silently
  CHECK_FALSE(fits(TypedValue{parse_type("nvarchar(10)"), Value::of_bytes("日本語")},
                   parse_type("nvarchar(2)")));
  CHECK_FALSE(fits(TypedValue{parse_type("varbinary(4)"), Value::of_bytes("abc")},
                   parse_type("binary(2)")));
}

TEST_CASE("uniqueidentifier reads its text in byte order", "[convert][guid]") {
  const TypedValue guid =
      eval_sql("CAST('0DDF3B64-E692-11D1-AB06-00AA00BDD685' AS uniqueidentifier)");
  CHECK(hex(guid.value.bytes) == "0DDF3B64E69211D1AB0600AA00BDD685");
  CHECK(to_text(guid) == "0DDF3B64-E692-11D1-AB06-00AA00BDD685");
  CHECK(hex(eval_sql("CAST(CAST('0DDF3B64-E692-11D1-AB06-00AA00BDD685' AS uniqueidentifier) "
                     "AS binary(16))")
                .value.bytes) == "643BDF0D92E6D111AB0600AA00BDD685");
  CHECK(error_of("CAST('not a guid' AS uniqueidentifier)") == 8169);
}

TEST_CASE("binary converts from literals, integers and text", "[convert][binary]") {
  CHECK(hex(eval_sql("CAST(0xABCD AS binary(4))").value.bytes) == "ABCD0000");
  CHECK(hex(eval_sql("CAST(1 AS binary(4))").value.bytes) == "00000001");
  CHECK(hex(eval_sql("CAST('ABC' AS varbinary(10))").value.bytes) == "414243");
  CHECK(hex(eval_sql("CAST(N'A' AS varbinary(10))").value.bytes) == "4100");
  CHECK(eval_sql("CONVERT(varchar(10), 0x414243, 1)").value.bytes == "0x414243");
  CHECK(eval_sql("CONVERT(varchar(10), 0x414243)").value.bytes == "ABC");
  CHECK(hex(eval_sql("CONVERT(varbinary(4), '0x41FF', 1)").value.bytes) == "41FF");
  CHECK(eval_sql("CAST(0x0000000A AS int)").value.integer == 10);
  const TypedValue big =
      eval_sql("CAST(REPLICATE(CAST('x' AS varchar(max)), 9000) AS varbinary(max))");
  CHECK(big.value.bytes.size() == 9000);
}

TEST_CASE("sql_variant keeps the base type and value", "[convert][variant]") {
  CHECK(text_of("SQL_VARIANT_PROPERTY(CAST(1.50 AS sql_variant), 'BaseType')") == "numeric");
  CHECK(text_of("SQL_VARIANT_PROPERTY(CAST(1.50 AS sql_variant), 'Precision')") == "3");
  CHECK(text_of("SQL_VARIANT_PROPERTY(CAST(1.50 AS sql_variant), 'Scale')") == "2");
  CHECK(text_of("SQL_VARIANT_PROPERTY(3000000000, 'BaseType')") == "numeric");
  CHECK(text_of("SQL_VARIANT_PROPERTY(N'abc', 'BaseType')") == "nvarchar");
  const TypedValue variant = eval_sql("CAST(CAST('2004-02-24' AS date) AS sql_variant)");
  CHECK(variant.value.variant->type.id == TypeId::Date);
  CHECK(to_text(variant) == "2004-02-24");
  CHECK(eval_sql("CAST(CAST(7 AS sql_variant) AS int)").value.integer == 7);
}
