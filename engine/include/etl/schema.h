// What the engine knows of a source table: its columns and types, as the source reports
// them, in a form that names no driver.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace etl {

//! SQL Server column types (DESIGN.md §7). A driver of another source maps its types here.
enum class SourceType : std::uint8_t {
  Bit,
  TinyInt,
  SmallInt,
  Int,
  BigInt,
  Decimal,
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
  Variant,      //!< sql_variant, read as text
  Unsupported,  //!< a type the reader cannot carry (hierarchyid, spatial…): preflight fails
};

struct SourceColumn {
  std::string name;
  SourceType type = SourceType::Int;
  std::int32_t length = 0;     //!< characters or bytes; -1 for (max), text, ntext, image, xml
  std::uint8_t precision = 0;  //!< decimal and numeric
  std::uint8_t scale = 0;      //!< decimal, numeric; fractional digits of time types
  bool nullable = true;
  bool identity = false;
  std::string collation;      //!< character types: the collation name
  std::string declared_type;  //!< as the catalog spells it, for messages: "decimal(18,2)"
};

struct SourceTable {
  std::string schema;  //!< "dbo"
  std::string name;    //!< "bi_credores"
  std::vector<SourceColumn> columns;
  std::vector<std::size_t> key;  //!< indexes into columns: the keyset pagination order
};

}  // namespace etl
