// Resuming the SQL Server reader: resume tokens that carry a page's last key to another
// connection, a dropped connection reported as retryable and continued exactly, and a failed
// TLS negotiation named as such.
#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "etl/errors.h"
#include "mssql/make_source.h"
#include "mssql/mssql_resume_token.h"
#include "mssql/mssql_values.h"
#include "sim_fixture.h"

using namespace etl;

namespace {

//! Each row's key as text, "a|b|…", in the order read.
std::vector<std::string> page_keys(const SourceTable& table, const Batch& batch) {
  std::vector<std::string> keys;
  for (std::size_t row = 0; row < batch.rows; ++row) {
    std::string key;
    for (std::size_t k : table.key)
      key += mssql::value_text(batch.columns[k], row, table.columns[k]) + "|";
    keys.push_back(std::move(key));
  }
  return keys;
}

struct Read {
  std::vector<std::string> keys;
  std::vector<std::string> tokens;  //!< one per page
};

//! Reads every remaining page, after seek_after(`token`) on a new connection.
Read read_rest(Source& source, const std::string& table_name, const std::string& token,
               std::size_t page_rows) {
  auto reader = source.connect();
  SourceTable table = reader->describe(table_name, {});
  reader->seek_after(token);
  Read read;
  Batch batch;
  while (reader->next_page(page_rows, batch)) {
    auto keys = page_keys(table, batch);
    read.keys.insert(read.keys.end(), keys.begin(), keys.end());
    read.tokens.push_back(batch.resume_token);
  }
  return read;
}

bool printable_ascii(const std::string& text) {
  for (char c : text)
    if (c < 0x20 || c > 0x7E) return false;
  return !text.empty();
}

//! For every page boundary of an uninterrupted read, a new connection that seeks after that
//! page's token reads exactly the rows that followed it.
void check_every_resume_point(Source& source, const std::string& table_name, std::size_t page_rows,
                              std::size_t expected_rows) {
  Read whole = read_rest(source, table_name, "", page_rows);
  REQUIRE(whole.keys.size() == expected_rows);
  std::size_t after = 0;
  for (const std::string& token : whole.tokens) {
    INFO("token " << token);
    CHECK(printable_ascii(token));
    after = std::min(after + page_rows, whole.keys.size());
    Read rest = read_rest(source, table_name, token, page_rows);
    CHECK(rest.keys == std::vector<std::string>(whole.keys.begin() + after, whole.keys.end()));
  }
}

}  // namespace

TEST_CASE("a bigint key's token resumes on a new connection right after the page",
          "[mssql][resume][sim]") {
  test::SimServer sim({.generate = {"bi_credores=2500:3"}});
  auto source = make_mssql_source(sim.settings());
  check_every_resume_point(*source, "dbo.bi_credores", 1000, 2500);
}

TEST_CASE("resumo_faixas' composite key token resumes without skipping or repeating rows",
          "[mssql][resume][sim]") {
  test::SimServer sim({.generate = {"resumo_faixas=900:5"}});
  auto source = make_mssql_source(sim.settings());
  check_every_resume_point(*source, "dbo.resumo_faixas", 250, 900);
}

TEST_CASE("tokens of every key type the keyset reader supports resume exactly",
          "[mssql][resume][sim]") {
  struct KeyType {
    const char* type;
    const char* values;  // six distinct literals
  };
  const KeyType types[] = {
      {"int", "-5, 0, 7, 2147483647, -2147483648, 42"},
      {"tinyint", "0, 1, 2, 128, 255, 9"},
      {"smallint", "-32768, 5, 32767, 0, 12, -1"},
      {"decimal(18,2)", "-1.25, 0.01, 99.99, 1234567.89, 0, -0.01"},
      {"money", "-922337203685477.5808, 0.0001, 12.3456, 1, 0, 922337203685477.5807"},
      {"smallmoney", "-214748.3648, 0.0001, 1.5, 214748.3647, 0, 2"},
      {"char(4)", "'ab', 'b', 'zz', 'a', 'm n', 'c'"},
      {"varchar(20)", "'Ação', 'abc', '', 'z', 'M', 'ab c'"},
      {"nvarchar(20)", "N'Ωmega', N'😀', N'a', N'', N'ação', N'Z'"},
      {"date",
       "'0001-01-01', '9999-12-31', '2024-02-29', '1900-01-01', '2000-01-01', '1753-01-01'"},
      {"time(7)",
       "'00:00:00', '23:59:59.9999999', '12:00:00.0000001', '12:00:00', '01:02:03.5', "
       "'00:00:00.0000001'"},
      {"datetime",
       "'1753-01-01', '2004-02-24 15:16:17.997', '2004-02-24 15:16:17.993', "
       "'9999-12-31 23:59:59.997', '1900-01-01', '2020-06-01 00:00:00.003'"},
      {"smalldatetime",
       "'1900-01-01', '2079-06-06 23:59', '2004-02-24 15:16', '2004-02-24 15:17', "
       "'2000-01-01', '1999-12-31 23:59'"},
      {"datetime2(7)",
       "'0001-01-01', '9999-12-31 23:59:59.9999999', '2011-08-10 12:23:45.1234567', "
       "'2011-08-10 12:23:45.1234568', '2000-01-01', '1999-01-01 00:00:00.0000001'"},
      {"datetimeoffset(7)",
       "'2011-08-10 12:23:45.1234567 -08:30', '2011-08-10 12:23:45.1234567 +00:00', "
       "'0001-01-01 14:00:00 +14:00', '9999-12-31 09:59:59.9999999 -14:00', "
       "'2000-01-01 00:00:00 +01:00', '2000-01-01 00:00:00.0000001 +01:00'"},
      {"uniqueidentifier",
       "'0DDF3B64-E692-11D1-AB06-00AA00BDD685', '00000000-0000-0000-0000-000000000000', "
       "'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF', '00000000-0000-0000-0000-000000000001', "
       "'01000000-0000-0000-0000-000000000000', '00000000-0000-0000-0100-000000000000'"},
      {"varbinary(8)", "0x00, 0xFF, 0x0102, 0x01, 0x, 0x7F80"},
  };
  for (const KeyType& key : types) {
    SECTION(key.type) {
      std::string values = key.values;
      std::string rows;
      int n = 0;
      for (std::size_t at = 0; at != std::string::npos;) {
        std::size_t comma = values.find(", ", at);
        // Literals hold no ", " of their own except inside quotes, which the lists avoid.
        std::string literal = values.substr(at, comma == std::string::npos ? comma : comma - at);
        rows += (rows.empty() ? "" : ", ") + std::string("(") + literal + ", " +
                std::to_string(++n) + ")";
        at = comma == std::string::npos ? comma : comma + 2;
      }
      std::string script = std::string("CREATE TABLE dbo.keyed (k ") + key.type +
                           " NOT NULL PRIMARY KEY, n int NOT NULL);\nGO\nINSERT INTO dbo.keyed "
                           "VALUES " +
                           rows + ";\nGO\n";
      test::SimServer sim({.scripts = {script}});
      auto source = make_mssql_source(sim.settings());
      check_every_resume_point(*source, "dbo.keyed", 2, 6);
    }
  }
}

TEST_CASE("an empty token starts from the first row", "[mssql][resume][sim]") {
  test::SimServer sim({.generate = {"bi_credores=30"}});
  auto reader = make_mssql_source(sim.settings())->connect();
  SourceTable table = reader->describe("bi_credores", {});
  Batch batch;
  REQUIRE(reader->next_page(10, batch));
  std::string first = batch.first_key;
  REQUIRE(reader->next_page(10, batch));
  reader->seek_after("");
  REQUIRE(reader->next_page(10, batch));
  CHECK(batch.first_key == first);
}

TEST_CASE("a token of another table or key is refused with a ConfigError", "[mssql][resume][sim]") {
  test::SimServer sim({.scripts = {R"sql(
CREATE TABLE dbo.other (id bigint NOT NULL PRIMARY KEY, n int NOT NULL);
GO
INSERT INTO dbo.other VALUES (1, 1), (2, 2);
GO
CREATE TABLE dbo.by_name (name varchar(10) NOT NULL PRIMARY KEY);
GO
INSERT INTO dbo.by_name VALUES ('a'), ('b');
GO
)sql"},
                       .generate = {"bi_credores=20"}});
  auto source = make_mssql_source(sim.settings());
  auto reader = source->connect();
  reader->describe("bi_credores", {});
  Batch batch;
  REQUIRE(reader->next_page(5, batch));
  std::string token = batch.resume_token;

  auto other = source->connect();
  other->describe("dbo.other", {});  // the same key, id bigint, of another table
  try {
    other->seek_after(token);
    FAIL("a token of [dbo].[bi_credores] was taken by [dbo].[other]");
  } catch (const ConfigError& error) {
    CHECK_THAT(std::string(error.what()),
               Catch::Contains("another table or key") && Catch::Contains("[dbo].[bi_credores]"));
  }
  other->describe("dbo.by_name", {});
  CHECK_THROWS_WITH(other->seek_after(token), Catch::Contains("another table or key"));
  CHECK_THROWS_AS(other->seek_after("id=5"), ConfigError);
  CHECK_THROWS_AS(other->seek_after(token.substr(0, token.size() / 2)), ConfigError);
}

TEST_CASE("a token survives hostile names and checks its value's layout", "[mssql][resume]") {
  SourceTable table;
  table.schema = "odd schema";
  table.name = "t]\";--,=%";
  SourceColumn key;
  key.name = "Ç ;k,=";
  key.type = SourceType::BigInt;
  key.declared_type = "bigint";
  table.columns = {key};
  table.key = {0};

  std::vector<mssql::CtParam> params = {mssql::CtParam::integer("@k1", -42)};
  std::string token = mssql::encode_resume_token(table, params, "-42 ☺");
  CHECK(printable_ascii(token));
  mssql::ResumePoint point = mssql::decode_resume_token(table, token);
  REQUIRE(point.params.size() == 1);
  CHECK(point.params[0].datatype == CS_BIGINT_TYPE);
  CHECK(point.params[0].bytes == params[0].bytes);
  CHECK(point.key_text == "-42 ☺");

  SourceTable widened = table;
  widened.columns[0].declared_type = "int";
  CHECK_THROWS_WITH(mssql::decode_resume_token(widened, token),
                    Catch::Contains("another table or key"));

  std::string short_value = token;
  short_value.replace(short_value.find("d6ffffffffffffff"), 16, "d6ff");
  CHECK_THROWS_WITH(mssql::decode_resume_token(table, short_value),
                    Catch::Contains("not one of this SQL Server source's"));
}

TEST_CASE("a dropped connection is retryable and a new one resumes with no row lost or repeated",
          "[mssql][resume][sim]") {
  test::SimServer sim(
      {.generate = {"bi_credores=5000:9"}, .faults = {"drop_after_rows=1500,times=1"}});
  auto source = make_mssql_source(sim.settings());
  std::vector<std::string> keys;
  std::string token;
  {
    auto reader = source->connect();
    SourceTable table = reader->describe("dbo.bi_credores", {});
    Batch batch;
    try {
      while (reader->next_page(1000, batch)) {
        auto page = page_keys(table, batch);
        keys.insert(keys.end(), page.begin(), page.end());
        token = batch.resume_token;
      }
      FAIL("every page was read");
    } catch (const DatabaseError& error) {
      CHECK(error.side() == Side::Source);
      CHECK(error.retryable());
      CHECK_THAT(std::string(error.what()), Catch::Contains("connection to the server was lost"));
    }
  }
  CHECK(keys.size() == 1000);  // the second page died part way: none of it counts

  Read rest = read_rest(*source, "dbo.bi_credores", token, 1000);
  keys.insert(keys.end(), rest.keys.begin(), rest.keys.end());
  Read whole = read_rest(*source, "dbo.bi_credores", "", 1000);  // the fault fired once
  CHECK(whole.keys.size() == 5000);
  CHECK(keys == whole.keys);
}

TEST_CASE("a deadlock victim's page is retryable and never taken for the table's end",
          "[mssql][resume][sim]") {
  test::SimServer sim(
      {.generate = {"bi_credores=3000:2"}, .faults = {"error_after_rows=1200,times=1"}});
  auto source = make_mssql_source(sim.settings());
  auto reader = source->connect();
  SourceTable table = reader->describe("dbo.bi_credores", {});
  std::vector<std::string> keys;
  std::string token;
  Batch batch;
  try {
    while (reader->next_page(1000, batch)) {
      auto page = page_keys(table, batch);
      keys.insert(keys.end(), page.begin(), page.end());
      token = batch.resume_token;
    }
    FAIL("every page was read");
  } catch (const DatabaseError& error) {
    CHECK(error.code() == "1205");
    CHECK(error.retryable());
  }
  REQUIRE(keys.size() == 1000);

  // The connection stays open after a deadlock: the same reader goes on from the token.
  reader->seek_after(token);
  while (reader->next_page(1000, batch)) {
    auto page = page_keys(table, batch);
    keys.insert(keys.end(), page.begin(), page.end());
  }
  CHECK(keys == read_rest(*source, "dbo.bi_credores", "", 1000).keys);
}

TEST_CASE("a connection dropped while describing is retryable", "[mssql][resume][sim]") {
  test::SimServer sim({.generate = {"bi_credores=10"}, .faults = {"drop_after_rows=3"}});
  auto reader = make_mssql_source(sim.settings())->connect();
  try {
    reader->describe("dbo.bi_credores", {});
    FAIL("describe read the catalog past the fault");
  } catch (const DatabaseError& error) {
    CHECK(error.retryable());
    CHECK_THAT(std::string(error.what()), Catch::Contains("connection to the server was lost"));
  }
}

TEST_CASE("a server that stops answering a query times out as a lost connection",
          "[mssql][resume][sim]") {
  // Every packet waits 1.5 s: the login (two answers) fits the connect timeout, but the
  // answer to the first query after it (the reader's SET TEXTSIZE) comes after the 1 s read
  // timeout.
  test::SimServer sim({.generate = {"bi_credores=10"}, .faults = {"delay_ms=1500"}});
  SourceSettings settings = sim.settings();
  settings.read_timeout = std::chrono::seconds(1);
  auto started = std::chrono::steady_clock::now();
  try {
    make_mssql_source(settings)->connect()->describe("dbo.bi_credores", {});
    FAIL("the reader waited past the read timeout");
  } catch (const DatabaseError& error) {
    CHECK(error.retryable());
    CHECK_THAT(std::string(error.what()), Catch::Contains("connection to the server was lost"));
  }
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(15));
}

TEST_CASE("a server error on a live connection is not retryable", "[mssql][resume][sim]") {
  test::SimServer sim({.scripts = {R"sql(
CREATE TABLE dbo.days (d date NOT NULL PRIMARY KEY);
GO
INSERT INTO dbo.days VALUES ('2024-01-01'), ('2024-01-02'), ('2024-01-03');
GO
)sql"}});
  auto source = make_mssql_source(sim.settings());
  auto reader = source->connect();
  SourceTable table = reader->describe("dbo.days", {});
  Batch batch;
  REQUIRE(reader->next_page(1, batch));
  // The same token with a value that is no date: the server's CAST fails (a data error).
  std::string token = batch.resume_token;
  std::string hex_date = "323032342d30312d3031";  // "2024-01-01"
  REQUIRE(token.find(hex_date) != std::string::npos);
  token.replace(token.find(hex_date), hex_date.size(), "6e6f742d612d64617465");  // not-a-date
  reader->seek_after(token);
  try {
    reader->next_page(1, batch);
    FAIL("a page after a key that is no date was read, or the error was taken for the end");
  } catch (const DatabaseError& error) {
    CHECK_FALSE(error.retryable());
    CHECK(!error.code().empty());
  }
}

TEST_CASE("encryption=require against a server without TLS names the TLS negotiation",
          "[mssql][resume][sim]") {
  test::SimServer sim({.generate = {"bi_credores=1"}});  // it answers ENCRYPT_NOT_SUP
  SourceSettings settings = sim.settings();
  settings.encryption = "require";
  try {
    make_mssql_source(settings)->connect();
    FAIL("connected without TLS although it was required");
  } catch (const DatabaseError& error) {
    std::string text = error.what();
    CHECK_THAT(text, Catch::Contains("TLS encryption could not be negotiated"));
    CHECK_THAT(text, Catch::Contains("source.encryption"));
    CHECK_FALSE(error.retryable());
    CHECK(text.find(settings.password) == std::string::npos);
  }
}
