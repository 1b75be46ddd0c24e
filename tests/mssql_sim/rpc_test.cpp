// RPC requests: sp_executesql as tedious (named parameters, nvarchar statement) and FreeTDS
// ct-lib (positional parameters, ntext statement) send it, with every bindable type.
#include "rpc.h"

#include <catch2/catch.hpp>

#include "collation.h"
#include "tds_test_util.h"
#include "type_codec.h"

using namespace mssql_sim;
using mssql_sim::test::from_hex;

namespace {

const std::string kAllHeaders =
    from_hex("16 00 00 00 12 00 00 00 02 00 00 00 00 00 00 00 00 00 01 00 00 00");
const std::string kCollation = from_hex("09 04 D0 00 34");

std::string u16le(std::size_t v) {
  return std::string{static_cast<char>(v), static_cast<char>(v >> 8)};
}
std::string u32le(std::uint32_t v) {
  return u16le(v & 0xFFFF) + u16le(v >> 16);
}

std::string b_varchar(std::string_view text) {
  const std::string utf16 = to_utf16le(text);
  return std::string(1, static_cast<char>(utf16.size() / 2)) + utf16;
}

//! A named parameter: name, status, type info and value bytes.
std::string param(std::string_view name, std::string_view type_and_value) {
  return b_varchar(name) + std::string(1, '\0') + std::string(type_and_value);
}

std::string nvarchar_value(std::string_view text) {
  const std::string utf16 = to_utf16le(text);
  return from_hex("E7 40 1F") + kCollation + u16le(utf16.size()) + utf16;
}

std::string ntext_value(std::string_view text) {
  const std::string utf16 = to_utf16le(text);
  return from_hex("63") + u32le(utf16.size()) + kCollation + u32le(utf16.size()) + utf16;
}

const TypedValue& value_of(const tds::RpcRequest& request, std::size_t i) {
  return request.params.at(i).value;
}

}  // namespace

TEST_CASE("tedious execSql: sp_executesql by id with named parameters", "[rpc]") {
  std::string payload = kAllHeaders + from_hex("FF FF 0A 00 00 00");
  payload += param("@statement", nvarchar_value("select * from t where id > @id"));
  payload += param("@params", nvarchar_value("@id int,@name nvarchar(4000)"));
  payload += param("@id", from_hex("26 04 04 2A 00 00 00"));
  payload += param("@name", nvarchar_value("S\xC3\xA3o"));
  const tds::RpcRequest request = tds::parse_rpc(payload);
  CHECK(request.proc_id == tds::proc_id::kExecuteSql);
  REQUIRE(request.params.size() == 4);
  CHECK(tds::param_text(request.params[0]) == "select * from t where id > @id");
  CHECK(value_of(request, 2).type.id == TypeId::Int);
  CHECK(value_of(request, 2).value.integer == 42);
  CHECK(value_of(request, 3).type.id == TypeId::NVarChar);
  CHECK(value_of(request, 3).type.length == 4000);
  CHECK(value_of(request, 3).value.bytes == "S\xC3\xA3o");

  const auto bound = tds::bind_params(tds::param_text(request.params[1]),
                                      {request.params.begin() + 2, request.params.end()});
  REQUIRE(bound.size() == 2);
  CHECK(bound[0].name == "@id");
  CHECK(bound[1].name == "@name");
}

TEST_CASE("FreeTDS ct-lib: ntext statement and unnamed parameters bound by position", "[rpc]") {
  std::string payload = kAllHeaders + from_hex("FF FF 0A 00 00 00");
  payload += param("", ntext_value("select * from t where k > @last"));
  payload += param("", ntext_value("@last bigint"));
  payload += param("", from_hex("26 08 08 00 00 00 00 01 00 00 00"));
  const tds::RpcRequest request = tds::parse_rpc(payload);
  REQUIRE(request.params.size() == 3);
  CHECK(tds::param_text(request.params[0]) == "select * from t where k > @last");
  CHECK(value_of(request, 2).type.id == TypeId::BigInt);
  CHECK(value_of(request, 2).value.integer == 0x100000000LL);
  const auto bound = tds::bind_params("@last bigint", {request.params[2]});
  REQUIRE(bound.size() == 1);
  CHECK(bound[0].name == "@last");
}

TEST_CASE("sp_executesql sent by name is recognised", "[rpc]") {
  std::string payload = kAllHeaders + u16le(13) + to_utf16le("sp_executesql") + from_hex("00 00");
  payload += param("", nvarchar_value("select 1"));
  const tds::RpcRequest request = tds::parse_rpc(payload);
  CHECK(request.proc_id == tds::proc_id::kExecuteSql);
  CHECK(request.proc_name == "sp_executesql");
}

TEST_CASE("Parameters of every bindable type decode to the simulator's values", "[rpc]") {
  std::string payload = kAllHeaders + from_hex("FF FF 0A 00 00 00");
  payload += param("@bit", from_hex("68 01 01 01"));
  payload += param("@tiny", from_hex("26 01 01 FF"));
  payload += param("@small", from_hex("26 02 02 FE FF"));
  payload += param("@dec", from_hex("6A 11 12 02 09 00 39 30 00 00 00 00 00 00"));
  payload += param("@money", from_hex("6E 08 08 0A 00 00 00 4E 11 A8 0F"));
  payload += param("@smallmoney", from_hex("6E 04 04 B1 CB 74 00"));
  payload += param("@float", from_hex("6D 08 08 00 00 00 00 00 00 F8 3F"));
  payload += param("@real", from_hex("6D 04 04 00 00 C0 3F"));
  payload += param("@date", from_hex("28 03 7A B7 0A"));
  payload += param("@time", from_hex("29 07 05 80 9E 92 E6 67"));
  payload += param("@datetime", from_hex("6F 08 08 97 94 00 00 2C AA FB 00"));
  payload += param("@dt2", from_hex("2A 07 08 80 9E 92 E6 67 96 34 0B"));
  payload += param("@dto", from_hex("2B 07 0A 80 12 98 25 AF 96 34 0B 02 FE"));
  payload += param("@varchar", from_hex("A7 40 1F") + kCollation + from_hex("03 00 E9 74 E9"));
  payload += param("@varbinary", from_hex("A5 40 1F 02 00 CA FE"));
  payload += param("@guid", from_hex("24 10 10 64 3B DF 0D 92 E6 D1 11 AB 06 00 AA 00 BD D6 85"));
  payload += param("@max", from_hex("E7 FF FF") + kCollation +
                               from_hex("FE FF FF FF FF FF FF FF 02 00 00 00 61 00 "
                                        "02 00 00 00 62 00 00 00 00 00"));
  payload += param("@nullint", from_hex("26 04 00"));
  payload += param("@nullmax", from_hex("A5 FF FF FF FF FF FF FF FF FF FF"));
  payload += param("@fixed", from_hex("38 07 00 00 00"));

  const tds::RpcRequest r = tds::parse_rpc(payload);
  REQUIRE(r.params.size() == 20);
  CHECK(value_of(r, 0).type.id == TypeId::Bit);
  CHECK(value_of(r, 0).value.integer == 1);
  CHECK(value_of(r, 1).type.id == TypeId::TinyInt);
  CHECK(value_of(r, 1).value.integer == 255);
  CHECK(value_of(r, 2).value.integer == -2);
  CHECK(value_of(r, 3).type.precision == 18);
  CHECK(value_of(r, 3).type.scale == 2);
  CHECK(value_of(r, 3).value.unscaled == -12345);
  CHECK(value_of(r, 4).type.id == TypeId::Money);
  CHECK(value_of(r, 4).value.unscaled == 43212345678);
  CHECK(value_of(r, 5).type.id == TypeId::SmallMoney);
  CHECK(value_of(r, 5).value.unscaled == 7654321);
  CHECK(value_of(r, 6).value.real == 1.5);
  CHECK(value_of(r, 7).type.id == TypeId::Real);
  CHECK(value_of(r, 7).value.real == 1.5);
  CHECK(value_of(r, 8).value.days == 702330);
  CHECK(value_of(r, 9).value.ticks == 44625LL * 10000000);
  CHECK(value_of(r, 10).value.days == tds::kDaysTo1900 + 38039);
  CHECK(value_of(r, 10).value.ticks == 16493100);
  CHECK(value_of(r, 11).value.days == 734358);
  CHECK(value_of(r, 12).value.ticks == 75225LL * 10000000);
  CHECK(value_of(r, 12).value.offset_minutes == -510);
  CHECK(value_of(r, 13).value.bytes == "\xC3\xA9t\xC3\xA9");
  CHECK(value_of(r, 14).value.bytes == from_hex("CA FE"));
  CHECK(value_of(r, 15).value.bytes == from_hex("0DDF3B64 E692 11D1 AB06 00AA00BDD685"));
  CHECK(value_of(r, 16).type.length == SqlType::kMax);
  CHECK(value_of(r, 16).value.bytes == "ab");
  CHECK(value_of(r, 17).value.is_null);
  CHECK(value_of(r, 17).type.id == TypeId::Int);
  CHECK(value_of(r, 18).value.is_null);
  CHECK(value_of(r, 19).value.integer == 7);
}

TEST_CASE("Parameter definitions give the names in order", "[rpc]") {
  CHECK(tds::definition_names("@a int, @b decimal(18, 2),@c nvarchar(max) OUTPUT") ==
        std::vector<std::string>{"@a", "@b", "@c"});
  CHECK(tds::definition_names("").empty());
}

TEST_CASE("A declared parameter without a value is error 8178", "[rpc]") {
  try {
    tds::bind_params("@a int, @b int", {tds::RpcParam{"@a", false, {}}});
    FAIL("no error");
  } catch (const SqlError& error) {
    CHECK(error.message().number == 8178);
    CHECK(error.message().text ==
          "The parameterized query '(@a int, @b int)' expects the parameter '@b', which was "
          "not supplied.");
  }
}

TEST_CASE(
    "A parameter type the simulator cannot read is an SQL error, a cut request a "
    "protocol error",
    "[rpc]") {
  std::string payload = kAllHeaders + from_hex("FF FF 0A 00 00 00");
  CHECK_THROWS_AS(tds::parse_rpc(payload + param("@tvp", from_hex("F3 00"))), SqlError);
  CHECK_THROWS_AS(tds::parse_rpc(payload + param("@i", from_hex("26 04 04 01"))),
                  tds::ProtocolError);
}
