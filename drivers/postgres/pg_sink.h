// etl::Sink for PostgreSQL: checks and prepares the destination table and the ledger, writes
// batches through the writer pool, reads the rows back for verification, sweeps stale rows and
// records each run's state in the ledger.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "etl/sink.h"
#include "postgres/pg_handles.h"
#include "postgres/pg_writer_pool.h"

namespace etl::postgres {

class PgSink final : public Sink {
 public:
  //! `url` is a libpq connection URL or keyword/value string; it may hold a password, which
  //! never appears in a message or log.
  explicit PgSink(std::string url);
  ~PgSink() override;

  SinkPreflight preflight(const LoadPlan& plan) override;
  std::optional<ResumePoint> unfinished_run(const LoadPlan& plan) override;
  void prepare(const LoadPlan& plan) override;
  void open_writers(std::size_t count) override;
  void submit(std::shared_ptr<const EncodedBatch> batch,
              std::function<void(BatchResult)> done) override;
  void close_writers() override;
  RowsDigest digest_destination(const LoadPlan& plan) override;
  std::uint64_t finalize(const LoadPlan& plan) override;
  void record_run_end(const LoadPlan& plan, const std::string& state,
                      const std::string& error) noexcept override;
  std::vector<LedgerRun> runs(const std::string& pipeline, const std::string& ledger_schema,
                              std::size_t limit) override;

  //! How long a lost writer keeps trying to reconnect and its first and longest pause; for
  //! tests (the default is about 60 s, 250 ms, 5 s). Takes effect at open_writers().
  void set_reconnect_policy(std::chrono::milliseconds give_up, std::chrono::milliseconds first,
                            std::chrono::milliseconds longest);

 private:
  void take_run_lock(const LoadPlan& plan);

  struct ReconnectPolicy {
    std::chrono::milliseconds give_up, first, longest;
  };

  std::string url_;
  //! Holds the pipeline's run lock (a session advisory lock) from preflight until the sink is
  //! destroyed, so that two processes never load the same pipeline at once.
  PgConn run_lock_;
  std::optional<LoadPlan> plan_;  //!< the plan prepare() made the table for
  std::unique_ptr<PgWriterPool> writers_;
  std::optional<ReconnectPolicy> reconnect_policy_;
};

}  // namespace etl::postgres
