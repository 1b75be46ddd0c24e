// What the PostgreSQL sink tests share: the test server's URL (ETL_TEST_PG_URL, or the env
// file the CTest fixture's cluster wrote, named by ETL_TEST_PG_ENV), binary COPY tuples built
// by hand, and a few direct queries to look at the destination.
#pragma once

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "etl/checksum.h"
#include "etl/sink.h"
#include "postgres/pg_connection.h"

namespace pg_test {

//! The test server's URL, or nullopt when none is configured.
inline std::optional<std::string> server_url() {
  if (const char* url = std::getenv("ETL_TEST_PG_URL"); url && *url) return std::string(url);
  const char* env_file = std::getenv("ETL_TEST_PG_ENV");
  if (!env_file || !*env_file) return std::nullopt;
  std::ifstream in(env_file);
  std::string line;
  const std::string prefix = "export PG_URL=";
  while (std::getline(in, line)) {
    if (line.rfind(prefix, 0) == 0) return line.substr(prefix.size());
  }
  return std::nullopt;
}

//! The URL with one more libpq parameter.
inline std::string with_parameter(const std::string& url, const std::string& parameter) {
  return url + (url.find('?') == std::string::npos ? "?" : "&") + parameter;
}

// Declares `url` or returns from the test with a warning saying why it did not run.
#define PG_TEST_URL_OR_SKIP(url)                                                               \
  std::optional<std::string> url##_found = pg_test::server_url();                              \
  if (!url##_found) {                                                                          \
    WARN(                                                                                      \
        "skipped: no PostgreSQL for this test; set ETL_TEST_PG_URL (or run it through ctest, " \
        "whose fixture starts a throwaway cluster)");                                          \
    return;                                                                                    \
  }                                                                                            \
  const std::string url = *url##_found

//! Binary COPY tuples, written field by field.
class Tuples {
 public:
  Tuples& row(std::int16_t fields) {
    put_be(static_cast<std::uint16_t>(fields), 2);
    ++rows_;
    return *this;
  }
  Tuples& int8(std::int64_t value) {
    put_be(8, 4);
    put_be(static_cast<std::uint64_t>(value), 8);
    return *this;
  }
  Tuples& int2(std::int16_t value) {
    put_be(2, 4);
    put_be(static_cast<std::uint16_t>(value), 2);
    return *this;
  }
  Tuples& text(const std::string& value) {
    put_be(static_cast<std::uint32_t>(value.size()), 4);
    bytes_ += value;
    return *this;
  }
  Tuples& null() {
    put_be(0xFFFFFFFFu, 4);
    return *this;
  }
  const std::string& bytes() const { return bytes_; }
  std::uint64_t rows() const { return rows_; }

 private:
  void put_be(std::uint64_t value, int size) {
    for (int shift = (size - 1) * 8; shift >= 0; shift -= 8) {
      bytes_.push_back(static_cast<char>((value >> shift) & 0xFF));
    }
  }
  std::string bytes_;
  std::uint64_t rows_ = 0;
};

//! A run id no other plan of any test process has: the ledger keeps every run.
inline std::string unique_run_id(const std::string& table) {
  static std::atomic<int> counter{0};
  auto now = std::chrono::system_clock::now().time_since_epoch();
  return "run-" + table + "-" + std::to_string(::getpid()) + "-" +
         std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(now).count()) + "-" +
         std::to_string(++counter);
}

//! The plan of the test table: id bigint (key), name varchar(10), status smallint; a run of
//! its own (unique_run_id) of the pipeline "pg_test".
inline etl::LoadPlan plan_for(const std::string& table, etl::Strategy strategy) {
  etl::LoadPlan plan;
  plan.pipeline = "pg_test";
  plan.run_id = unique_run_id(table);
  plan.source_table = "dbo." + table;
  plan.batch_rows = 4000;
  plan.schema = "public";
  plan.table = table;
  plan.columns = {
      {"id", "bigint", false}, {"name", "varchar(10)", true}, {"status", "smallint", false}};
  plan.key = {0};
  plan.strategy = strategy;
  plan.create = etl::CreateMode::IfMissing;
  plan.status_column = "status";
  return plan;
}

//! A batch of the test table's rows with ids first…last, every name `name`, status 1.
inline std::shared_ptr<etl::EncodedBatch> batch_of(std::uint64_t sequence, std::int64_t first,
                                                   std::int64_t last, const std::string& name) {
  Tuples tuples;
  for (std::int64_t id = first; id <= last; ++id)
    tuples.row(3).int8(id).text(name).int2(1);
  auto batch = std::make_shared<etl::EncodedBatch>();
  batch->sequence = sequence;
  batch->rows = tuples.rows();
  batch->tuples = tuples.bytes();
  batch->first_key = std::to_string(first);
  batch->last_key = std::to_string(last);
  batch->resume_token = std::to_string(last);
  etl::digest_tuples(batch->tuples, batch->digest);
  return batch;
}

//! Runs SQL on a connection of its own and returns the first column of every row.
inline std::vector<std::string> query(const std::string& url, const std::string& sql) {
  etl::postgres::PgConn conn = etl::postgres::connect(url);
  etl::postgres::PgResult result = etl::postgres::exec(conn.get(), sql, "test", "run");
  std::vector<std::string> values;
  for (int row = 0; row < PQntuples(result.get()); ++row) {
    values.push_back(PQnfields(result.get()) > 0 && !PQgetisnull(result.get(), row, 0)
                         ? PQgetvalue(result.get(), row, 0)
                         : "NULL");
  }
  return values;
}

inline std::string scalar(const std::string& url, const std::string& sql) {
  std::vector<std::string> values = query(url, sql);
  return values.empty() ? "" : values.front();
}

//! How many threads this process runs now.
inline std::size_t thread_count() {
  std::size_t count = 0;
  for ([[maybe_unused]] const auto& entry :
       std::filesystem::directory_iterator("/proc/self/task")) {
    ++count;
  }
  return count;
}

}  // namespace pg_test
