// Raising SQL Server errors from the language layer (lexer, parser, evaluation).
#pragma once

#include <cstdint>
#include <string>

#include "query_engine.h"

namespace mssql_sim {

//! Throws SqlError with SQL Server's number, text, severity and line.
[[noreturn]] inline void throw_sql_error(std::int32_t number, std::string text,
                                         std::uint8_t severity = 16, std::int32_t line = 1) {
  SqlMessage message;
  message.number = number;
  message.severity = severity;
  message.text = std::move(text);
  message.line = line;
  throw SqlError(std::move(message));
}

//! Syntax errors are severity 15, as SQL Server reports them.
[[noreturn]] inline void throw_syntax_error(std::int32_t number, std::string text,
                                            std::int32_t line) {
  throw_sql_error(number, std::move(text), 15, line);
}

}  // namespace mssql_sim
