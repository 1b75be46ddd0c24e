// The PostgreSQL sink's writers against a real server: many connections on one I/O thread,
// a failing batch that leaves its connection usable, and the digest after a parallel load.
#include <catch2/catch.hpp>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>

#include "etl/checksum.h"
#include "pg_test_support.h"
#include "postgres/make_sink.h"

namespace {

using pg_test::batch_of;
using pg_test::plan_for;
using pg_test::scalar;

struct Collected {
  std::mutex mutex;
  std::vector<etl::BatchResult> results;
  std::set<std::thread::id> threads;

  std::function<void(etl::BatchResult)> callback() {
    return [this](etl::BatchResult result) {
      std::lock_guard lock(mutex);
      threads.insert(std::this_thread::get_id());
      results.push_back(std::move(result));
    };
  }
};

}  // namespace

TEST_CASE("pg writers: 50 connections load in parallel on one I/O thread, and the digest matches",
          "[pg_server][writers]") {
  PG_TEST_URL_OR_SKIP(url);
  pg_test::query(url, "DROP TABLE IF EXISTS public.writers_fifty");
  std::string app_url = pg_test::with_parameter(url, "application_name=etl_writers_fifty");
  auto sink = etl::make_postgres_sink(app_url);
  etl::LoadPlan plan = plan_for("writers_fifty", etl::Strategy::Upsert);
  sink->prepare(plan);

  std::size_t threads_before = pg_test::thread_count();
  sink->open_writers(50);
  CHECK(pg_test::thread_count() == threads_before + 1);
  CHECK(scalar(url,
               "SELECT count(*) FROM pg_stat_activity WHERE application_name = "
               "'etl_writers_fifty'") == "50");

  Collected collected;
  etl::RowsDigest sent;
  constexpr int kBatches = 200;
  constexpr int kRows = 500;
  std::thread producer([&] {
    for (int sequence = 0; sequence < kBatches; ++sequence) {
      auto batch = batch_of(sequence, sequence * kRows + 1, (sequence + 1) * kRows, "row");
      etl::digest_tuples(batch->tuples, sent);
      sink->submit(batch, collected.callback());
    }
  });
  producer.join();
  sink->close_writers();
  CHECK(pg_test::thread_count() == threads_before);

  REQUIRE(collected.results.size() == kBatches);
  std::set<std::size_t> writers;
  for (const etl::BatchResult& result : collected.results) {
    REQUIRE_FALSE(result.error);
    CHECK(result.written == kRows);
    writers.insert(result.writer);
  }
  CHECK(writers.size() == 50);
  REQUIRE(collected.threads.size() == 1);
  CHECK(*collected.threads.begin() != std::this_thread::get_id());
  CHECK(*collected.threads.begin() != producer.get_id());

  CHECK(scalar(url, "SELECT count(*) FROM public.writers_fifty") ==
        std::to_string(kBatches * kRows));
  etl::RowsDigest loaded = sink->digest_destination(plan);
  CHECK(loaded.rows == sent.rows);
  CHECK(loaded == sent);
}

TEST_CASE("pg writers: a value too long fails its batch with 22001, naming the table and the ids",
          "[pg_server][writers]") {
  PG_TEST_URL_OR_SKIP(url);
  pg_test::query(url, "DROP TABLE IF EXISTS public.writers_too_long");
  auto sink = etl::make_postgres_sink(url);
  etl::LoadPlan plan = plan_for("writers_too_long", etl::Strategy::Upsert);
  sink->prepare(plan);

  Collected collected;
  sink->open_writers(1);
  sink->submit(batch_of(0, 1, 10, "fits"), collected.callback());
  sink->submit(batch_of(1, 11, 20, "far too long for ten"), collected.callback());
  sink->submit(batch_of(2, 21, 30, "fits"), collected.callback());
  sink->close_writers();

  REQUIRE(collected.results.size() == 3);
  REQUIRE(collected.results[1].error);
  try {
    std::rethrow_exception(collected.results[1].error);
  } catch (const etl::DatabaseError& error) {
    CHECK(error.code() == "22001");
    CHECK_FALSE(error.retryable());
    CHECK(error.side() == etl::Side::Destination);
    CHECK(std::string(error.what())
              .rfind("destination: COPY into public.writers_too_long (ids 11–20) failed: value too "
                     "long for type character varying(10)",
                     0) == 0);
    CHECK_THAT(error.what(), Catch::EndsWith("[22001]"));
  }
  CHECK_FALSE(collected.results[0].error);
  CHECK_FALSE(collected.results[2].error);
  CHECK(collected.results[2].writer == collected.results[0].writer);
  CHECK(scalar(url, "SELECT count(*) FROM public.writers_too_long") == "20");
  CHECK(scalar(url, "SELECT count(*) FROM public.writers_too_long WHERE id BETWEEN 11 AND 20") ==
        "0");
}

TEST_CASE("pg writers: batches queue while every writer is busy and all complete",
          "[pg_server][writers]") {
  PG_TEST_URL_OR_SKIP(url);
  pg_test::query(url, "DROP TABLE IF EXISTS public.writers_queue");
  auto sink = etl::make_postgres_sink(url);
  etl::LoadPlan plan = plan_for("writers_queue", etl::Strategy::Append);
  sink->prepare(plan);

  Collected collected;
  sink->open_writers(2);
  // 20,000-row batches exceed the socket buffers, so the writers wait for write readiness.
  for (int sequence = 0; sequence < 10; ++sequence) {
    sink->submit(batch_of(sequence, sequence * 20000 + 1, (sequence + 1) * 20000, "q"),
                 collected.callback());
  }
  sink->close_writers();

  REQUIRE(collected.results.size() == 10);
  for (const etl::BatchResult& result : collected.results) {
    CHECK_FALSE(result.error);
    CHECK(result.written == 20000);
  }
  CHECK(scalar(url, "SELECT count(*) FROM public.writers_queue") == "200000");
}

TEST_CASE(
    "pg writers: an idle writer whose connection the server ends is replaced before it "
    "takes a batch",
    "[pg_server][writers]") {
  PG_TEST_URL_OR_SKIP(url);
  pg_test::query(url, "DROP TABLE IF EXISTS public.writers_killed");
  std::string app_url = pg_test::with_parameter(url, "application_name=etl_writers_killed");
  auto sink = etl::make_postgres_sink(app_url);
  etl::LoadPlan plan = plan_for("writers_killed", etl::Strategy::Append);
  sink->prepare(plan);

  Collected collected;
  sink->open_writers(1);
  const std::string backend =
      "SELECT pid FROM pg_stat_activity WHERE application_name = 'etl_writers_killed'";
  std::string killed = scalar(url, backend);
  pg_test::query(url, "SELECT pg_terminate_backend(" + killed + ")");
  std::string replacement;
  for (int wait = 0; wait < 200 && (replacement.empty() || replacement == killed); ++wait) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    replacement = scalar(url, backend);
  }
  CHECK_FALSE(replacement.empty());
  CHECK(replacement != killed);

  sink->submit(batch_of(0, 1, 10, "x"), collected.callback());
  sink->submit(batch_of(1, 11, 20, "x"), collected.callback());
  sink->close_writers();

  REQUIRE(collected.results.size() == 2);
  for (const etl::BatchResult& result : collected.results)
    CHECK_FALSE(result.error);
  CHECK(scalar(url, "SELECT count(*) FROM public.writers_killed") == "20");
}
