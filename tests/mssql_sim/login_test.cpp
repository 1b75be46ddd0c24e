// PRELOGIN reply, LOGIN7 parsing, the password check and the login response's order.
#include "login.h"

#include <catch2/catch.hpp>

#include "catalog.h"
#include "collation.h"
#include "tds_test_util.h"
#include "tds_tokens.h"

using namespace mssql_sim;
using mssql_sim::test::from_hex;
using mssql_sim::test::login7;
using mssql_sim::test::LoginFields;
using mssql_sim::test::put16;
using mssql_sim::test::to_hex;
using mssql_sim::test::written;

namespace {

//! The token types of a login response, with the ENVCHANGE type or message number.
std::vector<std::string> token_walk(std::string_view s) {
  std::vector<std::string> tokens;
  std::size_t at = 0;
  while (at < s.size()) {
    const auto type = static_cast<std::uint8_t>(s[at]);
    const auto u16 = [&](std::size_t i) {
      return static_cast<std::uint8_t>(s[i]) | (static_cast<std::uint8_t>(s[i + 1]) << 8);
    };
    if (type == tds::token::kDone) {
      tokens.push_back("DONE " + std::to_string(u16(at + 1)));
      at += 13;
    } else if (type == tds::token::kFeatureExtAck) {
      tokens.push_back("FEATUREEXTACK");
      at += 1;
      while (static_cast<std::uint8_t>(s[at]) != 0xFF)
        at += 5 + u16(at + 1);
      at += 1;
    } else {
      const std::size_t length = u16(at + 1);
      std::string name = type == tds::token::kEnvChange  ? "ENVCHANGE " + std::to_string(s[at + 3])
                         : type == tds::token::kLoginAck ? "LOGINACK"
                         : type == tds::token::kInfo     ? "INFO " + std::to_string(u16(at + 3))
                         : type == tds::token::kError    ? "ERROR " + std::to_string(u16(at + 3))
                                                         : "?";
      tokens.push_back(name);
      at += 3 + length;
    }
  }
  return tokens;
}

}  // namespace

TEST_CASE("The PRELOGIN reply says encryption is not supported", "[login]") {
  CHECK(to_hex(tds::prelogin_reply_payload()) ==
        "00 00 1A 00 06 01 00 20 00 01 02 00 21 00 01 03 00 22 00 00 04 00 22 00 01 FF "
        "10 00 03 E8 00 00 02 00 00");
}

TEST_CASE("Passwords are unscrambled: XOR 0xA5, then nibbles swapped", "[login]") {
  CHECK(tds::unscramble_password(from_hex("B3 A5")) == "a");
}

TEST_CASE("LOGIN7 fields, packet size, fODBC and UTF-8 support are read", "[login]") {
  LoginFields fields;
  fields.database = "cobranca";
  fields.packet_size = 32767;
  const tds::Login7 login = tds::parse_login7(login7(fields));
  CHECK(login.tds_version == tds::kTds74);
  CHECK(login.packet_size == 32767);
  CHECK(login.user_name == "etl");
  CHECK(login.password == "s3cret");
  CHECK(login.database == "cobranca");
  CHECK(login.host_name == "host");
  CHECK(login.odbc());
  CHECK(login.utf8_support_requested);

  fields.utf8_feature = false;
  fields.option_flags2 = 0;
  const tds::Login7 plain = tds::parse_login7(login7(fields));
  CHECK_FALSE(plain.utf8_support_requested);
  CHECK_FALSE(plain.odbc());
}

TEST_CASE("A LOGIN7 with an offset outside the message is a protocol error", "[login]") {
  std::string message = login7(LoginFields{});
  put16(message, 40, 5000);
  CHECK_THROWS_AS(tds::parse_login7(message), tds::ProtocolError);
  CHECK_THROWS_AS(tds::parse_login7(message.substr(0, 50)), tds::ProtocolError);
}

TEST_CASE("Logins check the password exactly and the user name without case", "[login]") {
  Catalog catalog;
  catalog.create_database("cobranca");
  const tds::Credentials credentials{"etl", "s3cret", "cobranca"};
  LoginFields fields;
  fields.user = "ETL";

  const auto accepted = tds::decide_login(tds::parse_login7(login7(fields)), credentials, catalog);
  CHECK(accepted.accepted);
  CHECK(accepted.database == "cobranca");

  fields.password = "S3cret";
  const auto wrong = tds::decide_login(tds::parse_login7(login7(fields)), credentials, catalog);
  CHECK_FALSE(wrong.accepted);
  REQUIRE(wrong.errors.size() == 1);
  CHECK(wrong.errors[0].number == 18456);
  CHECK(wrong.errors[0].severity == 14);
  CHECK(wrong.errors[0].text == "Login failed for user 'ETL'.");
}

TEST_CASE("An unknown database gives 4060 then 18456", "[login]") {
  Catalog catalog;
  LoginFields fields;
  fields.database = "nowhere";
  const auto decision =
      tds::decide_login(tds::parse_login7(login7(fields)), {"etl", "s3cret", "master"}, catalog);
  CHECK_FALSE(decision.accepted);
  REQUIRE(decision.errors.size() == 2);
  CHECK(decision.errors[0].number == 4060);
  CHECK(decision.errors[0].severity == 11);
  CHECK(decision.errors[0].text ==
        "Cannot open database \"nowhere\" requested by the login. The login failed.");
  CHECK(decision.errors[1].number == 18456);
}

TEST_CASE("The login response comes in SQL Server's order, DONE last", "[login]") {
  const tds::Login7 login = tds::parse_login7(login7(LoginFields{}));
  const std::string payload = written(
      [&](tds::PacketWriter& out) { tds::write_login_response(out, login, "cobranca", 8192); });
  CHECK(token_walk(payload) == std::vector<std::string>{"ENVCHANGE 1", "INFO 5701", "ENVCHANGE 7",
                                                        "ENVCHANGE 2", "INFO 5703", "LOGINACK",
                                                        "FEATUREEXTACK", "ENVCHANGE 4", "DONE 0"});
  CHECK(to_hex(payload).find(to_hex(to_utf16le("8192"))) != std::string::npos);
}

TEST_CASE("A failed login sends its errors and DONE with the error bit", "[login]") {
  SqlMessage error;
  error.number = 18456;
  error.severity = 14;
  error.text = "Login failed for user 'x'.";
  const std::string payload =
      written([&](tds::PacketWriter& out) { tds::write_login_failure(out, {error}); });
  CHECK(token_walk(payload) == std::vector<std::string>{"ERROR 18456", "DONE 2"});
}

TEST_CASE("Packet sizes and TDS versions are negotiated", "[login]") {
  CHECK(tds::negotiated_packet_size(0) == 4096);
  CHECK(tds::negotiated_packet_size(100) == 512);
  CHECK(tds::negotiated_packet_size(65536) == 32767);
  CHECK(tds::negotiated_packet_size(8192) == 8192);
  CHECK(tds::negotiated_version(tds::kTds73B) == tds::kTds73B);
  CHECK(tds::negotiated_version(0x08000000) == tds::kTds74);
}
