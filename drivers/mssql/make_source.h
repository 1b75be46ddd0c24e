// The SQL Server source driver's entry point: the engine names no ct-lib type.
#pragma once

#include <memory>

#include "etl/source.h"

namespace etl {

//! A Source that opens ct-lib (FreeTDS) connections to SQL Server with these settings.
std::unique_ptr<Source> make_mssql_source(SourceSettings settings);

}  // namespace etl
