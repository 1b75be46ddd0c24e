// T-SQL parser: a batch's text into statements.
#pragma once

#include <string_view>
#include <vector>

#include "ast.h"

namespace mssql_sim {

//! Parses a whole batch. Throws SqlError with SQL Server's number for the first syntax
//! error (102 "Incorrect syntax near 'x'.", 156 for a keyword, 105 unclosed quote…),
//! with its line.
std::vector<ast::ParsedStatement> parse_batch(std::string_view sql);

//! Parses a type as written in DDL or CAST, COLLATE clause included: "nvarchar(100)",
//! "decimal(18, 2)", "varchar(max) COLLATE Cyrillic_General_CI_AS". Throws SqlError 2715
//! for an unknown type.
SqlType parse_type(std::string_view text);

}  // namespace mssql_sim
