// The writer connections of the PostgreSQL sink: N libpq connections in non-blocking mode,
// all driven by one Boost.Asio io_context on one thread that the pool owns — no thread per
// connection, and no call on that thread ever blocks. A writer whose connection is lost is
// reopened on that thread, with backoff, while the batches wait.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "etl/sink.h"

namespace etl::postgres {

//! What every writer connection runs once, and what it sends for each batch.
struct WriterSetup {
  std::string url;
  std::vector<std::string> session_sql;  //!< run once per connection (the staging table)
  std::string batch_sql;  //!< BEGIN; COPY ledger; COPY … FROM STDIN; [merge;] COMMIT
  std::vector<std::string> batch_actions;  //!< the statements of batch_sql, for messages
  std::string pipeline;                    //!< for each batch's ledger row
  std::string run_id;
  Strategy strategy = Strategy::Upsert;
  std::string table;      //!< for messages: public.bi_credores_paralelo
  std::string key_label;  //!< for messages: "ids" in "(ids 120001–124000)"
};

class PgWriterPool {
 public:
  explicit PgWriterPool(WriterSetup setup);
  ~PgWriterPool();
  PgWriterPool(const PgWriterPool&) = delete;
  PgWriterPool& operator=(const PgWriterPool&) = delete;

  //! Connects `count` writers one after the other on the calling thread (blocking), runs
  //! their session statements, then starts the I/O thread. Throws DatabaseError.
  void open(std::size_t count);

  //! Queues a batch for the next free writer and returns at once; `done` runs on the I/O
  //! thread when the batch's transaction committed, failed, or found its ledger row there
  //! already (already_applied). Batches wait while a writer is being reconnected; they fail
  //! (not retryable) only when no writer is left and none could reconnect. Thread-safe, and
  //! callable from `done`, also while close() waits.
  void submit(std::shared_ptr<const EncodedBatch> batch, std::function<void(BatchResult)> done);

  //! Waits until every submitted batch is done, closes the connections and joins the I/O
  //! thread. Rethrows the first exception a `done` callback threw. Never call it from `done`.
  void close();

  //! How many writers are connected (those being reconnected or given up are not counted).
  std::size_t live_writers() const;

  //! How long a lost writer keeps trying to reconnect, and the first and longest pause
  //! between its attempts (the pause doubles). For tests; call before open().
  void set_reconnect_policy(std::chrono::milliseconds give_up, std::chrono::milliseconds first,
                            std::chrono::milliseconds longest);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace etl::postgres
