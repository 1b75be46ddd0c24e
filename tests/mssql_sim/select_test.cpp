// SELECT over one table or none: lists, WHERE, ORDER BY, TOP, OFFSET/FETCH, DISTINCT,
// aggregates, parameters, result metadata and errors.
#include "engine_test_util.h"

using namespace mssql_sim_test;

namespace {

struct ItemsFixture : EngineFixture {
  ItemsFixture() {
    ok("CREATE DATABASE shop");
    ok("USE shop");
    ok("CREATE TABLE dbo.Items (id int NOT NULL PRIMARY KEY, name nvarchar(20) NULL, "
       "qty int NOT NULL, price decimal(10,2) NULL)");
    ok("INSERT INTO dbo.Items VALUES (3, N'pear', 5, 1.50), (1, N'Apple', 10, 0.99), "
       "(2, N'banana', 5, NULL), (4, N'apple', 7, 2.25)");
  }
};

}  // namespace

TEST_CASE_METHOD(EngineFixture, "SELECT without FROM returns one row typed as its literals",
                 "[select]") {
  StatementOutcome outcome = one("SELECT 1 AS one, N'x' AS s, 2 + 3");
  REQUIRE(outcome.kind == StatementOutcome::Kind::Rowset);
  REQUIRE(outcome.columns.size() == 3);
  CHECK(outcome.columns[0].name == "one");
  CHECK(outcome.columns[0].type.id == TypeId::Int);
  CHECK_FALSE(outcome.columns[0].nullable);
  CHECK(outcome.columns[1].type.id == TypeId::NVarChar);
  CHECK(outcome.columns[2].name.empty());
  CHECK(texts(outcome) == Rows{{"1", "x", "5"}});
}

TEST_CASE_METHOD(ItemsFixture, "SELECT * returns every column in key order with its type",
                 "[select]") {
  StatementOutcome outcome = one("SELECT * FROM Items");
  REQUIRE(outcome.columns.size() == 4);
  CHECK(outcome.columns[0].name == "id");
  CHECK_FALSE(outcome.columns[0].nullable);
  CHECK(outcome.columns[1].type.id == TypeId::NVarChar);
  CHECK(outcome.columns[1].type.length == 20);
  CHECK(outcome.columns[1].nullable);
  CHECK(outcome.columns[3].type.id == TypeId::Decimal);
  CHECK(outcome.columns[3].type.scale == 2);
  CHECK(texts(outcome) == Rows{{"1", "Apple", "10", "0.99"},
                               {"2", "banana", "5", "NULL"},
                               {"3", "pear", "5", "1.50"},
                               {"4", "apple", "7", "2.25"}});
}

TEST_CASE_METHOD(ItemsFixture, "column lists take aliases, brackets and qualified names",
                 "[select]") {
  StatementOutcome outcome =
      one("SELECT [name] AS label, i.qty, shop.dbo.Items.id FROM shop.dbo.Items AS i "
          "WHERE id = 2");
  CHECK(outcome.kind == StatementOutcome::Kind::Error);  // Items.id with an alias: 4104
  CHECK(outcome.message.number == 4104);
  outcome = one("SELECT [name] AS label, i.qty FROM shop.dbo.Items AS i WHERE id = 2");
  REQUIRE(outcome.kind == StatementOutcome::Kind::Rowset);
  CHECK(outcome.columns[0].name == "label");
  CHECK(outcome.columns[1].name == "qty");
  CHECK(texts(outcome) == Rows{{"banana", "5"}});
}

TEST_CASE_METHOD(ItemsFixture, "WHERE combines comparisons with AND, OR, NOT and IS NULL",
                 "[select]") {
  CHECK(rows("SELECT id FROM Items WHERE qty = 5 AND price IS NULL") == Rows{{"2"}});
  CHECK(rows("SELECT id FROM Items WHERE qty > 6 OR NOT id <> 3") == Rows{{"1"}, {"3"}, {"4"}});
  CHECK(rows("SELECT id FROM Items WHERE price > 1").size() == 2);
  CHECK(rows("SELECT id FROM Items WHERE 7 <= qty") == Rows{{"1"}, {"4"}});
}

TEST_CASE_METHOD(ItemsFixture, "text comparisons follow the column's case-insensitive collation",
                 "[select][collation]") {
  CHECK(rows("SELECT id FROM Items WHERE name = 'APPLE'") == Rows{{"1"}, {"4"}});
  CHECK(rows("SELECT id FROM Items WHERE name > 'b' ORDER BY id") == Rows{{"2"}, {"3"}});
}

TEST_CASE_METHOD(ItemsFixture, "ORDER BY sorts on any column and ties keep key order", "[select]") {
  CHECK(rows("SELECT id FROM Items ORDER BY qty") == Rows{{"2"}, {"3"}, {"4"}, {"1"}});
  CHECK(rows("SELECT id FROM Items ORDER BY qty DESC") == Rows{{"1"}, {"4"}, {"2"}, {"3"}});
  CHECK(rows("SELECT id, name FROM Items ORDER BY name, id DESC") ==
        Rows{{"4", "apple"}, {"1", "Apple"}, {"2", "banana"}, {"3", "pear"}});
  CHECK(rows("SELECT id FROM Items ORDER BY price") == Rows{{"2"}, {"1"}, {"3"}, {"4"}});
  CHECK(rows("SELECT id AS k FROM Items ORDER BY k DESC") == Rows{{"4"}, {"3"}, {"2"}, {"1"}});
  CHECK(rows("SELECT name, qty FROM Items ORDER BY 2, 1") ==
        Rows{{"banana", "5"}, {"pear", "5"}, {"apple", "7"}, {"Apple", "10"}});
}

TEST_CASE_METHOD(ItemsFixture, "TOP and OFFSET … FETCH limit the rows after sorting", "[select]") {
  CHECK(rows("SELECT TOP 2 id FROM Items") == Rows{{"1"}, {"2"}});
  CHECK(rows("SELECT TOP (1) id FROM Items ORDER BY qty DESC") == Rows{{"1"}});
  CHECK(rows("SELECT id FROM Items ORDER BY id OFFSET 1 ROWS FETCH NEXT 2 ROWS ONLY") ==
        Rows{{"2"}, {"3"}});
  CHECK(rows("SELECT id FROM Items ORDER BY qty OFFSET 3 ROWS") == Rows{{"1"}});
}

TEST_CASE_METHOD(ItemsFixture, "DISTINCT drops repeated rows", "[select]") {
  CHECK(rows("SELECT DISTINCT qty FROM Items ORDER BY qty") == Rows{{"5"}, {"7"}, {"10"}});
}

TEST_CASE_METHOD(ItemsFixture, "COUNT(*) is int and COUNT_BIG(*) is bigint",
                 "[select][aggregate]") {
  StatementOutcome outcome = one("SELECT COUNT(*), COUNT_BIG(*) AS big FROM Items");
  REQUIRE(outcome.kind == StatementOutcome::Kind::Rowset);
  CHECK(outcome.columns[0].type.id == TypeId::Int);
  CHECK(outcome.columns[1].type.id == TypeId::BigInt);
  CHECK(outcome.columns[1].name == "big");
  CHECK(texts(outcome) == Rows{{"4", "4"}});
  CHECK(scalar("SELECT COUNT(*) FROM Items WHERE qty = 5") == "2");
  CHECK(scalar("SELECT COUNT(*) FROM Items WHERE qty = 99") == "0");
}

TEST_CASE_METHOD(ItemsFixture, "COUNT, MIN, MAX and SUM skip NULLs and keep SQL Server's types",
                 "[select][aggregate]") {
  StatementOutcome outcome =
      one("SELECT COUNT(price), MIN(price), MAX(name), SUM(qty), SUM(price), MIN(id) FROM Items");
  REQUIRE(outcome.kind == StatementOutcome::Kind::Rowset);
  CHECK(outcome.columns[1].type.id == TypeId::Decimal);
  CHECK(outcome.columns[2].type.id == TypeId::NVarChar);
  CHECK(outcome.columns[3].type.id == TypeId::Int);
  CHECK(outcome.columns[4].type.precision == 38);
  CHECK(outcome.columns[4].type.scale == 2);
  CHECK(texts(outcome) == Rows{{"3", "0.99", "pear", "27", "4.74", "1"}});
  CHECK(rows("SELECT MAX(price), SUM(qty) FROM Items WHERE id > 100") == Rows{{"NULL", "NULL"}});
}

TEST_CASE_METHOD(ItemsFixture, "GROUP BY gives one row per group and ORDER BY sorts them",
                 "[select][aggregate]") {
  CHECK(rows("SELECT qty, COUNT(*) AS n FROM Items GROUP BY qty") ==
        Rows{{"5", "2"}, {"7", "1"}, {"10", "1"}});
  CHECK(rows("SELECT qty, COUNT(*) FROM Items GROUP BY qty ORDER BY COUNT(*) DESC, qty DESC") ==
        Rows{{"5", "2"}, {"10", "1"}, {"7", "1"}});
  CHECK(error("SELECT name, COUNT(*) FROM Items GROUP BY qty").number == 8120);
  CHECK(error("SELECT id, COUNT(*) FROM Items").number == 8120);
}

TEST_CASE_METHOD(ItemsFixture, "parameters are usable anywhere an expression is", "[select]") {
  std::vector<Param> params = {{"@last", TypedValue{SqlType{}, Value::of_integer(2)}},
                               {"@n", TypedValue{SqlType{}, Value::of_integer(1)}}};
  CHECK(rows("SELECT TOP (@n) id, @last AS last FROM Items WHERE id > @last", params) ==
        Rows{{"3", "2"}});
  CHECK(error("SELECT id FROM Items WHERE id > @missing").number == 137);
}

TEST_CASE_METHOD(ItemsFixture, "unknown tables and columns give 208 and 207", "[select][errors]") {
  SqlMessage message = error("SELECT * FROM dbo.Nothing");
  CHECK(message.number == 208);
  CHECK(message.text == "Invalid object name 'dbo.Nothing'.");
  message = error("SELECT nope FROM Items");
  CHECK(message.number == 207);
  CHECK(message.text == "Invalid column name 'nope'.");
  CHECK(error("SELECT * FROM nowhere.dbo.Items").number == 208);
}

TEST_CASE_METHOD(ItemsFixture, "an error that ends a batch skips the statements after it",
                 "[select][errors]") {
  auto outcomes = run("SELECT nope FROM Items; SELECT 1");
  REQUIRE(outcomes.size() == 1);
  CHECK(outcomes[0].message.number == 207);
}

TEST_CASE_METHOD(ItemsFixture, "SET FMTONLY ON returns the metadata without rows",
                 "[select][session]") {
  auto outcomes = run("SET FMTONLY ON SELECT id, name FROM Items SET FMTONLY OFF");
  REQUIRE(outcomes.size() == 3);
  REQUIRE(outcomes[1].kind == StatementOutcome::Kind::Rowset);
  CHECK(outcomes[1].columns.size() == 2);
  CHECK(texts(outcomes[1]).empty());
  CHECK_FALSE(session.fmtonly);
  CHECK(rows("SELECT id FROM Items WHERE id = 1") == Rows{{"1"}});
}

TEST_CASE_METHOD(ItemsFixture, "a rowset cursor stays valid and unchanged after later writes",
                 "[select]") {
  StatementOutcome outcome = one("SELECT id FROM Items");
  ok("DELETE FROM Items");
  CHECK(texts(outcome).size() == 4);
  CHECK(rows("SELECT id FROM Items").empty());
}
