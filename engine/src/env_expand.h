// ${VAR} and ${VAR:-default} in pipeline files.
#pragma once

#include <string>
#include <string_view>

#include "etl/pipeline.h"

namespace etl {

//! Expands every ${VAR} and ${VAR:-default} in `text`; "$${" stands for a literal "${".
//! Throws ConfigError at `where` naming a variable that is not set and has no default.
std::string expand_variables(std::string_view text, const Environment& environment,
                             const std::string& where);

//! True when `text` is exactly one variable reference, e.g. "${MSSQL_PASSWORD}".
bool is_single_variable(std::string_view text);

}  // namespace etl
