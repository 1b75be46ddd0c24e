// Which PostgreSQL type each SQL Server column becomes (DESIGN.md §7, docs/type-mapping.md).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

#include "etl/schema.h"

namespace etl {

//! The destination types the transform can encode.
enum class PgType : std::uint8_t {
  Boolean,
  SmallInt,
  Integer,
  BigInt,
  Numeric,
  Real,
  DoublePrecision,
  Date,
  Time,
  Timestamp,
  TimestampTz,
  Char,     //!< character(n): padded with spaces to n characters
  VarChar,  //!< character varying(n)
  Text,
  Bytea,
  Uuid,
  Xml,
};

//! A destination column type with its modifiers.
struct PgColumnType {
  PgType type = PgType::Text;
  std::int32_t length = 0;     //!< Char, VarChar: characters
  std::uint8_t precision = 0;  //!< Numeric: digits; Time, Timestamp: fractional digits
  std::uint8_t scale = 0;      //!< Numeric: fractional digits

  //! The type as PostgreSQL's format_type() spells it, so that a sink can compare it with
  //! an existing table's columns: "numeric(19,4)", "timestamp(3) without time zone".
  std::string sql() const;

  bool operator==(const PgColumnType&) const = default;
};

//! A source column whose type has no destination (hierarchyid, geometry…): preflight
//! stops with the column, its declared type and what to do.
class TypeMappingError : public std::runtime_error {
 public:
  TypeMappingError(std::string column, std::string declared_type);
  const std::string& column() const { return column_; }
  const std::string& declared_type() const { return declared_type_; }

 private:
  std::string column_;
  std::string declared_type_;
};

//! The destination type of a source column. Throws TypeMappingError for Unsupported.
PgColumnType map_column_type(const SourceColumn& column);

//! How values of `column` may change on the way to their destination type, in a few words
//! ("the 7th fractional digit is dropped"); empty when every value arrives exact.
std::string mapping_caveat(const SourceColumn& column);

//! The largest fractional-second precision PostgreSQL keeps (microseconds).
inline constexpr std::uint8_t kPgMaxSecondsPrecision = 6;

}  // namespace etl
