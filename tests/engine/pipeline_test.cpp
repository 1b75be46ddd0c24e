#include "etl/pipeline.h"

#include <catch2/catch.hpp>

#include "etl/errors.h"

namespace {

const char* kValid = R"({
  "name": "bi_credores",
  "source": {
    "driver": "mssql",
    "server": "${MSSQL_HOST:-127.0.0.1}:${MSSQL_PORT:-1433}",
    "database": "cobranca",
    "user": "etl",
    "password": "${MSSQL_PASSWORD}",
    "table": "dbo.bi_credores",
    "key": ["id"]
  },
  "destination": {
    "url": "${PG_URL:-postgresql://127.0.0.1:5432/etl}",
    "table": "public.bi_credores_paralelo",
    "identifiers": "preserve"
  },
  "transform": { "set": { "STATUS": 1, "DATA_BASE": "${RUN_DATE}" } },
  "load": { "strategy": "mark_sweep", "status_column": "STATUS" },
  "parallelism": { "writers": 99, "batch_rows": 4000 }
})";

etl::Environment base_environment() {
  return {{"MSSQL_PASSWORD", "s3cret"}, {"RUN_DATE", "2026-12-04"}};
}

std::string error_of(const std::string& text, etl::Environment environment = base_environment()) {
  try {
    etl::parse_pipeline(text, "p.json", environment);
  } catch (const etl::ConfigError& error) {
    return error.what();
  }
  return "no error";
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
  text.replace(text.find(from), from.size(), to);
  return text;
}

}  // namespace

TEST_CASE("a valid pipeline loads with its variables expanded", "[pipeline]") {
  etl::PipelineConfig config = etl::parse_pipeline(kValid, "p.json", base_environment());
  CHECK(config.name == "bi_credores");
  CHECK(config.source.host == "127.0.0.1");
  CHECK(config.source.port == 1433);
  CHECK(config.source.password == "s3cret");
  CHECK(config.source_key == std::vector<std::string>{"id"});
  CHECK(config.destination_url == "postgresql://127.0.0.1:5432/etl");
  CHECK(config.strategy == etl::Strategy::MarkSweep);
  CHECK(config.set.at("STATUS").text == "1");
  CHECK(config.set.at("DATA_BASE").text == "2026-12-04");
  CHECK(config.writers == 99);
  CHECK(config.batch_rows == 4000);
  CHECK(config.rejects_file == "rejects/bi_credores.jsonl");
}

TEST_CASE("the seed's CLUSTER_SIZE and ITEMS_PER_PAGE override writers and batch rows",
          "[pipeline]") {
  etl::Environment environment = base_environment();
  environment["CLUSTER_SIZE"] = "12";
  environment["ITEMS_PER_PAGE"] = "500";
  etl::PipelineConfig config = etl::parse_pipeline(kValid, "p.json", environment);
  CHECK(config.writers == 12);
  CHECK(config.batch_rows == 500);
}

TEST_CASE("malformed JSON names the line and column", "[pipeline]") {
  std::string text = replace(kValid, "\"cobranca\",", "\"cobranca\"");
  CHECK_THAT(error_of(text), Catch::StartsWith("p.json:7:10: malformed JSON"));
}

TEST_CASE("an unknown key names its path, line and the nearest valid key", "[pipeline]") {
  std::string text = replace(kValid, "\"batch_rows\"", "\"batch_row\"");
  CHECK(error_of(text) ==
        "p.json:19: parallelism.batch_row: unknown key 'batch_row': did you mean 'batch_rows'?");
}

TEST_CASE("a wrong type names the key and both types", "[pipeline]") {
  std::string text = replace(kValid, "\"key\": [\"id\"]", "\"key\": \"id\"");
  CHECK(error_of(text) == "p.json:10: source.key: must be an array of strings, not a string");
}

TEST_CASE("a missing required key names the section", "[pipeline]") {
  std::string text = replace(kValid, "\"table\": \"dbo.bi_credores\",", "");
  CHECK_THAT(error_of(text), Catch::EndsWith("source: missing key 'table' (a string)"));
}

TEST_CASE("a missing variable is named with what to do", "[pipeline]") {
  etl::Environment environment = base_environment();
  environment.erase("MSSQL_PASSWORD");
  CHECK(error_of(kValid, environment) ==
        "p.json:8: source.password: environment variable MSSQL_PASSWORD is not set: set it, or "
        "use password_file");

  std::string text = replace(kValid, "${MSSQL_HOST:-127.0.0.1}", "${MSSQL_HOST}");
  CHECK(error_of(text) ==
        "p.json:5: source.server: environment variable MSSQL_HOST is not set: set it, or write "
        "${MSSQL_HOST:-default} in the pipeline");
}

TEST_CASE("a password written in the pipeline is refused without echoing it", "[pipeline]") {
  std::string text = replace(kValid, "${MSSQL_PASSWORD}", "hunter2");
  std::string error = error_of(text);
  CHECK_THAT(error, Catch::Contains("may not be written in the pipeline"));
  CHECK_THAT(error, !Catch::Contains("hunter2"));
}

TEST_CASE("a password given as a variable's default counts as written", "[pipeline]") {
  std::string text = replace(kValid, "${MSSQL_PASSWORD}", "${NOPE:-hunter2}");
  std::string error = error_of(text);
  CHECK_THAT(error, Catch::Contains("may not be written in the pipeline"));
  CHECK_THAT(error, !Catch::Contains("hunter2"));
}

TEST_CASE("a key written twice in one object is an error naming it", "[pipeline]") {
  std::string text = replace(kValid, "\"writers\": 99,", "\"writers\": 99, \"writers\": 4,");
  CHECK(error_of(text) ==
        "p.json:19: parallelism.writers: key written twice in the same object: keep one");
}

TEST_CASE("a zero CLUSTER_SIZE is named as the variable it came from", "[pipeline]") {
  etl::Environment environment = base_environment();
  environment["CLUSTER_SIZE"] = "0";
  CHECK(error_of(kValid, environment) ==
        "p.json: environment CLUSTER_SIZE: needs at least one writer");
}

TEST_CASE("an invalid strategy lists the valid ones", "[pipeline]") {
  std::string text = replace(kValid, "mark_sweep", "merge");
  CHECK(error_of(text) ==
        "p.json:18: load.strategy: 'merge' is not append, ignore, upsert or mark_sweep");
}

TEST_CASE("secrets in URLs are masked", "[pipeline]") {
  CHECK(etl::mask_secrets("postgresql://etl:pa:ss@db:5432/etl") ==
        "postgresql://etl:***@db:5432/etl");
  CHECK(etl::mask_secrets("host=db password=secret user=etl") == "host=db password=*** user=etl");
  CHECK(etl::mask_secrets("host=db password='Zq9 Qwerty' user=etl") ==
        "host=db password=*** user=etl");
  CHECK(etl::mask_secrets("postgresql://db/etl?password=x&sslmode=require") ==
        "postgresql://db/etl?password=***&sslmode=require");
  // A password with an unencoded '@' (libpq refuses the URL) is still masked whole.
  CHECK(etl::mask_secrets("postgresql://etlw:pg'q \"s@%x@127.0.0.1:5432/etl") ==
        "postgresql://etlw:***@127.0.0.1:5432/etl");
}
