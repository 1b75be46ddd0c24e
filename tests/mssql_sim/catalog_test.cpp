// The catalog and stored tables: names, snapshots, key order, identity, key violations.
#include "catalog.h"

#include <catch2/catch.hpp>

#include "collation.h"
#include "query_engine.h"
#include "stored_table.h"

using namespace mssql_sim;

namespace {

SqlType type_of(TypeId id, std::int32_t length = 0) {
  SqlType type;
  type.id = id;
  type.length = length;
  return type;
}

Column column(std::string name, SqlType type, bool nullable = false) {
  Column out;
  out.name = std::move(name);
  out.type = std::move(type);
  out.nullable = nullable;
  return out;
}

std::shared_ptr<StoredTable> people(std::vector<std::size_t> key = {0}) {
  TableSchema schema;
  schema.name = "People";
  schema.columns = {column("id", type_of(TypeId::Int)),
                    column("name", type_of(TypeId::NVarChar, 20), true)};
  schema.primary_key = std::move(key);
  schema.primary_key_name = schema.primary_key.empty() ? "" : "PK_People";
  return std::make_shared<StoredTable>(std::move(schema), IdentitySpec{0, 1, 1});
}

Row person(std::int64_t id, std::string name) {
  return {Value::of_integer(id), Value::of_bytes(std::move(name))};
}

std::vector<std::int64_t> ids(const RowSet& rows) {
  std::vector<std::int64_t> out;
  Row row;
  for (std::uint64_t i = 0; i < rows.size(); ++i) {
    rows.row(i, row);
    out.push_back(row[0].integer);
  }
  return out;
}

}  // namespace

TEST_CASE("the catalog starts with master and finds databases whatever their case", "[catalog]") {
  Catalog catalog;
  CHECK(catalog.has_database("MASTER"));
  CHECK(catalog.create_database("Chinook") == "Chinook");
  CHECK(catalog.create_database("CHINOOK") == "Chinook");
  CHECK(catalog.database_name("chinook") == "Chinook");
  CHECK(catalog.database_name("nowhere").empty());
}

TEST_CASE("the catalog finds, lists and drops tables by schema and name ignoring case",
          "[catalog]") {
  Catalog catalog;
  catalog.create_database("db");
  REQUIRE(catalog.add_table("db", people()));
  CHECK_FALSE(catalog.add_table("DB", people()));
  CHECK(catalog.find_table("db", "DBO", "people") != nullptr);
  CHECK(catalog.find_table("db", "other", "people") == nullptr);
  CHECK(catalog.tables("db").size() == 1);
  CHECK(catalog.drop_table("db", "dbo", "PEOPLE"));
  CHECK_FALSE(catalog.drop_table("db", "dbo", "PEOPLE"));
  CHECK(catalog.find_table("db", "dbo", "People") == nullptr);
}

TEST_CASE("a stored table keeps its rows sorted by primary key", "[stored_table]") {
  auto table = people();
  table->insert({person(3, "c"), person(1, "a")});
  table->insert({person(2, "b"), person(10, "j")});
  auto snapshot = table->snapshot();
  CHECK(snapshot->ordered_by_key());
  CHECK(ids(*snapshot) == std::vector<std::int64_t>{1, 2, 3, 10});
}

TEST_CASE("a snapshot does not change when the table changes later", "[stored_table]") {
  auto table = people();
  table->insert({person(1, "a")});
  auto before = table->snapshot();
  table->insert({person(2, "b")});
  table->modify([](std::vector<Row>& rows) {
    rows.erase(rows.begin());
    return std::uint64_t{1};
  });
  CHECK(ids(*before) == std::vector<std::int64_t>{1});
  CHECK(ids(*table->snapshot()) == std::vector<std::int64_t>{2});
}

TEST_CASE("a repeated key fails with 2627 and leaves the table unchanged", "[stored_table]") {
  auto table = people();
  table->insert({person(1, "a"), person(2, "b")});
  try {
    table->insert({person(5, "e"), person(2, "again")});
    FAIL("expected 2627");
  } catch (const SqlError& error) {
    CHECK(error.message().number == 2627);
    CHECK(error.message().severity == 14);
    CHECK(error.message().text ==
          "Violation of PRIMARY KEY constraint 'PK_People'. Cannot insert duplicate key in "
          "object 'dbo.People'. The duplicate key value is (2).");
  }
  CHECK(ids(*table->snapshot()) == std::vector<std::int64_t>{1, 2});
  CHECK_THROWS_AS(table->insert({person(7, "g"), person(7, "g")}), SqlError);
}

TEST_CASE("text keys sort under their collation, ignoring case for _CI_ ones", "[stored_table]") {
  TableSchema schema;
  schema.name = "Words";
  schema.columns = {column("word", type_of(TypeId::VarChar, 10))};
  schema.primary_key = {0};
  schema.primary_key_name = "PK_Words";
  StoredTable table(schema);
  table.insert({{Value::of_bytes("b")}, {Value::of_bytes("C")}, {Value::of_bytes("a")}});
  Row row;
  auto snapshot = table.snapshot();
  std::vector<std::string> words;
  for (std::uint64_t i = 0; i < snapshot->size(); ++i) {
    snapshot->row(i, row);
    words.push_back(row[0].bytes);
  }
  CHECK(words == std::vector<std::string>{"a", "b", "C"});
  CHECK_THROWS_AS(table.insert({{Value::of_bytes("A")}}), SqlError);
}

TEST_CASE("identity values are reserved in steps and follow explicit values", "[stored_table]") {
  auto table = people();
  CHECK_FALSE(table->current_identity());
  CHECK(table->reserve_identity(3) == 1);
  CHECK(table->current_identity() == 3);
  table->observe_identity(10);
  CHECK(table->reserve_identity(1) == 11);
  table->observe_identity(5);
  CHECK(table->current_identity() == 11);
}

TEST_CASE("adding a primary key sorts the rows and refuses duplicates with 1505",
          "[stored_table]") {
  auto table = people({});
  table->insert({person(2, "b"), person(1, "a")});
  CHECK_FALSE(table->snapshot()->ordered_by_key());
  auto keyed = table->with_primary_key({0}, "PK_People");
  CHECK(keyed->snapshot()->ordered_by_key());
  CHECK(ids(*keyed->snapshot()) == std::vector<std::int64_t>{1, 2});

  table->insert({person(2, "again")});
  try {
    table->with_primary_key({0}, "PK_People");
    FAIL("expected 1505");
  } catch (const SqlError& error) {
    CHECK(error.message().number == 1505);
  }
}
