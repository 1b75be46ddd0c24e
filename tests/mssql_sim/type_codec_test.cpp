// Wire encodings of every column type: TYPE_INFO and row values, byte for byte as the
// protocol notes (§2) and [MS-TDS] give them.
#include "type_codec.h"

#include <catch2/catch.hpp>

#include "collation.h"
#include "tds_test_util.h"

namespace {

using namespace mssql_sim;
using mssql_sim::test::to_hex;
using mssql_sim::test::written;

SqlType type_of(TypeId id, std::int32_t length = 0, std::uint8_t precision = 0,
                std::uint8_t scale = 0) {
  SqlType type;
  type.id = id;
  type.length = length;
  type.precision = precision;
  type.scale = scale;
  return type;
}

std::string value_hex(const SqlType& type, bool nullable, const Value& value,
                      std::int64_t textsize = -1) {
  const tds::ColumnCodec codec = tds::make_column_codec(type, nullable);
  return to_hex(written([&](tds::PacketWriter& out) { write_value(out, codec, value, textsize); }));
}

std::string type_info_hex(const SqlType& type, bool nullable) {
  const tds::ColumnCodec codec = tds::make_column_codec(type, nullable);
  return to_hex(written([&](tds::PacketWriter& out) { write_type_info(out, codec); }));
}

Value date_time(std::int32_t days, std::int64_t ticks) {
  return Value::of_datetime(days, ticks);
}

constexpr std::int32_t k1900 = tds::kDaysTo1900;

}  // namespace

TEST_CASE("NOT NULL integer, bit, float, money and datetime columns use the fixed types",
          "[type_codec]") {
  CHECK(type_info_hex(type_of(TypeId::TinyInt), false) == "30");
  CHECK(type_info_hex(type_of(TypeId::Bit), false) == "32");
  CHECK(type_info_hex(type_of(TypeId::SmallInt), false) == "34");
  CHECK(type_info_hex(type_of(TypeId::Int), false) == "38");
  CHECK(type_info_hex(type_of(TypeId::SmallDateTime), false) == "3A");
  CHECK(type_info_hex(type_of(TypeId::Real), false) == "3B");
  CHECK(type_info_hex(type_of(TypeId::Money), false) == "3C");
  CHECK(type_info_hex(type_of(TypeId::DateTime), false) == "3D");
  CHECK(type_info_hex(type_of(TypeId::Float), false) == "3E");
  CHECK(type_info_hex(type_of(TypeId::SmallMoney), false) == "7A");
  CHECK(type_info_hex(type_of(TypeId::BigInt), false) == "7F");
}

TEST_CASE("Nullable columns use the N-types with their length", "[type_codec]") {
  CHECK(type_info_hex(type_of(TypeId::TinyInt), true) == "26 01");
  CHECK(type_info_hex(type_of(TypeId::Int), true) == "26 04");
  CHECK(type_info_hex(type_of(TypeId::BigInt), true) == "26 08");
  CHECK(type_info_hex(type_of(TypeId::Bit), true) == "68 01");
  CHECK(type_info_hex(type_of(TypeId::Real), true) == "6D 04");
  CHECK(type_info_hex(type_of(TypeId::Float), true) == "6D 08");
  CHECK(type_info_hex(type_of(TypeId::Money), true) == "6E 08");
  CHECK(type_info_hex(type_of(TypeId::SmallMoney), true) == "6E 04");
  CHECK(type_info_hex(type_of(TypeId::DateTime), true) == "6F 08");
  CHECK(type_info_hex(type_of(TypeId::SmallDateTime), true) == "6F 04");
}

TEST_CASE("Types without a fixed form keep their N-type also when NOT NULL", "[type_codec]") {
  CHECK(type_info_hex(type_of(TypeId::Decimal, 0, 18, 2), false) == "6A 09 12 02");
  CHECK(type_info_hex(type_of(TypeId::Numeric, 0, 38, 10), false) == "6C 11 26 0A");
  CHECK(type_info_hex(type_of(TypeId::Decimal, 0, 5, 2), true) == "6A 05 05 02");
  CHECK(type_info_hex(type_of(TypeId::Decimal, 0, 28, 0), true) == "6A 0D 1C 00");
  CHECK(type_info_hex(type_of(TypeId::UniqueIdentifier), false) == "24 10");
  CHECK(type_info_hex(type_of(TypeId::Date), false) == "28");
  CHECK(type_info_hex(type_of(TypeId::Time, 0, 0, 7), false) == "29 07");
  CHECK(type_info_hex(type_of(TypeId::DateTime2, 0, 0, 3), false) == "2A 03");
  CHECK(type_info_hex(type_of(TypeId::DateTimeOffset, 0, 0, 7), false) == "2B 07");
}

TEST_CASE("Character and binary types carry their byte length and collation", "[type_codec]") {
  CHECK(type_info_hex(type_of(TypeId::VarChar, 30), false) == "A7 1E 00 09 04 D0 00 34");
  CHECK(type_info_hex(type_of(TypeId::Char, 11), false) == "AF 0B 00 09 04 D0 00 34");
  CHECK(type_info_hex(type_of(TypeId::NVarChar, 100), true) == "E7 C8 00 09 04 D0 00 34");
  CHECK(type_info_hex(type_of(TypeId::NChar, 2), true) == "EF 04 00 09 04 D0 00 34");
  CHECK(type_info_hex(type_of(TypeId::VarBinary, 16), true) == "A5 10 00");
  CHECK(type_info_hex(type_of(TypeId::Binary, 4), true) == "AD 04 00");
  CHECK(type_info_hex(type_of(TypeId::NVarChar, SqlType::kMax), true) == "E7 FF FF 09 04 D0 00 34");
  CHECK(type_info_hex(type_of(TypeId::VarBinary, SqlType::kMax), true) == "A5 FF FF");
  CHECK(type_info_hex(type_of(TypeId::Xml, SqlType::kMax), true) == "F1 00");
  CHECK(type_info_hex(type_of(TypeId::Text, SqlType::kMax), true) ==
        "23 FF FF FF 7F 09 04 D0 00 34");
  CHECK(type_info_hex(type_of(TypeId::NText, SqlType::kMax), true) ==
        "63 FE FF FF 7F 09 04 D0 00 34");
  CHECK(type_info_hex(type_of(TypeId::Image, SqlType::kMax), true) == "22 FF FF FF 7F");
  CHECK(type_info_hex(type_of(TypeId::SqlVariant), true) == "62 49 1F 00 00");
}

TEST_CASE("rowversion travels as binary(8) with UserType 0x50", "[type_codec]") {
  const SqlType rowversion = type_of(TypeId::RowVersion, 8);
  CHECK(type_info_hex(rowversion, false) == "AD 08 00");
  CHECK(tds::user_type(rowversion) == 0x50);
  CHECK(value_hex(rowversion, false, Value::of_bytes(std::string("\0\0\0\0\0\0\x07\xD1", 8))) ==
        "08 00 00 00 00 00 00 00 07 D1");
}

TEST_CASE("datetime is days since 1900 and 1/300 s ticks", "[type_codec]") {
  // 2004-02-24 15:16:17 (FreeTDS data.in).
  const Value value = date_time(k1900 + 38039, (15 * 3600 + 16 * 60 + 17) * 300);
  CHECK(value_hex(type_of(TypeId::DateTime), false, value) == "97 94 00 00 2C AA FB 00");
  CHECK(value_hex(type_of(TypeId::DateTime), true, value) == "08 97 94 00 00 2C AA FB 00");
  // Before 1900 the day count is negative: 1753-01-01 is -53690.
  CHECK(value_hex(type_of(TypeId::DateTime), false, date_time(k1900 - 53690, 0)) ==
        "46 2E FF FF 00 00 00 00");
}

TEST_CASE("smalldatetime is days since 1900 and minutes", "[type_codec]") {
  CHECK(value_hex(type_of(TypeId::SmallDateTime), false, date_time(k1900 + 38039, 916)) ==
        "97 94 94 03");
  CHECK(value_hex(type_of(TypeId::SmallDateTime), true, date_time(k1900 + 38039, 916)) ==
        "04 97 94 94 03");
}

TEST_CASE("money is sent as its high then low 32 bits", "[type_codec]") {
  CHECK(value_hex(type_of(TypeId::Money), false, Value::of_unscaled(43212345678)) ==
        "0A 00 00 00 4E 11 A8 0F");
  CHECK(value_hex(type_of(TypeId::Money), true, Value::of_unscaled(INT64_MIN)) ==
        "08 00 00 00 80 00 00 00 00");
  CHECK(value_hex(type_of(TypeId::Money), false, Value::of_unscaled(-1)) ==
        "FF FF FF FF FF FF FF FF");
  CHECK(value_hex(type_of(TypeId::SmallMoney), false, Value::of_unscaled(7654321)) ==
        "B1 CB 74 00");
  CHECK(value_hex(type_of(TypeId::SmallMoney), true, Value::of_unscaled(-2147483648LL)) ==
        "04 00 00 00 80");
}

TEST_CASE("uniqueidentifier swaps the first three groups", "[type_codec]") {
  const std::string text_order = mssql_sim::test::from_hex("0DDF3B64 E692 11D1 AB06 00AA00BDD685");
  CHECK(value_hex(type_of(TypeId::UniqueIdentifier), true, Value::of_bytes(text_order)) ==
        "10 64 3B DF 0D 92 E6 D1 11 AB 06 00 AA 00 BD D6 85");
}

TEST_CASE("decimal is a sign byte and a magnitude sized by precision", "[type_codec]") {
  CHECK(value_hex(type_of(TypeId::Numeric, 0, 3, 1), true, Value::of_unscaled(93)) ==
        "05 01 5D 00 00 00");
  CHECK(value_hex(type_of(TypeId::Numeric, 0, 38, 10), false,
                  Value::of_unscaled(-static_cast<__int128>(123456789012345))) ==
        "11 00 79 DF 0D 86 48 70 00 00 00 00 00 00 00 00 00 00");
  CHECK(value_hex(type_of(TypeId::Decimal, 0, 18, 2), false, Value::of_unscaled(-1)) ==
        "09 00 01 00 00 00 00 00 00 00");
  // decimal(38,0) at its maximum, 10^38 - 1.
  __int128 max38 = 1;
  for (int i = 0; i < 38; ++i)
    max38 *= 10;
  CHECK(value_hex(type_of(TypeId::Decimal, 0, 38, 0), false, Value::of_unscaled(max38 - 1)) ==
        "11 01 FF FF FF FF 3F 22 8A 09 7A C4 86 5A A8 4C 3B 4B");
}

TEST_CASE("date, time, datetime2 and datetimeoffset follow their scale", "[type_codec]") {
  CHECK(value_hex(type_of(TypeId::Date), false, Value::of_date(702330)) == "03 7A B7 0A");
  CHECK(value_hex(type_of(TypeId::Date), true, Value::of_date(0)) == "03 00 00 00");
  CHECK(value_hex(type_of(TypeId::Date), true, Value::of_date(3652058)) == "03 DA B9 37");

  const std::int64_t noon_ticks = 44625LL * 10000000;  // 12:23:45
  CHECK(value_hex(type_of(TypeId::Time, 0, 0, 7), false, Value::of_time(noon_ticks)) ==
        "05 80 9E 92 E6 67");
  CHECK(value_hex(type_of(TypeId::Time, 0, 0, 0), false, Value::of_time(noon_ticks)) ==
        "03 51 AE 00");
  CHECK(value_hex(type_of(TypeId::Time, 0, 0, 3), false, Value::of_time(noon_ticks)) ==
        "04 68 EC A8 02");

  CHECK(value_hex(type_of(TypeId::DateTime2, 0, 0, 7), false, date_time(734358, noon_ticks)) ==
        "08 80 9E 92 E6 67 96 34 0B");

  Value offset = date_time(734358, 75225LL * 10000000);  // 20:53:45 UTC
  offset.offset_minutes = -510;                          // -08:30
  CHECK(value_hex(type_of(TypeId::DateTimeOffset, 0, 0, 7), false, offset) ==
        "0A 80 12 98 25 AF 96 34 0B 02 FE");
}

TEST_CASE("NULL takes each type's NULL form", "[type_codec]") {
  CHECK(value_hex(type_of(TypeId::Int), true, Value::null()) == "00");
  CHECK(value_hex(type_of(TypeId::Date), true, Value::null()) == "00");
  CHECK(value_hex(type_of(TypeId::NVarChar, 10), true, Value::null()) == "FF FF");
  CHECK(value_hex(type_of(TypeId::VarBinary, 10), true, Value::null()) == "FF FF");
  CHECK(value_hex(type_of(TypeId::NVarChar, SqlType::kMax), true, Value::null()) ==
        "FF FF FF FF FF FF FF FF");
  CHECK(value_hex(type_of(TypeId::Text, SqlType::kMax), true, Value::null()) == "00");
  CHECK(value_hex(type_of(TypeId::SqlVariant), true, Value::null()) == "00 00 00 00");
  CHECK_THROWS_AS(value_hex(type_of(TypeId::Int), false, Value::null()), std::logic_error);
}

TEST_CASE("nvarchar is UTF-16LE with surrogate pairs and lone surrogates kept", "[type_codec]") {
  const SqlType nvarchar = type_of(TypeId::NVarChar, 10);
  CHECK(value_hex(nvarchar, true, Value::of_bytes("Aé")) == "04 00 41 00 E9 00");
  // U+1F600 is a surrogate pair; a lone high surrogate (ED A0 BD in WTF-8) stays alone.
  CHECK(value_hex(nvarchar, true, Value::of_bytes("\xF0\x9F\x98\x80")) == "04 00 3D D8 00 DE");
  CHECK(value_hex(nvarchar, true, Value::of_bytes("\xED\xA0\xBD")) == "02 00 3D D8");
  CHECK(value_hex(nvarchar, true, Value::of_bytes("")) == "00 00");
}

TEST_CASE("varchar goes in the collation's code page", "[type_codec]") {
  SqlType varchar = type_of(TypeId::VarChar, 20);
  CHECK(value_hex(varchar, false, Value::of_bytes("SP")) == "02 00 53 50");
  // é is E9 in code page 1252 (SQL_Latin1_General_CP1_CI_AS).
  CHECK(value_hex(varchar, false, Value::of_bytes("\xC3\xA9")) == "01 00 E9");
}

TEST_CASE("(max) types are PLP with one chunk and a terminator", "[type_codec]") {
  const SqlType max = type_of(TypeId::VarChar, SqlType::kMax);
  CHECK(value_hex(max, true, Value::of_bytes("abc")) ==
        "03 00 00 00 00 00 00 00 03 00 00 00 61 62 63 00 00 00 00");
  CHECK(value_hex(max, true, Value::of_bytes("")) == "00 00 00 00 00 00 00 00 00 00 00 00");
  CHECK(value_hex(type_of(TypeId::Xml, SqlType::kMax), true, Value::of_bytes("<a/>")) ==
        "08 00 00 00 00 00 00 00 08 00 00 00 3C 00 61 00 2F 00 3E 00 00 00 00 00");
}

TEST_CASE("TEXTSIZE truncates large values in bytes, never half a UTF-16 unit", "[type_codec]") {
  CHECK(value_hex(type_of(TypeId::VarChar, SqlType::kMax), true, Value::of_bytes("abcdef"), 4) ==
        "04 00 00 00 00 00 00 00 04 00 00 00 61 62 63 64 00 00 00 00");
  CHECK(value_hex(type_of(TypeId::NVarChar, SqlType::kMax), true, Value::of_bytes("abc"), 5) ==
        "04 00 00 00 00 00 00 00 04 00 00 00 61 00 62 00 00 00 00 00");
  // Not a large type: TEXTSIZE does not apply.
  CHECK(value_hex(type_of(TypeId::VarChar, 10), true, Value::of_bytes("abcdef"), 2) ==
        "06 00 61 62 63 64 65 66");
}

TEST_CASE("text, ntext and image carry a text pointer and timestamp", "[type_codec]") {
  const std::string hex =
      value_hex(type_of(TypeId::Text, SqlType::kMax), true, Value::of_bytes("hi"));
  // 16-byte pointer length, pointer, 8-byte timestamp, LONG length, data.
  CHECK(hex.substr(0, 2) == "10");
  CHECK(hex.substr(3 * 17) == "00 00 00 00 00 00 00 00 02 00 00 00 68 69");
  const std::string ntext =
      value_hex(type_of(TypeId::NText, SqlType::kMax), true, Value::of_bytes("hi"), 2);
  CHECK(ntext.substr(3 * 25) == "02 00 00 00 68 00");
}

TEST_CASE("sql_variant carries its base type and properties", "[type_codec]") {
  const auto variant = [](SqlType type, Value value) {
    Value v;
    v.is_null = false;
    v.variant = std::make_shared<TypedValue>(TypedValue{type, std::move(value)});
    return v;
  };
  const SqlType sv = type_of(TypeId::SqlVariant);
  CHECK(value_hex(sv, true, variant(type_of(TypeId::Int), Value::of_integer(7))) ==
        "06 00 00 00 38 00 07 00 00 00");
  CHECK(value_hex(sv, true, variant(type_of(TypeId::Decimal, 0, 5, 2), Value::of_unscaled(-12))) ==
        "09 00 00 00 6A 02 05 02 00 0C 00 00 00");
  CHECK(value_hex(sv, true, variant(type_of(TypeId::NVarChar, 5), Value::of_bytes("ok"))) ==
        "0D 00 00 00 E7 07 09 04 D0 00 34 0A 00 6F 00 6B 00");
  CHECK(value_hex(sv, true, variant(type_of(TypeId::Time, 0, 0, 0), Value::of_time(10000000))) ==
        "06 00 00 00 29 01 00 01 00 00");
}

TEST_CASE("append_utf16le matches the collation module's to_utf16le", "[type_codec]") {
  const std::string samples[] = {"plain", "S\xC3\xA3o Paulo", "\xF0\x9F\x98\x80", "\xED\xB0\x80x"};
  for (const std::string& text : samples) {
    std::string mine;
    tds::append_utf16le(mine, text);
    CHECK(mine == to_utf16le(text));
  }
}
