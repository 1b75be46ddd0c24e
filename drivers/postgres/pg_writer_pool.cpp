#include "postgres/pg_writer_pool.h"

#include <poll.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

#include "postgres/pg_connection.h"
#include "postgres/pg_copy_format.h"
#include "postgres/pg_handles.h"

namespace etl::postgres {
namespace asio = boost::asio;
namespace {

// COPY data goes to libpq in slices of this size, so that its output buffer stays small.
constexpr std::size_t kCopySlice = 256 * 1024;

struct Job {
  std::shared_ptr<const EncodedBatch> batch;
  std::function<void(BatchResult)> done;
};

// Where a writer is in its batch. Each phase may stop to wait for the socket and resumes
// where it stopped.
enum class Phase {
  FlushQuery,
  ReadResults,
  SendCopy,
  EndCopy,
  FlushCopyEnd,
  FlushRollback,
  ReadRollback
};

enum class Direction { Read, Write };

// A level-triggered look at the socket. Asio's reactor is edge-triggered and libpq may leave
// bytes unread in the socket, so a readiness that arrived while nobody waited would be lost.
// The I/O thread is the only one running the reactor, so nothing can slip in between this
// look and the wait that follows it.
bool ready_now(int socket, Direction direction) {
  pollfd entry{socket, static_cast<short>(direction == Direction::Read ? POLLIN : POLLOUT), 0};
  return ::poll(&entry, 1, 0) > 0;
}

std::string trimmed_error(const PGconn* conn) {
  std::string text = conn ? PQerrorMessage(conn) : "connection closed";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
    text.pop_back();
  return text.empty() ? "connection lost" : text;
}

}  // namespace

// One writer connection and the state of the batch it is writing.
struct Writer {
  Writer(std::size_t index, PgConn connection, asio::io_context& io)
      : index(index), conn(std::move(connection)), socket(io, PQsocket(conn.get())) {}
  ~Writer() { close(); }

  // The socket belongs to libpq: asio lets go of it before PQfinish closes it.
  void close() {
    if (socket.is_open()) socket.release();
    conn.reset();
  }

  std::size_t index;
  PgConn conn;
  asio::posix::stream_descriptor socket;

  Job job;
  Phase phase = Phase::FlushQuery;
  std::size_t next_action = 0;  // the statement whose result comes next
  std::size_t sent = 0;         // bytes of the COPY stream handed to libpq
  std::uint64_t copied = 0;
  std::uint64_t merged = 0;
  std::exception_ptr error;
  bool broken = false;
};

struct PgWriterPool::Impl {
  explicit Impl(WriterSetup writer_setup) : setup(std::move(writer_setup)) {}

  WriterSetup setup;
  asio::io_context io{1};
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> guard;
  std::thread thread;
  std::vector<std::unique_ptr<Writer>> writers;
  std::atomic<std::size_t> live{0};

  // Touched only on the I/O thread.
  std::deque<Job> queue;
  std::deque<Writer*> idle;

  // Shared with the threads that submit and close.
  std::mutex mutex;
  std::condition_variable drained;
  std::size_t pending = 0;
  bool accepting = false;
  std::exception_ptr callback_error;

  void dispatch();
  void start(Writer& writer, Job job);
  void advance(Writer& writer);
  bool step(Writer& writer);
  bool read_results(Writer& writer);
  bool send_copy(Writer& writer);
  bool read_rollback(Writer& writer);
  bool flush(Writer& writer, Phase next);
  bool stopped_copy(Writer& writer);
  void batch_ended(Writer& writer);
  void wait(Writer& writer, Direction direction);
  void lose(Writer& writer, const std::string& why);
  void finish(Writer& writer);
  void retire(Writer& writer);
  void deliver(Job& job, BatchResult result);
  std::string object_of(const EncodedBatch& batch) const;
  std::string action_of(const Writer& writer) const;
};

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
    pool.writers.push_back(std::make_unique<Writer>(index, std::move(conn), pool.io));
    pool.idle.push_back(pool.writers.back().get());
  }
  pool.live = count;

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
    std::unique_lock lock(pool.mutex);
    pool.accepting = false;
    pool.drained.wait(lock, [&pool] { return pool.pending == 0; });
  }
  if (pool.thread.joinable()) {
    asio::post(pool.io, [&pool] {
      for (auto& writer : pool.writers)
        writer->close();
    });
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

// Hands queued batches to idle writers; when no writer is left, fails what is queued.
void PgWriterPool::Impl::dispatch() {
  while (!queue.empty() && !idle.empty()) {
    Writer* writer = idle.front();
    idle.pop_front();
    Job job = std::move(queue.front());
    queue.pop_front();
    start(*writer, std::move(job));
  }
  while (live == 0 && !queue.empty()) {
    Job job = std::move(queue.front());
    queue.pop_front();
    BatchResult result;
    result.sequence = job.batch->sequence;
    result.rows = job.batch->rows;
    result.error =
        std::make_exception_ptr(DatabaseError(Side::Destination, object_of(*job.batch), "COPY",
                                              "no writer connection is left", "", true));
    deliver(job, std::move(result));
  }
}

void PgWriterPool::Impl::start(Writer& writer, Job job) {
  writer.job = std::move(job);
  writer.next_action = 0;
  writer.sent = 0;
  writer.copied = 0;
  writer.merged = 0;
  writer.error = nullptr;

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

// Takes every result that has arrived: one per statement of the batch, then COPY_IN for the
// data, then the end (a null result).
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
    if (status == PGRES_COPY_IN) {
      writer.phase = Phase::SendCopy;
      return true;
    }
    if (status == PGRES_COMMAND_OK) {
      std::uint64_t count = std::strtoull(PQcmdTuples(result.get()), nullptr, 10);
      std::string action = action_of(writer);
      if (action == "COPY") writer.copied = count;
      if (action == "INSERT") writer.merged = count;
    } else if (!writer.error) {
      writer.error = std::make_exception_ptr(
          result_error(result.get(), conn, object_of(*writer.job.batch), action_of(writer)));
    }
    ++writer.next_action;
  }
  wait(writer, Direction::Read);
  return false;
}

// Sends the COPY stream: the header, the batch's tuples in slices, the trailer.
bool PgWriterPool::Impl::send_copy(Writer& writer) {
  std::string_view header = copy_header();
  std::string_view tuples = writer.job.batch->tuples;
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
  if (writer.error && (status == PQTRANS_INERROR || status == PQTRANS_INTRANS)) {
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
  if (ready_now(PQsocket(writer.conn.get()), direction)) {
    asio::post(io, [this, &writer] { advance(writer); });
    return;
  }
  auto type = direction == Direction::Read ? asio::posix::stream_descriptor::wait_read
                                           : asio::posix::stream_descriptor::wait_write;
  writer.socket.async_wait(type, [this, &writer](const boost::system::error_code& error) {
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
  if (!writer.error) {
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
    idle.push_back(&writer);
  } else {
    retire(writer);
  }

  deliver(job, std::move(result));
  asio::post(io, [this] { dispatch(); });
}

// A lost writer is not replaced: reconnecting blocks, and the I/O thread never blocks, so the
// load goes on with fewer connections and fails its batches only when none is left.
void PgWriterPool::Impl::retire(Writer& writer) {
  spdlog::warn("destination: writer {} of {} lost its connection; {} writers left", writer.index,
               setup.table, live - 1);
  writer.close();
  --live;
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
