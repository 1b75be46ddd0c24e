// Column types of SQL Server as the simulator models them (DESIGN.md §7).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace mssql_sim {

//! The SQL Server data types the simulator stores and sends.
enum class TypeId : std::uint8_t {
  Bit,
  TinyInt,
  SmallInt,
  Int,
  BigInt,
  Decimal,
  Numeric,
  Money,
  SmallMoney,
  Real,
  Float,
  Date,
  Time,
  DateTime,
  SmallDateTime,
  DateTime2,
  DateTimeOffset,
  Char,
  VarChar,
  Text,
  NChar,
  NVarChar,
  NText,
  Binary,
  VarBinary,
  Image,
  RowVersion,
  UniqueIdentifier,
  Xml,
  SqlVariant,
};

//! A collation's name, interned: copying a type never allocates for it, which matters
//! because values and their types are copied per row. Reads like a std::string.
class CollationName {
 public:
  CollationName();  //!< the server default, SQL_Latin1_General_CP1_CI_AS
  CollationName(std::string_view text);
  CollationName(const char* text) : CollationName(std::string_view(text)) {}
  CollationName(const std::string& text) : CollationName(std::string_view(text)) {}

  const std::string& str() const { return *text_; }
  operator const std::string&() const { return *text_; }
  operator std::string_view() const { return *text_; }
  const char* c_str() const { return text_->c_str(); }
  std::size_t size() const { return text_->size(); }
  bool empty() const { return text_->empty(); }
  void clear() { *this = CollationName(std::string_view()); }

  friend bool operator==(const CollationName& a, const CollationName& b) {
    return a.text_ == b.text_;
  }
  friend bool operator==(const CollationName& a, std::string_view b) { return *a.text_ == b; }
  friend bool operator==(const CollationName& a, const char* b) {
    return *a.text_ == std::string_view(b);
  }

 private:
  const std::string* text_;
};

//! A collation as TDS carries it ([MS-TDS] 2.2.5.1.2). The default is the server default,
//! SQL_Latin1_General_CP1_CI_AS.
struct Collation {
  static constexpr std::uint8_t kIgnoreCase = 0x01;
  static constexpr std::uint8_t kIgnoreAccent = 0x02;
  static constexpr std::uint8_t kIgnoreKana = 0x04;
  static constexpr std::uint8_t kIgnoreWidth = 0x08;
  static constexpr std::uint8_t kBinary = 0x10;
  static constexpr std::uint8_t kBinary2 = 0x20;
  static constexpr std::uint8_t kUtf8 = 0x40;

  std::uint32_t lcid = 0x0409;
  std::uint8_t flags = kIgnoreCase | kIgnoreKana | kIgnoreWidth;
  std::uint8_t version = 0;
  std::uint8_t sort_id = 52;
  CollationName name;

  //! The five bytes of the wire format: LCID and flags and version as a little-endian
  //! 32-bit value, then the sort id.
  std::array<std::uint8_t, 5> wire_bytes() const;
  bool operator==(const Collation& other) const = default;
};

//! A column's declared type. Character lengths count characters (bytes for binary types);
//! kMax marks the (max) types and is also used for text, ntext, image and xml.
struct SqlType {
  static constexpr std::int32_t kMax = -1;

  TypeId id = TypeId::Int;
  std::int32_t length = 0;
  std::uint8_t precision = 0;  //!< decimal and numeric
  std::uint8_t scale = 0;      //!< decimal and numeric; fractional digits of time types
  Collation collation;         //!< character types only

  bool operator==(const SqlType& other) const = default;
};

bool is_character(TypeId id);        //!< char, varchar, text, nchar, nvarchar, ntext, xml
bool is_unicode(TypeId id);          //!< nchar, nvarchar, ntext, xml
bool is_binary(TypeId id);           //!< binary, varbinary, image, rowversion
bool is_large(const SqlType& type);  //!< sent as PLP or as a text pointer: (max), text, xml

//! The type as SQL Server spells it in DDL and in INFORMATION_SCHEMA.COLUMNS.DATA_TYPE,
//! for example "decimal", "nvarchar".
std::string type_keyword(TypeId id);
//! The full declaration, for example "decimal(18,2)", "nvarchar(max)", "datetime2(3)".
std::string type_declaration(const SqlType& type);

}  // namespace mssql_sim
