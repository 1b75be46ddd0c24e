// Type helpers: classification, DDL spelling and the collation's wire form.
#include "sql_type.h"

#include <mutex>
#include <unordered_set>

namespace mssql_sim {
namespace {

// Interned names live as long as the process: there are few collations.
const std::string* intern(std::string_view text) {
  static std::mutex mutex;
  static std::unordered_set<std::string> names;
  const std::lock_guard lock(mutex);
  return &*names.emplace(text).first;
}

}  // namespace

CollationName::CollationName() {
  static const std::string* const kDefault = intern("SQL_Latin1_General_CP1_CI_AS");
  text_ = kDefault;
}

CollationName::CollationName(std::string_view text) : text_(intern(text)) {}

std::array<std::uint8_t, 5> Collation::wire_bytes() const {
  const std::uint32_t info = (lcid & 0xFFFFFu) | (std::uint32_t{flags} << 20) |
                             (std::uint32_t{static_cast<std::uint8_t>(version & 0x0F)} << 28);
  return {static_cast<std::uint8_t>(info), static_cast<std::uint8_t>(info >> 8),
          static_cast<std::uint8_t>(info >> 16), static_cast<std::uint8_t>(info >> 24), sort_id};
}

bool is_character(TypeId id) {
  switch (id) {
    case TypeId::Char:
    case TypeId::VarChar:
    case TypeId::Text:
    case TypeId::NChar:
    case TypeId::NVarChar:
    case TypeId::NText:
    case TypeId::Xml:
      return true;
    default:
      return false;
  }
}

bool is_unicode(TypeId id) {
  return id == TypeId::NChar || id == TypeId::NVarChar || id == TypeId::NText || id == TypeId::Xml;
}

bool is_binary(TypeId id) {
  return id == TypeId::Binary || id == TypeId::VarBinary || id == TypeId::Image ||
         id == TypeId::RowVersion;
}

bool is_large(const SqlType& type) {
  switch (type.id) {
    case TypeId::Text:
    case TypeId::NText:
    case TypeId::Image:
    case TypeId::Xml:
      return true;
    case TypeId::VarChar:
    case TypeId::NVarChar:
    case TypeId::VarBinary:
      return type.length == SqlType::kMax;
    default:
      return false;
  }
}

std::string type_keyword(TypeId id) {
  switch (id) {
    case TypeId::Bit:
      return "bit";
    case TypeId::TinyInt:
      return "tinyint";
    case TypeId::SmallInt:
      return "smallint";
    case TypeId::Int:
      return "int";
    case TypeId::BigInt:
      return "bigint";
    case TypeId::Decimal:
      return "decimal";
    case TypeId::Numeric:
      return "numeric";
    case TypeId::Money:
      return "money";
    case TypeId::SmallMoney:
      return "smallmoney";
    case TypeId::Real:
      return "real";
    case TypeId::Float:
      return "float";
    case TypeId::Date:
      return "date";
    case TypeId::Time:
      return "time";
    case TypeId::DateTime:
      return "datetime";
    case TypeId::SmallDateTime:
      return "smalldatetime";
    case TypeId::DateTime2:
      return "datetime2";
    case TypeId::DateTimeOffset:
      return "datetimeoffset";
    case TypeId::Char:
      return "char";
    case TypeId::VarChar:
      return "varchar";
    case TypeId::Text:
      return "text";
    case TypeId::NChar:
      return "nchar";
    case TypeId::NVarChar:
      return "nvarchar";
    case TypeId::NText:
      return "ntext";
    case TypeId::Binary:
      return "binary";
    case TypeId::VarBinary:
      return "varbinary";
    case TypeId::Image:
      return "image";
    // INFORMATION_SCHEMA and sys.types still call rowversion columns timestamp.
    case TypeId::RowVersion:
      return "timestamp";
    case TypeId::UniqueIdentifier:
      return "uniqueidentifier";
    case TypeId::Xml:
      return "xml";
    case TypeId::SqlVariant:
      return "sql_variant";
  }
  return "unknown";
}

std::string type_declaration(const SqlType& type) {
  const std::string keyword = type_keyword(type.id);
  const auto length = [&] {
    return type.length == SqlType::kMax ? std::string("max") : std::to_string(type.length);
  };
  switch (type.id) {
    case TypeId::Decimal:
    case TypeId::Numeric:
      return keyword + "(" + std::to_string(type.precision) + "," + std::to_string(type.scale) +
             ")";
    case TypeId::Time:
    case TypeId::DateTime2:
    case TypeId::DateTimeOffset:
      return keyword + "(" + std::to_string(type.scale) + ")";
    case TypeId::Char:
    case TypeId::VarChar:
    case TypeId::NChar:
    case TypeId::NVarChar:
    case TypeId::Binary:
    case TypeId::VarBinary:
      return keyword + "(" + length() + ")";
    default:
      return keyword;
  }
}

}  // namespace mssql_sim
