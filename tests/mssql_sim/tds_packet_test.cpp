// Packet framing: 8-byte headers, big-endian lengths, splitting by the packet size, EOM,
// whole messages on the reading side and Attention noticed while results stream.
#include "tds_packet.h"

#include <catch2/catch.hpp>

#include "tds_test_util.h"

using namespace mssql_sim;
using mssql_sim::test::from_hex;
using mssql_sim::test::to_hex;

TEST_CASE("A short message is one packet with EOM, a big-endian length and the SPID",
          "[tds_packet]") {
  tds::StringTransport transport;
  tds::PacketWriter writer(transport, 51);
  writer.u8(0xFD);
  writer.u16(0);
  writer.u16(0);
  writer.u64(0);
  writer.end_message();
  CHECK(to_hex(transport.output()) ==
        "04 01 00 15 00 33 01 00 FD 00 00 00 00 00 00 00 00 00 00 00 00");
}

TEST_CASE("A long message is split at the packet size; only the last packet has EOM",
          "[tds_packet]") {
  tds::StringTransport transport;
  tds::PacketWriter writer(transport, 51);
  writer.set_packet_size(512);
  const std::string payload(1200, 'x');
  for (const char c : payload) {
    writer.u8(static_cast<std::uint8_t>(c));
    writer.maybe_flush();
  }
  writer.end_message();
  const std::string& out = transport.output();
  REQUIRE(out.size() == 1200 + 3 * 8);
  CHECK(to_hex(out.substr(0, 8)) == "04 00 02 00 00 33 01 00");
  CHECK(to_hex(out.substr(512, 8)) == "04 00 02 00 00 33 02 00");
  CHECK(to_hex(out.substr(1024, 8)) == "04 01 00 C8 00 33 03 00");
  CHECK(tds::unframe(out) == payload);
}

TEST_CASE("A value larger than a packet streams out without growing the buffer", "[tds_packet]") {
  tds::StringTransport transport;
  tds::PacketWriter writer(transport, 51);
  writer.set_packet_size(512);
  const std::string big(100000, 'y');
  writer.bytes(big);
  CHECK(writer.pending() < 512);
  writer.end_message();
  CHECK(tds::unframe(transport.output()) == big);
  CHECK(writer.packets_sent() == (100000 + 503) / 504);
}

TEST_CASE("A message that fills its packets exactly ends without an empty packet", "[tds_packet]") {
  tds::StringTransport transport;
  tds::PacketWriter writer(transport, 51);
  writer.set_packet_size(512);
  writer.bytes(std::string(504 * 2, 'z'));
  writer.end_message();
  CHECK(transport.output().size() == 2 * 512);
  CHECK(static_cast<std::uint8_t>(transport.output()[512 + 1]) == tds::kStatusEom);
}

TEST_CASE("Packet sizes outside 512-32767 are clamped", "[tds_packet]") {
  tds::StringTransport transport;
  tds::PacketWriter writer(transport, 51);
  writer.set_packet_size(100);
  CHECK(writer.packet_size() == 512);
  writer.set_packet_size(65536);
  CHECK(writer.packet_size() == 32767);
}

TEST_CASE("The reader joins the packets of a message and keeps the first status", "[tds_packet]") {
  std::string stream = from_hex("01 08 00 0A 00 00 01 00 41 00");  // reset bit, no EOM
  stream += from_hex("01 01 00 0A 00 00 02 00 42 00");
  tds::StringTransport transport(stream);
  tds::PacketReader reader(transport);
  const auto message = reader.read_message();
  REQUIRE(message);
  CHECK(message->type == tds::PacketType::SqlBatch);
  CHECK((message->status & tds::kStatusResetConnection) != 0);
  CHECK(to_hex(message->payload) == "41 00 42 00");
  CHECK_FALSE(reader.read_message());
}

TEST_CASE("A connection cut inside a packet is a protocol error", "[tds_packet]") {
  tds::StringTransport transport(from_hex("01 01 00 10 00 00 01 00 41"));
  tds::PacketReader reader(transport);
  CHECK_THROWS_AS(reader.read_message(), tds::ProtocolError);
}

TEST_CASE("An unknown packet type or a length below 8 is a protocol error", "[tds_packet]") {
  tds::StringTransport bad_type(from_hex("55 01 00 08 00 00 01 00"));
  CHECK_THROWS_AS(tds::PacketReader(bad_type).read_message(), tds::ProtocolError);
  tds::StringTransport bad_length(from_hex("01 01 00 04 00 00 01 00"));
  CHECK_THROWS_AS(tds::PacketReader(bad_length).read_message(), tds::ProtocolError);
}

TEST_CASE("Attention is noticed while streaming; other messages wait their turn", "[tds_packet]") {
  tds::StringTransport transport;
  tds::PacketReader reader(transport);
  CHECK_FALSE(reader.attention_pending());
  transport.append_input(from_hex("01 01 00 0A 00 00 01 00 41 00"));
  CHECK_FALSE(reader.attention_pending());
  transport.append_input(from_hex("06 01 00 08 00 00 01 00"));
  CHECK(reader.attention_pending());
  const auto queued = reader.read_message();
  REQUIRE(queued);
  CHECK(queued->type == tds::PacketType::SqlBatch);
}
