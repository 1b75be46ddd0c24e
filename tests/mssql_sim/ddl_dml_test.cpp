// CREATE/DROP and INSERT/UPDATE/DELETE with SQL Server's rules and error messages.
#include "engine_test_util.h"

using namespace mssql_sim_test;

namespace {

struct DbFixture : EngineFixture {
  DbFixture() {
    ok("CREATE DATABASE test");
    ok("USE test");
  }
};

}  // namespace

TEST_CASE_METHOD(DbFixture, "CREATE DATABASE of an existing name fails with 1801", "[ddl]") {
  SqlMessage message = error("CREATE DATABASE TEST");
  CHECK(message.number == 1801);
  CHECK(message.text == "Database 'TEST' already exists. Choose a different database name.");
}

TEST_CASE_METHOD(DbFixture, "CREATE TABLE of an existing name fails with 2714", "[ddl]") {
  ok("CREATE TABLE t (id int)");
  SqlMessage message = error("CREATE TABLE dbo.T (x int)");
  CHECK(message.number == 2714);
  CHECK(message.text == "There is already an object named 'T' in the database.");
}

TEST_CASE_METHOD(DbFixture, "DROP TABLE removes a table and IF EXISTS tolerates a missing one",
                 "[ddl]") {
  ok("CREATE TABLE t (id int)");
  ok("DROP TABLE t");
  CHECK(error("SELECT * FROM t").number == 208);
  CHECK(error("DROP TABLE t").number == 3701);
  ok("DROP TABLE IF EXISTS t");
}

TEST_CASE_METHOD(DbFixture, "a primary key added by ALTER TABLE orders the rows", "[ddl]") {
  ok("CREATE TABLE pairs (a int NOT NULL, b int NOT NULL, note varchar(10))");
  ok("INSERT INTO pairs VALUES (2, 1, 'x'), (1, 2, 'y'), (1, 1, 'z')");
  ok("ALTER TABLE pairs ADD CONSTRAINT PK_pairs PRIMARY KEY CLUSTERED (a, b)");
  CHECK(rows("SELECT note FROM pairs") == Rows{{"z"}, {"y"}, {"x"}});
  SqlMessage message = error("INSERT INTO pairs VALUES (1, 2, 'again')");
  CHECK(message.number == 2627);
  CHECK(message.text ==
        "Violation of PRIMARY KEY constraint 'PK_pairs'. Cannot insert duplicate key in object "
        "'dbo.pairs'. The duplicate key value is (1, 2).");
}

TEST_CASE_METHOD(DbFixture, "INSERT generates identity values and applies defaults", "[dml]") {
  ok("CREATE TABLE people (id bigint IDENTITY(10, 5) PRIMARY KEY, name nvarchar(10) NOT NULL, "
     "active bit NOT NULL DEFAULT 1)");
  StatementOutcome outcome = one("INSERT INTO people (name) VALUES (N'ana'), (N'bia')");
  REQUIRE(outcome.kind == StatementOutcome::Kind::Done);
  CHECK(outcome.row_count == 2u);
  ok("INSERT INTO people VALUES (N'caio', 0)");
  CHECK(rows("SELECT id, name, active FROM people") ==
        Rows{{"10", "ana", "1"}, {"15", "bia", "1"}, {"20", "caio", "0"}});
  CHECK(scalar("SELECT @@ROWCOUNT") == "1");
}

TEST_CASE_METHOD(DbFixture, "explicit identity values need SET IDENTITY_INSERT ON", "[dml]") {
  ok("CREATE TABLE people (id int IDENTITY PRIMARY KEY, name nvarchar(10))");
  SqlMessage message = error("INSERT INTO people (id, name) VALUES (7, N'x')");
  CHECK(message.number == 544);
  CHECK(message.text ==
        "Cannot insert explicit value for identity column in table 'people' when "
        "IDENTITY_INSERT is set to OFF.");
  ok("SET IDENTITY_INSERT people ON");
  ok("INSERT INTO people (id, name) VALUES (7, N'x')");
  CHECK(error("INSERT INTO people (name) VALUES (N'y')").number == 545);
  ok("SET IDENTITY_INSERT dbo.people OFF");
  ok("INSERT INTO people (name) VALUES (N'y')");
  CHECK(rows("SELECT id, name FROM people") == Rows{{"7", "x"}, {"8", "y"}});
  CHECK(error("SET IDENTITY_INSERT nothing ON").number == 208);
}

TEST_CASE_METHOD(DbFixture, "NULL into a NOT NULL column fails with 515", "[dml]") {
  ok("CREATE TABLE t (id int NOT NULL, name varchar(5) NOT NULL)");
  SqlMessage message = error("INSERT INTO t (id) VALUES (1)");
  CHECK(message.number == 515);
  CHECK(message.text ==
        "Cannot insert the value NULL into column 'name', table 'test.dbo.t'; column does not "
        "allow nulls. INSERT fails.");
  CHECK(error("INSERT INTO t VALUES (1, NULL)").number == 515);
  CHECK(rows("SELECT * FROM t").empty());
}

TEST_CASE_METHOD(DbFixture, "values longer than the column fail with 2628", "[dml]") {
  ok("CREATE TABLE t (code varchar(3), name nvarchar(4))");
  SqlMessage message = error("INSERT INTO t VALUES ('abcd', N'x')");
  CHECK(message.number == 2628);
  CHECK(message.text ==
        "String or binary data would be truncated in table 'test.dbo.t', column 'code'. "
        "Truncated value: 'abc'.");
  ok("INSERT INTO t VALUES ('ab   ', N'çãoé')");  // trailing spaces do not count
  CHECK(rows("SELECT code, name FROM t") == Rows{{"ab ", "çãoé"}});
}

TEST_CASE_METHOD(DbFixture, "inserted values are converted to the column types", "[dml]") {
  ok("CREATE TABLE t (d date, dt datetime, m money, n decimal(5,1))");
  ok("INSERT INTO t VALUES ('1962/2/18', '2009-01-01T00:00:00', 12.5, 3.14)");
  CHECK(rows("SELECT d, m, n FROM t") == Rows{{"1962-02-18", "12.50", "3.1"}});
}

TEST_CASE_METHOD(DbFixture, "the number of values must match the column list", "[dml]") {
  ok("CREATE TABLE t (a int, b int)");
  CHECK(error("INSERT INTO t (a) VALUES (1, 2)").number == 110);
  CHECK(error("INSERT INTO t VALUES (1)").number == 109);
  CHECK(error("INSERT INTO t (a, nope) VALUES (1, 2)").number == 207);
}

TEST_CASE_METHOD(DbFixture, "INSERT … SELECT copies rows between tables", "[dml]") {
  ok("CREATE TABLE src (id int PRIMARY KEY, v int)");
  ok("CREATE TABLE dst (id int PRIMARY KEY, v bigint)");
  ok("INSERT INTO src VALUES (1, 10), (2, 20), (3, 30)");
  StatementOutcome outcome = one("INSERT INTO dst (id, v) SELECT id, v FROM src WHERE id > 1");
  CHECK(outcome.row_count == 2u);
  CHECK(rows("SELECT id, v FROM dst") == Rows{{"2", "20"}, {"3", "30"}});
}

TEST_CASE_METHOD(DbFixture, "UPDATE and DELETE report their row counts", "[dml]") {
  ok("CREATE TABLE t (id int PRIMARY KEY, v int NOT NULL)");
  ok("INSERT INTO t VALUES (1, 10), (2, 20), (3, 30)");
  StatementOutcome outcome = one("UPDATE t SET v = v + 1 WHERE id >= 2");
  CHECK(outcome.row_count == 2u);
  CHECK(rows("SELECT v FROM t") == Rows{{"10"}, {"21"}, {"31"}});
  CHECK(error("UPDATE t SET v = NULL WHERE id = 1").number == 515);
  CHECK(error("UPDATE t SET id = 2 WHERE id = 1").number == 2627);
  outcome = one("DELETE FROM t WHERE v > 20");
  CHECK(outcome.row_count == 2u);
  CHECK(rows("SELECT id FROM t") == Rows{{"1"}});
}

TEST_CASE_METHOD(DbFixture, "a failed statement does not stop the next one in its batch",
                 "[dml][errors]") {
  ok("CREATE TABLE t (id int PRIMARY KEY)");
  auto outcomes =
      run("INSERT INTO t VALUES (1); INSERT INTO t VALUES (1); INSERT INTO t VALUES (2)");
  REQUIRE(outcomes.size() == 3);
  CHECK(outcomes[1].kind == StatementOutcome::Kind::Error);
  CHECK(outcomes[2].kind == StatementOutcome::Kind::Done);
  CHECK(rows("SELECT id FROM t") == Rows{{"1"}, {"2"}});
}

TEST_CASE_METHOD(DbFixture, "a syntax error fails the whole batch before anything runs",
                 "[errors]") {
  ok("CREATE TABLE t (id int)");
  auto outcomes = run("INSERT INTO t VALUES (1)\nSELECT FROM WHERE");
  REQUIRE(outcomes.size() == 1);
  CHECK(outcomes[0].kind == StatementOutcome::Kind::Error);
  CHECK(rows("SELECT id FROM t").empty());
}

TEST_CASE_METHOD(DbFixture, "unsupported statements fail, or warn while loading a script",
                 "[errors]") {
  ok("CREATE TABLE t (id int)");
  SqlMessage message = error("CREATE INDEX ix ON t (id)");
  CHECK(message.severity == 16);
  session.loading_script = true;
  StatementOutcome outcome = one("CREATE INDEX ix ON t (id)");
  CHECK(outcome.kind == StatementOutcome::Kind::Info);
  CHECK(outcome.message.severity == 10);
}

TEST_CASE_METHOD(DbFixture, "rowversion columns are set by the server on insert and update",
                 "[dml]") {
  ok("CREATE TABLE v (id int PRIMARY KEY, name varchar(10), rv rowversion NOT NULL)");
  ok("INSERT INTO v (id, name) VALUES (1, 'a'), (2, 'b')");
  ok("INSERT INTO v VALUES (3, 'c')");
  Rows before = rows("SELECT rv FROM v");
  REQUIRE(before.size() == 3);
  CHECK(before[0][0].size() == 18);  // 0x and 8 bytes
  CHECK(before[0][0] < before[1][0]);
  CHECK(before[1][0] < before[2][0]);
  ok("UPDATE v SET name = 'x' WHERE id = 1");
  CHECK(rows("SELECT rv FROM v WHERE id = 1")[0][0] > before[2][0]);
  CHECK(error("INSERT INTO v (id, rv) VALUES (4, 0x01)").number == 273);
  CHECK(error("UPDATE v SET rv = 0x01").number == 272);
}
