// The engine's entry point: parse a batch, run its statements in order, turn failures into
// Error outcomes.
#include "query_engine.h"

#include <exception>
#include <type_traits>

#include "engine_internal.h"
#include "parser.h"

namespace mssql_sim {
namespace {

using namespace engine;

//! Statements outside the simulator's model fail with SQL Server's "not supported" error
//! (40517, as Azure SQL words it); while loading a script they are skipped with a warning.
StatementOutcome unsupported(const Context& context, const ast::Unsupported& statement) {
  StatementOutcome outcome;
  outcome.message.line = context.line;
  if (context.session.loading_script) {
    outcome.kind = StatementOutcome::Kind::Info;
    outcome.message.number = 0;
    outcome.message.severity = 10;
    outcome.message.text = "skipped " + statement.what;
    return outcome;
  }
  outcome.kind = StatementOutcome::Kind::Error;
  outcome.message.number = 40517;
  outcome.message.severity = 16;
  outcome.message.text = "Keyword or statement option '" + statement.what +
                         "' is not supported in this version of SQL Server (mssql-sim).";
  return outcome;
}

StatementOutcome run_statement(Context& context, const ast::Statement& statement) {
  return std::visit(
      [&context](const auto& s) -> StatementOutcome {
        using T = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<T, ast::Select>) return execute_select(context, s);
        if constexpr (std::is_same_v<T, ast::CreateTable>) return execute_create_table(context, s);
        if constexpr (std::is_same_v<T, ast::AddPrimaryKey>) {
          return execute_add_primary_key(context, s);
        }
        if constexpr (std::is_same_v<T, ast::Insert>) return execute_insert(context, s);
        if constexpr (std::is_same_v<T, ast::Update>) return execute_update(context, s);
        if constexpr (std::is_same_v<T, ast::Delete>) return execute_delete(context, s);
        if constexpr (std::is_same_v<T, ast::DropTable>) return execute_drop_table(context, s);
        if constexpr (std::is_same_v<T, ast::CreateDatabase>) {
          return execute_create_database(context, s);
        }
        if constexpr (std::is_same_v<T, ast::Use>) return execute_use(context, s);
        if constexpr (std::is_same_v<T, ast::SetOption>) return execute_set(context, s);
        if constexpr (std::is_same_v<T, ast::Transaction>) return execute_transaction(context, s);
        if constexpr (std::is_same_v<T, ast::Unsupported>) return unsupported(context, s);
      },
      statement);
}

StatementOutcome error_outcome(SqlMessage message) {
  StatementOutcome outcome;
  outcome.kind = StatementOutcome::Kind::Error;
  outcome.message = std::move(message);
  return outcome;
}

//! Errors SQL Server raises while compiling a statement or converting a value end the
//! whole batch; the others (constraint violations, truncation…) end only their statement.
bool aborts_batch(std::int32_t number) {
  switch (number) {
    case 137:   // undeclared variable
    case 207:   // invalid column
    case 208:   // invalid object
    case 241:   // date conversion
    case 245:   // conversion
    case 4104:  // multi-part identifier
    case 8114:  // conversion
      return true;
    default:
      return false;
  }
}

}  // namespace

std::vector<StatementOutcome> QueryEngine::execute(SessionState& session, std::string_view sql,
                                                   const std::vector<Param>& params) {
  std::vector<StatementOutcome> outcomes;
  std::vector<ast::ParsedStatement> statements;
  try {
    statements = parse_batch(sql);
  } catch (const SqlError& error) {
    outcomes.push_back(error_outcome(error.message()));
    return outcomes;
  }

  for (const ast::ParsedStatement& parsed : statements) {
    Context context{catalog_, session, params, parsed.line};
    SqlMessage failure;
    try {
      outcomes.push_back(run_statement(context, parsed.statement));
      continue;
    } catch (const SqlError& error) {
      failure = error.message();
      if (failure.line <= 1) failure.line = parsed.line;
    } catch (const std::exception& error) {
      // A bug of the simulator must not cost the client its connection.
      failure.number = 50000;
      failure.text = std::string("mssql-sim internal error: ") + error.what();
      failure.line = parsed.line;
    }
    session.last_row_count = 0;
    const bool stop = aborts_batch(failure.number);
    outcomes.push_back(error_outcome(std::move(failure)));
    if (stop) break;
  }
  return outcomes;
}

}  // namespace mssql_sim
