// CREATE DATABASE, CREATE TABLE, ALTER TABLE … ADD CONSTRAINT … PRIMARY KEY, DROP TABLE.
#include <cstdio>

#include "engine_internal.h"
#include "sql_errors.h"

namespace mssql_sim::engine {
namespace {

bool identity_capable(const SqlType& type) {
  switch (type.id) {
    case TypeId::TinyInt:
    case TypeId::SmallInt:
    case TypeId::Int:
    case TypeId::BigInt:
      return true;
    case TypeId::Decimal:
    case TypeId::Numeric:
      return type.scale == 0;
    default:
      return false;
  }
}

//! A constraint name as SQL Server makes one up: PK__<table>__<16 hex digits>.
std::string generated_key_name(const std::string& table) {
  std::uint64_t hash = 1469598103934665603ull;  // FNV-1a, so the name is stable across runs
  for (unsigned char c : table)
    hash = (hash ^ c) * 1099511628211ull;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llX", static_cast<unsigned long long>(hash));
  return "PK__" + table.substr(0, 8) + "__" + hex;
}

std::size_t key_column(const TableSchema& schema, const std::string& name, std::int32_t line) {
  for (std::size_t i = 0; i < schema.columns.size(); ++i) {
    if (iequals(schema.columns[i].name, name)) return i;
  }
  throw_sql_error(1911, "Column name '" + name + "' does not exist in the target table or view.",
                  16, line);
}

}  // namespace

StatementOutcome execute_create_database(Context& context, const ast::CreateDatabase& statement) {
  if (context.catalog.has_database(statement.name)) {
    throw_sql_error(
        1801, "Database '" + statement.name + "' already exists. Choose a different database name.",
        16, context.line);
  }
  context.catalog.create_database(statement.name);
  return done_outcome();
}

StatementOutcome execute_create_table(Context& context, const ast::CreateTable& statement) {
  const QualifiedName name = qualify(context, statement.table);
  const auto already_exists = [&] {
    throw_sql_error(2714, "There is already an object named '" + name.name + "' in the database.",
                    16, context.line);
  };
  if (context.catalog.find_table(name.database, name.schema, name.name)) already_exists();

  TableSchema schema;
  schema.schema = name.schema;
  schema.name = name.name;
  std::optional<IdentitySpec> identity;
  for (const ast::ColumnDef& definition : statement.columns) {
    for (const Column& other : schema.columns) {
      if (iequals(other.name, definition.name)) {
        throw_sql_error(2705,
                        "Column names in each table must be unique. Column name '" +
                            definition.name + "' in table '" + name.name +
                            "' is specified more than once.",
                        16, context.line);
      }
    }
    Column column;
    column.name = definition.name;
    column.type = definition.type;
    column.nullable = definition.nullable && !definition.identity;
    column.identity = definition.identity;
    if (definition.identity) {
      if (identity) {
        throw_sql_error(2744,
                        "Multiple identity columns specified for table '" + name.name +
                            "'. Only one identity column per table is allowed.",
                        16, context.line);
      }
      if (!identity_capable(column.type)) {
        throw_sql_error(2749,
                        "Identity column '" + column.name +
                            "' must be of data type int, bigint, smallint, tinyint, or decimal "
                            "or numeric with a scale of 0, and constrained to be nonnullable.",
                        16, context.line);
      }
      identity = IdentitySpec{schema.columns.size(), definition.identity_seed,
                              definition.identity_increment};
    }
    if (definition.default_value) {
      // Defaults are evaluated once, here: a constant is what the simulator models.
      const TypedValue value = evaluate_constant(definition.default_value, context);
      column.default_value = TypedValue{column.type, convert(value, column.type)};
    }
    schema.columns.push_back(std::move(column));
  }

  std::vector<std::string> key = statement.primary_key;
  if (key.empty()) {
    for (const ast::ColumnDef& definition : statement.columns) {
      if (definition.primary_key) key.push_back(definition.name);
    }
  }
  for (const std::string& column : key) {
    const std::size_t index = key_column(schema, column, context.line);
    schema.primary_key.push_back(index);
    schema.columns[index].nullable = false;  // key columns are NOT NULL, as SQL Server makes them
  }
  if (!key.empty()) {
    schema.primary_key_name = statement.primary_key_name.empty() ? generated_key_name(schema.name)
                                                                 : statement.primary_key_name;
  }

  auto table = std::make_shared<StoredTable>(std::move(schema), identity);
  if (!context.catalog.add_table(name.database, table)) already_exists();
  return done_outcome();
}

StatementOutcome execute_add_primary_key(Context& context, const ast::AddPrimaryKey& statement) {
  const QualifiedName name = qualify(context, statement.table);
  auto found = context.catalog.find_table(name.database, name.schema, name.name);
  if (!found) {
    throw_sql_error(4902,
                    "Cannot find the object \"" + written_name(statement.table) +
                        "\" because it does not exist or you do not have permissions.",
                    16, context.line);
  }
  auto table = resolve_stored_table(context, statement.table);
  const TableSchema& schema = table->schema();
  if (!schema.primary_key.empty()) {
    throw_sql_error(1779, "Table '" + schema.name + "' already has a primary key defined on it.",
                    16, context.line);
  }
  std::vector<std::size_t> key;
  for (const std::string& column : statement.columns) {
    const std::size_t index = key_column(schema, column, context.line);
    if (schema.columns[index].nullable) {
      throw_sql_error(
          8111,
          "Cannot define PRIMARY KEY constraint on nullable column in table '" + schema.name + "'.",
          16, context.line);
    }
    key.push_back(index);
  }
  const std::string constraint = statement.constraint_name.empty() ? generated_key_name(schema.name)
                                                                   : statement.constraint_name;
  context.catalog.put_table(name.database, table->with_primary_key(std::move(key), constraint));
  return done_outcome();
}

StatementOutcome execute_drop_table(Context& context, const ast::DropTable& statement) {
  std::optional<QualifiedName> name;
  try {
    name = qualify(context, statement.table);
  } catch (const SqlError&) {
    // An unknown database is just another table that does not exist.
  }
  if (name && context.catalog.drop_table(name->database, name->schema, name->name)) {
    return done_outcome();
  }
  if (statement.if_exists) return done_outcome();
  throw_sql_error(3701,
                  "Cannot drop the table '" + written_name(statement.table) +
                      "', because it does not exist or you do not have permission.",
                  11, context.line);
}

}  // namespace mssql_sim::engine
