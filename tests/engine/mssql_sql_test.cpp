// The SQL the SQL Server reader sends and the catalog mapping it relies on: page queries,
// select lists, key parameters and table names, checked as text (no server needed).
#include <catch2/catch.hpp>

#include "etl/errors.h"
#include "mssql/mssql_catalog.h"
#include "mssql/mssql_reader.h"

using namespace etl;
using namespace etl::mssql;

namespace {

SourceTable resumo_faixas() {
  SourceTable table;
  table.schema = "dbo";
  table.name = "resumo_faixas";
  table.columns = {
      column_from_catalog("DATA_BASE", "date", {}, {}, {}, 0),
      column_from_catalog("UF", "char", 2, {}, {}, {}),
      column_from_catalog("FAIXA_ATRASO", "varchar", 20, {}, {}, {}),
      column_from_catalog("SALDO_TOTAL", "money", {}, 19, 4, {}),
      column_from_catalog("ATUALIZADO_EM", "datetime2", {}, {}, {}, 7),
      column_from_catalog("OBS", "nvarchar", -1, {}, {}, {}),
  };
  table.key = {0, 1, 2};
  return table;
}

}  // namespace

TEST_CASE("the first page has no WHERE and orders by the key", "[mssql][sql]") {
  SourceTable table = resumo_faixas();
  SelectPlan plan = plan_select(table);
  CHECK(page_sql(table, plan, true) ==
        "SELECT TOP (@n) [DATA_BASE], [UF], [FAIXA_ATRASO], [SALDO_TOTAL], [ATUALIZADO_EM], "
        "DATEPART(nanosecond, [ATUALIZADO_EM]), DATALENGTH([OBS]), "
        "CAST([OBS] AS varbinary(max)) "
        "FROM [dbo].[resumo_faixas] ORDER BY [DATA_BASE], [UF], [FAIXA_ATRASO]");
}

TEST_CASE("later pages compare a composite key as a tuple, never with OFFSET", "[mssql][sql]") {
  SourceTable table = resumo_faixas();
  std::string sql = page_sql(table, plan_select(table), false);
  CHECK(sql.find(" WHERE ([DATA_BASE] > CAST(@k1 AS date)) OR "
                 "([DATA_BASE] = CAST(@k1 AS date) AND [UF] > @k2) OR "
                 "([DATA_BASE] = CAST(@k1 AS date) AND [UF] = @k2 AND [FAIXA_ATRASO] > @k3) "
                 "ORDER BY") != std::string::npos);
  CHECK(sql.find("OFFSET") == std::string::npos);
}

TEST_CASE("large columns come last and are probed for NULL", "[mssql][sql]") {
  SelectPlan plan = plan_select(resumo_faixas());
  REQUIRE(plan.large_columns);
  CHECK(plan.items.back().role == SelectItem::Role::LargeValue);
  CHECK(plan.items.back().column == 5);
  CHECK(plan.items[plan.items.size() - 2].role == SelectItem::Role::NullProbe);
}

TEST_CASE("Unicode columns are selected as their UTF-16 bytes, sized in bytes", "[mssql][sql]") {
  SourceTable table;
  table.schema = "dbo";
  table.name = "u";
  table.columns = {column_from_catalog("k", "nvarchar", 20, {}, {}, {}),
                   column_from_catalog("c", "nchar", 5, {}, {}, {}),
                   column_from_catalog("w", "nvarchar", 4000, {}, {}, {}),
                   column_from_catalog("n", "ntext", {}, {}, {}, {}),
                   column_from_catalog("v", "varchar", 10, {}, {}, {})};
  table.key = {0};
  CHECK(page_sql(table, plan_select(table), true) ==
        "SELECT TOP (@n) CAST([k] AS varbinary(40)), CAST([c] AS varbinary(10)), "
        "CAST([w] AS varbinary(8000)), DATALENGTH([n]), [v], CAST([n] AS varbinary(max)) "
        "FROM [dbo].[u] ORDER BY [k]");
}

TEST_CASE("datetimeoffset columns bring their offset beside them", "[mssql][sql]") {
  SourceTable table;
  table.schema = "s";
  table.name = "t";
  table.columns = {column_from_catalog("id", "int", {}, 10, 0, {}),
                   column_from_catalog("at", "datetimeoffset", {}, {}, {}, 3)};
  table.key = {0};
  CHECK(plan_select(table).select_list() == "[id], [at], DATEPART(tz, [at])");
}

TEST_CASE("key parameters keep the key's type", "[mssql][sql]") {
  SourceTable table = resumo_faixas();
  Batch batch;
  batch.columns.resize(table.columns.size());
  batch.columns[0].nulls = {0};
  batch.columns[0].integers = {738915};  // 2024-01-31
  batch.columns[1].nulls = {0};
  batch.columns[1].bytes = "SP";
  batch.columns[1].ends = {2};
  batch.columns[2].nulls = {0};
  batch.columns[2].bytes = "031-060";
  batch.columns[2].ends = {7};

  auto params = key_params(table, batch, 0);
  REQUIRE(params.size() == 3);
  CHECK(params[0].name == "@k1");
  CHECK(params[0].datatype == CS_CHAR_TYPE);
  CHECK(params[0].bytes == "2024-01-31");
  CHECK(params[1].bytes == "SP");
  CHECK(params[2].bytes == "031-060");

  batch.columns[1].nulls = {1};
  CHECK_THROWS_AS(key_params(table, batch, 0), DatabaseError);
}

TEST_CASE("table names accept brackets, quotes and a default schema", "[mssql][sql]") {
  CHECK(parse_table_name("bi_credores").schema == "dbo");
  CHECK(parse_table_name("bi_credores").name == "bi_credores");
  TableName bracketed = parse_table_name("[my schema].[odd]]name]");
  CHECK(bracketed.schema == "my schema");
  CHECK(bracketed.name == "odd]name");
  CHECK(parse_table_name("\"s\".t").schema == "s");
  CHECK_THROWS_AS(parse_table_name("a.b.c"), DatabaseError);
  CHECK_THROWS_AS(parse_table_name("[open"), DatabaseError);
}

TEST_CASE("catalog types map to source types with their declarations", "[mssql][sql]") {
  CHECK(column_from_catalog("a", "decimal", {}, 38, 10, {}).declared_type == "decimal(38,10)");
  CHECK(column_from_catalog("a", "numeric", {}, 5, 2, {}).type == SourceType::Decimal);
  CHECK(column_from_catalog("a", "nvarchar", -1, {}, {}, {}).declared_type == "nvarchar(max)");
  CHECK(column_from_catalog("a", "nvarchar", -1, {}, {}, {}).length == -1);
  CHECK(column_from_catalog("a", "ntext", 1073741823, {}, {}, {}).length == -1);
  CHECK(column_from_catalog("a", "datetime2", {}, {}, {}, 3).declared_type == "datetime2(3)");
  CHECK(column_from_catalog("a", "timestamp", 8, {}, {}, {}).type == SourceType::RowVersion);
  CHECK(column_from_catalog("a", "hierarchyid", 892, {}, {}, {}).type == SourceType::Unsupported);
  CHECK(column_from_catalog("a", "geography", -1, {}, {}, {}).type == SourceType::Unsupported);
}
