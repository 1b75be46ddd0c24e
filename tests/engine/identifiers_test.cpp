#include "identifiers.h"

#include <catch2/catch.hpp>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

using etl::IdentifierStyle;

TEST_CASE("snake_case splits words at case changes", "[identifiers]") {
  CHECK(etl::to_snake_case("InvoiceLineId") == "invoice_line_id");
  CHECK(etl::to_snake_case("BillingPostalCode") == "billing_postal_code");
  CHECK(etl::to_snake_case("HTTPServer") == "http_server");
  CHECK(etl::to_snake_case("CustomerID") == "customer_id");
  CHECK(etl::to_snake_case("Address2Line") == "address2_line");
  CHECK(etl::to_snake_case("id") == "id");
}

TEST_CASE("snake_case keeps underscores and letters beyond ASCII", "[identifiers]") {
  CHECK(etl::to_snake_case("TOTAL_ESFORÇO") == "total_esforço");
  CHECK(etl::to_snake_case("DT_PRIMEIRO_ACIONAMENTO") == "dt_primeiro_acionamento");
  CHECK(etl::to_snake_case("ValorAçãoÚnica") == "valor_ação_única");
  CHECK(etl::to_snake_case("Order Details") == "order_details");
  CHECK(etl::to_snake_case("a__b") == "a__b");
}

TEST_CASE("snake_case maps every Chinook name to the PostgreSQL script's name",
          "[identifiers][chinook]") {
  // Table and column names of Chinook_SqlServer.sql beside those of Chinook_PostgreSql.sql.
  const std::vector<std::pair<std::string, std::string>> names = {
      {"Address", "address"},
      {"Album", "album"},
      {"AlbumId", "album_id"},
      {"Artist", "artist"},
      {"ArtistId", "artist_id"},
      {"BillingAddress", "billing_address"},
      {"BillingCity", "billing_city"},
      {"BillingCountry", "billing_country"},
      {"BillingPostalCode", "billing_postal_code"},
      {"BillingState", "billing_state"},
      {"BirthDate", "birth_date"},
      {"Bytes", "bytes"},
      {"City", "city"},
      {"Company", "company"},
      {"Composer", "composer"},
      {"Country", "country"},
      {"Customer", "customer"},
      {"CustomerId", "customer_id"},
      {"Email", "email"},
      {"Employee", "employee"},
      {"EmployeeId", "employee_id"},
      {"Fax", "fax"},
      {"FirstName", "first_name"},
      {"Genre", "genre"},
      {"GenreId", "genre_id"},
      {"HireDate", "hire_date"},
      {"Invoice", "invoice"},
      {"InvoiceDate", "invoice_date"},
      {"InvoiceId", "invoice_id"},
      {"InvoiceLine", "invoice_line"},
      {"InvoiceLineId", "invoice_line_id"},
      {"LastName", "last_name"},
      {"MediaType", "media_type"},
      {"MediaTypeId", "media_type_id"},
      {"Milliseconds", "milliseconds"},
      {"Name", "name"},
      {"Phone", "phone"},
      {"Playlist", "playlist"},
      {"PlaylistId", "playlist_id"},
      {"PlaylistTrack", "playlist_track"},
      {"PostalCode", "postal_code"},
      {"Quantity", "quantity"},
      {"ReportsTo", "reports_to"},
      {"State", "state"},
      {"SupportRepId", "support_rep_id"},
      {"Title", "title"},
      {"Total", "total"},
      {"Track", "track"},
      {"TrackId", "track_id"},
      {"UnitPrice", "unit_price"},
  };
  for (const auto& [source, expected] : names) {
    INFO(source);
    CHECK(etl::apply_identifier_style(source, IdentifierStyle::SnakeCase) == expected);
  }
}

TEST_CASE("lower lowers every capital and preserve changes nothing", "[identifiers]") {
  CHECK(etl::apply_identifier_style("InvoiceLineId", IdentifierStyle::Lower) == "invoicelineid");
  CHECK(etl::apply_identifier_style("TOTAL_ESFORÇO", IdentifierStyle::Lower) == "total_esforço");
  CHECK(etl::apply_identifier_style("TOTAL_ESFORÇO", IdentifierStyle::Preserve) == "TOTAL_ESFORÇO");
}

TEST_CASE("identifier styles parse from the pipeline's words", "[identifiers]") {
  CHECK(etl::parse_identifier_style("snake_case") == IdentifierStyle::SnakeCase);
  CHECK(etl::parse_identifier_style("lower") == IdentifierStyle::Lower);
  CHECK(etl::parse_identifier_style("preserve") == IdentifierStyle::Preserve);
  CHECK_FALSE(etl::parse_identifier_style("camel").has_value());
  CHECK(etl::identifier_style_name(IdentifierStyle::SnakeCase) == "snake_case");
}

TEST_CASE("PostgreSQL identifiers are quoted with doubled quotes", "[identifiers]") {
  CHECK(etl::quote_pg_identifier("a\"b") == "\"a\"\"b\"");
  CHECK(etl::quote_pg_identifier("TOTAL_ESFORÇO") == "\"TOTAL_ESFORÇO\"");
  CHECK(etl::quote_pg_qualified("public", "bi_credores_paralelo") ==
        "\"public\".\"bi_credores_paralelo\"");
  CHECK(etl::quote_pg_qualified("", "t") == "\"t\"");
  CHECK_THROWS_AS(etl::quote_pg_identifier(std::string("a\0b", 3)), std::invalid_argument);
}

TEST_CASE("SQL Server identifiers are bracketed with doubled closing brackets", "[identifiers]") {
  CHECK(etl::quote_mssql_identifier("a]b") == "[a]]b]");
  CHECK(etl::quote_mssql_identifier("a[b") == "[a[b]");
  CHECK(etl::quote_mssql_qualified("dbo", "bi_credores") == "[dbo].[bi_credores]");
}
