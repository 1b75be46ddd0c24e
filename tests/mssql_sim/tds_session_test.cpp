// A whole connection through Session: PRELOGIN, LOGIN7, batches, Attention, faults — the
// client's bytes in, the server's packets out.
#include <catch2/catch.hpp>

#include "catalog.h"
#include "session.h"
#include "tds_test_util.h"
#include "tds_tokens.h"

using namespace mssql_sim;
using mssql_sim::test::from_hex;
using mssql_sim::test::login7;
using mssql_sim::test::LoginFields;
using mssql_sim::test::to_hex;

namespace {

std::string batch(std::string_view sql) {
  const std::string headers =
      from_hex("16 00 00 00 12 00 00 00 02 00 00 00 00 00 00 00 00 00 01 00 00 00");
  return tds::frame_message(tds::PacketType::SqlBatch, headers + to_utf16le(sql), 0);
}

//! The server's messages, one string of payload per message.
std::vector<std::string> messages(std::string_view stream) {
  std::vector<std::string> out(1);
  while (!stream.empty()) {
    const std::size_t length =
        (static_cast<std::uint8_t>(stream[2]) << 8) | static_cast<std::uint8_t>(stream[3]);
    out.back() += stream.substr(8, length - 8);
    if (stream[1] & tds::kStatusEom) out.emplace_back();
    stream.remove_prefix(length);
  }
  out.pop_back();
  return out;
}

struct Server {
  Catalog catalog;
  QueryEngine engine{catalog};
  Faults faults;
  tds::ServerContext context{engine, catalog, {"etl", "s3cret", "master"}, faults};

  std::vector<std::string> run(const std::string& client_bytes) {
    tds::StringTransport transport(client_bytes);
    tds::Session session(transport, context, 51);
    session.run();
    return messages(transport.output());
  }
};

std::string hello(const LoginFields& fields = {}) {
  return tds::frame_message(tds::PacketType::Prelogin, from_hex("FF"), 0) +
         tds::frame_message(tds::PacketType::Login7, login7(fields), 0);
}

}  // namespace

TEST_CASE("A session answers PRELOGIN, logs in and streams select 1 as x", "[tds_session]") {
  Server server;
  const auto replies = server.run(hello() + batch("select 1 as x"));
  REQUIRE(replies.size() == 3);
  CHECK(replies[0] == tds::prelogin_reply_payload());
  CHECK(static_cast<std::uint8_t>(replies[1].back() == 0));
  CHECK(to_hex(replies[2].substr(replies[2].size() - 13)) ==
        "FD 10 00 C1 00 01 00 00 00 00 00 00 00");
  CHECK(replies[2].find(from_hex("D1")) != std::string::npos);
}

TEST_CASE("A wrong password gets 18456 and the session ends", "[tds_session]") {
  Server server;
  LoginFields fields;
  fields.password = "nope";
  const auto replies = server.run(hello(fields) + batch("select 1"));
  REQUIRE(replies.size() == 2);
  CHECK(to_hex(replies[1].substr(0, 7)) == "AA 58 00 18 48 00 00");
  CHECK(to_hex(replies[1].substr(replies[1].size() - 13, 3)) == "FD 02 00");
}

TEST_CASE("An error and an empty batch each end with one DONE", "[tds_session]") {
  Server server;
  const auto replies = server.run(hello() + batch("select * from nothere") + batch(""));
  REQUIRE(replies.size() == 4);
  CHECK(static_cast<std::uint8_t>(replies[2][0]) == tds::token::kError);
  CHECK(to_hex(replies[2].substr(replies[2].size() - 13, 3)) == "FD 02 00");
  CHECK(to_hex(replies[3]) == "FD 00 00 00 00 00 00 00 00 00 00 00 00");
}

TEST_CASE("An Attention after the request finished is acknowledged with DONE ATTN",
          "[tds_session]") {
  Server server;
  const auto replies = server.run(hello() + batch("select 1") +
                                  tds::frame_message(tds::PacketType::Attention, "", 0));
  REQUIRE(replies.size() == 4);
  CHECK(to_hex(replies[3]) == "FD 20 00 00 00 00 00 00 00 00 00 00 00");
}

TEST_CASE("error_after_rows ends the batch with error 1205 after N rows", "[tds_session]") {
  Server server;
  server.faults.add(parse_fault("error_after_rows=1"));
  const auto replies = server.run(hello() + batch("select 1 as first_col; select 2 as second_col"));
  REQUIRE(replies.size() == 3);
  const std::string& reply = replies[2];
  CHECK(reply.find(from_hex("AA")) != std::string::npos);
  CHECK(to_hex(reply.substr(reply.size() - 13, 3)) == "FD 02 00");
  CHECK(reply.find(to_utf16le("second_col")) == std::string::npos);  // the second SELECT never ran
}

TEST_CASE("drop_after_rows closes the connection without ending the message", "[tds_session]") {
  Server server;
  server.faults.add(parse_fault("drop_after_rows=1,times=1"));
  tds::StringTransport transport(hello() + batch("select 1 as a") + batch("select 2"));
  tds::Session session(transport, server.context, 51);
  session.run();
  const std::string& out = transport.output();
  // The last packet sent has no EOM, and nothing follows it.
  std::size_t at = 0;
  std::uint8_t last_status = 0;
  while (at < out.size()) {
    last_status = static_cast<std::uint8_t>(out[at + 1]);
    at += (static_cast<std::uint8_t>(out[at + 2]) << 8) | static_cast<std::uint8_t>(out[at + 3]);
  }
  CHECK((last_status & tds::kStatusEom) == 0);
  // times=1: the next connection is served in full.
  CHECK(server.run(hello() + batch("select 1 as a")).size() == 3);
}

TEST_CASE("Fault specs are parsed or refused with a clear message", "[tds_session]") {
  const FaultSpec spec = parse_fault("drop_after_rows=500,times=2");
  CHECK(spec.kind == FaultSpec::Kind::DropAfterRows);
  CHECK(spec.value == 500);
  CHECK(spec.times == 2);
  CHECK(parse_fault("delay_ms=20").kind == FaultSpec::Kind::DelayMs);
  CHECK_THROWS_WITH(parse_fault("explode=1"), Catch::Contains("unknown fault 'explode'"));
  CHECK_THROWS_WITH(parse_fault("delay_ms=5,times=1"), Catch::Contains("unexpected 'times'"));
  CHECK_THROWS_WITH(parse_fault("error_after_rows=x"), Catch::Contains("not a whole number"));
}
