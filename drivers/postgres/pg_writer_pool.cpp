#include "postgres/pg_writer_pool.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

#include "postgres/pg_connection.h"
#include "postgres/pg_copy_format.h"
#include "postgres/pg_ledger.h"
#include "postgres/pg_writer_pool_impl.h"

namespace etl::postgres {

PgWriterPool::PgWriterPool(WriterSetup setup) : impl_(std::make_unique<Impl>(std::move(setup))) {}

PgWriterPool::~PgWriterPool() {
  try {
    close();
  } catch (const std::exception& error) {
    spdlog::error("destination: closing the writers of {}: {}", impl_->setup.table, error.what());
  }
}

void PgWriterPool::open(std::size_t count) {
  Impl& pool = *impl_;
  if (pool.thread.joinable()) throw std::logic_error("PgWriterPool::open: already open");

  for (std::size_t index = 0; index < count; ++index) {
    PgConn conn = connect(pool.setup.url);
    for (const std::string& sql : pool.setup.session_sql) {
      exec(conn.get(), sql, pool.setup.table, "create the staging table for");
    }
    if (PQsetnonblocking(conn.get(), 1) != 0) {
      throw DatabaseError(Side::Destination, pool.setup.table, "open a writer for",
                          trimmed_error(conn.get()));
    }
    pool.writers.push_back(std::make_unique<Writer>(index, pool.io));
    pool.writers.back()->attach(std::move(conn));
  }
  pool.live = count;
  // The idle writers watch their sockets from the I/O thread, to notice a server that goes.
  asio::post(pool.io, [&pool] {
    for (auto& writer : pool.writers)
      pool.make_idle(*writer);
  });

  {
    std::lock_guard lock(pool.mutex);
    pool.accepting = true;
  }
  pool.guard.emplace(pool.io.get_executor());
  pool.thread = std::thread([&pool] {
    for (;;) {
      try {
        pool.io.run();
        return;
      } catch (const std::exception& error) {
        spdlog::error("destination: writer I/O loop: {}", error.what());
      }
    }
  });
}

void PgWriterPool::submit(std::shared_ptr<const EncodedBatch> batch,
                          std::function<void(BatchResult)> done) {
  Impl& pool = *impl_;
  {
    std::lock_guard lock(pool.mutex);
    if (!pool.accepting) throw std::logic_error("PgWriterPool::submit: the writers are not open");
    ++pool.pending;
  }
  asio::post(pool.io, [&pool, job = Job{std::move(batch), std::move(done)}]() mutable {
    pool.queue.push_back(std::move(job));
    pool.dispatch();
  });
}

void PgWriterPool::close() {
  Impl& pool = *impl_;
  {
    // A `done` may submit its batch again while this waits: pending stays above 0 meanwhile.
    std::unique_lock lock(pool.mutex);
    pool.drained.wait(lock, [&pool] { return pool.pending == 0; });
    pool.accepting = false;
  }
  if (pool.thread.joinable()) {
    asio::post(pool.io, [&pool] { pool.shut_down(); });
    pool.guard.reset();
    pool.thread.join();
  }
  pool.writers.clear();
  pool.idle.clear();
  pool.live = 0;

  std::exception_ptr error;
  {
    std::lock_guard lock(pool.mutex);
    std::swap(error, pool.callback_error);
  }
  if (error) std::rethrow_exception(error);
}

std::size_t PgWriterPool::live_writers() const {
  return impl_->live;
}

// Hands queued batches to idle writers. Batches wait while a writer reconnects; when no writer
// is left and none is reconnecting, they fail.
void PgWriterPool::Impl::dispatch() {
  while (!queue.empty() && !idle.empty()) {
    Writer* writer = idle.front();
    idle.pop_front();
    Job job = std::move(queue.front());
    queue.pop_front();
    start(*writer, std::move(job));
  }
  while (live == 0 && reconnecting == 0 && !queue.empty()) {
    Job job = std::move(queue.front());
    queue.pop_front();
    BatchResult result;
    result.sequence = job.batch->sequence;
    result.rows = job.batch->rows;
    result.error = std::make_exception_ptr(DatabaseError(
        Side::Destination, object_of(*job.batch), "COPY",
        "the destination is unreachable: every writer lost its connection and none could "
        "reconnect within " +
            std::to_string(give_up_after.count() / 1000) + " s",
        "", false));
    deliver(job, std::move(result));
  }
}

void PgWriterPool::Impl::start(Writer& writer, Job job) {
  ++writer.generation;
  writer.socket.cancel();  // the idle watch
  writer.state = WriterState::Busy;
  writer.job = std::move(job);
  writer.ledger_row = ledger_tuple(setup.pipeline, setup.run_id, *writer.job.batch);
  writer.next_action = 0;
  writer.copying_ledger = false;
  writer.sent = 0;
  writer.copied = 0;
  writer.merged = 0;
  writer.error = nullptr;
  writer.already_applied = false;
  writer.broken = false;

  if (PQsendQuery(writer.conn.get(), setup.batch_sql.c_str()) != 1) {
    lose(writer, trimmed_error(writer.conn.get()));
    return;
  }
  writer.phase = Phase::FlushQuery;
  advance(writer);
}

// Runs the writer's phases until one has to wait for the socket or the batch is over.
void PgWriterPool::Impl::advance(Writer& writer) {
  try {
    while (step(writer)) {
    }
  } catch (const std::exception& error) {
    lose(writer, error.what());
  }
}

// One phase; false when the writer now waits (or finished its batch).
bool PgWriterPool::Impl::step(Writer& writer) {
  switch (writer.phase) {
    case Phase::FlushQuery:
      return flush(writer, Phase::ReadResults);
    case Phase::ReadResults:
      return read_results(writer);
    case Phase::SendCopy:
      return send_copy(writer);
    case Phase::EndCopy: {
      int sent = PQputCopyEnd(writer.conn.get(), nullptr);
      if (sent == 0) {
        wait(writer, Direction::Write);
        return false;
      }
      if (sent < 0) return stopped_copy(writer);
      writer.phase = Phase::FlushCopyEnd;
      return true;
    }
    case Phase::FlushCopyEnd:
      return flush(writer, Phase::ReadResults);
    case Phase::FlushRollback:
      return flush(writer, Phase::ReadRollback);
    case Phase::ReadRollback:
      return read_rollback(writer);
  }
  return false;
}

bool PgWriterPool::Impl::flush(Writer& writer, Phase next) {
  int flushed = PQflush(writer.conn.get());
  if (flushed == 1) {
    wait(writer, Direction::Write);
    return false;
  }
  if (flushed < 0) {
    lose(writer, trimmed_error(writer.conn.get()));
    return false;
  }
  writer.phase = next;
  return true;
}

// Takes every result that has arrived: one per statement of the batch, COPY_IN for the ledger
// row and for the data, then the end (a null result). A unique violation on the ledger row
// means an earlier attempt committed this batch; the server skips the rest of the batch.
bool PgWriterPool::Impl::read_results(Writer& writer) {
  PGconn* conn = writer.conn.get();
  if (PQconsumeInput(conn) != 1) {
    lose(writer, trimmed_error(conn));
    return false;
  }
  while (PQisBusy(conn) == 0) {
    PgResult result(PQgetResult(conn));
    if (!result) {
      batch_ended(writer);
      return false;
    }

    ExecStatusType status = PQresultStatus(result.get());
    std::string action = action_of(writer);
    if (status == PGRES_COPY_IN) {
      writer.copying_ledger = action == kLedgerAction;
      writer.sent = 0;
      writer.phase = Phase::SendCopy;
      return true;
    }
    const char* sqlstate = PQresultErrorField(result.get(), PG_DIAG_SQLSTATE);
    if (status == PGRES_COMMAND_OK) {
      std::uint64_t count = std::strtoull(PQcmdTuples(result.get()), nullptr, 10);
      if (action == "COPY") writer.copied = count;
      if (action == "INSERT") writer.merged = count;
    } else if (action == kLedgerAction && sqlstate && std::string_view(sqlstate) == "23505") {
      writer.already_applied = true;
    } else if (!writer.error) {
      writer.error = std::make_exception_ptr(
          result_error(result.get(), conn, object_of(*writer.job.batch), action_of(writer)));
    }
    ++writer.next_action;
  }
  wait(writer, Direction::Read);
  return false;
}

// Sends a COPY stream: the header, the ledger row or the batch's tuples in slices, the trailer.
bool PgWriterPool::Impl::send_copy(Writer& writer) {
  std::string_view header = copy_header();
  std::string_view tuples =
      writer.copying_ledger ? std::string_view(writer.ledger_row) : writer.job.batch->tuples;
  std::string_view trailer = copy_trailer();
  std::size_t total = header.size() + tuples.size() + trailer.size();

  while (writer.sent < total) {
    std::size_t at = writer.sent;
    std::string_view slice;
    if (at < header.size()) {
      slice = header.substr(at);
    } else if (at - header.size() < tuples.size()) {
      slice = tuples.substr(at - header.size(), kCopySlice);
    } else {
      slice = trailer.substr(at - header.size() - tuples.size());
    }

    int queued = PQputCopyData(writer.conn.get(), slice.data(), static_cast<int>(slice.size()));
    if (queued == 0) {
      wait(writer, Direction::Write);
      return false;
    }
    if (queued < 0) return stopped_copy(writer);
    writer.sent += slice.size();

    int flushed = PQflush(writer.conn.get());
    if (flushed == 1) {
      wait(writer, Direction::Write);
      return false;
    }
    if (flushed < 0) return stopped_copy(writer);
  }
  writer.phase = Phase::EndCopy;
  return true;
}

// libpq refused COPY data: either the connection is gone, or the server already ended the
// COPY with an error, which the results will tell.
bool PgWriterPool::Impl::stopped_copy(Writer& writer) {
  if (PQstatus(writer.conn.get()) == CONNECTION_BAD) {
    lose(writer, trimmed_error(writer.conn.get()));
    return false;
  }
  writer.phase = Phase::ReadResults;
  return true;
}

// Every result is in. A failed batch leaves its transaction open in error: roll it back so
// that the connection can take the next batch.
void PgWriterPool::Impl::batch_ended(Writer& writer) {
  PGTransactionStatusType status = PQtransactionStatus(writer.conn.get());
  bool failed = writer.error || writer.already_applied;
  if (failed && (status == PQTRANS_INERROR || status == PQTRANS_INTRANS)) {
    if (PQsendQuery(writer.conn.get(), "ROLLBACK") != 1) {
      lose(writer, trimmed_error(writer.conn.get()));
      return;
    }
    writer.phase = Phase::FlushRollback;
    advance(writer);
    return;
  }
  finish(writer);
}

bool PgWriterPool::Impl::read_rollback(Writer& writer) {
  PGconn* conn = writer.conn.get();
  if (PQconsumeInput(conn) != 1) {
    lose(writer, trimmed_error(conn));
    return false;
  }
  while (PQisBusy(conn) == 0) {
    PgResult result(PQgetResult(conn));
    if (!result) {
      finish(writer);
      return false;
    }
    if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) writer.broken = true;
  }
  wait(writer, Direction::Read);
  return false;
}

void PgWriterPool::Impl::wait(Writer& writer, Direction direction) {
  std::uint64_t generation = writer.generation;
  if (ready_now(PQsocket(writer.conn.get()), direction)) {
    asio::post(io, [this, &writer, generation] {
      if (!closing && writer.generation == generation) advance(writer);
    });
    return;
  }
  auto type = direction == Direction::Read ? asio::posix::stream_descriptor::wait_read
                                           : asio::posix::stream_descriptor::wait_write;
  writer.socket.async_wait(type,
                           [this, &writer, generation](const boost::system::error_code& error) {
                             if (closing || writer.generation != generation) return;
                             if (error) {
                               lose(writer, error.message());
                               return;
                             }
                             advance(writer);
                           });
}

// The connection failed in the middle of a batch: the batch fails (retryable: its transaction
// never committed) and the writer leaves the pool.
void PgWriterPool::Impl::lose(Writer& writer, const std::string& why) {
  if (!writer.error) {
    writer.error = std::make_exception_ptr(DatabaseError(
        Side::Destination, object_of(*writer.job.batch), action_of(writer), why, "", true));
  }
  writer.broken = true;
  finish(writer);
}

void PgWriterPool::Impl::finish(Writer& writer) {
  const EncodedBatch& batch = *writer.job.batch;
  BatchResult result;
  result.sequence = batch.sequence;
  result.rows = batch.rows;
  result.writer = writer.index;
  result.error = writer.error;
  if (writer.already_applied && !writer.error) {
    result.already_applied = true;
    spdlog::debug("destination: batch {} {} was committed by an earlier attempt", batch.sequence,
                  object_of(batch));
  } else if (!writer.error) {
    bool merges = setup.strategy != Strategy::Append;
    result.written = merges ? writer.merged : writer.copied;
    result.skipped = merges ? writer.copied - std::min(writer.copied, writer.merged) : 0;
    spdlog::debug("destination: batch {} {} committed on writer {}: {} written, {} skipped",
                  batch.sequence, object_of(batch), writer.index, result.written, result.skipped);
  }

  Job job = std::move(writer.job);
  bool usable = !writer.broken && PQstatus(writer.conn.get()) == CONNECTION_OK &&
                PQtransactionStatus(writer.conn.get()) == PQTRANS_IDLE;
  if (usable) {
    make_idle(writer);
  } else {
    replace(writer, writer.error ? "its batch failed with it" : "it is no longer usable");
  }

  deliver(job, std::move(result));
  asio::post(io, [this] { dispatch(); });
}

void PgWriterPool::Impl::deliver(Job& job, BatchResult result) {
  try {
    job.done(std::move(result));
  } catch (...) {
    std::lock_guard lock(mutex);
    if (!callback_error) callback_error = std::current_exception();
  }
  {
    std::lock_guard lock(mutex);
    --pending;
  }
  drained.notify_all();
}

std::string PgWriterPool::Impl::object_of(const EncodedBatch& batch) const {
  std::string range;
  if (batch.first_key.empty()) {
    range = "batch " + std::to_string(batch.sequence);
  } else {
    range = setup.key_label.empty() ? "" : setup.key_label + " ";
    range += batch.first_key;
    if (batch.last_key != batch.first_key) range += "–" + batch.last_key;
  }
  return "into " + setup.table + " (" + range + ")";
}

std::string PgWriterPool::Impl::action_of(const Writer& writer) const {
  const std::vector<std::string>& actions = setup.batch_actions;
  if (actions.empty()) return "COPY";
  return actions[std::min(writer.next_action, actions.size() - 1)];
}

}  // namespace etl::postgres
