// INFORMATION_SCHEMA.TABLES, COLUMNS, TABLE_CONSTRAINTS and KEY_COLUMN_USAGE, built from the
// catalog when a query names them, with SQL Server's column names and types.
#include "collation.h"
#include "engine_internal.h"

namespace mssql_sim::engine {
namespace {

Column column(std::string name, SqlType type, bool nullable = true) {
  Column out;
  out.name = std::move(name);
  out.type = std::move(type);
  out.nullable = nullable;
  return out;
}

SqlType varchar(std::int32_t length) {
  return make_type(TypeId::VarChar, length);
}

Value text(std::string value) {
  return Value::of_bytes(std::move(value));
}
Value number(std::int64_t value) {
  return Value::of_integer(value);
}
Value maybe(std::optional<std::int64_t> value) {
  return value ? Value::of_integer(*value) : Value::null();
}

std::shared_ptr<StoredTable> view(std::string name, std::vector<Column> columns,
                                  std::vector<Row> rows) {
  TableSchema schema;
  schema.schema = "INFORMATION_SCHEMA";
  schema.name = std::move(name);
  schema.columns = std::move(columns);
  auto table = std::make_shared<StoredTable>(std::move(schema));
  table->insert(std::move(rows));
  return table;
}

std::optional<std::int64_t> character_maximum_length(const SqlType& type) {
  switch (type.id) {
    case TypeId::Char:
    case TypeId::VarChar:
    case TypeId::NChar:
    case TypeId::NVarChar:
    case TypeId::Binary:
    case TypeId::VarBinary:
      return type.length;  // kMax is -1, as SQL Server shows (max)
    case TypeId::Text:
    case TypeId::Image:
      return 2147483647;
    case TypeId::NText:
      return 1073741823;
    case TypeId::Xml:
      return -1;
    default:
      return std::nullopt;
  }
}

std::optional<std::int64_t> character_octet_length(const SqlType& type) {
  switch (type.id) {
    case TypeId::NChar:
    case TypeId::NVarChar:
      return type.length == SqlType::kMax ? -1 : 2 * static_cast<std::int64_t>(type.length);
    case TypeId::NText:
      return 2147483646;
    default:
      return character_maximum_length(type);
  }
}

std::optional<std::int64_t> numeric_precision(const SqlType& type) {
  switch (type.id) {
    case TypeId::TinyInt:
      return 3;
    case TypeId::SmallInt:
      return 5;
    case TypeId::Int:
      return 10;
    case TypeId::BigInt:
      return 19;
    case TypeId::Decimal:
    case TypeId::Numeric:
      return type.precision;
    case TypeId::Money:
      return 19;
    case TypeId::SmallMoney:
      return 10;
    case TypeId::Real:
      return 24;
    case TypeId::Float:
      return 53;
    default:
      return std::nullopt;
  }
}

std::optional<std::int64_t> numeric_scale(const SqlType& type) {
  switch (type.id) {
    case TypeId::TinyInt:
    case TypeId::SmallInt:
    case TypeId::Int:
    case TypeId::BigInt:
      return 0;
    case TypeId::Decimal:
    case TypeId::Numeric:
      return type.scale;
    case TypeId::Money:
    case TypeId::SmallMoney:
      return 4;
    default:
      return std::nullopt;
  }
}

std::optional<std::int64_t> datetime_precision(const SqlType& type) {
  switch (type.id) {
    case TypeId::Date:
    case TypeId::SmallDateTime:
      return 0;
    case TypeId::DateTime:
      return 3;
    case TypeId::Time:
    case TypeId::DateTime2:
    case TypeId::DateTimeOffset:
      return type.scale;
    default:
      return std::nullopt;
  }
}

bool has_collation(const SqlType& type) {
  return is_character(type.id) && type.id != TypeId::Xml;
}

std::string character_set(const SqlType& type) {
  if (is_unicode(type.id)) return "UNICODE";
  const int page = code_page(type.collation);
  if (page == 1252) return "iso_1";
  if (page == 65001) return "UTF8";
  return "cp" + std::to_string(page);
}

//! COLUMN_DEFAULT as SQL Server shows a constant default: ((0)), ('text'), (N'text').
Value column_default(const Column& column) {
  if (!column.default_value) return Value::null();
  const TypedValue& value = *column.default_value;
  if (value.value.is_null) return text("(NULL)");
  std::string shown = to_text(value);
  const TypeId id = value.type.id;
  if (numeric_precision(value.type) || id == TypeId::Bit) return text("((" + shown + "))");
  std::string quoted;
  for (char c : shown)
    quoted += c == '\'' ? std::string("''") : std::string(1, c);
  return text(std::string("(") + (is_unicode(id) ? "N'" : "'") + quoted + "')");
}

std::vector<Column> catalog_columns() {
  return {column("TABLE_CATALOG", sysname_type()), column("TABLE_SCHEMA", sysname_type()),
          column("TABLE_NAME", sysname_type(), false)};
}

std::shared_ptr<Table> tables_view(const std::string& database,
                                   const std::vector<std::shared_ptr<Table>>& tables) {
  std::vector<Column> columns = catalog_columns();
  columns.push_back(column("TABLE_TYPE", varchar(10)));
  std::vector<Row> rows;
  for (const auto& table : tables) {
    const TableSchema& schema = table->schema();
    rows.push_back({text(database), text(schema.schema), text(schema.name), text("BASE TABLE")});
  }
  return view("TABLES", std::move(columns), std::move(rows));
}

std::shared_ptr<Table> columns_view(const std::string& database,
                                    const std::vector<std::shared_ptr<Table>>& tables) {
  std::vector<Column> columns = catalog_columns();
  const SqlType smallint = make_type(TypeId::SmallInt);
  const SqlType integer = make_type(TypeId::Int);
  columns.insert(columns.end(), {column("COLUMN_NAME", sysname_type()),
                                 column("ORDINAL_POSITION", integer),
                                 column("COLUMN_DEFAULT", make_type(TypeId::NVarChar, 4000)),
                                 column("IS_NULLABLE", varchar(3)),
                                 column("DATA_TYPE", sysname_type()),
                                 column("CHARACTER_MAXIMUM_LENGTH", integer),
                                 column("CHARACTER_OCTET_LENGTH", integer),
                                 column("NUMERIC_PRECISION", make_type(TypeId::TinyInt)),
                                 column("NUMERIC_PRECISION_RADIX", smallint),
                                 column("NUMERIC_SCALE", integer),
                                 column("DATETIME_PRECISION", smallint),
                                 column("CHARACTER_SET_CATALOG", sysname_type()),
                                 column("CHARACTER_SET_SCHEMA", sysname_type()),
                                 column("CHARACTER_SET_NAME", sysname_type()),
                                 column("COLLATION_CATALOG", sysname_type()),
                                 column("COLLATION_SCHEMA", sysname_type()),
                                 column("COLLATION_NAME", sysname_type()),
                                 column("DOMAIN_CATALOG", sysname_type()),
                                 column("DOMAIN_SCHEMA", sysname_type()),
                                 column("DOMAIN_NAME", sysname_type())});
  std::vector<Row> rows;
  for (const auto& table : tables) {
    const TableSchema& schema = table->schema();
    for (std::size_t i = 0; i < schema.columns.size(); ++i) {
      const Column& c = schema.columns[i];
      const SqlType& type = c.type;
      const auto precision = numeric_precision(type);
      const bool exact = precision && type.id != TypeId::Real && type.id != TypeId::Float;
      rows.push_back({
          text(database),
          text(schema.schema),
          text(schema.name),
          text(c.name),
          number(static_cast<std::int64_t>(i + 1)),
          column_default(c),
          text(c.nullable ? "YES" : "NO"),
          text(type_keyword(type.id)),
          maybe(character_maximum_length(type)),
          maybe(character_octet_length(type)),
          maybe(precision),
          precision ? number(exact ? 10 : 2) : Value::null(),
          maybe(numeric_scale(type)),
          maybe(datetime_precision(type)),
          Value::null(),
          Value::null(),
          has_collation(type) ? text(character_set(type)) : Value::null(),
          Value::null(),
          Value::null(),
          has_collation(type) ? text(type.collation.name) : Value::null(),
          Value::null(),
          Value::null(),
          Value::null(),
      });
    }
  }
  return view("COLUMNS", std::move(columns), std::move(rows));
}

std::vector<Column> constraint_columns() {
  return {column("CONSTRAINT_CATALOG", sysname_type()),
          column("CONSTRAINT_SCHEMA", sysname_type()),
          column("CONSTRAINT_NAME", sysname_type(), false),
          column("TABLE_CATALOG", sysname_type()),
          column("TABLE_SCHEMA", sysname_type()),
          column("TABLE_NAME", sysname_type(), false)};
}

Row constraint_prefix(const std::string& database, const TableSchema& schema) {
  return {text(database), text(schema.schema), text(schema.primary_key_name),
          text(database), text(schema.schema), text(schema.name)};
}

std::shared_ptr<Table> table_constraints_view(const std::string& database,
                                              const std::vector<std::shared_ptr<Table>>& tables) {
  std::vector<Column> columns = constraint_columns();
  columns.push_back(column("CONSTRAINT_TYPE", varchar(11)));
  columns.push_back(column("IS_DEFERRABLE", varchar(2), false));
  columns.push_back(column("INITIALLY_DEFERRED", varchar(2), false));
  std::vector<Row> rows;
  for (const auto& table : tables) {
    const TableSchema& schema = table->schema();
    if (schema.primary_key.empty()) continue;
    Row row = constraint_prefix(database, schema);
    row.insert(row.end(), {text("PRIMARY KEY"), text("NO"), text("NO")});
    rows.push_back(std::move(row));
  }
  return view("TABLE_CONSTRAINTS", std::move(columns), std::move(rows));
}

std::shared_ptr<Table> key_column_usage_view(const std::string& database,
                                             const std::vector<std::shared_ptr<Table>>& tables) {
  std::vector<Column> columns = constraint_columns();
  columns.push_back(column("COLUMN_NAME", sysname_type()));
  columns.push_back(column("ORDINAL_POSITION", make_type(TypeId::Int), false));
  std::vector<Row> rows;
  for (const auto& table : tables) {
    const TableSchema& schema = table->schema();
    for (std::size_t i = 0; i < schema.primary_key.size(); ++i) {
      Row row = constraint_prefix(database, schema);
      row.push_back(text(schema.columns[schema.primary_key[i]].name));
      row.push_back(number(static_cast<std::int64_t>(i + 1)));
      rows.push_back(std::move(row));
    }
  }
  return view("KEY_COLUMN_USAGE", std::move(columns), std::move(rows));
}

}  // namespace

std::shared_ptr<Table> information_schema_view(const Catalog& catalog, const std::string& database,
                                               std::string_view name) {
  const auto tables = catalog.tables(database);
  if (iequals(name, "TABLES")) return tables_view(database, tables);
  if (iequals(name, "COLUMNS")) return columns_view(database, tables);
  if (iequals(name, "TABLE_CONSTRAINTS")) return table_constraints_view(database, tables);
  if (iequals(name, "KEY_COLUMN_USAGE")) return key_column_usage_view(database, tables);
  return nullptr;
}

}  // namespace mssql_sim::engine
