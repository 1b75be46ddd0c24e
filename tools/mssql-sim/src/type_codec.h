// Column types on the wire: TYPE_INFO ([MS-TDS] 2.2.5.6) and row values (2.2.5.2.3) for
// every SqlType, written straight into the outgoing packet buffer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sql_type.h"
#include "tds_packet.h"
#include "value.h"

namespace mssql_sim::tds {

//! TDS data type bytes ([MS-TDS] 2.2.5.4).
namespace wire {
inline constexpr std::uint8_t kImage = 0x22;
inline constexpr std::uint8_t kText = 0x23;
inline constexpr std::uint8_t kGuid = 0x24;
inline constexpr std::uint8_t kIntN = 0x26;
inline constexpr std::uint8_t kDateN = 0x28;
inline constexpr std::uint8_t kTimeN = 0x29;
inline constexpr std::uint8_t kDateTime2N = 0x2A;
inline constexpr std::uint8_t kDateTimeOffsetN = 0x2B;
inline constexpr std::uint8_t kInt1 = 0x30;
inline constexpr std::uint8_t kBit = 0x32;
inline constexpr std::uint8_t kInt2 = 0x34;
inline constexpr std::uint8_t kInt4 = 0x38;
inline constexpr std::uint8_t kDateTim4 = 0x3A;
inline constexpr std::uint8_t kFlt4 = 0x3B;
inline constexpr std::uint8_t kMoney = 0x3C;
inline constexpr std::uint8_t kDateTime = 0x3D;
inline constexpr std::uint8_t kFlt8 = 0x3E;
inline constexpr std::uint8_t kVariant = 0x62;
inline constexpr std::uint8_t kNText = 0x63;
inline constexpr std::uint8_t kBitN = 0x68;
inline constexpr std::uint8_t kDecimalN = 0x6A;
inline constexpr std::uint8_t kNumericN = 0x6C;
inline constexpr std::uint8_t kFltN = 0x6D;
inline constexpr std::uint8_t kMoneyN = 0x6E;
inline constexpr std::uint8_t kDateTimeN = 0x6F;
inline constexpr std::uint8_t kMoney4 = 0x7A;
inline constexpr std::uint8_t kInt8 = 0x7F;
inline constexpr std::uint8_t kBigVarBinary = 0xA5;
inline constexpr std::uint8_t kBigVarChar = 0xA7;
inline constexpr std::uint8_t kBigBinary = 0xAD;
inline constexpr std::uint8_t kBigChar = 0xAF;
inline constexpr std::uint8_t kNVarChar = 0xE7;
inline constexpr std::uint8_t kNChar = 0xEF;
inline constexpr std::uint8_t kXml = 0xF1;
// Legacy forms a client may still use for parameters.
inline constexpr std::uint8_t kVarBinary = 0x25;
inline constexpr std::uint8_t kVarChar = 0x27;
inline constexpr std::uint8_t kBinary = 0x2D;
inline constexpr std::uint8_t kChar = 0x2F;
inline constexpr std::uint8_t kDecimal = 0x37;
inline constexpr std::uint8_t kNumeric = 0x3F;
}  // namespace wire

//! UserType of rowversion (timestamp) columns, which travel as binary(8).
inline constexpr std::uint32_t kTimestampUserType = 0x50;
//! Days from 0001-01-01 to 1900-01-01, the epoch of datetime and smalldatetime.
inline constexpr std::int32_t kDaysTo1900 = 693595;

//! How a NULL of the column is written, which decides what NBCROW saves.
enum class NullForm : std::uint8_t {
  None,    //!< fixed-length type of a NOT NULL column: never NULL
  Byte,    //!< one zero length byte (N-types, and text/ntext/image's text pointer length)
  UShort,  //!< 0xFFFF (USHORT-length types)
  Plp,     //!< eight 0xFF bytes (PLP types)
  Long,    //!< LONG zero (sql_variant)
};

//! The wire form of one result column, decided once per rowset.
struct ColumnCodec {
  SqlType type;
  bool nullable = true;
  std::uint8_t wire_type = 0;
  NullForm null_form = NullForm::Byte;
  bool plp = false;   //!< (max) types and xml
  bool text = false;  //!< text, ntext, image: text pointer and timestamp before the data
};

//! Chooses the wire type: the fixed types for NOT NULL integer, bit, float, money and
//! datetime columns as SQL Server sends them, the nullable N-types otherwise.
ColumnCodec make_column_codec(const SqlType& type, bool nullable);

//! Bytes a NULL of this column takes in a ROW token (0 when it cannot be NULL).
std::size_t null_size(const ColumnCodec& codec);

//! UserType of COLMETADATA: 0x50 for rowversion, 0 otherwise.
std::uint32_t user_type(const SqlType& type);

//! TYPE_INFO as COLMETADATA carries it (the TableName of text types is not part of it).
void write_type_info(PacketWriter& out, const ColumnCodec& codec);

//! One column value of a ROW or NBCROW token; a NULL value writes the type's NULL form.
//! `textsize` (bytes, -1 unlimited) truncates the (max), text and xml values as SET TEXTSIZE
//! does. Throws std::logic_error for a NULL in a column that cannot be NULL.
void write_value(PacketWriter& out, const ColumnCodec& codec, const Value& value,
                 std::int64_t textsize = -1);

//! Appends WTF-8 text as UTF-16LE (lone surrogates kept as single code units).
void append_utf16le(std::string& out, std::string_view wtf8);
//! Appends WTF-8 text in the collation's code page (ASCII is copied as it is).
void append_code_page(std::string& out, std::string_view wtf8, const Collation& collation);

//! Time of day in units of the scale (10^-scale s) from 100 ns ticks, and its byte length.
std::uint64_t time_units(std::int64_t ticks, std::uint8_t scale);
std::size_t time_length(std::uint8_t scale);
//! Magnitude bytes of a decimal of the precision (4, 8, 12, 16).
std::size_t decimal_magnitude_length(std::uint8_t precision);

}  // namespace mssql_sim::tds
