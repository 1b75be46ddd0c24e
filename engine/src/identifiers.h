// Destination identifiers: how source column and table names become PostgreSQL names
// (the pipeline's `identifiers` setting), and how names are quoted for each server.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace etl {

//! The pipeline's `destination.identifiers` setting.
enum class IdentifierStyle {
  Preserve,   //!< the source name as it is: InvoiceLineId → InvoiceLineId (quoted)
  Lower,      //!< lower case: InvoiceLineId → invoicelineid
  SnakeCase,  //!< words split at case changes: InvoiceLineId → invoice_line_id
};

//! "preserve", "lower" or "snake_case"; nullopt for any other text.
std::optional<IdentifierStyle> parse_identifier_style(std::string_view text);

//! The setting's name as the pipeline file spells it.
std::string_view identifier_style_name(IdentifierStyle style);

//! Applies a style to one name. Letters outside ASCII are kept (TOTAL_ESFORÇO →
//! total_esforço); Latin, Greek and Cyrillic capitals are lowered, others stay as they are.
std::string apply_identifier_style(std::string_view name, IdentifierStyle style);

//! The name in lower case: InvoiceLineId → invoicelineid, ESFORÇO → esforço.
std::string to_lower_identifier(std::string_view name);

//! The name in snake case: a word starts at a capital that follows a small letter or a
//! digit, and at the last capital of a run followed by a small letter (HTTPServer →
//! http_server); spaces, hyphens and dots become underscores.
std::string to_snake_case(std::string_view name);

//! A PostgreSQL quoted identifier: a"b → "a""b". Throws std::invalid_argument on a NUL,
//! which no PostgreSQL name can hold.
std::string quote_pg_identifier(std::string_view name);

//! "schema"."name", or "name" alone when the schema is empty.
std::string quote_pg_qualified(std::string_view schema, std::string_view name);

//! A SQL Server delimited identifier: a]b → [a]]b].
std::string quote_mssql_identifier(std::string_view name);

//! [schema].[name], or [name] alone when the schema is empty.
std::string quote_mssql_qualified(std::string_view schema, std::string_view name);

}  // namespace etl
