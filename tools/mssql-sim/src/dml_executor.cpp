// INSERT (VALUES and SELECT), UPDATE and DELETE on stored tables, with SQL Server's checks:
// identity rules, NOT NULL, truncation, primary key.
#include "collation.h"
#include "engine_internal.h"
#include "sql_errors.h"

namespace mssql_sim::engine {
namespace {

std::string table_key(const std::string& database, const TableSchema& schema) {
  return lower(database + "." + schema.schema + "." + schema.name);
}

std::string full_name(const std::string& database, const TableSchema& schema) {
  return database + "." + schema.schema + "." + schema.name;
}

//! Length of a text as the column's type counts it: UTF-16 units for the national types,
//! bytes of the code page (or of UTF-8) for the others.
std::size_t stored_length(std::string_view text, const SqlType& type) {
  if (is_unicode(type.id)) {
    std::size_t units = 0;
    for (unsigned char c : text) {
      if ((c & 0xC0) != 0x80) units += c >= 0xF0 ? 2 : 1;
    }
    return units;
  }
  if (code_page(type.collation) == 65001) return text.size();
  return encode_code_page(text, type.collation).size();
}

//! The first `length` characters of a text, for the 2628 message.
std::string text_prefix(std::string_view text, std::size_t length) {
  std::size_t characters = 0;
  std::size_t i = 0;
  for (; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && characters++ == length) break;
  }
  return std::string(text.substr(0, i));
}

//! SQL Server's 2628 for a character or binary value longer than the column; trailing
//! spaces of a character value do not count.
void check_truncation(const TypedValue& value, const Column& column, const std::string& table) {
  const SqlType& type = column.type;
  if (value.value.is_null || type.length == SqlType::kMax || type.length <= 0) return;
  const bool text = (type.id == TypeId::Char || type.id == TypeId::VarChar ||
                     type.id == TypeId::NChar || type.id == TypeId::NVarChar) &&
                    is_character(value.type.id);
  const bool binary =
      (type.id == TypeId::Binary || type.id == TypeId::VarBinary) && is_binary(value.type.id);
  if (!text && !binary) return;
  std::string_view bytes = value.value.bytes;
  std::size_t length = bytes.size();
  if (text) {
    while (!bytes.empty() && bytes.back() == ' ')
      bytes.remove_suffix(1);
    length = stored_length(bytes, type);
  }
  if (length <= static_cast<std::size_t>(type.length)) return;
  const std::string shown = text ? text_prefix(bytes, static_cast<std::size_t>(type.length))
                                 : to_text(TypedValue{type, convert(value, type)});
  throw_sql_error(2628,
                  "String or binary data would be truncated in table '" + table + "', column '" +
                      column.name + "'. Truncated value: '" + shown + "'.",
                  16);
}

[[noreturn]] void throw_not_null(const Column& column, const std::string& table, const char* verb) {
  SqlMessage message;
  message.number = 515;
  message.state = 2;
  message.text = "Cannot insert the value NULL into column '" + column.name + "', table '" + table +
                 "'; column does not allow nulls. " + verb + " fails.";
  throw SqlError(std::move(message));
}

[[noreturn]] void throw_explicit_row_version(const Context& context) {
  throw_sql_error(273,
                  "Cannot insert an explicit value into a timestamp column. Use INSERT with a "
                  "column list to exclude the timestamp column, or insert a DEFAULT into the "
                  "timestamp column.",
                  16, context.line);
}

//! A rowversion value: the database's counter as 8 big-endian bytes.
Value row_version(std::uint64_t counter) {
  std::string bytes(8, '\0');
  for (int i = 7; i >= 0; --i, counter >>= 8)
    bytes[i] = static_cast<char>(counter & 0xFF);
  return Value::of_bytes(std::move(bytes));
}

//! Gives every rowversion column of the rows a new value, in row order.
void stamp_row_versions(Context& context, const std::string& database, const TableSchema& schema,
                        std::vector<Row*> rows) {
  std::vector<std::size_t> columns;
  for (std::size_t c = 0; c < schema.columns.size(); ++c) {
    if (schema.columns[c].type.id == TypeId::RowVersion) columns.push_back(c);
  }
  if (columns.empty() || rows.empty()) return;
  std::uint64_t next = context.catalog.reserve_row_versions(database, rows.size());
  for (Row* row : rows) {
    const Value value = row_version(next++);
    for (std::size_t c : columns)
      (*row)[c] = value;
  }
}

//! The target columns of an INSERT, after SQL Server's identity rules.
std::vector<std::size_t> insert_columns(const Context& context, const ast::Insert& statement,
                                        const StoredTable& table, const std::string& database) {
  const TableSchema& schema = table.schema();
  const bool identity_insert = context.session.identity_insert_table == table_key(database, schema);
  std::vector<std::size_t> columns;
  if (statement.columns.empty()) {
    if (identity_insert && table.identity()) {
      throw_sql_error(8101,
                      "An explicit value for the identity column in table '" +
                          full_name(database, schema) +
                          "' can only be specified when a column list is used and "
                          "IDENTITY_INSERT is ON.",
                      16, context.line);
    }
    for (std::size_t i = 0; i < schema.columns.size(); ++i) {
      if (!schema.columns[i].identity && schema.columns[i].type.id != TypeId::RowVersion) {
        columns.push_back(i);
      }
    }
    return columns;
  }
  ColumnResolver resolver(schema, "");
  bool identity_listed = false;
  for (const std::string& name : statement.columns) {
    const std::size_t index = resolver.resolve(ast::Name{name});
    if (std::find(columns.begin(), columns.end(), index) != columns.end()) {
      throw_sql_error(264,
                      "The column name '" + name +
                          "' is specified more than once in the SET clause or column list of an "
                          "INSERT. A column cannot be assigned more than one value in the same "
                          "clause. Modify the clause to make sure that a column is updated only "
                          "once. If this statement updates or inserts columns into a view, column "
                          "aliasing can conceal the duplication in your code.",
                      16, context.line);
    }
    if (schema.columns[index].type.id == TypeId::RowVersion) throw_explicit_row_version(context);
    identity_listed = identity_listed || schema.columns[index].identity;
    columns.push_back(index);
  }
  if (identity_listed && !identity_insert) {
    throw_sql_error(544,
                    "Cannot insert explicit value for identity column in table '" + schema.name +
                        "' when IDENTITY_INSERT is set to OFF.",
                    16, context.line);
  }
  if (!identity_listed && identity_insert && table.identity()) {
    throw_sql_error(545,
                    "Explicit value must be specified for identity column in table '" +
                        schema.name +
                        "' either when IDENTITY_INSERT is set to ON or when a replication user "
                        "is inserting into a NOT FOR REPLICATION identity column.",
                    16, context.line);
  }
  return columns;
}

std::uint64_t insert_rows(Context& context, StoredTable& table, const std::string& database,
                          const std::vector<std::size_t>& columns,
                          const std::vector<std::vector<TypedValue>>& input) {
  const TableSchema& schema = table.schema();
  const std::string name = full_name(database, schema);
  const auto& identity = table.identity();
  const bool generate_identity =
      identity && std::find(columns.begin(), columns.end(), identity->column) == columns.end();

  std::vector<Row> rows;
  rows.reserve(input.size());
  for (const std::vector<TypedValue>& values : input) {
    Row row(schema.columns.size());
    std::vector<bool> supplied(schema.columns.size(), false);
    for (std::size_t i = 0; i < columns.size(); ++i) {
      const Column& column = schema.columns[columns[i]];
      check_truncation(values[i], column, name);
      row[columns[i]] = convert(values[i], column.type);
      supplied[columns[i]] = true;
    }
    for (std::size_t c = 0; c < schema.columns.size(); ++c) {
      const Column& column = schema.columns[c];
      if (!supplied[c] && column.default_value) row[c] = column.default_value->value;
      const bool server_set =
          (column.identity && generate_identity) || column.type.id == TypeId::RowVersion;
      if (row[c].is_null && !column.nullable && !server_set) {
        throw_not_null(column, name, "INSERT");
      }
    }
    rows.push_back(std::move(row));
  }

  if (generate_identity) {
    const SqlType& type = schema.columns[identity->column].type;
    std::int64_t next = table.reserve_identity(rows.size());
    for (Row& row : rows) {
      row[identity->column] = convert(int_value(next, TypeId::BigInt), type);
      next += identity->increment;
    }
  } else if (identity) {
    for (const Row& row : rows) {
      const Value& value = row[identity->column];
      const TypedValue typed{schema.columns[identity->column].type, value};
      table.observe_identity(convert(typed, make_type(TypeId::BigInt)).integer);
    }
  }
  std::vector<Row*> stamped;
  for (Row& row : rows)
    stamped.push_back(&row);
  stamp_row_versions(context, database, schema, std::move(stamped));
  const std::uint64_t count = rows.size();
  table.insert(std::move(rows));
  return count;
}

StatementOutcome counted(Context& context, std::uint64_t count) {
  context.session.last_row_count = static_cast<std::int64_t>(count);
  return done_outcome(count);
}

}  // namespace

StatementOutcome execute_insert(Context& context, const ast::Insert& statement) {
  auto table = resolve_stored_table(context, statement.table);
  const std::string database = qualify(context, statement.table).database;
  const std::vector<std::size_t> columns = insert_columns(context, statement, *table, database);

  std::vector<std::vector<TypedValue>> input;
  if (statement.select) {
    SelectResult result = run_select(context, *statement.select);
    if (result.columns.size() != columns.size()) {
      throw_sql_error(120,
                      "The select list for the INSERT statement contains " +
                          std::string(result.columns.size() < columns.size() ? "fewer" : "more") +
                          " items than the insert list. The number of SELECT values must match "
                          "the number of INSERT columns.",
                      15, context.line);
    }
    Row row;
    while (result.rows->next(row)) {
      std::vector<TypedValue> values;
      for (std::size_t i = 0; i < row.size(); ++i) {
        values.push_back(TypedValue{result.columns[i].type, std::move(row[i])});
      }
      input.push_back(std::move(values));
    }
  } else {
    for (const std::vector<ast::ExprPtr>& expressions : statement.rows) {
      if (expressions.size() != columns.size()) {
        const bool fewer_columns = columns.size() < expressions.size();
        throw_sql_error(fewer_columns ? 110 : 109,
                        std::string("There are ") + (fewer_columns ? "fewer" : "more") +
                            " columns in the INSERT statement than values specified in the "
                            "VALUES clause. The number of values in the VALUES clause must match "
                            "the number of columns specified in the INSERT statement.",
                        15, context.line);
      }
      std::vector<TypedValue> values;
      for (const ast::ExprPtr& expr : expressions) {
        values.push_back(evaluate_constant(expr, context));
      }
      input.push_back(std::move(values));
    }
  }
  if (context.session.fmtonly) return done_outcome();
  return counted(context, insert_rows(context, *table, database, columns, input));
}

StatementOutcome execute_update(Context& context, const ast::Update& statement) {
  auto table = resolve_stored_table(context, statement.table);
  const std::string database = qualify(context, statement.table).database;
  const std::string name = full_name(database, table->schema());
  const TableSchema& schema = table->schema();
  ColumnResolver resolver(schema, "");
  Bindings bindings;

  std::vector<std::pair<std::size_t, ast::ExprPtr>> assignments;
  for (const auto& [column, expr] : statement.assignments) {
    const std::size_t index = resolver.resolve(ast::Name{column});
    if (schema.columns[index].type.id == TypeId::RowVersion) {
      throw_sql_error(272, "Cannot update a timestamp column.", 16, context.line);
    }
    if (schema.columns[index].identity) {
      throw_sql_error(8102, "Cannot update identity column '" + schema.columns[index].name + "'.",
                      16, context.line);
    }
    ast::ExprPtr bound = bind_constants(expr, context);
    resolver.bind(bound, bindings);
    assignments.emplace_back(index, std::move(bound));
  }
  const ast::ExprPtr where = bind_constants(statement.where, context);
  resolver.bind(where, bindings);
  const Predicate predicate(where, bindings, schema);
  if (context.session.fmtonly) return done_outcome();

  RowScope scope(resolver, bindings);
  const std::uint64_t count = table->modify([&](std::vector<Row>& rows) {
    std::vector<Row*> changed_rows;
    for (Row& row : rows) {
      if (!predicate.test(row, scope)) continue;
      // Every assignment reads the row as it was before the statement.
      Row updated = row;
      for (const auto& [index, expr] : assignments) {
        const Column& column = schema.columns[index];
        const TypedValue value = evaluate(*expr, scope);
        check_truncation(value, column, name);
        updated[index] = convert(value, column.type);
        if (updated[index].is_null && !column.nullable) throw_not_null(column, name, "UPDATE");
      }
      row = std::move(updated);
      changed_rows.push_back(&row);
    }
    const std::uint64_t changed = changed_rows.size();
    stamp_row_versions(context, database, schema, std::move(changed_rows));
    return changed;
  });
  return counted(context, count);
}

StatementOutcome execute_delete(Context& context, const ast::Delete& statement) {
  auto table = resolve_stored_table(context, statement.table);
  const TableSchema& schema = table->schema();
  ColumnResolver resolver(schema, "");
  Bindings bindings;
  const ast::ExprPtr where = bind_constants(statement.where, context);
  resolver.bind(where, bindings);
  const Predicate predicate(where, bindings, schema);
  if (context.session.fmtonly) return done_outcome();

  RowScope scope(resolver, bindings);
  const std::uint64_t count = table->modify([&](std::vector<Row>& rows) {
    const std::size_t before = rows.size();
    rows.erase(std::remove_if(rows.begin(), rows.end(),
                              [&](const Row& row) { return predicate.test(row, scope); }),
               rows.end());
    return static_cast<std::uint64_t>(before - rows.size());
  });
  return counted(context, count);
}

}  // namespace mssql_sim::engine
