// CASE expressions: simple and searched forms, NULL handling, and the result type SQL Server
// gives the whole expression (the result of highest data type precedence).
#include <catch2/catch.hpp>

#include "parser.h"
#include "sql_test_support.h"

using namespace mssql_sim;
using mssql_sim::testing::error_of;
using mssql_sim::testing::eval_sql;
using mssql_sim::testing::MapScope;
using mssql_sim::testing::text_of;

namespace {

MapScope scope_with(const std::string& name, const std::string& type, Value value) {
  MapScope scope;
  scope.columns[name] = TypedValue{parse_type(type), std::move(value)};
  return scope;
}

}  // namespace

TEST_CASE("a searched CASE gives the result of the first condition that holds", "[eval][case]") {
  CHECK(
      eval_sql("CASE WHEN 1 = 0 THEN 10 WHEN 2 = 2 THEN 20 WHEN 3 = 3 THEN 30 END").value.integer ==
      20);
  CHECK(eval_sql("CASE WHEN 1 = 0 THEN 10 ELSE 99 END").value.integer == 99);
  // An unknown condition (NULL) does not hold.
  CHECK(eval_sql("CASE WHEN NULL = 1 THEN 1 ELSE 2 END").value.integer == 2);
}

TEST_CASE("a CASE without ELSE gives NULL when nothing matches", "[eval][case]") {
  const TypedValue value = eval_sql("CASE WHEN 1 = 0 THEN 'a' END");
  CHECK(value.value.is_null);
  CHECK(value.type.id == TypeId::VarChar);
}

TEST_CASE("a simple CASE compares its input with each WHEN value", "[eval][case]") {
  CHECK(text_of("CASE 2 WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'many' END") == "two");
  CHECK(text_of("CASE 7 WHEN 1 THEN 'one' ELSE 'many' END") == "many");
  // NULL equals nothing, not even a NULL WHEN value.
  CHECK(text_of("CASE NULL WHEN NULL THEN 'null' ELSE 'other' END") == "other");
}

TEST_CASE("a simple CASE on a column compares under the column's collation", "[eval][case]") {
  const MapScope scope = scope_with("kind", "varchar(10)", Value::of_bytes("DateTime"));
  CHECK(eval_sql("CASE kind WHEN 'datetime' THEN 1 ELSE 0 END", scope).value.integer == 1);
  const MapScope binary = [] {
    MapScope s;
    TypedValue column{parse_type("varchar(10) COLLATE Latin1_General_BIN2"),
                      Value::of_bytes("DateTime")};
    s.columns["kind"] = column;
    return s;
  }();
  CHECK(eval_sql("CASE kind WHEN 'datetime' THEN 1 ELSE 0 END", binary).value.integer == 0);
}

TEST_CASE("CASE is typed by the result of highest precedence, whichever branch runs",
          "[eval][case]") {
  // int beats varchar: the chosen '5' converts to int.
  const TypedValue number = eval_sql("CASE WHEN 1 = 1 THEN '5' ELSE 0 END");
  CHECK(number.type.id == TypeId::Int);
  CHECK(number.value.integer == 5);
  // ... and a string that is no number fails as SQL Server fails (245).
  CHECK(error_of("CASE WHEN 1 = 1 THEN 'x' ELSE 0 END") == 245);

  const TypedValue decimal = eval_sql("CASE WHEN 1 = 0 THEN 1.5 ELSE 12345 END");
  CHECK(decimal.type.id == TypeId::Numeric);
  CHECK(decimal.type.precision == 11);  // 10 integer digits of int, scale 1
  CHECK(decimal.type.scale == 1);
  CHECK(to_text(decimal) == "12345.0");

  const TypedValue text = eval_sql("CASE WHEN 1 = 1 THEN 'ab' ELSE N'longer text' END");
  CHECK(text.type.id == TypeId::NVarChar);
  CHECK(text.type.length == 11);
  CHECK(text.value.bytes == "ab");

  const TypedValue wide = eval_sql(
      "CASE WHEN 1 = 1 THEN CAST('a' AS nvarchar(10)) ELSE CAST('b' AS nvarchar(max)) END");
  CHECK(wide.type.length == SqlType::kMax);
}

TEST_CASE("a bare NULL result takes the type of the other results", "[eval][case]") {
  const TypedValue value = eval_sql("CASE WHEN 1 = 1 THEN NULL ELSE CAST(1 AS bigint) END");
  CHECK(value.value.is_null);
  CHECK(value.type.id == TypeId::BigInt);
  CHECK(eval_sql("CASE WHEN 1 = 1 THEN NULL END").type.id == TypeId::Int);
}

TEST_CASE("a CASE branch that does not run raises no conversion error", "[eval][case]") {
  const MapScope scope = scope_with("v", "nvarchar(20)", Value::of_bytes("texto"));
  const TypedValue value = eval_sql(
      "CASE WHEN v = 'x' THEN CONVERT(nvarchar(30), CAST(v AS datetime), 121) "
      "ELSE CAST(v AS nvarchar(30)) END",
      scope);
  CHECK(value.value.bytes == "texto");
  CHECK(value.type.id == TypeId::NVarChar);
}

TEST_CASE("CASE renders a sql_variant by its base type", "[eval][case][variant]") {
  // The expression etl's reader selects for a sql_variant column, in short.
  const std::string expression =
      "CASE WHEN CAST(SQL_VARIANT_PROPERTY(v, 'BaseType') AS nvarchar(128)) IN ('datetime') "
      "THEN CONVERT(nvarchar(max), CAST(v AS datetime), 121) "
      "WHEN CAST(SQL_VARIANT_PROPERTY(v, 'BaseType') AS nvarchar(128)) IN ('money') "
      "THEN CONVERT(nvarchar(max), CAST(v AS money), 2) "
      "ELSE CAST(v AS nvarchar(max)) END";
  const auto variant_of = [](const std::string& literal) {
    MapScope scope;
    scope.columns["v"] = TypedValue{parse_type("sql_variant"),
                                    convert(eval_sql(literal), parse_type("sql_variant"))};
    return scope;
  };
  CHECK(eval_sql(expression, variant_of("CAST('2024-05-31' AS datetime)")).value.bytes ==
        "2024-05-31 00:00:00.000");
  CHECK(eval_sql(expression, variant_of("CAST(0.6116 AS money)")).value.bytes == "0.6116");
  CHECK(eval_sql(expression, variant_of("CAST('2024-05-31' AS date)")).value.bytes == "2024-05-31");
  CHECK(eval_sql(expression, variant_of("N'texto'")).value.bytes == "texto");
  CHECK(eval_sql(expression, variant_of("42")).value.bytes == "42");
}

TEST_CASE("CASE parses inside a select list and needs END", "[parser][case]") {
  const auto statements =
      parse_batch("SELECT CASE WHEN a > 1 THEN 'big' ELSE 'small' END AS size, b FROM t");
  const auto& select = std::get<ast::Select>(statements.at(0).statement);
  REQUIRE(select.items.size() == 2);
  CHECK(select.items[0].alias == "size");
  CHECK(select.items[0].expr->kind == ast::Expr::Kind::Case);
  CHECK_THROWS_AS(parse_batch("SELECT CASE WHEN a > 1 THEN 'big' FROM t"), SqlError);
}
