// evaluate(): operators, three-valued logic, predicates, keyset conditions, functions.
#include <catch2/catch.hpp>

#include "collation.h"
#include "parser.h"
#include "sql_test_support.h"

using namespace mssql_sim;
using mssql_sim::testing::error_of;
using mssql_sim::testing::eval_sql;
using mssql_sim::testing::MapScope;
using mssql_sim::testing::text_of;

namespace {

TypedValue integer(std::int64_t v) {
  return TypedValue{parse_type("int"), Value::of_integer(v)};
}

TypedValue text(std::string v, const std::string& type = "nvarchar(20)") {
  return TypedValue{parse_type(type), Value::of_bytes(std::move(v))};
}

// 1, 0, or -1 for NULL.
int truth(const std::string& expression, const Scope& scope = MapScope{}) {
  const auto statements = parse_batch("SELECT * FROM t WHERE " + expression);
  const auto& select = std::get<ast::Select>(statements.at(0).statement);
  const TypedValue value = evaluate(*select.where, scope);
  CHECK(value.type.id == TypeId::Bit);
  return value.value.is_null ? -1 : static_cast<int>(value.value.integer);
}

}  // namespace

TEST_CASE("integer arithmetic keeps int and checks overflow", "[eval][arithmetic]") {
  const TypedValue seven = eval_sql("1 + 2 * 3");
  CHECK(seven.type.id == TypeId::Int);
  CHECK(seven.value.integer == 7);
  CHECK(eval_sql("7 / 2").value.integer == 3);
  CHECK(eval_sql("-7 / 2").value.integer == -3);
  CHECK(eval_sql("7 % 3").value.integer == 1);
  CHECK(error_of("7 / 0") == 8134);
  CHECK(error_of("2147483647 + 1") == 8115);
  CHECK(eval_sql("CAST(2147483647 AS bigint) + 1").value.integer == 2147483648LL);
  CHECK(error_of("CAST(200 AS tinyint) + CAST(100 AS tinyint)") == 220);
  CHECK(eval_sql("'1' + 1").value.integer == 2);  // the string converts to int
  CHECK(eval_sql("6 & 3").value.integer == 2);
  CHECK(error_of("CAST(1 AS bit) + 1") == 8117);
}

TEST_CASE("decimal arithmetic follows SQL Server's precision and scale rules",
          "[eval][arithmetic]") {
  const TypedValue sum = eval_sql("1.50 + 1");
  CHECK(sum.type.precision == 4);  // the constant 1 counts as decimal(1,0)
  CHECK(sum.type.scale == 2);
  CHECK(to_text(sum) == "2.50");
  const TypedValue quotient = eval_sql("10 / 4.0");
  CHECK(quotient.type.precision == 9);
  CHECK(quotient.type.scale == 6);
  CHECK(to_text(quotient) == "2.500000");
  CHECK(to_text(eval_sql("1.0 / 3")) == "0.333333");
  CHECK(to_text(eval_sql("2.0 / 3")) == "0.666667");
  CHECK(to_text(eval_sql("1.25 * 1.5")) == "1.875");
  const TypedValue big =
      eval_sql("CAST(12345678901234567890.123456789 AS decimal(38,9)) * CAST(2 AS decimal(38,9))");
  CHECK(big.type.precision == 38);
  CHECK(to_text(big) == "24691357802469135780.246914");
  CHECK(error_of("1.5 / 0") == 8134);
}

TEST_CASE("money and float arithmetic", "[eval][arithmetic]") {
  const TypedValue money = eval_sql("CAST(10.25 AS money) * 3");
  CHECK(money.type.id == TypeId::Money);
  CHECK(money.value.unscaled == 307500);
  const TypedValue real = eval_sql("CAST(1.5 AS float) * 2");
  CHECK(real.type.id == TypeId::Float);
  CHECK(real.value.real == 3.0);
}

TEST_CASE("string concatenation, NCHAR and lone surrogates", "[eval][text]") {
  CHECK(eval_sql("'a' + 'b'").value.bytes == "ab");
  const TypedValue with_nul = eval_sql("N'a' + NCHAR(0) + N'b'");
  CHECK(with_nul.type.id == TypeId::NVarChar);
  CHECK(with_nul.value.bytes == std::string("a\0b", 3));
  const TypedValue lone = eval_sql("NCHAR(0xD83D)");
  CHECK(lone.value.bytes == "\xED\xA0\xBD");
  CHECK(to_utf16le(lone.value.bytes) == std::string("\x3D\xD8", 2));
  CHECK(eval_sql("NCHAR(0xD83D) + NCHAR(0xDE00)").value.bytes == "\xF0\x9F\x98\x80");
  CHECK(eval_sql("N'x' + NULL").value.is_null);
  CHECK(eval_sql("CHAR(65)").value.bytes == "A");
  CHECK(eval_sql("CHAR(233)").value.bytes == "é");
}

TEST_CASE("comparisons, NULLs and three-valued logic", "[eval][logic]") {
  CHECK(truth("1 = 1") == 1);
  CHECK(truth("'abc' = 'ABC  '") == 1);  // case-insensitive default, trailing spaces ignored
  CHECK(truth("NULL = NULL") == -1);
  CHECK(truth("NULL AND 1 = 0") == 0);
  CHECK(truth("NULL = 1 OR 1 = 1") == 1);
  CHECK(truth("NOT (NULL = 1)") == -1);
  CHECK(truth("1 IN (2, NULL)") == -1);
  CHECK(truth("1 NOT IN (2, 3)") == 1);
  CHECK(truth("2 BETWEEN 1 AND 3") == 1);
  CHECK(truth("2 NOT BETWEEN 1 AND 3") == 0);
  CHECK(truth("NULL IS NULL") == 1);
  CHECK(truth("1 IS NOT NULL") == 1);
  CHECK(truth("1.0 = 1") == 1);
  CHECK(truth("CAST(1 AS float) < 1.5") == 1);
  CHECK(truth("'2004-02-24' = CAST('2004-02-24' AS datetime)") == 1);
  CHECK(truth("CAST('2004-02-24 00:00:00.003' AS datetime) > CAST('2004-02-24' AS date)") == 1);
  CHECK_THROWS_AS(truth("1 = 'x'"), SqlError);
}

TEST_CASE("LIKE matches with %, _ and character sets under the collation", "[eval][like]") {
  CHECK(truth("'abc' LIKE 'A%'") == 1);
  CHECK(truth("'abc' LIKE 'a_c'") == 1);
  CHECK(truth("'a_c' LIKE 'a[_]c'") == 1);
  CHECK(truth("'abc' LIKE 'a[^b]c'") == 0);
  CHECK(truth("'abc' LIKE '[a-c]%'") == 1);
  CHECK(truth("'abc' NOT LIKE '%d'") == 1);
  CHECK(truth("NULL LIKE 'a'") == -1);
}

TEST_CASE("keyset conditions on composite keys evaluate per row", "[eval][keyset]") {
  MapScope scope;
  scope.params["@a"] = integer(5);
  scope.params["@b"] = text("m");
  const std::string keyset = "a > @a OR (a = @a AND b > @b)";
  scope.columns["a"] = integer(5);
  scope.columns["b"] = text("N");  // 'N' > 'm' case-insensitively
  CHECK(truth(keyset, scope) == 1);
  scope.columns["b"] = text("M");
  CHECK(truth(keyset, scope) == 0);
  scope.columns["a"] = integer(6);
  CHECK(truth(keyset, scope) == 1);
  scope.columns["a"] = integer(4);
  CHECK(truth(keyset, scope) == 0);
}

TEST_CASE("text comparisons use the column's collation", "[eval][collation]") {
  MapScope scope;
  scope.columns["name"] = text("ABC", "varchar(10) COLLATE Latin1_General_CS_AS");
  CHECK(truth("name = 'abc'", scope) == 0);
  CHECK(truth("'abc' = name", scope) == 0);
  CHECK(truth("name = 'ABC'", scope) == 1);
  scope.columns["name"] = text("ABC", "varchar(10)");
  CHECK(truth("name = 'abc'", scope) == 1);
}

TEST_CASE("names that resolve nowhere raise 207 and 137", "[eval][errors]") {
  MapScope scope;
  CHECK(error_of("missing + 1", scope) == 207);
  CHECK(error_of("@missing", scope) == 137);
  CHECK(error_of("NO_SUCH_FUNCTION(1)", scope) == 195);
}

TEST_CASE("scalar functions", "[eval][functions]") {
  CHECK(eval_sql("LEN(N'abc  ')").value.integer == 3);
  CHECK(eval_sql("DATALENGTH(N'abc')").value.integer == 6);
  CHECK(eval_sql("DATALENGTH('abc')").value.integer == 3);
  CHECK(eval_sql("DATALENGTH(CAST(1 AS bigint))").value.integer == 8);
  CHECK(eval_sql("UPPER(N'ação')").value.bytes == "AÇÃO");
  CHECK(eval_sql("LOWER('ABC')").value.bytes == "abc");
  CHECK(eval_sql("REPLICATE('ab', 3)").value.bytes == "ababab");
  CHECK(eval_sql("ISNULL(NULL, 5)").value.integer == 5);
  CHECK(eval_sql("COALESCE(NULL, NULL, 'x')").value.bytes == "x");
  CHECK(eval_sql("NULLIF(1, 1)").value.is_null);
  CHECK(eval_sql("SUBSTRING('abcdef', 2, 3)").value.bytes == "bcd");
  CHECK(eval_sql("LEFT('abcdef', 2)").value.bytes == "ab");
  CHECK(eval_sql("RIGHT('abcdef', 2)").value.bytes == "ef");
  CHECK(eval_sql("LTRIM(RTRIM('  a  '))").value.bytes == "a");
  CHECK(eval_sql("YEAR('2004-02-24')").value.integer == 2004);
  CHECK(eval_sql("DATEPART(dy, '01/02/03')").value.integer == 2);
  CHECK(text_of("DATEADD(day, 1, CAST('2004-02-28' AS date))") == "2004-02-29");
  CHECK(text_of("DATEADD(month, 1, CAST('2004-01-31' AS date))") == "2004-02-29");
  CHECK(eval_sql("DATEDIFF(day, '2004-02-24', '2004-03-01')").value.integer == 6);
  CHECK(eval_sql("GETDATE()").type.id == TypeId::DateTime);
  CHECK(eval_sql("NEWID()").value.bytes.size() == 16);
  CHECK(eval_sql("ABS(-5)").value.integer == 5);
  CHECK(eval_sql("CONCAT('a', NULL, 1)").value.bytes == "a1");
}
