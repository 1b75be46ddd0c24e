// The PostgreSQL sink's writers when connections go: a writer killed in the middle of a batch is
// replaced and the batch, sent again, commits once; a server restart in the middle of a load
// ends with every batch committed once and every writer back; a destination that stays away
// fails the waiting batches for good.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

#include "pg_test_support.h"
#include "postgres/make_sink.h"
#include "postgres/pg_sink.h"

namespace {

using namespace std::chrono_literals;
using pg_test::batch_of;
using pg_test::plan_for;
using pg_test::scalar;

bool retryable(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const etl::DatabaseError& failure) {
    return failure.retryable();
  } catch (...) {
    return false;
  }
}

std::string message_of(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& failure) {
    return failure.what();
  }
}

// Sends batches as the engine does: a batch that failed and may pass when tried again goes in
// again from its `done` callback.
class Resubmitting {
 public:
  explicit Resubmitting(etl::Sink& sink) : sink_(sink) {}

  void submit(std::shared_ptr<etl::EncodedBatch> batch) {
    sink_.submit(batch, [this, batch](etl::BatchResult result) {
      bool again = false;
      {
        std::lock_guard lock(mutex_);
        std::vector<etl::BatchResult>& tries = attempts_[result.sequence];
        tries.push_back(result);
        again = result.error && retryable(result.error) && tries.size() < 20;
        if (!again) ++finished_;
      }
      if (again) {
        submit(batch);
      } else {
        finished_changed_.notify_all();
      }
    });
  }

  //! Whether `count` batches got their last answer within `timeout`.
  bool wait_for(std::size_t count, std::chrono::seconds timeout) {
    std::unique_lock lock(mutex_);
    return finished_changed_.wait_for(lock, timeout, [&] { return finished_ >= count; });
  }

  std::map<std::uint64_t, std::vector<etl::BatchResult>> attempts() {
    std::lock_guard lock(mutex_);
    return attempts_;
  }

 private:
  etl::Sink& sink_;
  std::mutex mutex_;
  std::condition_variable finished_changed_;
  std::size_t finished_ = 0;
  std::map<std::uint64_t, std::vector<etl::BatchResult>> attempts_;
};

// Polls `sql` until it returns `expected`, for up to `timeout`.
bool eventually(const std::string& url, const std::string& sql, const std::string& expected,
                std::chrono::seconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (scalar(url, sql) == expected) return true;
    std::this_thread::sleep_for(50ms);
  }
  return false;
}

std::string backends_of(const std::string& application, const std::string& condition = "true") {
  return "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + application +
         "' AND " + condition;
}

// A cluster of the test's own, started with the project's script, for a test that restarts it.
class OwnCluster {
 public:
  OwnCluster() {
    dir_ =
        std::filesystem::temp_directory_path() / ("etl-pg-reconnect-" + std::to_string(::getpid()));
    if (std::system((script() + " start '" + dir_.string() + "' >/dev/null").c_str()) != 0) {
      return;
    }
    std::ifstream env(dir_ / "env");
    for (std::string line; std::getline(env, line);) {
      if (line.rfind("export PG_URL=", 0) == 0) url_ = line.substr(14);
    }
  }
  ~OwnCluster() {
    std::system((script() + " stop '" + dir_.string() + "' >/dev/null 2>&1").c_str());
  }

  const std::string& url() const { return url_; }

  //! pg_ctl restart -m fast, as the cluster's owner; true when the server is back.
  bool restart() const {
    std::string data = (dir_ / "data").string();
    std::string log = (dir_ / "server.log").string();
    std::string command =
        "sh -c 'bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1); "
        "set -- \"$bin/pg_ctl\" -D \"" +
        data + "\" -l \"" + log +
        "\" -m fast -w -t 60 restart; "
        "if [ \"$(id -u)\" = 0 ]; then runuser -u postgres -- \"$@\"; else \"$@\"; fi' "
        ">/dev/null 2>&1";
    return std::system(command.c_str()) == 0;
  }

 private:
  static std::string script() {
    return "'" +
           (std::filesystem::path(__FILE__).parent_path() / "../../scripts/pg-test-cluster.sh")
               .lexically_normal()
               .string() +
           "'";
  }

  std::filesystem::path dir_;
  std::string url_;
};

}  // namespace

TEST_CASE(
    "pg writers: a writer killed in the middle of a batch is replaced, and the batch sent "
    "again commits once",
    "[pg_server][writers][reconnect]") {
  PG_TEST_URL_OR_SKIP(url);
  const std::string app = "etl_reconnect_kill";
  pg_test::query(url, "DROP TABLE IF EXISTS public.reconnect_kill");
  auto sink = etl::make_postgres_sink(pg_test::with_parameter(url, "application_name=" + app));
  etl::LoadPlan plan = plan_for("reconnect_kill", etl::Strategy::Append);
  sink->prepare(plan);
  sink->open_writers(2);

  // The table is held, so both writers stop inside their batch, after its ledger row.
  etl::postgres::PgConn holder = etl::postgres::connect(url);
  etl::postgres::exec(holder.get(), "BEGIN", "test", "hold");
  etl::postgres::exec(holder.get(), "LOCK TABLE public.reconnect_kill", "test", "hold");
  Resubmitting load(*sink);
  load.submit(batch_of(0, 1, 1000, "x"));
  load.submit(batch_of(1, 1001, 2000, "x"));
  REQUIRE(eventually(url, backends_of(app, "wait_event_type = 'Lock'"), "2", 20s));

  pg_test::query(url,
                 "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                 "application_name = '" +
                     app + "'");
  // Replaced, the writers take the batches again and wait for the table again.
  REQUIRE(eventually(url, backends_of(app, "wait_event_type = 'Lock'"), "2", 20s));
  etl::postgres::exec(holder.get(), "ROLLBACK", "test", "release");

  REQUIRE(load.wait_for(2, 30s));
  CHECK(scalar(url, backends_of(app)) == "2");
  sink->close_writers();

  for (const auto& [sequence, tries] : load.attempts()) {
    REQUIRE(tries.size() == 2);
    CHECK(retryable(tries[0].error));
    CHECK_FALSE(tries[1].error);
    CHECK_FALSE(tries[1].already_applied);
    CHECK(tries[1].written == 1000);
  }
  CHECK(scalar(url, "SELECT count(*) || ' ' || count(DISTINCT id) FROM public.reconnect_kill") ==
        "2000 2000");
  CHECK(scalar(url, "SELECT count(*) FROM etl.batches WHERE run_id = '" + plan.run_id + "'") ==
        "2");
}

TEST_CASE(
    "pg writers: when no writer can reconnect, the waiting batches fail as not retryable, "
    "naming the destination unreachable",
    "[pg_server][writers][reconnect]") {
  PG_TEST_URL_OR_SKIP(url);
  const std::string database = "etl_unreachable_" + std::to_string(::getpid());
  const std::string app = "etl_reconnect_gone";
  pg_test::query(url, "DROP DATABASE IF EXISTS " + database);
  pg_test::query(url, "CREATE DATABASE " + database);
  std::string database_url = url.substr(0, url.rfind('/') + 1) + database;

  etl::postgres::PgSink sink(pg_test::with_parameter(database_url, "application_name=" + app));
  sink.set_reconnect_policy(1500ms, 100ms, 400ms);
  etl::LoadPlan plan = plan_for("reconnect_gone", etl::Strategy::Upsert);
  sink.prepare(plan);
  sink.open_writers(2);

  pg_test::query(url, "ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
  pg_test::query(url, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" +
                          database + "'");
  auto started = std::chrono::steady_clock::now();
  Resubmitting load(sink);
  for (std::uint64_t sequence = 0; sequence < 3; ++sequence) {
    load.submit(batch_of(sequence, sequence * 10 + 1, sequence * 10 + 10, "x"));
  }
  REQUIRE(load.wait_for(3, 20s));
  CHECK(std::chrono::steady_clock::now() - started < 10s);
  sink.close_writers();

  for (const auto& [sequence, tries] : load.attempts()) {
    const etl::BatchResult& last = tries.back();
    REQUIRE(last.error);
    CHECK_FALSE(retryable(last.error));
    CHECK_THAT(message_of(last.error), Catch::Contains("the destination is unreachable"));
  }
  pg_test::query(url, "ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
  pg_test::query(url, "DROP DATABASE " + database);
}

TEST_CASE(
    "pg writers: pg_ctl restart -m fast in the middle of a load ends with every batch "
    "committed once and every writer back",
    "[pg_server][writers][reconnect]") {
  OwnCluster cluster;
  REQUIRE_FALSE(cluster.url().empty());
  const std::string url = cluster.url();
  const std::string app = "etl_reconnect_restart";
  auto sink = etl::make_postgres_sink(pg_test::with_parameter(url, "application_name=" + app));
  etl::LoadPlan plan = plan_for("reconnect_restart", etl::Strategy::Upsert);
  sink->prepare(plan);
  sink->open_writers(4);

  constexpr std::uint64_t kBatches = 60;
  constexpr std::int64_t kRows = 2000;
  Resubmitting load(*sink);
  for (std::uint64_t sequence = 0; sequence < kBatches; ++sequence) {
    std::int64_t first = static_cast<std::int64_t>(sequence) * kRows + 1;
    load.submit(batch_of(sequence, first, first + kRows - 1, "r"));
  }
  REQUIRE(load.wait_for(3, 60s));
  REQUIRE(cluster.restart());

  REQUIRE(load.wait_for(kBatches, 120s));
  CHECK(eventually(url, backends_of(app), "4", 30s));
  sink->close_writers();

  std::size_t retried = 0;
  std::map<std::uint64_t, std::vector<etl::BatchResult>> attempts = load.attempts();
  REQUIRE(attempts.size() == kBatches);
  for (const auto& [sequence, tries] : attempts) {
    CHECK_FALSE(tries.back().error);
    if (tries.size() > 1) ++retried;
  }
  CHECK(retried > 0);  // the restart did come in the middle of the load
  CHECK(scalar(url, "SELECT count(*) || ' ' || count(DISTINCT id) FROM public.reconnect_restart") ==
        std::to_string(kBatches * kRows) + " " + std::to_string(kBatches * kRows));
  CHECK(scalar(url, "SELECT count(*) FROM etl.batches WHERE run_id = '" + plan.run_id + "'") ==
        std::to_string(kBatches));
}
