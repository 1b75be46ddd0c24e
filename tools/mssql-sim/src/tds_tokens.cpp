// Token writers of the tabular result stream.
#include "tds_tokens.h"

#include <stdexcept>
#include <string>

namespace mssql_sim::tds {

namespace {

constexpr std::uint16_t kFlagNullable = 0x0001;
constexpr std::uint16_t kFlagCaseSensitive = 0x0002;
constexpr std::uint16_t kFlagUpdateableUnknown = 0x0008;
constexpr std::uint16_t kFlagIdentity = 0x0010;

//! Small tokens with a length prefix are built here first, then copied to the packet.
class TokenBuffer {
 public:
  std::string bytes;
  void u8(std::uint8_t v) { bytes.push_back(static_cast<char>(v)); }
  void u16(std::uint16_t v) {
    u8(static_cast<std::uint8_t>(v));
    u8(static_cast<std::uint8_t>(v >> 8));
  }
  void u32(std::uint32_t v) {
    u16(static_cast<std::uint16_t>(v));
    u16(static_cast<std::uint16_t>(v >> 16));
  }
  //! Length in UTF-16 code units with a byte (B_VARCHAR) or USHORT (US_VARCHAR) prefix.
  void varchar(std::string_view wtf8, bool ushort_length) {
    std::string utf16;
    append_utf16le(utf16, wtf8);
    if (ushort_length) {
      u16(static_cast<std::uint16_t>(utf16.size() / 2));
    } else {
      u8(static_cast<std::uint8_t>(utf16.size() / 2));
    }
    bytes.append(utf16);
  }
};

void write_with_length(PacketWriter& out, std::uint8_t token_type, const TokenBuffer& body) {
  out.u8(token_type);
  out.u16(static_cast<std::uint16_t>(body.bytes.size()));
  out.bytes(body.bytes);
}

std::uint16_t column_flags(const ResultColumn& column) {
  std::uint16_t flags = kFlagUpdateableUnknown;
  if (column.nullable) flags |= kFlagNullable;
  if (column.identity) flags |= kFlagIdentity;
  if (is_character(column.type.id) && !(column.type.collation.flags & Collation::kIgnoreCase)) {
    flags |= kFlagCaseSensitive;
  }
  return flags;
}

std::vector<std::string_view> name_parts(std::string_view name) {
  std::vector<std::string_view> parts;
  while (!name.empty()) {
    const auto dot = name.find('.');
    parts.push_back(name.substr(0, dot));
    if (dot == std::string_view::npos) break;
    name.remove_prefix(dot + 1);
  }
  return parts;
}

}  // namespace

void write_b_varchar(PacketWriter& out, std::string_view wtf8) {
  TokenBuffer b;
  b.varchar(wtf8, false);
  out.bytes(b.bytes);
}

void write_us_varchar(PacketWriter& out, std::string_view wtf8) {
  TokenBuffer b;
  b.varchar(wtf8, true);
  out.bytes(b.bytes);
}

void write_envchange_text(PacketWriter& out, std::uint8_t type, std::string_view new_value,
                          std::string_view old_value) {
  TokenBuffer b;
  b.u8(type);
  b.varchar(new_value, false);
  b.varchar(old_value, false);
  write_with_length(out, token::kEnvChange, b);
}

void write_envchange_bytes(PacketWriter& out, std::uint8_t type, std::string_view new_value,
                           std::string_view old_value) {
  TokenBuffer b;
  b.u8(type);
  b.u8(static_cast<std::uint8_t>(new_value.size()));
  b.bytes.append(new_value);
  b.u8(static_cast<std::uint8_t>(old_value.size()));
  b.bytes.append(old_value);
  write_with_length(out, token::kEnvChange, b);
}

void write_message(PacketWriter& out, const SqlMessage& message, std::string_view proc_name) {
  TokenBuffer b;
  b.u32(static_cast<std::uint32_t>(message.number));
  b.u8(message.state);
  b.u8(message.severity);
  b.varchar(message.text, true);
  b.varchar(kServerName, false);
  b.varchar(proc_name, false);
  b.u32(static_cast<std::uint32_t>(message.line));
  write_with_length(out, message.severity > 10 ? token::kError : token::kInfo, b);
}

void write_loginack(PacketWriter& out, std::uint32_t tds_version) {
  TokenBuffer b;
  b.u8(1);  // SQL interface: FreeTDS accepts 1 or 5, tedious 0 or 1
  for (int shift = 24; shift >= 0; shift -= 8)
    b.u8(static_cast<std::uint8_t>(tds_version >> shift));
  b.varchar("Microsoft SQL Server", false);
  // Program version 16.0.1000 (SQL Server 2022): major, minor, build high, build low.
  b.u8(16);
  b.u8(0);
  b.u8(0x03);
  b.u8(0xE8);
  write_with_length(out, token::kLoginAck, b);
}

void write_feature_ext_ack_utf8(PacketWriter& out) {
  out.u8(token::kFeatureExtAck);
  out.u8(0x0A);  // UTF8_SUPPORT
  out.u32(1);
  out.u8(1);
  out.u8(0xFF);  // terminator
}

void write_done(PacketWriter& out, std::uint16_t status, std::uint16_t cur_cmd,
                std::uint64_t row_count, std::uint8_t token_type) {
  out.u8(token_type);
  out.u16(status);
  out.u16(cur_cmd);
  out.u64(row_count);
}

void write_return_status(PacketWriter& out, std::int32_t status) {
  out.u8(token::kReturnStatus);
  out.u32(static_cast<std::uint32_t>(status));
}

void write_return_value_int(PacketWriter& out, std::uint16_t ordinal, std::string_view name,
                            std::int32_t value) {
  out.u8(token::kReturnValue);
  out.u16(ordinal);
  write_b_varchar(out, name);
  out.u8(0x01);  // status: an OUTPUT parameter
  out.u32(0);    // UserType
  out.u16(kFlagNullable);
  out.u8(wire::kIntN);
  out.u8(4);
  out.u8(4);
  out.u32(static_cast<std::uint32_t>(value));
}

RowsetWriter::RowsetWriter(const std::vector<ResultColumn>& columns, std::int64_t textsize)
    : columns_(columns), textsize_(textsize), bitmap_bytes_((columns.size() + 7) / 8) {
  codecs_.reserve(columns.size());
  for (const ResultColumn& column : columns) {
    codecs_.push_back(make_column_codec(column.type, column.nullable));
  }
}

void RowsetWriter::write_colmetadata(PacketWriter& out) const {
  out.u8(token::kColMetadata);
  out.u16(static_cast<std::uint16_t>(columns_.size()));
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    const ResultColumn& column = columns_[i];
    out.u32(user_type(column.type));
    out.u16(column_flags(column));
    write_type_info(out, codecs_[i]);
    if (codecs_[i].text) {
      const auto parts = name_parts(column.table_name);
      out.u8(static_cast<std::uint8_t>(parts.size()));
      for (const auto part : parts)
        write_us_varchar(out, part);
    }
    write_b_varchar(out, column.name);
  }
}

void RowsetWriter::write_row(PacketWriter& out, const Row& row) const {
  // Checked before the first byte so that a bad row never leaves half a token behind.
  if (row.size() < codecs_.size()) throw std::logic_error("row has fewer values than columns");
  std::size_t null_bytes = 0;
  for (std::size_t i = 0; i < codecs_.size(); ++i) {
    if (!row[i].is_null) continue;
    if (codecs_[i].null_form == NullForm::None) {
      throw std::logic_error("NULL in NOT NULL column '" + columns_[i].name + "'");
    }
    null_bytes += null_size(codecs_[i]);
  }
  const bool compressed = null_bytes > bitmap_bytes_;
  if (!compressed) {
    out.u8(token::kRow);
    for (std::size_t i = 0; i < codecs_.size(); ++i)
      write_value(out, codecs_[i], row[i], textsize_);
    return;
  }
  out.u8(token::kNbcRow);
  for (std::size_t byte = 0; byte < bitmap_bytes_; ++byte) {
    std::uint8_t bits = 0;
    for (std::size_t bit = 0; bit < 8 && byte * 8 + bit < codecs_.size(); ++bit) {
      if (row[byte * 8 + bit].is_null) bits |= static_cast<std::uint8_t>(1u << bit);
    }
    out.u8(bits);
  }
  for (std::size_t i = 0; i < codecs_.size(); ++i) {
    if (!row[i].is_null) write_value(out, codecs_[i], row[i], textsize_);
  }
}

}  // namespace mssql_sim::tds
