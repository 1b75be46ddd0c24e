// Token writers: byte layouts of [MS-TDS] 2.2.7 and the examples of the protocol notes.
#include "tds_tokens.h"

#include <catch2/catch.hpp>

#include "tds_test_util.h"

using namespace mssql_sim;
using mssql_sim::test::to_hex;
using mssql_sim::test::written;

namespace {

ResultColumn column(std::string name, TypeId id, bool nullable, std::int32_t length = 0) {
  ResultColumn c;
  c.name = std::move(name);
  c.type.id = id;
  c.type.length = length;
  c.nullable = nullable;
  return c;
}

}  // namespace

TEST_CASE("select 1 as x is COLMETADATA, ROW and DONE with COUNT in one packet", "[tds_tokens]") {
  const std::vector<ResultColumn> columns = {column("x", TypeId::Int, true)};
  tds::StringTransport transport;
  tds::PacketWriter writer(transport, 51);
  const tds::RowsetWriter rowset(columns, -1);
  rowset.write_colmetadata(writer);
  rowset.write_row(writer, Row{Value::of_integer(1)});
  tds::write_done(writer, tds::done::kCount, tds::kCurCmdSelect, 1);
  writer.end_message();
  CHECK(to_hex(transport.output()) ==
        "04 01 00 29 00 33 01 00 "
        "81 01 00 00 00 00 00 09 00 26 04 01 78 00 "
        "D1 04 01 00 00 00 "
        "FD 10 00 C1 00 01 00 00 00 00 00 00 00");
}

TEST_CASE("ENVCHANGE packet size and collation have the notes' layout", "[tds_tokens]") {
  CHECK(to_hex(written([](tds::PacketWriter& out) {
          tds::write_envchange_text(out, tds::env::kPacketSize, "4096", "4096");
        })) == "E3 13 00 04 04 34 00 30 00 39 00 36 00 04 34 00 30 00 39 00 36 00");
  const auto collation = Collation{}.wire_bytes();
  CHECK(to_hex(written([&](tds::PacketWriter& out) {
          tds::write_envchange_bytes(
              out, tds::env::kCollation,
              std::string_view(reinterpret_cast<const char*>(collation.data()), 5), {});
        })) == "E3 08 00 07 05 09 04 D0 00 34 00");
}

TEST_CASE("ERROR and INFO carry number, state, class, text, server, procedure and line",
          "[tds_tokens]") {
  SqlMessage error;
  error.number = 208;
  error.state = 1;
  error.severity = 16;
  error.text = "ab";
  error.line = 1;
  const std::string hex =
      to_hex(written([&](tds::PacketWriter& out) { tds::write_message(out, error); }));
  // Token, length, number, state, class, US_VARCHAR text, B_VARCHAR "mssql-sim", empty
  // procedure name, line.
  CHECK(hex.substr(0, 3 * 13) == "AA 24 00 D0 00 00 00 01 10 02 00 61 00 ");
  CHECK(hex.substr(hex.size() - 14) == "00 01 00 00 00");
  error.severity = 0;
  const std::string info =
      to_hex(written([&](tds::PacketWriter& out) { tds::write_message(out, error); }));
  CHECK(info.substr(0, 2) == "AB");
}

TEST_CASE("LOGINACK has interface 1, a big-endian TDS version and the program version",
          "[tds_tokens]") {
  const std::string hex =
      to_hex(written([](tds::PacketWriter& out) { tds::write_loginack(out, 0x74000004); }));
  // 1 + 4 + 1 + 2*20 + 4 = 50 bytes of body.
  CHECK(hex.substr(0, 3 * 9) == "AD 32 00 01 74 00 00 04 14 ");
  CHECK(hex.substr(hex.size() - 11) == "10 00 03 E8");
}

TEST_CASE("DONE has status, command and a 64-bit row count", "[tds_tokens]") {
  CHECK(to_hex(written([](tds::PacketWriter& out) {
          tds::write_done(out, tds::done::kMore | tds::done::kCount, tds::kCurCmdSelect,
                          0x100000000ULL, tds::token::kDoneInProc);
        })) == "FF 11 00 C1 00 00 00 00 00 01 00 00 00");
}

TEST_CASE("NBCROW is used exactly when the NULLs it omits outweigh its bitmap", "[tds_tokens]") {
  const std::vector<ResultColumn> ints = {column("a", TypeId::Int, true),
                                          column("b", TypeId::Int, true),
                                          column("c", TypeId::Int, true)};
  const tds::RowsetWriter rowset(ints, -1);
  const auto row_hex = [&](const tds::RowsetWriter& writer, const Row& row) {
    return to_hex(written([&](tds::PacketWriter& out) { writer.write_row(out, row); }));
  };
  // One NULL saves one byte, the bitmap costs one: ROW.
  CHECK(row_hex(rowset, {Value::of_integer(1), Value::null(), Value::of_integer(2)}) ==
        "D1 04 01 00 00 00 00 04 02 00 00 00");
  // Two NULLs save two bytes: NBCROW, bits 1 and 2 set.
  CHECK(row_hex(rowset, {Value::of_integer(1), Value::null(), Value::null()}) ==
        "D2 06 04 01 00 00 00");
  // A NULL nvarchar saves two bytes on its own.
  const std::vector<ResultColumn> text = {column("n", TypeId::NVarChar, true, 10),
                                          column("i", TypeId::Int, false)};
  const tds::RowsetWriter text_rowset(text, -1);
  CHECK(row_hex(text_rowset, {Value::null(), Value::of_integer(5)}) == "D2 01 05 00 00 00");
  CHECK(row_hex(text_rowset, {Value::of_bytes("a"), Value::of_integer(5)}) ==
        "D1 02 00 61 00 05 00 00 00");
}

TEST_CASE("A NULL in a NOT NULL fixed column is refused before any byte is written",
          "[tds_tokens]") {
  const std::vector<ResultColumn> columns = {column("a", TypeId::Int, false)};
  const tds::RowsetWriter rowset(columns, -1);
  tds::StringTransport transport;
  tds::PacketWriter writer(transport, 51);
  CHECK_THROWS_AS(rowset.write_row(writer, Row{Value::null()}), std::logic_error);
  CHECK(writer.pending() == 0);
}

TEST_CASE(
    "COLMETADATA flags nullable, identity and case-sensitive columns; text columns "
    "name their table",
    "[tds_tokens]") {
  std::vector<ResultColumn> columns = {column("id", TypeId::BigInt, false),
                                       column("t", TypeId::Text, true, SqlType::kMax)};
  columns[0].identity = true;
  columns[1].table_name = "dbo.Notes";
  const tds::RowsetWriter rowset(columns, -1);
  CHECK(to_hex(written([&](tds::PacketWriter& out) { rowset.write_colmetadata(out); })) ==
        "81 02 00 "
        "00 00 00 00 18 00 7F 02 69 00 64 00 "
        "00 00 00 00 09 00 23 FF FF FF 7F 09 04 D0 00 34 02 03 00 64 00 62 00 6F 00 05 00 4E 00 "
        "6F 00 74 00 65 00 73 00 01 74 00");
  columns[1].type.collation.flags = Collation::kBinary2;
  const tds::RowsetWriter binary(columns, -1);
  const std::string hex =
      to_hex(written([&](tds::PacketWriter& out) { binary.write_colmetadata(out); }));
  CHECK(hex.find("00 00 00 00 0B 00 23") != std::string::npos);
}
