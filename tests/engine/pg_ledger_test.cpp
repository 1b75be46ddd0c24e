// The ledger in the destination against a real server: what prepare records, the ledger row each
// batch commits with its rows, a batch applied once however often it is sent, and what
// unfinished_run, finalize, record_run_end and runs read and write.
#include <catch2/catch.hpp>
#include <mutex>

#include "pg_test_support.h"
#include "postgres/make_sink.h"

namespace {

using pg_test::batch_of;
using pg_test::plan_for;
using pg_test::scalar;

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

// A plan whose pipeline and ledger schema no other test uses, so that "the latest run" and
// "the ledger does not exist yet" are this test's alone.
etl::LoadPlan ledger_plan(const std::string& table, etl::Strategy strategy) {
  etl::LoadPlan plan = plan_for(table, strategy);
  plan.pipeline = "ledger_" + table;
  plan.ledger_schema = "etl_test_" + table;
  return plan;
}

void reset(const std::string& url, const etl::LoadPlan& plan) {
  pg_test::query(url, "DROP TABLE IF EXISTS public." + plan.table);
  pg_test::query(url, "DROP SCHEMA IF EXISTS " + plan.ledger_schema + " CASCADE");
}

std::string ledger(const etl::LoadPlan& plan, const std::string& select) {
  return "SELECT " + select + " FROM " + plan.ledger_schema + ".";
}

}  // namespace

TEST_CASE("pg ledger: prepare creates the ledger and records the run as running",
          "[pg_server][ledger]") {
  PG_TEST_URL_OR_SKIP(url);
  etl::LoadPlan plan = ledger_plan("ledger_prepare", etl::Strategy::MarkSweep);
  reset(url, plan);
  auto sink = etl::make_postgres_sink(url);

  CHECK_FALSE(sink->unfinished_run(plan));
  CHECK(sink->runs(plan.pipeline, plan.ledger_schema, 10).empty());
  sink->prepare(plan);

  std::vector<etl::LedgerRun> runs = sink->runs(plan.pipeline, plan.ledger_schema, 10);
  REQUIRE(runs.size() == 1);
  const etl::LedgerRun& run = runs[0];
  CHECK(run.run_id == plan.run_id);
  CHECK(run.pipeline == plan.pipeline);
  CHECK(run.state == "running");
  CHECK(run.source_table == "dbo.ledger_prepare");
  CHECK(run.destination_table == "public.ledger_prepare");
  CHECK(run.strategy == "mark_sweep");
  CHECK(run.batch_rows == 4000);
  CHECK(run.table_created);
  CHECK(run.marked);
  CHECK(run.batches == 0);
  CHECK(run.started_at.size() == 20);  // 2026-12-04T18:24:28Z
  CHECK(run.started_at.back() == 'Z');

  // A second prepare of another run finds the table and the ledger there.
  etl::LoadPlan next = plan;
  next.run_id = pg_test::unique_run_id(plan.table);
  sink->prepare(next);
  runs = sink->runs(plan.pipeline, plan.ledger_schema, 10);
  REQUIRE(runs.size() == 2);
  CHECK(runs[0].run_id == next.run_id);
  CHECK_FALSE(runs[0].table_created);
}

TEST_CASE("pg ledger: a prepare that fails changes nothing, not even the table",
          "[pg_server][ledger]") {
  PG_TEST_URL_OR_SKIP(url);
  etl::LoadPlan plan = ledger_plan("ledger_atomic", etl::Strategy::Upsert);
  reset(url, plan);
  auto sink = etl::make_postgres_sink(url);
  sink->prepare(plan);
  pg_test::query(url, "DROP TABLE public.ledger_atomic");

  // The run id is taken: the failure comes after the CREATE TABLE in the same transaction.
  CHECK_THROWS_WITH(sink->prepare(plan), Catch::Contains("is in the ledger already"));
  CHECK(scalar(url, "SELECT to_regclass('public.ledger_atomic') IS NULL") == "t");
  CHECK(scalar(url, ledger(plan, "count(*)") + "runs") == "1");
}

TEST_CASE("pg ledger: each committed batch writes its ledger row and a failing batch leaves none",
          "[pg_server][ledger]") {
  PG_TEST_URL_OR_SKIP(url);
  etl::LoadPlan plan = ledger_plan("ledger_rows", etl::Strategy::Upsert);
  reset(url, plan);
  auto sink = etl::make_postgres_sink(url);
  sink->prepare(plan);

  auto good = batch_of(7, 1, 10, "fits");
  good->rejected = 2;
  good->resume_token = "{\"id\":10}";
  good->digest.hash_sum = 0xFEDCBA9876543210ULL;  // above 2^63: stored as two's complement
  Load load;
  sink->open_writers(1);
  load.submit(*sink, good);
  load.submit(*sink, batch_of(8, 11, 20, "far too long for ten"));
  sink->close_writers();

  REQUIRE(load.results.size() == 2);
  CHECK_FALSE(load.results[0].error);
  CHECK(load.results[1].error);
  CHECK(scalar(url, ledger(plan, "count(*)") + "batches") == "1");
  CHECK(scalar(url, ledger(plan,
                           "pipeline || ' ' || sequence || ' ' || first_key || '-' || "
                           "last_key || ' ' || resume_token || ' ' || rejected || ' ' || "
                           "rows") +
                        "batches") == "ledger_ledger_rows 7 1-10 {\"id\":10} 2 10");

  std::optional<etl::ResumePoint> point = sink->unfinished_run(plan);
  REQUIRE(point);
  REQUIRE(point->batches.size() == 1);
  CHECK(point->batches[0].digest == good->digest);
  CHECK(point->batches[0].rejected == 2);
  CHECK(point->batches[0].resume_token == "{\"id\":10}");
  CHECK(point->run.batches == 1);
  CHECK(point->run.rows == 10);
}

TEST_CASE(
    "pg ledger: a batch sent again after it committed reports already_applied and "
    "changes nothing",
    "[pg_server][ledger]") {
  PG_TEST_URL_OR_SKIP(url);
  auto strategy = GENERATE(etl::Strategy::Append, etl::Strategy::Ignore, etl::Strategy::Upsert,
                           etl::Strategy::MarkSweep);
  etl::LoadPlan plan = ledger_plan("ledger_again", strategy);
  reset(url, plan);
  auto sink = etl::make_postgres_sink(url);
  sink->prepare(plan);

  Load load;
  sink->open_writers(2);
  load.submit(*sink, batch_of(0, 1, 100, "first"));
  load.submit(*sink, batch_of(1, 101, 200, "first"));
  sink->close_writers();
  sink->open_writers(2);
  // The same sequence again, as after a COMMIT whose answer was lost, with other values:
  // had it been applied, the names would change (or, for append, the keys clash).
  load.submit(*sink, batch_of(0, 1, 100, "second"));
  load.submit(*sink, batch_of(2, 201, 250, "second"));
  sink->close_writers();

  REQUIRE(load.results.size() == 4);
  for (const etl::BatchResult& result : load.results)
    REQUIRE_FALSE(result.error);
  const etl::BatchResult& again = load.results[2].sequence == 0 ? load.results[2] : load.results[3];
  CHECK(again.already_applied);
  CHECK(again.written == 0);
  CHECK(again.skipped == 0);
  CHECK(scalar(url, "SELECT count(*) FROM public.ledger_again WHERE name = 'first'") == "200");
  CHECK(scalar(url, "SELECT count(*) FROM public.ledger_again") == "250");
  CHECK(scalar(url, ledger(plan, "string_agg(sequence::text, ',' ORDER BY sequence)") +
                        "batches") == "0,1,2");
}

TEST_CASE(
    "pg ledger: unfinished_run returns the batches in order and ignores succeeded runs "
    "and other loads",
    "[pg_server][ledger]") {
  PG_TEST_URL_OR_SKIP(url);
  etl::LoadPlan plan = ledger_plan("ledger_unfinished", etl::Strategy::Upsert);
  reset(url, plan);
  auto sink = etl::make_postgres_sink(url);
  sink->prepare(plan);

  Load load;
  sink->open_writers(3);
  for (std::uint64_t sequence : {4, 0, 2, 1, 3}) {
    load.submit(*sink, batch_of(sequence, sequence * 10 + 1, sequence * 10 + 10, "x"));
  }
  sink->close_writers();
  sink->record_run_end(plan, "interrupted", "stopped by SIGTERM");

  std::optional<etl::ResumePoint> point = sink->unfinished_run(plan);
  REQUIRE(point);
  CHECK(point->run.run_id == plan.run_id);
  CHECK(point->run.state == "interrupted");
  CHECK(point->run.error == "stopped by SIGTERM");
  REQUIRE(point->batches.size() == 5);
  for (std::uint64_t i = 0; i < 5; ++i) {
    CHECK(point->batches[i].sequence == i);
    CHECK(point->batches[i].first_key == std::to_string(i * 10 + 1));
  }

  SECTION("another destination table, source table, strategy or batch size is another load") {
    etl::LoadPlan other = plan;
    other.table = "somewhere_else";
    CHECK_FALSE(sink->unfinished_run(other));
    other = plan;
    other.source_table = "dbo.other";
    CHECK_FALSE(sink->unfinished_run(other));
    other = plan;
    other.strategy = etl::Strategy::Ignore;
    CHECK_FALSE(sink->unfinished_run(other));
    other = plan;
    other.batch_rows = 1000;
    CHECK_FALSE(sink->unfinished_run(other));
  }
  SECTION("a run that succeeded is not resumed") {
    sink->finalize(plan);
    CHECK_FALSE(sink->unfinished_run(plan));
  }
  SECTION("a run that failed verification is not resumed") {
    sink->record_run_end(plan, "verification_failed", "checksums differ");
    CHECK_FALSE(sink->unfinished_run(plan));
  }
  SECTION("only the latest run of the pipeline counts") {
    etl::LoadPlan later = plan;
    later.run_id = pg_test::unique_run_id(plan.table);
    later.table = "ledger_unfinished_other";
    pg_test::query(url, "DROP TABLE IF EXISTS public.ledger_unfinished_other");
    sink->prepare(later);
    CHECK_FALSE(sink->unfinished_run(plan));
    std::optional<etl::ResumePoint> other = sink->unfinished_run(later);
    REQUIRE(other);
    CHECK(other->batches.empty());
    pg_test::query(url, "DROP TABLE public.ledger_unfinished_other");
  }
}

TEST_CASE("pg ledger: a resumed mark_sweep run does not mark the rows stale again",
          "[pg_server][ledger]") {
  PG_TEST_URL_OR_SKIP(url);
  etl::LoadPlan plan = ledger_plan("ledger_resume", etl::Strategy::MarkSweep);
  reset(url, plan);
  auto sink = etl::make_postgres_sink(url);
  sink->prepare(plan);
  pg_test::query(url,
                 "INSERT INTO public.ledger_resume SELECT g, 'old', 1 FROM "
                 "generate_series(1, 40) g");
  etl::LoadPlan first = plan;
  first.run_id = pg_test::unique_run_id(plan.table);
  sink->prepare(first);
  CHECK(scalar(url, "SELECT count(*) FROM public.ledger_resume WHERE status = 0") == "40");

  Load load;
  sink->open_writers(1);
  load.submit(*sink, batch_of(0, 1, 20, "new"));
  sink->close_writers();
  sink->record_run_end(first, "failed", "the source went away");

  auto again = etl::make_postgres_sink(url);
  std::optional<etl::ResumePoint> point = again->unfinished_run(first);
  REQUIRE(point);
  CHECK(point->run.marked);
  etl::LoadPlan resumed = first;
  resumed.resume = true;
  again->prepare(resumed);

  // The 20 rows the first attempt loaded stay loaded; the others stay stale.
  CHECK(scalar(url, "SELECT count(*) FROM public.ledger_resume WHERE status = 1") == "20");
  CHECK(scalar(url, "SELECT count(*) FROM public.ledger_resume WHERE status = 0") == "20");
  std::vector<etl::LedgerRun> runs = again->runs(plan.pipeline, plan.ledger_schema, 1);
  REQUIRE(runs.size() == 1);
  CHECK(runs[0].run_id == first.run_id);
  CHECK(runs[0].state == "running");
  CHECK(runs[0].error.empty());
  CHECK(runs[0].batches == 1);

  etl::LoadPlan unknown = resumed;
  unknown.run_id = "never-ran";
  CHECK_THROWS_WITH(again->prepare(unknown), Catch::Contains("is not in the ledger"));
}

TEST_CASE("pg ledger: finalize sweeps and records success in one go, and runs() lists newest first",
          "[pg_server][ledger]") {
  PG_TEST_URL_OR_SKIP(url);
  etl::LoadPlan plan = ledger_plan("ledger_finalize", etl::Strategy::MarkSweep);
  reset(url, plan);
  auto sink = etl::make_postgres_sink(url);
  sink->prepare(plan);
  pg_test::query(url,
                 "INSERT INTO public.ledger_finalize SELECT g, 'old', 1 FROM "
                 "generate_series(1, 30) g");

  std::vector<std::string> run_ids;
  for (int attempt = 0; attempt < 3; ++attempt) {
    etl::LoadPlan run = plan;
    run.run_id = pg_test::unique_run_id(plan.table);
    run_ids.push_back(run.run_id);
    sink->prepare(run);
    Load load;
    sink->open_writers(2);
    load.submit(*sink, batch_of(0, 1, 10, "new"));
    load.submit(*sink, batch_of(1, 11, 15, "new"));
    sink->close_writers();
    if (attempt == 1) {
      sink->record_run_end(run, "failed", "destination: COPY failed");
    } else {
      CHECK(sink->finalize(run) == (attempt == 0 ? 15 : 0));
    }
  }
  CHECK(scalar(url, "SELECT count(*) FROM public.ledger_finalize") == "15");

  std::vector<etl::LedgerRun> runs = sink->runs(plan.pipeline, plan.ledger_schema, 3);
  REQUIRE(runs.size() == 3);
  CHECK(runs[0].run_id == run_ids[2]);
  CHECK(runs[0].state == "succeeded");
  CHECK(runs[1].run_id == run_ids[1]);
  CHECK(runs[1].state == "failed");
  CHECK(runs[1].error == "destination: COPY failed");
  CHECK(runs[2].run_id == run_ids[0]);
  CHECK(runs[2].state == "succeeded");
  for (const etl::LedgerRun& run : runs) {
    CHECK(run.batches == 2);
    CHECK(run.rows == 15);
  }
  CHECK(sink->runs(plan.pipeline, plan.ledger_schema, 1).size() == 1);
  CHECK(sink->runs("no such pipeline", plan.ledger_schema, 5).empty());
}

TEST_CASE("pg ledger: record_run_end never throws, even when the destination is unreachable",
          "[postgres][ledger]") {
  etl::LoadPlan plan = ledger_plan("ledger_unreachable", etl::Strategy::Upsert);
  auto sink = etl::make_postgres_sink("postgresql://etl:s3cret@127.0.0.1:1/etl?connect_timeout=2");
  CHECK_NOTHROW(sink->record_run_end(plan, "failed", "whatever"));
}

TEST_CASE(
    "pg ledger: one process at a time runs a pipeline: a second preflight is refused until "
    "the first sink is gone",
    "[pg_server][ledger]") {
  PG_TEST_URL_OR_SKIP(url);
  etl::LoadPlan plan = ledger_plan("ledger_run_lock", etl::Strategy::Upsert);
  reset(url, plan);
  auto first = etl::make_postgres_sink(url);
  first->preflight(plan);

  auto second = etl::make_postgres_sink(url);
  try {
    second->preflight(plan);
    FAIL("a second process took the run lock of a pipeline that is running");
  } catch (const etl::DatabaseError& error) {
    CHECK_FALSE(error.retryable());
    CHECK_THAT(error.what(),
               Catch::Contains("another etl process is running pipeline " + plan.pipeline));
  }

  etl::LoadPlan other = ledger_plan("ledger_run_lock_other", etl::Strategy::Upsert);
  reset(url, other);
  CHECK_NOTHROW(etl::make_postgres_sink(url)->preflight(other));  // other pipelines go on

  first.reset();
  CHECK_NOTHROW(second->preflight(plan));
}

TEST_CASE("pg ledger: a user without CREATE on the database uses a ledger schema made for it",
          "[pg_server][ledger]") {
  PG_TEST_URL_OR_SKIP(url);
  pg_test::query(url, "DROP SCHEMA IF EXISTS etl_restricted CASCADE");
  pg_test::query(url, "DROP ROLE IF EXISTS etl_restricted");
  pg_test::query(url, "CREATE ROLE etl_restricted LOGIN");
  pg_test::query(url, "REVOKE CREATE ON DATABASE " +
                          pg_test::scalar(url, "SELECT current_database()") + " FROM PUBLIC");
  pg_test::query(url, "CREATE SCHEMA etl_restricted AUTHORIZATION etl_restricted");

  etl::LoadPlan plan = ledger_plan("ledger_restricted", etl::Strategy::Upsert);
  plan.schema = "etl_restricted";
  plan.ledger_schema = "etl_restricted";
  auto sink = etl::make_postgres_sink(pg_test::with_parameter(url, "user=etl_restricted"));
  CHECK_NOTHROW(sink->prepare(plan));
  CHECK(sink->runs(plan.pipeline, plan.ledger_schema, 10).size() == 1);

  etl::LoadPlan elsewhere = plan;
  elsewhere.run_id = pg_test::unique_run_id(plan.table);
  elsewhere.ledger_schema = "etl_restricted_missing";
  try {
    sink->prepare(elsewhere);
    FAIL("a user without CREATE on the database created a schema");
  } catch (const etl::DatabaseError& error) {
    CHECK_THAT(error.what(), Catch::Contains("destination.ledger_schema"));
  }
  sink.reset();
  pg_test::query(url, "DROP SCHEMA etl_restricted CASCADE");
  pg_test::query(url, "DROP OWNED BY etl_restricted");
  pg_test::query(url, "DROP ROLE etl_restricted");
}
