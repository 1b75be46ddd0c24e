// PRELOGIN reply, LOGIN7 parsing and the login response.
#include "login.h"

#include <algorithm>
#include <cctype>

#include "catalog.h"
#include "collation.h"
#include "tds_tokens.h"

namespace mssql_sim::tds {

namespace {

constexpr std::size_t kLogin7FixedSize = 94;
constexpr std::uint8_t kOptionFlags3Extension = 0x10;
constexpr std::uint8_t kFeatureUtf8Support = 0x0A;
constexpr std::uint8_t kFeatureTerminator = 0xFF;

std::uint16_t read_u16(std::string_view p, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<std::uint8_t>(p[at]) |
                                    (static_cast<std::uint8_t>(p[at + 1]) << 8));
}

std::uint32_t read_u32(std::string_view p, std::size_t at) {
  return std::uint32_t{read_u16(p, at)} | (std::uint32_t{read_u16(p, at + 2)} << 16);
}

//! The (offset, length in characters) field at `at`, as raw UTF-16LE bytes.
std::string_view ucs2_field(std::string_view p, std::size_t at) {
  const std::size_t offset = read_u16(p, at);
  const std::size_t bytes = std::size_t{read_u16(p, at + 2)} * 2;
  if (bytes == 0) return {};
  if (offset + bytes > p.size()) throw ProtocolError("LOGIN7 field outside the message");
  return p.substr(offset, bytes);
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

void parse_features(std::string_view p, Login7& login) {
  const std::size_t pointer_at = read_u16(p, 56);
  if (read_u16(p, 58) < 4 || pointer_at + 4 > p.size()) return;
  std::size_t at = read_u32(p, pointer_at);
  while (at < p.size()) {
    const auto feature = static_cast<std::uint8_t>(p[at]);
    if (feature == kFeatureTerminator || at + 5 > p.size()) return;
    const std::size_t length = read_u32(p, at + 1);
    if (feature == kFeatureUtf8Support) login.utf8_support_requested = true;
    at += 5 + length;
  }
}

SqlMessage login_error(std::int32_t number, std::uint8_t severity, std::string text) {
  SqlMessage message;
  message.number = number;
  message.state = 1;
  message.severity = severity;
  message.text = std::move(text);
  message.line = 1;
  return message;
}

SqlMessage info(std::int32_t number, std::string text) {
  SqlMessage message = login_error(number, 0, std::move(text));
  message.line = 0;
  return message;
}

}  // namespace

std::string prelogin_reply_payload() {
  // Option table (token, offset, length; big-endian), terminator, then the data.
  static constexpr unsigned char kReply[] = {
      0x00, 0x00, 0x1A, 0x00, 0x06,              // VERSION
      0x01, 0x00, 0x20, 0x00, 0x01,              // ENCRYPTION
      0x02, 0x00, 0x21, 0x00, 0x01,              // INSTOPT
      0x03, 0x00, 0x22, 0x00, 0x00,              // THREADID (empty)
      0x04, 0x00, 0x22, 0x00, 0x01,              // MARS
      0xFF, 0x10, 0x00, 0x03, 0xE8, 0x00, 0x00,  // 16.0.1000, sub-build 0
      0x02,                                      // ENCRYPT_NOT_SUP
      0x00,                                      // instance name accepted
      0x00,                                      // MARS off
  };
  return std::string(reinterpret_cast<const char*>(kReply), sizeof kReply);
}

std::string unscramble_password(std::string_view scrambled) {
  std::string bytes(scrambled);
  for (char& c : bytes) {
    const auto b = static_cast<std::uint8_t>(static_cast<std::uint8_t>(c) ^ 0xA5);
    c = static_cast<char>(static_cast<std::uint8_t>((b << 4) | (b >> 4)));
  }
  return from_utf16le(bytes);
}

Login7 parse_login7(std::string_view p) {
  if (p.size() < kLogin7FixedSize) throw ProtocolError("LOGIN7 shorter than its fixed part");
  Login7 login;
  login.tds_version = read_u32(p, 4);
  login.packet_size = read_u32(p, 8);
  login.option_flags1 = static_cast<std::uint8_t>(p[24]);
  login.option_flags2 = static_cast<std::uint8_t>(p[25]);
  login.type_flags = static_cast<std::uint8_t>(p[26]);
  login.option_flags3 = static_cast<std::uint8_t>(p[27]);
  login.host_name = from_utf16le(ucs2_field(p, 36));
  login.user_name = from_utf16le(ucs2_field(p, 40));
  login.password = unscramble_password(ucs2_field(p, 44));
  login.app_name = from_utf16le(ucs2_field(p, 48));
  login.server_name = from_utf16le(ucs2_field(p, 52));
  login.library_name = from_utf16le(ucs2_field(p, 60));
  login.language = from_utf16le(ucs2_field(p, 64));
  login.database = from_utf16le(ucs2_field(p, 68));
  if (login.option_flags3 & kOptionFlags3Extension) parse_features(p, login);
  return login;
}

LoginDecision decide_login(const Login7& login, const Credentials& credentials,
                           const Catalog& catalog) {
  LoginDecision decision;
  const std::string failed = "Login failed for user '" + login.user_name + "'.";
  if (!equal_ignoring_case(login.user_name, credentials.user) ||
      login.password != credentials.password) {
    decision.errors.push_back(login_error(18456, 14, failed));
    return decision;
  }
  const std::string requested =
      login.database.empty() ? credentials.default_database : login.database;
  const std::string database = catalog.database_name(requested);
  if (database.empty()) {
    decision.errors.push_back(login_error(
        4060, 11,
        "Cannot open database \"" + requested + "\" requested by the login. The login failed."));
    decision.errors.push_back(login_error(18456, 14, failed));
    return decision;
  }
  decision.accepted = true;
  decision.database = database;
  return decision;
}

std::uint32_t negotiated_version(std::uint32_t client_version) {
  switch (client_version) {
    case kTds72:
    case kTds73A:
    case kTds73B:
    case kTds74:
      return client_version;
    default:
      return kTds74;
  }
}

std::uint32_t negotiated_packet_size(std::uint32_t requested) {
  if (requested == 0) return kDefaultPacketSize;
  return std::clamp<std::uint32_t>(requested, kMinPacketSize, kMaxPacketSize);
}

void write_login_response(PacketWriter& out, const Login7& login, std::string_view database,
                          std::uint32_t packet_size) {
  write_envchange_text(out, env::kDatabase, database, "master");
  write_message(out, info(5701, "Changed database context to '" + std::string(database) + "'."));
  const auto collation = Collation{}.wire_bytes();
  write_envchange_bytes(
      out, env::kCollation,
      std::string_view(reinterpret_cast<const char*>(collation.data()), collation.size()), {});
  write_envchange_text(out, env::kLanguage, "us_english", {});
  write_message(out, info(5703, "Changed language setting to us_english."));
  write_loginack(out, negotiated_version(login.tds_version));
  if (login.utf8_support_requested) write_feature_ext_ack_utf8(out);
  const std::string size = std::to_string(packet_size);
  write_envchange_text(out, env::kPacketSize, size, std::to_string(kDefaultPacketSize));
  write_done(out, done::kFinal, kCurCmdNone, 0);
}

void write_login_failure(PacketWriter& out, const std::vector<SqlMessage>& errors) {
  for (const SqlMessage& error : errors)
    write_message(out, error);
  write_done(out, done::kError, kCurCmdNone, 0);
}

}  // namespace mssql_sim::tds
