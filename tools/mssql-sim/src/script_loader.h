// Loading T-SQL scripts (--script) as Management Studio and sample databases write them.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace mssql_sim {

class QueryEngine;

struct ScriptSummary {
  std::uint64_t batches = 0;
  std::uint64_t rows_inserted = 0;
  std::uint64_t warnings = 0;
};

//! Runs every batch of `script` (split at GO) through the engine in a session of its own,
//! starting in `database`. Statements the engine does not model are reported through
//! `warn`, one line each ("file:line: skipped CREATE INDEX"); an error stops the load and
//! throws std::runtime_error naming the file, line and SQL Server message.
ScriptSummary load_script(QueryEngine& engine, std::string_view script, std::string_view file_name,
                          std::string_view database,
                          const std::function<void(const std::string&)>& warn);

}  // namespace mssql_sim
