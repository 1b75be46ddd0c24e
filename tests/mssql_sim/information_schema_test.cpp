// INFORMATION_SCHEMA views: SQL Server's column names, types and values, queryable like any
// table.
#include "engine_test_util.h"

using namespace mssql_sim_test;

namespace {

struct SchemaFixture : EngineFixture {
  SchemaFixture() {
    ok("CREATE DATABASE sales");
    ok("USE sales");
    ok("CREATE TABLE dbo.orders (id bigint IDENTITY(1,1) NOT NULL, region char(2) NOT NULL, "
       "note nvarchar(max) NULL, total decimal(18,2) NULL DEFAULT 0, at datetime2(3) NULL, "
       "city varchar(40) COLLATE Cyrillic_General_CI_AS NULL, "
       "CONSTRAINT PK_orders PRIMARY KEY (region, id))");
    ok("CREATE TABLE dbo.audit (seq int NOT NULL)");
  }
};

}  // namespace

TEST_CASE_METHOD(SchemaFixture, "INFORMATION_SCHEMA.TABLES lists the current database's tables",
                 "[information_schema]") {
  StatementOutcome outcome = one(
      "SELECT TABLE_CATALOG, TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE FROM INFORMATION_SCHEMA.TABLES "
      "ORDER BY TABLE_NAME");
  REQUIRE(outcome.kind == StatementOutcome::Kind::Rowset);
  CHECK(outcome.columns[0].type.id == TypeId::NVarChar);
  CHECK(outcome.columns[0].type.length == 128);
  CHECK(outcome.columns[3].type.id == TypeId::VarChar);
  CHECK(texts(outcome) ==
        Rows{{"sales", "dbo", "audit", "BASE TABLE"}, {"sales", "dbo", "orders", "BASE TABLE"}});
  CHECK(rows("SELECT TABLE_NAME FROM sales.INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'AUDIT'") ==
        Rows{{"audit"}});
}

TEST_CASE_METHOD(SchemaFixture,
                 "INFORMATION_SCHEMA.COLUMNS describes each column as SQL Server does",
                 "[information_schema]") {
  StatementOutcome outcome =
      one("SELECT COLUMN_NAME, ORDINAL_POSITION, COLUMN_DEFAULT, IS_NULLABLE, DATA_TYPE, "
          "CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION, "
          "COLLATION_NAME, CHARACTER_SET_NAME FROM INFORMATION_SCHEMA.COLUMNS "
          "WHERE TABLE_NAME = 'orders' ORDER BY ORDINAL_POSITION");
  REQUIRE(outcome.kind == StatementOutcome::Kind::Rowset);
  CHECK(outcome.columns[1].type.id == TypeId::Int);
  CHECK(outcome.columns[3].type.id == TypeId::VarChar);
  CHECK(outcome.columns[3].type.length == 3);
  CHECK(outcome.columns[5].type.id == TypeId::Int);
  CHECK(outcome.columns[6].type.id == TypeId::TinyInt);
  CHECK(outcome.columns[7].type.id == TypeId::Int);
  CHECK(outcome.columns[8].type.id == TypeId::SmallInt);
  const Rows expected = {
      {"id", "1", "NULL", "NO", "bigint", "NULL", "19", "0", "NULL", "NULL", "NULL"},
      {"region", "2", "NULL", "NO", "char", "2", "NULL", "NULL", "NULL",
       "SQL_Latin1_General_CP1_CI_AS", "iso_1"},
      {"note", "3", "NULL", "YES", "nvarchar", "-1", "NULL", "NULL", "NULL",
       "SQL_Latin1_General_CP1_CI_AS", "UNICODE"},
      {"total", "4", "((0.00))", "YES", "decimal", "NULL", "18", "2", "NULL", "NULL", "NULL"},
      {"at", "5", "NULL", "YES", "datetime2", "NULL", "NULL", "NULL", "3", "NULL", "NULL"},
      {"city", "6", "NULL", "YES", "varchar", "40", "NULL", "NULL", "NULL",
       "Cyrillic_General_CI_AS", "cp1251"},
  };
  CHECK(texts(outcome) == expected);
}

TEST_CASE_METHOD(SchemaFixture, "TABLE_CONSTRAINTS and KEY_COLUMN_USAGE give the primary key",
                 "[information_schema]") {
  CHECK(rows("SELECT CONSTRAINT_NAME, TABLE_NAME, CONSTRAINT_TYPE FROM "
             "INFORMATION_SCHEMA.TABLE_CONSTRAINTS") ==
        Rows{{"PK_orders", "orders", "PRIMARY KEY"}});
  CHECK(rows("SELECT kcu.COLUMN_NAME, kcu.ORDINAL_POSITION FROM "
             "INFORMATION_SCHEMA.KEY_COLUMN_USAGE AS kcu WHERE kcu.TABLE_NAME = 'orders' "
             "ORDER BY kcu.ORDINAL_POSITION") == Rows{{"region", "1"}, {"id", "2"}});
}

TEST_CASE_METHOD(SchemaFixture, "catalog views are read-only and unknown ones give 208",
                 "[information_schema]") {
  CHECK(error("SELECT * FROM INFORMATION_SCHEMA.ROUTINES_X").number == 208);
  CHECK(error("DELETE FROM INFORMATION_SCHEMA.TABLES").number == 3906);
}
