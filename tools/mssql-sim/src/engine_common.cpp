// Helpers every executor uses: names, types, column resolution, the row scope.
#include <algorithm>
#include <cctype>

#include "engine_internal.h"
#include "sql_errors.h"

namespace mssql_sim::engine {

std::string Context::database() const {
  return session.database.empty() ? std::string("master") : session.database;
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

std::string written_name(const ast::Name& name) {
  std::string out;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (i > 0) out += '.';
    out += name[i];
  }
  return out;
}

SqlType make_type(TypeId id, std::int32_t length, std::uint8_t precision, std::uint8_t scale) {
  SqlType type;
  type.id = id;
  type.length = length;
  type.precision = precision;
  type.scale = scale;
  return type;
}

SqlType sysname_type() {
  return make_type(TypeId::NVarChar, 128);
}

TypedValue int_value(std::int64_t value, TypeId id) {
  return TypedValue{make_type(id), Value::of_integer(value)};
}

TypedValue text_value(std::string text, SqlType type) {
  return TypedValue{std::move(type), Value::of_bytes(std::move(text))};
}

QualifiedName qualify(const Context& context, const ast::Name& name) {
  if (name.empty() || name.back().empty()) {
    throw_sql_error(208, "Invalid object name '" + written_name(name) + "'.", 16, context.line);
  }
  // The last three parts are database, schema and object; a server name before them is
  // ignored, as the simulator is every server.
  const std::size_t n = name.size();
  QualifiedName out;
  out.name = name[n - 1];
  out.schema = n >= 2 && !name[n - 2].empty() ? name[n - 2] : std::string("dbo");
  const std::string database = n >= 3 && !name[n - 3].empty() ? name[n - 3] : context.database();
  out.database = context.catalog.database_name(database);
  if (out.database.empty()) {
    throw_sql_error(208, "Invalid object name '" + written_name(name) + "'.", 16, context.line);
  }
  return out;
}

std::shared_ptr<Table> resolve_table(const Context& context, const ast::Name& name) {
  const QualifiedName qualified = qualify(context, name);
  std::shared_ptr<Table> table;
  if (iequals(qualified.schema, "INFORMATION_SCHEMA")) {
    table = information_schema_view(context.catalog, qualified.database, qualified.name);
  } else {
    table = context.catalog.find_table(qualified.database, qualified.schema, qualified.name);
  }
  if (!table) {
    throw_sql_error(208, "Invalid object name '" + written_name(name) + "'.", 16, context.line);
  }
  return table;
}

std::shared_ptr<StoredTable> resolve_stored_table(const Context& context, const ast::Name& name) {
  std::shared_ptr<Table> table = resolve_table(context, name);
  auto stored = std::dynamic_pointer_cast<StoredTable>(table);
  if (!stored || iequals(table->schema().schema, "INFORMATION_SCHEMA")) {
    // SQL Server's number for writing to a read-only database; the text says why here.
    throw_sql_error(3906,
                    "Failed to update table '" + written_name(name) +
                        "' because it is read-only (a generated table or a catalog view of "
                        "mssql-sim).",
                    16, context.line);
  }
  return stored;
}

void ColumnResolver::check_qualifier(const ast::Name& name) const {
  if (name.size() < 2) return;
  // A qualifier must name this table, or its alias when it has one.
  const std::string& qualifier = name[name.size() - 2];
  const bool matches =
      alias_.empty() ? iequals(qualifier, schema_.name) : iequals(qualifier, alias_);
  if (!matches) {
    throw_sql_error(
        4104, "The multi-part identifier \"" + written_name(name) + "\" could not be bound.", 16);
  }
}

std::size_t ColumnResolver::resolve(const ast::Name& name) const {
  check_qualifier(name);
  const std::string& column = name.back();
  for (std::size_t i = 0; i < schema_.columns.size(); ++i) {
    if (iequals(schema_.columns[i].name, column)) return i;
  }
  throw_sql_error(207, "Invalid column name '" + column + "'.", 16);
}

void ColumnResolver::bind(const ast::ExprPtr& expr, Bindings& bindings) const {
  if (!expr) return;
  if (expr->kind == ast::Expr::Kind::Column) {
    bindings[&expr->name] = resolve(expr->name);
    return;
  }
  for (std::size_t i = 0; i < expr->args.size(); ++i) {
    if (!is_datepart_argument(*expr, i)) bind(expr->args[i], bindings);
  }
}

std::optional<TypedValue> RowScope::column(const ast::Name& name) const {
  auto it = bindings_.find(&name);
  const std::size_t index = it != bindings_.end() ? it->second : resolver_.resolve(name);
  return TypedValue{resolver_.schema().columns[index].type, (*row_)[index]};
}

std::optional<std::size_t> bound_column(const ast::Expr& expr, const Bindings& bindings) {
  if (expr.kind != ast::Expr::Kind::Column) return std::nullopt;
  auto it = bindings.find(&expr.name);
  if (it == bindings.end()) return std::nullopt;
  return it->second;
}

StatementOutcome done_outcome(std::optional<std::uint64_t> row_count) {
  StatementOutcome outcome;
  outcome.kind = StatementOutcome::Kind::Done;
  outcome.row_count = row_count;
  return outcome;
}

}  // namespace mssql_sim::engine
