// The writer connections of the PostgreSQL sink: N libpq connections in non-blocking mode,
// all driven by one Boost.Asio io_context on one thread that the pool owns — no thread per
// connection, and no call on that thread ever blocks.
#pragma once

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
  std::vector<std::string> session_sql;    //!< run once per connection (the staging table)
  std::string batch_sql;                   //!< BEGIN; COPY … FROM STDIN; [merge;] COMMIT
  std::vector<std::string> batch_actions;  //!< the statements of batch_sql, for messages
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
  //! thread when the batch's transaction committed or failed. Thread-safe.
  void submit(std::shared_ptr<const EncodedBatch> batch, std::function<void(BatchResult)> done);

  //! Waits until every submitted batch is done, closes the connections and joins the I/O
  //! thread. Rethrows the first exception a `done` callback threw. Never call it from `done`.
  void close();

  //! How many writers are connected (those whose connection was lost are not counted).
  std::size_t live_writers() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace etl::postgres
