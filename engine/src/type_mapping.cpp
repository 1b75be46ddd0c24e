#include "type_mapping.h"

#include <algorithm>

namespace etl {
namespace {

std::string with_modifier(const char* name, std::int64_t modifier, const char* suffix = "") {
  return std::string(name) + "(" + std::to_string(modifier) + ")" + suffix;
}

PgColumnType character_type(const SourceColumn& column, PgType fixed_or_varying) {
  if (column.length < 0) return {PgType::Text};
  // A zero length is not a declarable SQL Server type; text loses nothing if a catalog says so.
  if (column.length == 0) return {PgType::Text};
  return {fixed_or_varying, column.length};
}

std::uint8_t seconds_precision(const SourceColumn& column) {
  return std::min<std::uint8_t>(column.scale, kPgMaxSecondsPrecision);
}

}  // namespace

TypeMappingError::TypeMappingError(std::string column, std::string declared_type)
    : std::runtime_error("source column " + column + " has type " +
                         (declared_type.empty() ? std::string("(unknown)") : declared_type) +
                         ", which has no PostgreSQL mapping; leave the column out of the "
                         "source (a view) or convert it there (CAST to nvarchar or varbinary)"),
      column_(std::move(column)),
      declared_type_(std::move(declared_type)) {}

std::string PgColumnType::sql() const {
  switch (type) {
    case PgType::Boolean:
      return "boolean";
    case PgType::SmallInt:
      return "smallint";
    case PgType::Integer:
      return "integer";
    case PgType::BigInt:
      return "bigint";
    case PgType::Numeric:
      if (precision == 0) return "numeric";  // no declared precision: unconstrained
      return "numeric(" + std::to_string(precision) + "," + std::to_string(scale) + ")";
    case PgType::Real:
      return "real";
    case PgType::DoublePrecision:
      return "double precision";
    case PgType::Date:
      return "date";
    case PgType::Time:
      return with_modifier("time", precision, " without time zone");
    case PgType::Timestamp:
      return with_modifier("timestamp", precision, " without time zone");
    case PgType::TimestampTz:
      return "timestamp with time zone";
    case PgType::Char:
      return with_modifier("character", length);
    case PgType::VarChar:
      return with_modifier("character varying", length);
    case PgType::Text:
      return "text";
    case PgType::Bytea:
      return "bytea";
    case PgType::Uuid:
      return "uuid";
    case PgType::Xml:
      return "xml";
  }
  return "text";
}

PgColumnType map_column_type(const SourceColumn& column) {
  switch (column.type) {
    case SourceType::Bit:
      return {PgType::Boolean};
    case SourceType::TinyInt:  // 0–255 needs more than PostgreSQL's 1-byte "char"
    case SourceType::SmallInt:
      return {PgType::SmallInt};
    case SourceType::Int:
      return {PgType::Integer};
    case SourceType::BigInt:
      return {PgType::BigInt};
    case SourceType::Decimal:
      return {PgType::Numeric, 0, column.precision, column.scale};
    case SourceType::Money:
      return {PgType::Numeric, 0, 19, 4};
    case SourceType::SmallMoney:
      return {PgType::Numeric, 0, 10, 4};
    case SourceType::Real:
      return {PgType::Real};
    case SourceType::Float:
      return {PgType::DoublePrecision};
    case SourceType::Date:
      return {PgType::Date};
    case SourceType::Time:
      return {PgType::Time, 0, seconds_precision(column)};
    case SourceType::DateTime:
      return {PgType::Timestamp, 0, 3};
    case SourceType::SmallDateTime:
      return {PgType::Timestamp, 0, 0};
    case SourceType::DateTime2:
      return {PgType::Timestamp, 0, seconds_precision(column)};
    case SourceType::DateTimeOffset:
      return {PgType::TimestampTz};
    case SourceType::Char:
    case SourceType::NChar:
      return character_type(column, PgType::Char);
    case SourceType::VarChar:
    case SourceType::NVarChar:
      return character_type(column, PgType::VarChar);
    case SourceType::Text:
    case SourceType::NText:
    case SourceType::Variant:
      return {PgType::Text};
    case SourceType::Binary:
    case SourceType::VarBinary:
    case SourceType::Image:
    case SourceType::RowVersion:
      return {PgType::Bytea};
    case SourceType::UniqueIdentifier:
      return {PgType::Uuid};
    case SourceType::Xml:
      return {PgType::Xml};
    case SourceType::Unsupported:
      break;
  }
  throw TypeMappingError(column.name, column.declared_type);
}

std::string mapping_caveat(const SourceColumn& column) {
  bool seventh_digit = column.scale > kPgMaxSecondsPrecision;
  switch (column.type) {
    case SourceType::Time:
    case SourceType::DateTime2:
      return seventh_digit ? "the 7th fractional digit is dropped (truncated)" : "";
    case SourceType::DateTimeOffset:
      return seventh_digit ? "the offset is folded into UTC and the 7th fractional digit is "
                             "dropped (truncated)"
                           : "the offset is folded into UTC";
    case SourceType::Variant:
      return "values are carried as their text";
    default:
      return "";
  }
}

}  // namespace etl
