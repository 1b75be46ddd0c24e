// Statements that change the session: USE, SET, BEGIN TRAN / COMMIT / ROLLBACK.
#include "engine_internal.h"
#include "sql_errors.h"

namespace mssql_sim::engine {
namespace {

bool is_on(const ast::SetOption& statement) {
  return iequals(statement.word, "ON");
}

//! SET TEXTSIZE as SQL Server reads it: 0 restores the default of 4096 bytes, a negative
//! value or 2147483647 means unlimited.
std::int64_t textsize_value(const Context& context, const ast::SetOption& statement) {
  std::int64_t size = 0;
  if (statement.value) {
    size = convert(evaluate_constant(statement.value, context), make_type(TypeId::BigInt)).integer;
  } else if (!statement.word.empty()) {
    size = std::stoll(statement.word);
  }
  if (size == 0) return 4096;
  if (size < 0 || size >= 2147483647) return -1;
  return size;
}

StatementOutcome set_identity_insert(Context& context, const ast::SetOption& statement) {
  auto table = resolve_stored_table(context, statement.table);
  const TableSchema& schema = table->schema();
  const std::string database = qualify(context, statement.table).database;
  const std::string key = lower(database + "." + schema.schema + "." + schema.name);
  if (!table->identity()) {
    throw_sql_error(8106,
                    "Table '" + written_name(statement.table) +
                        "' does not have the identity property. Cannot perform SET operation.",
                    16, context.line);
  }
  std::string& current = context.session.identity_insert_table;
  if (is_on(statement)) {
    if (!current.empty() && current != key) {
      throw_sql_error(8107,
                      "IDENTITY_INSERT is already ON for table '" + current +
                          "'. Cannot perform SET operation for table '" +
                          written_name(statement.table) + "'.",
                      16, context.line);
    }
    current = key;
  } else if (current == key) {
    current.clear();
  }
  return done_outcome();
}

}  // namespace

StatementOutcome execute_use(Context& context, const ast::Use& statement) {
  const std::string database = context.catalog.database_name(statement.database);
  if (database.empty()) {
    throw_sql_error(911,
                    "Database '" + statement.database +
                        "' does not exist. Make sure that the name is entered correctly.",
                    16, context.line);
  }
  StatementOutcome outcome;
  outcome.kind = StatementOutcome::Kind::DatabaseChanged;
  outcome.old_database = context.database();
  outcome.new_database = database;
  context.session.database = database;
  return outcome;
}

StatementOutcome execute_set(Context& context, const ast::SetOption& statement) {
  SessionState& session = context.session;
  const std::string& option = statement.option;
  if (iequals(option, "TEXTSIZE")) {
    session.textsize = textsize_value(context, statement);
  } else if (iequals(option, "NOCOUNT")) {
    session.nocount = is_on(statement);
  } else if (iequals(option, "FMTONLY")) {
    session.fmtonly = is_on(statement);
  } else if (iequals(option, "IDENTITY_INSERT")) {
    return set_identity_insert(context, statement);
  }
  // Every other option (ANSI_NULLS, DATEFORMAT, LANGUAGE, isolation level…) is accepted
  // and has no effect: the simulator behaves as with the defaults clients ask for.
  return done_outcome();
}

StatementOutcome execute_transaction(Context& context, const ast::Transaction& statement) {
  SessionState& session = context.session;
  const std::string verb = lower(statement.verb);
  if (verb.rfind("begin", 0) == 0) {
    ++session.trancount;
  } else if (verb.rfind("commit", 0) == 0) {
    if (session.trancount == 0) {
      throw_sql_error(3902,
                      "The COMMIT TRANSACTION request has no corresponding BEGIN TRANSACTION.", 16,
                      context.line);
    }
    --session.trancount;
  } else if (verb.rfind("rollback", 0) == 0) {
    if (session.trancount == 0) {
      throw_sql_error(3903,
                      "The ROLLBACK TRANSACTION request has no corresponding BEGIN TRANSACTION.",
                      16, context.line);
    }
    session.trancount = 0;
  }
  return done_outcome();
}

}  // namespace mssql_sim::engine
