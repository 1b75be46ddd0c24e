#include "mssql/mssql_catalog.h"

#include <algorithm>
#include <cctype>

#include "identifiers.h"
#include "mssql/ct_query.h"

namespace etl::mssql {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::optional<std::int64_t> number(const std::optional<std::string>& text) {
  if (!text || text->empty()) return std::nullopt;
  return std::stoll(*text);
}

struct TypeInfo {
  const char* name;
  SourceType type;
};

constexpr TypeInfo kTypes[] = {
    {"bit", SourceType::Bit},
    {"tinyint", SourceType::TinyInt},
    {"smallint", SourceType::SmallInt},
    {"int", SourceType::Int},
    {"bigint", SourceType::BigInt},
    {"decimal", SourceType::Decimal},
    {"numeric", SourceType::Decimal},
    {"money", SourceType::Money},
    {"smallmoney", SourceType::SmallMoney},
    {"real", SourceType::Real},
    {"float", SourceType::Float},
    {"date", SourceType::Date},
    {"time", SourceType::Time},
    {"datetime", SourceType::DateTime},
    {"smalldatetime", SourceType::SmallDateTime},
    {"datetime2", SourceType::DateTime2},
    {"datetimeoffset", SourceType::DateTimeOffset},
    {"char", SourceType::Char},
    {"varchar", SourceType::VarChar},
    {"text", SourceType::Text},
    {"nchar", SourceType::NChar},
    {"nvarchar", SourceType::NVarChar},
    {"sysname", SourceType::NVarChar},
    {"ntext", SourceType::NText},
    {"binary", SourceType::Binary},
    {"varbinary", SourceType::VarBinary},
    {"image", SourceType::Image},
    {"timestamp", SourceType::RowVersion},
    {"rowversion", SourceType::RowVersion},
    {"uniqueidentifier", SourceType::UniqueIdentifier},
    {"xml", SourceType::Xml},
    {"sql_variant", SourceType::Variant},
};

bool can_be_key(SourceType type) {
  switch (type) {
    case SourceType::Text:
    case SourceType::NText:
    case SourceType::Image:
    case SourceType::Xml:
    case SourceType::Variant:
    case SourceType::Unsupported:
      return false;
    default:
      return true;
  }
}

//! Reads the identity flag of each column from the metadata of an empty result: SQL Server
//! marks identity columns in COLMETADATA, and ct_describe reports it as CS_IDENTITY.
void read_identity_flags(CtSession& session, const std::string& qualified, SourceTable& table) {
  std::string list;
  for (const SourceColumn& column : table.columns)
    list += (list.empty() ? "" : ", ") + quote_mssql_identifier(column.name);
  std::string sql = "SELECT TOP (0) " + list + " FROM " + qualified;
  send_command(session, sql, {}, qualified, "describe");

  CS_COMMAND* command = session.command();
  CS_INT result_type = 0;
  CS_RETCODE code;
  bool failed = false;
  while ((code = ct_results(command, &result_type)) == CS_SUCCEED) {
    if (result_type == CS_CMD_FAIL) failed = true;
    if (result_type != CS_ROW_RESULT) continue;
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
      CS_DATAFMT format{};
      if (ct_describe(command, static_cast<CS_INT>(i + 1), &format) == CS_SUCCEED)
        table.columns[i].identity = (format.status & CS_IDENTITY) != 0;
    }
    ct_cancel(nullptr, command, CS_CANCEL_CURRENT);
  }
  if (code != CS_END_RESULTS || failed) {
    DatabaseError error = session.error(qualified, "describe");
    session.abandon();
    throw error;
  }
}

}  // namespace

TableName parse_table_name(const std::string& text) {
  std::vector<std::string> parts(1);
  bool quoted = false;
  char closing = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == closing && i + 1 < text.size() && text[i + 1] == closing) {
        parts.back() += c;
        ++i;
      } else if (c == closing) {
        quoted = false;
      } else {
        parts.back() += c;
      }
    } else if (c == '[' || c == '"') {
      quoted = true;
      closing = c == '[' ? ']' : '"';
    } else if (c == '.') {
      parts.emplace_back();
    } else if (!std::isspace(static_cast<unsigned char>(c))) {
      parts.back() += c;
    }
  }
  bool empty_part = std::any_of(parts.begin(), parts.end(), [](auto& p) { return p.empty(); });
  if (quoted || parts.size() > 2 || empty_part)
    throw DatabaseError(Side::Source, text, "describe",
                        "the table must be written as name or schema.name");
  if (parts.size() == 1) return {"dbo", parts[0]};
  return {parts[0], parts[1]};
}

SourceColumn column_from_catalog(const std::string& name, const std::string& data_type,
                                 std::optional<std::int64_t> max_length,
                                 std::optional<std::int64_t> precision,
                                 std::optional<std::int64_t> scale,
                                 std::optional<std::int64_t> datetime_precision) {
  SourceColumn column;
  column.name = name;
  std::string type_name = lower(data_type);
  column.type = SourceType::Unsupported;
  for (const TypeInfo& info : kTypes)
    if (type_name == info.name) column.type = info.type;

  switch (column.type) {
    case SourceType::Decimal:
      column.precision = static_cast<std::uint8_t>(precision.value_or(18));
      column.scale = static_cast<std::uint8_t>(scale.value_or(0));
      column.declared_type = type_name + "(" + std::to_string(column.precision) + "," +
                             std::to_string(column.scale) + ")";
      break;
    case SourceType::Time:
    case SourceType::DateTime2:
    case SourceType::DateTimeOffset:
      column.scale = static_cast<std::uint8_t>(datetime_precision.value_or(7));
      column.declared_type = type_name + "(" + std::to_string(column.scale) + ")";
      break;
    case SourceType::DateTime:
      column.scale = 3;
      column.declared_type = type_name;
      break;
    case SourceType::Text:
    case SourceType::NText:
    case SourceType::Image:
    case SourceType::Xml:
      column.length = -1;
      column.declared_type = type_name;
      break;
    case SourceType::Char:
    case SourceType::VarChar:
    case SourceType::NChar:
    case SourceType::NVarChar:
    case SourceType::Binary:
    case SourceType::VarBinary: {
      std::int64_t length = max_length.value_or(type_name == "sysname" ? 128 : 1);
      column.length = static_cast<std::int32_t>(length);
      if (type_name == "sysname") {
        column.declared_type = "sysname";
      } else {
        column.declared_type =
            type_name + "(" + (length < 0 ? std::string("max") : std::to_string(length)) + ")";
      }
      break;
    }
    case SourceType::RowVersion:
      column.length = 8;
      column.declared_type = "rowversion";
      break;
    case SourceType::UniqueIdentifier:
      column.length = 16;
      column.declared_type = type_name;
      break;
    default:
      column.declared_type = type_name;
      break;
  }
  return column;
}

SourceTable describe_table(CtSession& session, const std::string& table_text,
                           const std::vector<std::string>& key) {
  TableName name = parse_table_name(table_text);
  std::string qualified = quote_mssql_qualified(name.schema, name.name);
  SourceTable table;
  table.schema = name.schema;
  table.name = name.name;

  // Columns, in their declared order.
  std::vector<CtParam> where = {CtParam::text("@schema", name.schema),
                                CtParam::text("@table", name.name)};
  auto rows = query_text(
      session,
      "SELECT COLUMN_NAME, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, "
      "NUMERIC_SCALE, DATETIME_PRECISION, IS_NULLABLE, COLLATION_NAME "
      "FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = @schema AND TABLE_NAME = @table "
      "ORDER BY ORDINAL_POSITION",
      where, qualified, "describe");
  if (rows.empty())
    throw DatabaseError(
        Side::Source, qualified, "describe",
        "no such table in database " + session.server() + " (or the login cannot see it)");
  for (const TextRow& row : rows) {
    SourceColumn column =
        column_from_catalog(row[0].value_or(""), row[1].value_or(""), number(row[2]),
                            number(row[3]), number(row[4]), number(row[5]));
    column.nullable = lower(row[6].value_or("YES")) == "yes";
    column.collation = row[7].value_or("");
    table.columns.push_back(std::move(column));
  }

  // The key: the pipeline's, or the primary key's columns in key order.
  std::vector<std::string> key_names = key;
  if (key_names.empty()) {
    auto constraints = query_text(
        session,
        "SELECT CONSTRAINT_SCHEMA, CONSTRAINT_NAME FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS "
        "WHERE TABLE_SCHEMA = @schema AND TABLE_NAME = @table "
        "AND CONSTRAINT_TYPE = 'PRIMARY KEY'",
        where, qualified, "describe");
    if (constraints.empty())
      throw DatabaseError(Side::Source, qualified, "describe",
                          "the table has no primary key; name the key columns in source.key");
    auto key_rows = query_text(
        session,
        "SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.KEY_COLUMN_USAGE "
        "WHERE TABLE_SCHEMA = @schema AND TABLE_NAME = @table "
        "AND CONSTRAINT_SCHEMA = @constraint_schema AND CONSTRAINT_NAME = @constraint "
        "ORDER BY ORDINAL_POSITION",
        {where[0], where[1], CtParam::text("@constraint_schema", constraints[0][0].value_or("")),
         CtParam::text("@constraint", constraints[0][1].value_or(""))},
        qualified, "describe");
    for (const TextRow& row : key_rows)
      key_names.push_back(row[0].value_or(""));
    if (key_names.empty())
      throw DatabaseError(Side::Source, qualified, "describe",
                          "the primary key lists no columns; name them in source.key");
  }
  for (const std::string& key_name : key_names) {
    auto found =
        std::find_if(table.columns.begin(), table.columns.end(),
                     [&](const SourceColumn& c) { return lower(c.name) == lower(key_name); });
    if (found == table.columns.end())
      throw DatabaseError(Side::Source, qualified, "describe",
                          "key column " + key_name + " does not exist");
    if (!can_be_key(found->type))
      throw DatabaseError(Side::Source, qualified, "describe",
                          "key column " + found->name + " is " + found->declared_type +
                              ", which cannot order pages; choose another key");
    table.key.push_back(static_cast<std::size_t>(found - table.columns.begin()));
  }

  read_identity_flags(session, qualified, table);
  return table;
}

}  // namespace etl::mssql
