// PRELOGIN and LOGIN7 ([MS-TDS] 2.2.6.5, 2.2.6.4) and the login response (2.2.2.2).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "query_engine.h"
#include "tds_packet.h"

namespace mssql_sim {
class Catalog;
}

namespace mssql_sim::tds {

//! TDS versions as LOGIN7 and LOGINACK carry them.
inline constexpr std::uint32_t kTds72 = 0x72090002;
inline constexpr std::uint32_t kTds73A = 0x730A0003;
inline constexpr std::uint32_t kTds73B = 0x730B0003;
inline constexpr std::uint32_t kTds74 = 0x74000004;

//! The PRELOGIN reply payload: version 16.0.1000, ENCRYPTION = NOT_SUP (both clients then
//! go on without TLS), no instance, MARS off.
std::string prelogin_reply_payload();

//! The fields of a LOGIN7 message that the simulator uses.
struct Login7 {
  std::uint32_t tds_version = 0;
  std::uint32_t packet_size = 0;
  std::uint8_t option_flags1 = 0;
  std::uint8_t option_flags2 = 0;
  std::uint8_t type_flags = 0;
  std::uint8_t option_flags3 = 0;
  std::string host_name;
  std::string user_name;
  std::string password;
  std::string app_name;
  std::string server_name;
  std::string library_name;
  std::string language;
  std::string database;
  bool utf8_support_requested = false;  //!< FeatureExt UTF8_SUPPORT

  //! fODBC: the server then starts with TEXTSIZE unlimited instead of 4096.
  bool odbc() const { return (option_flags2 & 0x02) != 0; }
};

//! Parses a LOGIN7 payload. Throws ProtocolError when an offset points outside it.
Login7 parse_login7(std::string_view payload);

//! Undoes the LOGIN7 password scrambling: each byte XOR 0xA5, then nibbles swapped.
std::string unscramble_password(std::string_view scrambled);

//! The accounts the simulator knows (one login) and its default database.
struct Credentials {
  std::string user = "etl";
  std::string password = "etl";
  std::string default_database = "master";
};

//! Outcome of checking a login: the database to open, or the messages SQL Server sends.
struct LoginDecision {
  bool accepted = false;
  std::string database;
  std::vector<SqlMessage> errors;
};

//! Checks user name (case-insensitive), password (exact) and database as SQL Server does:
//! a wrong user or password gives 18456; an unknown database 4060 then 18456.
LoginDecision decide_login(const Login7& login, const Credentials& credentials,
                           const Catalog& catalog);

//! The TDS version the server answers with: the client's if it is a known 7.x version,
//! 7.4 otherwise.
std::uint32_t negotiated_version(std::uint32_t client_version);

//! The packet size the server grants: the client's request clamped to 512–32767 (4096 when
//! it asked for 0).
std::uint32_t negotiated_packet_size(std::uint32_t requested);

//! Writes the login response in SQL Server's order: ENVCHANGE database, INFO 5701,
//! ENVCHANGE collation, ENVCHANGE language, INFO 5703, LOGINACK, FEATUREEXTACK (when
//! UTF-8 was asked for), ENVCHANGE packet size, DONE.
void write_login_response(PacketWriter& out, const Login7& login, std::string_view database,
                          std::uint32_t packet_size);

//! Writes the failed-login response: the errors, then DONE with the error bit.
void write_login_failure(PacketWriter& out, const std::vector<SqlMessage>& errors);

}  // namespace mssql_sim::tds
