// Table discovery for the reader: columns, types and primary key from INFORMATION_SCHEMA,
// identity columns from the result metadata (COLMETADATA's identity flag).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "etl/schema.h"
#include "mssql/ct_context.h"

namespace etl::mssql {

//! "[schema.]name" split into its parts; brackets and double quotes delimit, "]]" escapes.
//! The schema defaults to "dbo". Throws DatabaseError on an empty or malformed name.
struct TableName {
  std::string schema;
  std::string name;
};
TableName parse_table_name(const std::string& text);

//! The catalog's type as SourceType and how it is declared, from one INFORMATION_SCHEMA.COLUMNS
//! row: DATA_TYPE, CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE and
//! DATETIME_PRECISION.
SourceColumn column_from_catalog(const std::string& name, const std::string& data_type,
                                 std::optional<std::int64_t> max_length,
                                 std::optional<std::int64_t> precision,
                                 std::optional<std::int64_t> scale,
                                 std::optional<std::int64_t> datetime_precision);

//! Reads the table's description. `key` (column names) overrides the primary key. Throws
//! DatabaseError naming the table or column when one is missing, or when no key exists.
SourceTable describe_table(CtSession& session, const std::string& table,
                           const std::vector<std::string>& key);

}  // namespace etl::mssql
