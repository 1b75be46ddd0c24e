// The PostgreSQL sink against a real server: each strategy with duplicates, the checks made
// before any change, and the digest of what was loaded.
#include <catch2/catch.hpp>
#include <mutex>

#include "etl/checksum.h"
#include "pg_test_support.h"
#include "postgres/make_sink.h"

namespace {

using pg_test::batch_of;
using pg_test::plan_for;
using pg_test::scalar;

// Submits batches to one sink and keeps their results in order of arrival.
struct Load {
  std::mutex mutex;
  std::vector<etl::BatchResult> results;

  void submit(etl::Sink& sink, std::shared_ptr<etl::EncodedBatch> batch) {
    sink.submit(std::move(batch), [this](etl::BatchResult result) {
      std::lock_guard lock(mutex);
      results.push_back(std::move(result));
    });
  }
};

void drop(const std::string& url, const std::string& table) {
  pg_test::query(url, "DROP TABLE IF EXISTS public." + table);
}

void seed_rows(const std::string& url, const std::string& table, int first, int last,
               const std::string& name, int status) {
  pg_test::query(url, "INSERT INTO public." + table + " SELECT g, '" + name + "', " +
                          std::to_string(status) + " FROM generate_series(" +
                          std::to_string(first) + ", " + std::to_string(last) + ") g");
}

}  // namespace

TEST_CASE("pg sink: append creates the table and fails a batch holding a duplicate with 23505",
          "[pg_server][sink]") {
  PG_TEST_URL_OR_SKIP(url);
  drop(url, "sink_append");
  auto sink = etl::make_postgres_sink(url);
  etl::LoadPlan plan = plan_for("sink_append", etl::Strategy::Append);

  CHECK_FALSE(sink->preflight(plan).table_exists);
  sink->prepare(plan);
  CHECK(scalar(url,
               "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = "
               "'public.sink_append'::regclass AND contype = 'p'") == "PRIMARY KEY (id)");

  Load load;
  sink->open_writers(1);
  load.submit(*sink, batch_of(0, 1, 100, "a"));
  load.submit(*sink, batch_of(1, 100, 150, "b"));  // id 100 again
  load.submit(*sink, batch_of(2, 151, 200, "c"));
  sink->close_writers();

  REQUIRE(load.results.size() == 3);
  CHECK(load.results[0].written == 100);
  CHECK_FALSE(load.results[0].error);
  REQUIRE(load.results[1].error);
  try {
    std::rethrow_exception(load.results[1].error);
  } catch (const etl::DatabaseError& error) {
    CHECK(error.code() == "23505");
    CHECK_FALSE(error.retryable());
    CHECK(std::string(error.what())
              .rfind("destination: COPY into public.sink_append (ids 100–150) failed: duplicate",
                     0) == 0);
  }
  // The failed batch rolled back and the same connection wrote the next one.
  CHECK_FALSE(load.results[2].error);
  CHECK(load.results[2].writer == 0);
  CHECK(scalar(url, "SELECT count(*) FROM public.sink_append") == "150");
  CHECK(scalar(url, "SELECT count(*) FROM public.sink_append WHERE name = 'b'") == "0");
}

TEST_CASE("pg sink: ignore inserts new keys and skips the keys already there",
          "[pg_server][sink]") {
  PG_TEST_URL_OR_SKIP(url);
  drop(url, "sink_ignore");
  auto sink = etl::make_postgres_sink(url);
  etl::LoadPlan plan = plan_for("sink_ignore", etl::Strategy::Ignore);
  sink->prepare(plan);
  seed_rows(url, "sink_ignore", 1, 50, "old", 1);

  Load load;
  sink->open_writers(2);
  load.submit(*sink, batch_of(0, 1, 100, "new"));
  load.submit(*sink, batch_of(1, 101, 120, "new"));
  sink->close_writers();

  REQUIRE(load.results.size() == 2);
  for (const etl::BatchResult& result : load.results)
    REQUIRE_FALSE(result.error);
  const etl::BatchResult& first = load.results[0].sequence == 0 ? load.results[0] : load.results[1];
  CHECK(first.written == 50);
  CHECK(first.skipped == 50);
  CHECK(scalar(url, "SELECT count(*) FROM public.sink_ignore WHERE name = 'old'") == "50");
  CHECK(scalar(url, "SELECT count(*) FROM public.sink_ignore") == "120");
}

TEST_CASE("pg sink: upsert inserts new keys and updates every column of existing ones",
          "[pg_server][sink]") {
  PG_TEST_URL_OR_SKIP(url);
  drop(url, "sink_upsert");
  auto sink = etl::make_postgres_sink(url);
  etl::LoadPlan plan = plan_for("sink_upsert", etl::Strategy::Upsert);
  sink->prepare(plan);
  seed_rows(url, "sink_upsert", 1, 50, "old", 7);

  Load load;
  sink->open_writers(1);
  load.submit(*sink, batch_of(0, 1, 100, "new"));
  sink->close_writers();

  REQUIRE(load.results.size() == 1);
  REQUIRE_FALSE(load.results[0].error);
  CHECK(load.results[0].written == 100);
  CHECK(load.results[0].skipped == 0);
  CHECK(scalar(url, "SELECT count(*) FROM public.sink_upsert WHERE name = 'new' AND status = 1") ==
        "100");
  CHECK(scalar(url, "SELECT count(*) FROM public.sink_upsert") == "100");
}

TEST_CASE("pg sink: mark_sweep revives the rows loaded again and sweeps only the others",
          "[pg_server][sink]") {
  PG_TEST_URL_OR_SKIP(url);
  drop(url, "sink_mark_sweep");
  auto sink = etl::make_postgres_sink(url);
  etl::LoadPlan plan = plan_for("sink_mark_sweep", etl::Strategy::MarkSweep);
  sink->prepare(plan);
  seed_rows(url, "sink_mark_sweep", 1, 60, "old", 1);

  plan.run_id = pg_test::unique_run_id("sink_mark_sweep");
  sink->prepare(plan);  // a new run: every row stale
  CHECK(scalar(url, "SELECT count(*) FROM public.sink_mark_sweep WHERE status = 0") == "60");

  Load load;
  sink->open_writers(3);
  load.submit(*sink, batch_of(0, 31, 70, "new"));
  load.submit(*sink, batch_of(1, 71, 100, "new"));
  sink->close_writers();
  for (const etl::BatchResult& result : load.results)
    REQUIRE_FALSE(result.error);

  etl::RowsDigest sent;
  etl::digest_tuples(batch_of(0, 31, 100, "new")->tuples, sent);
  CHECK(sink->digest_destination(plan) == sent);

  CHECK(sink->finalize(plan) == 30);
  CHECK(scalar(url,
               "SELECT min(id) || '-' || max(id) || ' ' || count(*) FROM public.sink_mark_sweep "
               "WHERE status = 1 AND name = 'new'") == "31-100 70");
  CHECK(scalar(url, "SELECT count(*) FROM public.sink_mark_sweep") == "70");
}

TEST_CASE("pg sink: an existing table that does not fit fails before any change, naming the column",
          "[pg_server][sink]") {
  PG_TEST_URL_OR_SKIP(url);
  drop(url, "sink_mismatch");
  pg_test::query(url,
                 "CREATE TABLE public.sink_mismatch (id bigint PRIMARY KEY, name varchar(5), "
                 "status smallint NOT NULL)");
  seed_rows(url, "sink_mismatch", 1, 3, "x", 1);
  auto sink = etl::make_postgres_sink(url);
  etl::LoadPlan plan = plan_for("sink_mismatch", etl::Strategy::MarkSweep);

  std::string expected =
      "destination: check the columns of public.sink_mismatch failed: column \"name\" is "
      "character varying(5), the load needs character varying(10);";
  try {
    sink->preflight(plan);
    FAIL("preflight accepted the table");
  } catch (const etl::DatabaseError& error) {
    CHECK(std::string(error.what()).rfind(expected, 0) == 0);
  }
  try {
    sink->prepare(plan);
    FAIL("prepare accepted the table");
  } catch (const etl::DatabaseError& error) {
    CHECK(std::string(error.what()).rfind(expected, 0) == 0);
  }
  CHECK(scalar(url, "SELECT count(*) FROM public.sink_mismatch WHERE status = 1") == "3");
}

TEST_CASE("pg sink: preflight reports the version, the table and the free connection slots",
          "[pg_server][sink]") {
  PG_TEST_URL_OR_SKIP(url);
  drop(url, "sink_preflight");
  auto sink = etl::make_postgres_sink(url);
  etl::LoadPlan plan = plan_for("sink_preflight", etl::Strategy::Upsert);

  etl::SinkPreflight facts = sink->preflight(plan);
  CHECK_FALSE(facts.server_version.empty());
  CHECK_FALSE(facts.table_exists);
  int max_connections = std::stoi(scalar(url, "SHOW max_connections"));
  CHECK(facts.free_connections > 0);
  CHECK(facts.free_connections < static_cast<std::size_t>(max_connections));
  CHECK(scalar(url, "SELECT to_regclass('public.sink_preflight') IS NULL") == "t");

  plan.create = etl::CreateMode::Never;
  CHECK_THROWS_AS(sink->preflight(plan), etl::DatabaseError);

  plan.create = etl::CreateMode::IfMissing;
  plan.columns[1].pg_type = "no_such_type";
  CHECK_THROWS_WITH(sink->preflight(plan),
                    Catch::Contains("no_such_type") && Catch::Contains("[42704]"));
}
