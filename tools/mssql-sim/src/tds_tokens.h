// Token writers of the tabular result stream ([MS-TDS] 2.2.7): login acknowledgement,
// environment changes, messages, DONE, column metadata and rows.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "query_engine.h"
#include "tds_packet.h"
#include "type_codec.h"

namespace mssql_sim::tds {

namespace token {
inline constexpr std::uint8_t kReturnStatus = 0x79;
inline constexpr std::uint8_t kColMetadata = 0x81;
inline constexpr std::uint8_t kError = 0xAA;
inline constexpr std::uint8_t kInfo = 0xAB;
inline constexpr std::uint8_t kReturnValue = 0xAC;
inline constexpr std::uint8_t kLoginAck = 0xAD;
inline constexpr std::uint8_t kFeatureExtAck = 0xAE;
inline constexpr std::uint8_t kRow = 0xD1;
inline constexpr std::uint8_t kNbcRow = 0xD2;
inline constexpr std::uint8_t kEnvChange = 0xE3;
inline constexpr std::uint8_t kDone = 0xFD;
inline constexpr std::uint8_t kDoneProc = 0xFE;
inline constexpr std::uint8_t kDoneInProc = 0xFF;
}  // namespace token

//! DONE status bits ([MS-TDS] 2.2.7.6).
namespace done {
inline constexpr std::uint16_t kFinal = 0x00;
inline constexpr std::uint16_t kMore = 0x01;
inline constexpr std::uint16_t kError = 0x02;
inline constexpr std::uint16_t kInXact = 0x04;
inline constexpr std::uint16_t kCount = 0x10;
inline constexpr std::uint16_t kAttn = 0x20;
inline constexpr std::uint16_t kSrvError = 0x100;
}  // namespace done

//! DONE CurCmd values as SQL Server sends them.
inline constexpr std::uint16_t kCurCmdSelect = 0xC1;
inline constexpr std::uint16_t kCurCmdNone = 0x00;

//! ENVCHANGE types ([MS-TDS] 2.2.7.9).
namespace env {
inline constexpr std::uint8_t kDatabase = 1;
inline constexpr std::uint8_t kLanguage = 2;
inline constexpr std::uint8_t kPacketSize = 4;
inline constexpr std::uint8_t kCollation = 7;
inline constexpr std::uint8_t kBeginTransaction = 8;
inline constexpr std::uint8_t kCommitTransaction = 9;
inline constexpr std::uint8_t kRollbackTransaction = 10;
inline constexpr std::uint8_t kResetConnectionAck = 18;
}  // namespace env

//! The server name carried by INFO and ERROR tokens.
inline constexpr std::string_view kServerName = "mssql-sim";

//! ENVCHANGE with B_VARCHAR (UCS-2) values: database, language, packet size.
void write_envchange_text(PacketWriter& out, std::uint8_t type, std::string_view new_value,
                          std::string_view old_value);
//! ENVCHANGE with B_VARBYTE values: collation, transactions, reset acknowledgement.
void write_envchange_bytes(PacketWriter& out, std::uint8_t type, std::string_view new_value,
                           std::string_view old_value);
//! INFO (severity ≤ 10) or ERROR (severity ≥ 11) token for the message.
void write_message(PacketWriter& out, const SqlMessage& message, std::string_view proc_name = {});
//! LOGINACK: interface 1 (SQL), the TDS version (sent big-endian) and the program version.
void write_loginack(PacketWriter& out, std::uint32_t tds_version);
//! FEATUREEXTACK acknowledging UTF8_SUPPORT.
void write_feature_ext_ack_utf8(PacketWriter& out);
//! DONE, DONEPROC or DONEINPROC.
void write_done(PacketWriter& out, std::uint16_t status, std::uint16_t cur_cmd,
                std::uint64_t row_count, std::uint8_t token_type = token::kDone);
void write_return_status(PacketWriter& out, std::int32_t status);
//! RETURNVALUE of an int OUTPUT parameter (the handle of sp_prepare and sp_prepexec).
void write_return_value_int(PacketWriter& out, std::uint16_t ordinal, std::string_view name,
                            std::int32_t value);

//! COLMETADATA and the rows of one rowset. NBCROW is used for a row exactly when it is
//! shorter than the ROW form: when the NULL values it leaves out take more bytes than its
//! null bitmap.
class RowsetWriter {
 public:
  RowsetWriter(const std::vector<ResultColumn>& columns, std::int64_t textsize);

  void write_colmetadata(PacketWriter& out) const;
  void write_row(PacketWriter& out, const Row& row) const;

 private:
  const std::vector<ResultColumn>& columns_;
  std::vector<ColumnCodec> codecs_;
  std::int64_t textsize_;
  std::size_t bitmap_bytes_;
};

//! UCS-2 text of a B_VARCHAR / US_VARCHAR: length in characters, then UTF-16LE.
void write_b_varchar(PacketWriter& out, std::string_view wtf8);
void write_us_varchar(PacketWriter& out, std::string_view wtf8);

}  // namespace mssql_sim::tds
