// One engine, many sessions on many threads: writers and readers of the same table never
// see a half-applied statement.
#include <atomic>
#include <thread>

#include "engine_test_util.h"

using namespace mssql_sim_test;

TEST_CASE("sessions on many threads insert and read one table consistently", "[concurrency][dml]") {
  Catalog catalog;
  QueryEngine engine(catalog);
  {
    SessionState setup;
    engine.execute(setup, "CREATE DATABASE shared");
    setup.database = "shared";
    auto outcomes = engine.execute(setup, "CREATE TABLE t (id int PRIMARY KEY, v int NOT NULL)");
    REQUIRE(outcomes.at(0).kind == StatementOutcome::Kind::Done);
  }

  constexpr int kThreads = 4;
  constexpr int kInsertsPerThread = 200;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      SessionState session;
      session.database = "shared";
      for (int i = 0; i < kInsertsPerThread; ++i) {
        const int id = t * kInsertsPerThread + i;
        // Two rows per statement: a reader must always see an even count.
        auto outcomes =
            engine.execute(session, "INSERT INTO t VALUES (" + std::to_string(id) + ", 1), (" +
                                        std::to_string(id + 100000) + ", 1)");
        if (outcomes.at(0).kind != StatementOutcome::Kind::Done) ++failures;
        auto counted = engine.execute(session, "SELECT COUNT(*) FROM t");
        Row row;
        if (!counted.at(0).rows || !counted.at(0).rows->next(row) || row[0].integer % 2 != 0) {
          ++failures;
        }
      }
    });
  }
  for (std::thread& thread : threads)
    thread.join();
  CHECK(failures == 0);

  SessionState session;
  session.database = "shared";
  auto outcomes = engine.execute(session, "SELECT COUNT(*), SUM(v) FROM t");
  CHECK(EngineFixture::texts(outcomes.at(0)) ==
        Rows{{std::to_string(2 * kThreads * kInsertsPerThread),
              std::to_string(2 * kThreads * kInsertsPerThread)}});
}
