// Session statements clients send after login: SET, USE, transactions and globals.
#include "engine_test_util.h"

using namespace mssql_sim_test;

TEST_CASE_METHOD(EngineFixture, "SET TEXTSIZE follows SQL Server's rules and reaches rowsets",
                 "[session]") {
  ok("SET TEXTSIZE 0");
  CHECK(session.textsize == 4096);
  CHECK(scalar("SELECT @@TEXTSIZE") == "4096");
  ok("SET TEXTSIZE 2147483647");
  CHECK(session.textsize == -1);
  CHECK(scalar("SELECT @@TEXTSIZE") == "2147483647");
  ok("SET TEXTSIZE 100");
  StatementOutcome outcome = one("SELECT 1");
  CHECK(outcome.textsize == 100);
}

TEST_CASE_METHOD(EngineFixture, "the usual SET options of drivers are accepted", "[session]") {
  auto outcomes =
      run("set ansi_nulls on\nset ansi_padding on\nset concat_null_yields_null on\n"
          "set datefirst 7\nset dateformat mdy\nset language us_english\n"
          "set transaction isolation level read committed\nset nocount on\nset xact_abort off");
  CHECK(outcomes.size() >= 9);
  for (const StatementOutcome& outcome : outcomes) {
    CHECK(outcome.kind == StatementOutcome::Kind::Done);
  }
  CHECK(session.nocount);
}

TEST_CASE_METHOD(EngineFixture, "USE changes the database and an unknown one fails with 911",
                 "[session]") {
  ok("CREATE DATABASE Other");
  StatementOutcome outcome = one("USE other");
  REQUIRE(outcome.kind == StatementOutcome::Kind::DatabaseChanged);
  CHECK(outcome.old_database == "master");
  CHECK(outcome.new_database == "Other");
  CHECK(scalar("SELECT DB_NAME()") == "Other");
  SqlMessage message = error("USE nowhere");
  CHECK(message.number == 911);
  CHECK(message.text ==
        "Database 'nowhere' does not exist. Make sure that the name is entered correctly.");
  CHECK(session.database == "Other");
}

TEST_CASE_METHOD(EngineFixture, "globals answer as SQL Server does", "[session]") {
  session.spid = 57;
  const std::string version = scalar("SELECT @@VERSION");
  CHECK(version.rfind("Microsoft SQL Server 2022", 0) == 0);
  CHECK(version.find("mssql-sim") != std::string::npos);
  StatementOutcome outcome = one("SELECT @@SPID AS spid, @@LANGUAGE, @@DATEFIRST, @@SERVERNAME");
  CHECK(outcome.columns[0].type.id == TypeId::SmallInt);
  CHECK(texts(outcome) == Rows{{"57", "us_english", "7", "mssql-sim"}});
  CHECK(error("SELECT @@NO_SUCH_GLOBAL").number == 137);
}

TEST_CASE_METHOD(EngineFixture, "BEGIN TRAN and COMMIT count in @@TRANCOUNT", "[session]") {
  ok("BEGIN TRAN");
  CHECK(scalar("SELECT @@TRANCOUNT") == "1");
  ok("COMMIT");
  CHECK(scalar("SELECT @@TRANCOUNT") == "0");
  CHECK(error("COMMIT TRANSACTION").number == 3902);
  ok("BEGIN TRANSACTION; ROLLBACK");
}
