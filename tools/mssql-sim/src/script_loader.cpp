// Loading T-SQL scripts batch by batch through the engine.
#include "script_loader.h"

#include <stdexcept>

#include "lexer.h"
#include "query_engine.h"

namespace mssql_sim {

ScriptSummary load_script(QueryEngine& engine, std::string_view script, std::string_view file_name,
                          std::string_view database,
                          const std::function<void(const std::string&)>& warn) {
  SessionState session;
  session.database = std::string(database);
  session.user = "dbo";
  session.loading_script = true;

  ScriptSummary summary;
  for (const ScriptBatch& batch : split_batches(script)) {
    ++summary.batches;
    for (StatementOutcome& outcome : engine.execute(session, batch.text)) {
      const std::string where = std::string(file_name) + ":" +
                                std::to_string(batch.first_line + outcome.message.line - 1);
      switch (outcome.kind) {
        case StatementOutcome::Kind::Error:
          throw std::runtime_error(where + ": Msg " + std::to_string(outcome.message.number) +
                                   ", Level " + std::to_string(outcome.message.severity) + ": " +
                                   outcome.message.text);
        case StatementOutcome::Kind::Info:
          ++summary.warnings;
          if (warn) warn(where + ": " + outcome.message.text);
          break;
        case StatementOutcome::Kind::Done:
          summary.rows_inserted += outcome.row_count.value_or(0);
          break;
        case StatementOutcome::Kind::Rowset: {
          Row row;  // a script's SELECT is read and dropped, as sqlcmd -o /dev/null would
          while (outcome.rows->next(row)) {
          }
          break;
        }
        case StatementOutcome::Kind::DatabaseChanged:
          break;
      }
    }
  }
  return summary;
}

}  // namespace mssql_sim
