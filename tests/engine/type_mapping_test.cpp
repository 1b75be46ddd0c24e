#include "type_mapping.h"

#include <catch2/catch.hpp>

using etl::SourceType;

namespace {

std::string pg_type_of(SourceType type, std::int32_t length = 0, std::uint8_t precision = 0,
                       std::uint8_t scale = 0) {
  etl::SourceColumn column;
  column.name = "c";
  column.type = type;
  column.length = length;
  column.precision = precision;
  column.scale = scale;
  return etl::map_column_type(column).sql();
}

}  // namespace

TEST_CASE("integer types map to the smallest PostgreSQL type that holds them", "[type_mapping]") {
  CHECK(pg_type_of(SourceType::Bit) == "boolean");
  CHECK(pg_type_of(SourceType::TinyInt) == "smallint");  // 0–255 does not fit a signed byte
  CHECK(pg_type_of(SourceType::SmallInt) == "smallint");
  CHECK(pg_type_of(SourceType::Int) == "integer");
  CHECK(pg_type_of(SourceType::BigInt) == "bigint");
}

TEST_CASE("exact numbers map to numeric with their precision and scale", "[type_mapping]") {
  CHECK(pg_type_of(SourceType::Decimal, 0, 18, 2) == "numeric(18,2)");
  CHECK(pg_type_of(SourceType::Decimal, 0, 38, 10) == "numeric(38,10)");
  CHECK(pg_type_of(SourceType::Money) == "numeric(19,4)");
  CHECK(pg_type_of(SourceType::SmallMoney) == "numeric(10,4)");
}

TEST_CASE("floating point maps to real and double precision", "[type_mapping]") {
  CHECK(pg_type_of(SourceType::Real) == "real");
  CHECK(pg_type_of(SourceType::Float) == "double precision");
}

TEST_CASE("time types keep their precision up to microseconds", "[type_mapping]") {
  CHECK(pg_type_of(SourceType::Date) == "date");
  CHECK(pg_type_of(SourceType::Time, 0, 0, 7) == "time(6) without time zone");
  CHECK(pg_type_of(SourceType::Time, 0, 0, 3) == "time(3) without time zone");
  CHECK(pg_type_of(SourceType::DateTime) == "timestamp(3) without time zone");
  CHECK(pg_type_of(SourceType::SmallDateTime) == "timestamp(0) without time zone");
  CHECK(pg_type_of(SourceType::DateTime2, 0, 0, 7) == "timestamp(6) without time zone");
  CHECK(pg_type_of(SourceType::DateTime2, 0, 0, 0) == "timestamp(0) without time zone");
  CHECK(pg_type_of(SourceType::DateTimeOffset, 0, 0, 7) == "timestamp with time zone");
}

TEST_CASE("character types keep their length; (max) and text become text", "[type_mapping]") {
  CHECK(pg_type_of(SourceType::Char, 11) == "character(11)");
  CHECK(pg_type_of(SourceType::NChar, 2) == "character(2)");
  CHECK(pg_type_of(SourceType::VarChar, 30) == "character varying(30)");
  CHECK(pg_type_of(SourceType::NVarChar, 100) == "character varying(100)");
  CHECK(pg_type_of(SourceType::VarChar, -1) == "text");
  CHECK(pg_type_of(SourceType::NVarChar, -1) == "text");
  CHECK(pg_type_of(SourceType::Text, -1) == "text");
  CHECK(pg_type_of(SourceType::NText, -1) == "text");
  CHECK(pg_type_of(SourceType::Variant) == "text");
}

TEST_CASE("binary types map to bytea, the rest to uuid and xml", "[type_mapping]") {
  CHECK(pg_type_of(SourceType::Binary, 16) == "bytea");
  CHECK(pg_type_of(SourceType::VarBinary, -1) == "bytea");
  CHECK(pg_type_of(SourceType::Image, -1) == "bytea");
  CHECK(pg_type_of(SourceType::RowVersion, 8) == "bytea");
  CHECK(pg_type_of(SourceType::UniqueIdentifier) == "uuid");
  CHECK(pg_type_of(SourceType::Xml, -1) == "xml");
}

TEST_CASE("an unsupported type stops with the column, its type and what to do", "[type_mapping]") {
  etl::SourceColumn column;
  column.name = "Caminho";
  column.type = SourceType::Unsupported;
  column.declared_type = "hierarchyid";
  try {
    etl::map_column_type(column);
    FAIL("no error");
  } catch (const etl::TypeMappingError& error) {
    CHECK(error.column() == "Caminho");
    CHECK(error.declared_type() == "hierarchyid");
    CHECK_THAT(error.what(), Catch::Contains("Caminho") && Catch::Contains("hierarchyid") &&
                                 Catch::Contains("CAST"));
  }
}

TEST_CASE("etl check names the types whose values may change: 7th digit, offset, sql_variant",
          "[type_mapping]") {
  auto caveat = [](SourceType type, std::uint8_t scale = 0) {
    etl::SourceColumn column;
    column.type = type;
    column.scale = scale;
    return etl::mapping_caveat(column);
  };
  CHECK_THAT(caveat(SourceType::DateTime2, 7), Catch::Contains("7th fractional digit"));
  CHECK(caveat(SourceType::DateTime2, 6).empty());
  CHECK_THAT(caveat(SourceType::Time, 7), Catch::Contains("7th fractional digit"));
  CHECK(caveat(SourceType::DateTimeOffset, 3) == "the offset is folded into UTC");
  CHECK_THAT(caveat(SourceType::DateTimeOffset, 7),
             Catch::Contains("UTC") && Catch::Contains("7th fractional digit"));
  CHECK_THAT(caveat(SourceType::Variant), Catch::Contains("text"));
  for (SourceType exact : {SourceType::Money, SourceType::Decimal, SourceType::DateTime,
                           SourceType::NVarChar, SourceType::UniqueIdentifier, SourceType::Float})
    CHECK(caveat(exact).empty());
}
