// Loading T-SQL scripts: batches at GO, warnings for what is not modelled, errors with file
// and line, and the Chinook sample database in full.
#include "script_loader.h"

#include <fstream>
#include <sstream>

#include "engine_test_util.h"
#include "shared_data.h"

using namespace mssql_sim_test;

TEST_CASE_METHOD(EngineFixture, "a script runs batch by batch and warns once per skipped statement",
                 "[script_loader]") {
  const std::string script =
      "CREATE DATABASE [Shop];\nGO\nUSE [Shop];\nGO\n"
      "CREATE TABLE [dbo].[T] ([id] INT NOT NULL, CONSTRAINT [PK_T] PRIMARY KEY ([id]));\nGO\n"
      "CREATE INDEX [IX_T] ON [dbo].[T] ([id]);\nGO\n"
      "INSERT INTO [dbo].[T] ([id]) VALUES (2), (1);\nINSERT INTO [dbo].[T] ([id]) VALUES (3);\n"
      "GO\n";
  std::vector<std::string> warnings;
  ScriptSummary summary = load_script(engine, script, "shop.sql", "master",
                                      [&](const std::string& line) { warnings.push_back(line); });
  CHECK(summary.batches == 5);
  CHECK(summary.rows_inserted == 3);
  CHECK(summary.warnings == 1);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0] == "shop.sql:7: skipped CREATE INDEX");
  ok("USE Shop");
  CHECK(rows("SELECT id FROM T") == Rows{{"1"}, {"2"}, {"3"}});
}

TEST_CASE_METHOD(EngineFixture, "a failing script stops with file, line and SQL Server's message",
                 "[script_loader]") {
  const std::string script =
      "CREATE TABLE t (id int PRIMARY KEY);\nGO\n\nINSERT INTO t VALUES (1);\n"
      "INSERT INTO t VALUES (1);\nGO\nINSERT INTO t VALUES (2);\n";
  try {
    load_script(engine, script, "bad.sql", "master", nullptr);
    FAIL("expected the load to fail");
  } catch (const std::runtime_error& error) {
    const std::string text = error.what();
    CHECK(text.rfind("bad.sql:5: Msg 2627", 0) == 0);
    CHECK(text.find("Violation of PRIMARY KEY constraint") != std::string::npos);
  }
  CHECK(rows("SELECT COUNT(*) FROM t") == Rows{{"1"}});
}

TEST_CASE_METHOD(EngineFixture, "the Chinook script loads completely", "[script_loader][chinook]") {
  std::ifstream file(chinook_sql_server_script(), std::ios::binary);
  REQUIRE(file.good());
  std::stringstream text;
  text << file.rdbuf();
  std::vector<std::string> warnings;
  load_script(engine, text.str(), "Chinook_SqlServer.sql", "master",
              [&](const std::string& line) { warnings.push_back(line); });
  CHECK_FALSE(warnings.empty());  // foreign keys, indexes and the IF EXISTS block

  ok("USE Chinook");
  const std::vector<std::pair<std::string, int>> counts = {
      {"Album", 347},   {"Artist", 275},         {"Customer", 59},      {"Employee", 8},
      {"Genre", 25},    {"Invoice", 412},        {"InvoiceLine", 2240}, {"MediaType", 5},
      {"Playlist", 18}, {"PlaylistTrack", 8715}, {"Track", 3503}};
  for (const auto& [table, count] : counts) {
    INFO(table);
    CHECK(scalar("SELECT COUNT(*) FROM dbo.[" + table + "]") == std::to_string(count));
  }

  CHECK(scalar("SELECT Title FROM Album WHERE AlbumId = 1") ==
        "For Those About To Rock We Salute You");
  CHECK(scalar("SELECT Name FROM Artist WHERE ArtistId = 1") == "AC/DC");
  CHECK(rows("SELECT FirstName, LastName, City FROM Customer WHERE CustomerId = 1") ==
        Rows{{"Luís", "Gonçalves", "São José dos Campos"}});
  CHECK(scalar("SELECT Name FROM Track WHERE TrackId = 3503") == "Koyaanisqatsi");
  CHECK(rows("SELECT BirthDate, HireDate FROM Employee WHERE EmployeeId = 1") ==
        Rows{{"1962-02-18 00:00:00.000", "2002-08-14 00:00:00.000"}});
  CHECK(scalar("SELECT Total FROM Invoice WHERE InvoiceId = 1") == "1.98");
  CHECK(rows("SELECT TOP 2 PlaylistId, TrackId FROM PlaylistTrack WHERE PlaylistId = 1 AND "
             "TrackId > 3402 ORDER BY PlaylistId, TrackId") == Rows{{"1", "3403"}, {"1", "3404"}});
  CHECK(scalar("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES") == "11");
}
