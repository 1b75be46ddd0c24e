// The PostgreSQL sink's pure parts: statements, fit rules, password masking, error classes,
// binary COPY framing. No server needed.
#include "postgres/pg_sql.h"

#include <catch2/catch.hpp>

#include "etl/checksum.h"
#include "pg_test_support.h"
#include "postgres/pg_connection.h"
#include "postgres/pg_copy_format.h"

using namespace etl::postgres;

TEST_CASE("pg sql: identifiers are quoted in every statement", "[postgres][sql]") {
  etl::LoadPlan plan = pg_test::plan_for("Odd \"Name\"", etl::Strategy::Upsert);
  plan.columns[1].name = "TOTAL_ESFORÇO";

  CHECK(qualified_name(plan) == "\"public\".\"Odd \"\"Name\"\"\"");
  CHECK(create_table_sql(plan) ==
        "CREATE TABLE IF NOT EXISTS \"public\".\"Odd \"\"Name\"\"\" (\"id\" bigint NOT NULL, "
        "\"TOTAL_ESFORÇO\" varchar(10), \"status\" smallint NOT NULL, PRIMARY KEY (\"id\"))");
  CHECK(merge_sql(plan) ==
        "INSERT INTO \"public\".\"Odd \"\"Name\"\"\" (\"id\", \"TOTAL_ESFORÇO\", \"status\") "
        "SELECT \"id\", \"TOTAL_ESFORÇO\", \"status\" FROM pg_temp.\"etl_staging\" ON CONFLICT "
        "(\"id\") DO UPDATE SET \"TOTAL_ESFORÇO\" = EXCLUDED.\"TOTAL_ESFORÇO\", \"status\" = "
        "EXCLUDED.\"status\"");
}

TEST_CASE("pg sql: each strategy's batch is one transaction around its ledger row and its COPY",
          "[postgres][sql]") {
  etl::LoadPlan plan = pg_test::plan_for("t", etl::Strategy::Append);
  plan.ledger_schema = "my ledger";
  const std::string ledger =
      "COPY \"my ledger\".\"batches\" (pipeline, run_id, sequence, first_key, last_key, "
      "resume_token, rejected, rows, hash_sum) FROM STDIN (FORMAT binary); ";
  CHECK(batch_sql(plan) == "BEGIN; " + ledger +
                               "COPY \"public\".\"t\" (\"id\", \"name\", \"status\") FROM STDIN "
                               "(FORMAT binary); COMMIT");
  CHECK(batch_actions(plan) ==
        std::vector<std::string>{"BEGIN", "record in the ledger", "COPY", "COMMIT"});

  plan.strategy = etl::Strategy::Ignore;
  CHECK(batch_sql(plan) ==
        "BEGIN; " + ledger +
            "COPY pg_temp.\"etl_staging\" (\"id\", \"name\", \"status\") FROM STDIN (FORMAT "
            "binary); INSERT INTO \"public\".\"t\" (\"id\", \"name\", \"status\") SELECT \"id\", "
            "\"name\", \"status\" FROM pg_temp.\"etl_staging\" ON CONFLICT (\"id\") DO NOTHING; "
            "COMMIT");
  CHECK(batch_actions(plan) ==
        std::vector<std::string>{"BEGIN", "record in the ledger", "COPY", "INSERT", "COMMIT"});
}

TEST_CASE("pg sql: mark_sweep marks, sweeps and reads back by the status column",
          "[postgres][sql]") {
  etl::LoadPlan plan = pg_test::plan_for("t", etl::Strategy::MarkSweep);
  CHECK(mark_stale_sql(plan) ==
        "UPDATE \"public\".\"t\" SET \"status\" = 0 WHERE \"status\" IS DISTINCT FROM 0");
  CHECK(sweep_sql(plan) == "DELETE FROM \"public\".\"t\" WHERE \"status\" = 0");
  CHECK(copy_out_sql(plan) ==
        "COPY (SELECT \"id\", \"name\", \"status\" FROM \"public\".\"t\" WHERE \"status\" = 1) TO "
        "STDOUT (FORMAT binary)");
  plan.strategy = etl::Strategy::Upsert;
  CHECK(
      copy_out_sql(plan) ==
      "COPY (SELECT \"id\", \"name\", \"status\" FROM \"public\".\"t\") TO STDOUT (FORMAT binary)");
}

TEST_CASE("pg sql: a column fits when it holds every value unchanged", "[postgres][sql]") {
  CHECK(type_fits("character varying(30)", "character varying(30)"));
  CHECK(type_fits("character varying(30)", "character varying(40)"));
  CHECK(type_fits("character varying(30)", "text"));
  CHECK(type_fits("character(11)", "character varying(11)"));
  CHECK(type_fits("numeric(18,2)", "numeric(20,2)"));
  CHECK(type_fits("numeric(18,2)", "numeric"));
  CHECK(type_fits("timestamp(3) without time zone", "timestamp without time zone"));
  CHECK(type_fits("timestamp(3) without time zone", "timestamp(6) without time zone"));

  CHECK_FALSE(type_fits("character varying(30)", "character varying(20)"));
  CHECK_FALSE(type_fits("text", "character varying(100)"));
  CHECK_FALSE(type_fits("numeric(18,2)", "numeric(18,4)"));
  CHECK_FALSE(type_fits("numeric(18,2)", "numeric(10,2)"));
  CHECK_FALSE(type_fits("timestamp(6) without time zone", "timestamp(3) without time zone"));
  CHECK_FALSE(type_fits("timestamp(3) without time zone", "timestamp(3) with time zone"));
  CHECK_FALSE(type_fits("bigint", "integer"));
  CHECK_FALSE(type_fits("integer", "bigint"));  // binary COPY sends 4 bytes, bigint wants 8
}

TEST_CASE("pg sql: table problems name each column and what differs", "[postgres][sql]") {
  etl::LoadPlan plan = pg_test::plan_for("t", etl::Strategy::Upsert);
  std::vector<std::string> expected = {"bigint", "character varying(10)", "smallint"};
  std::vector<TableColumn> table = {{"id", "bigint", true, false},
                                    {"name", "character varying(5)", true, false},
                                    {"extra", "integer", true, false}};

  std::vector<std::string> problems = table_problems(plan, expected, table, {});
  REQUIRE(problems.size() == 5);
  CHECK(problems[0] ==
        "column \"name\" is character varying(5), the load needs character varying(10)");
  CHECK(problems[1] == "column \"name\" is NOT NULL but its source values may be NULL");
  CHECK(problems[2] == "column \"status\" is missing");
  CHECK(problems[3] ==
        "column \"extra\" is NOT NULL without a default and the load does not fill it");
  CHECK(problems[4] == "no primary key or unique index on (\"id\"), which strategy upsert needs");

  table = {{"id", "bigint", true, false},
           {"name", "text", false, false},
           {"status", "smallint", true, false}};
  CHECK(table_problems(plan, expected, table, {{"id"}}).empty());
}

TEST_CASE("pg connection: passwords are masked in every form of URL", "[postgres][connection]") {
  CHECK(mask_password("postgresql://etl:s3cret@db:5432/etl") == "postgresql://etl:***@db:5432/etl");
  CHECK(mask_password("postgres://etl@db/etl?password=s3cret&sslmode=require") ==
        "postgres://etl@db/etl?password=***&sslmode=require");
  CHECK(mask_password("host=db password='a b\\'c' user=etl") == "host=db password=*** user=etl");
  CHECK(mask_password("host=db password = s3cret") == "host=db password = ***");
  CHECK(mask_password("postgresql://etl@db/etl") == "postgresql://etl@db/etl");
}

TEST_CASE("pg connection: a refused connection is retryable and never shows the password",
          "[postgres][connection]") {
  try {
    connect("postgresql://etl:s3cret@127.0.0.1:1/etl?connect_timeout=2");
    FAIL("connected to port 1");
  } catch (const etl::DatabaseError& error) {
    std::string what = error.what();
    CHECK(what.find("s3cret") == std::string::npos);
    CHECK(what.rfind("destination: connect to postgresql://etl:***@127.0.0.1:1/etl", 0) == 0);
    CHECK(error.retryable());
  }
}

TEST_CASE("pg connection: SQLSTATE classes decide what is retryable", "[postgres][connection]") {
  for (const char* code :
       {"08006", "08001", "08P01", "57P01", "57P02", "57P03", "40001", "40P01", "53300"}) {
    CHECK(is_retryable_sqlstate(code));
  }
  for (const char* code : {"23505", "23503", "22001", "22P02", "42P01", "57014", "53100", ""}) {
    CHECK_FALSE(is_retryable_sqlstate(code));
  }
}

TEST_CASE("pg connection: a TLS failure says what to change in destination.url",
          "[postgres][connection]") {
  CHECK_THAT(connection_hint("connection to server at \"127.0.0.1\", port 5432 failed: SSL "
                             "error: certificate verify failed"),
             Catch::Contains("sslrootcert in destination.url"));
  CHECK_THAT(connection_hint("server certificate for \"db.example\" does not match host name "
                             "\"127.0.0.1\""),
             Catch::Contains("host in destination.url"));
  CHECK_THAT(connection_hint("root certificate file \"/nonexistent/root.crt\" does not exist"),
             Catch::Contains("sslrootcert"));
  CHECK_THAT(connection_hint("server does not support SSL, but SSL was required"),
             Catch::Contains("sslmode in destination.url"));
  CHECK(connection_hint("Connection refused") == "");
}

TEST_CASE("pg connection: without connect_timeout in the URL a connection waits 10 s at most",
          "[postgres][connection]") {
  etl::postgres::PgConn plain = connect_start("postgresql://etl@127.0.0.1:1/etl");
  CHECK(connect_timeout_of(plain.get()) == std::chrono::seconds(10));
  etl::postgres::PgConn own = connect_start("postgresql://etl@127.0.0.1:1/etl?connect_timeout=3");
  CHECK(connect_timeout_of(own.get()) == std::chrono::seconds(3));
}

TEST_CASE("pg copy: a stream cut anywhere gives back exactly its tuples", "[postgres][copy]") {
  pg_test::Tuples tuples;
  for (int id = 0; id < 50; ++id)
    tuples.row(3).int8(id).text(std::string(id % 7, 'x')).null();
  std::string stream = std::string(copy_header()) + tuples.bytes() + std::string(copy_trailer());

  for (std::size_t chunk : {1, 3, 19, 20, 64, 100000}) {
    CopyTupleReader reader;
    std::string out;
    for (std::size_t at = 0; at < stream.size(); at += chunk) {
      out += reader.feed(std::string_view(stream).substr(at, chunk));
    }
    CHECK(out == tuples.bytes());
    CHECK(reader.complete());
  }
}

TEST_CASE("pg copy: a stream without its trailer is not complete", "[postgres][copy]") {
  pg_test::Tuples tuples;
  tuples.row(1).int8(7);
  CopyTupleReader reader;
  reader.feed(std::string(copy_header()) + tuples.bytes());
  CHECK_FALSE(reader.complete());
  CHECK_THROWS(CopyTupleReader().feed("NOTACOPYSTREAMHEADER"));
}

TEST_CASE("pg connection: a failing row's values stay out of error messages", "[pg]") {
  CHECK(etl::postgres::withhold_row_values(
            "Failing row contains (1, 71020336994, null, Juiz de Fora).") ==
        "the failing row's values are not logged");
  CHECK(etl::postgres::withhold_row_values("Key (id)=(5) already exists.") ==
        "Key (id)=(5) already exists.");
}

TEST_CASE("pg connection: a connection string libpq cannot read is refused without quoting it",
          "[postgres][connection]") {
  for (std::string url : {std::string("postgresql://etlw:pg'q \"s@%zz-Secret@127.0.0.1:1/etl"),
                          std::string("postgres://etlw:Secret8@[::1:5432/etl"),
                          std::string("host=127.0.0.1 port=1 password='Sec'Secret10'")}) {
    try {
      etl::postgres::connect(url);
      FAIL("connected with " + url);
    } catch (const etl::DatabaseError& error) {
      CHECK_FALSE(error.retryable());
      CHECK_THAT(error.what(), Catch::Contains("password_file") && !Catch::Contains("Secret") &&
                                   !Catch::Contains("zz"));
    }
  }
}
