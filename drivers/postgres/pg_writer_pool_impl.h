// The inside of the PostgreSQL sink's writer pool, shared by its two files: the batches
// (pg_writer_pool.cpp) and the replacement of lost writers (pg_writer_reconnect.cpp). Private to
// drivers/postgres.
#pragma once

#include <poll.h>

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

#include "postgres/pg_async_connect.h"
#include "postgres/pg_handles.h"
#include "postgres/pg_writer_pool.h"

namespace etl::postgres::writer_pool {
namespace asio = boost::asio;

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// COPY data goes to libpq in slices of this size, so that its output buffer stays small.
constexpr std::size_t kCopySlice = 256 * 1024;

// A lost writer tries again at once, then after 250 ms, 500 ms… up to 5 s between attempts,
// for about a minute: long enough for a PostgreSQL restart, short enough to fail a run that
// cannot go on.
constexpr milliseconds kGiveUpAfter{60'000};
constexpr milliseconds kFirstPause{250};
constexpr milliseconds kLongestPause{5'000};

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
inline bool ready_now(int socket, Direction direction) {
  pollfd entry{socket, static_cast<short>(direction == Direction::Read ? POLLIN : POLLOUT), 0};
  return ::poll(&entry, 1, 0) > 0;
}

// libpq's message for the connection on one line (it spans several when the server vanished).
inline std::string trimmed_error(const PGconn* conn) {
  std::string text = conn ? PQerrorMessage(conn) : "connection closed";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == '\t'))
    text.pop_back();
  for (char& c : text) {
    if (c == '\n' || c == '\t') c = ' ';
  }
  return text.empty() ? "connection lost" : text;
}

enum class WriterState { Idle, Busy, Reconnecting, GaveUp };

// One writer connection and the state of the batch it is writing.
struct Writer {
  Writer(std::size_t index, asio::io_context& io) : index(index), socket(io), pause(io) {}
  ~Writer() { close(); }

  void attach(PgConn connection) {
    conn = std::move(connection);
    socket.assign(PQsocket(conn.get()));
  }

  // The socket belongs to libpq: asio lets go of it before PQfinish closes it.
  void close() {
    if (socket.is_open()) socket.release();
    conn.reset();
  }

  std::size_t index;
  PgConn conn;
  asio::posix::stream_descriptor socket;
  WriterState state = WriterState::Idle;
  // Changes whenever the writer starts a batch or loses its connection, so that a completion
  // meant for an earlier use of the socket is ignored.
  std::uint64_t generation = 0;

  // Reconnecting.
  asio::steady_timer pause;
  std::shared_ptr<PgAsyncConnect> connecting;
  Clock::time_point lost_at;
  milliseconds next_pause{0};

  // The batch.
  Job job;
  std::string ledger_row;
  Phase phase = Phase::FlushQuery;
  std::size_t next_action = 0;  // the statement whose result comes next
  bool copying_ledger = false;  // which COPY the server is taking
  std::size_t sent = 0;         // bytes of the current COPY stream handed to libpq
  std::uint64_t copied = 0;
  std::uint64_t merged = 0;
  std::exception_ptr error;
  bool already_applied = false;
  bool broken = false;
};

}  // namespace etl::postgres::writer_pool

namespace etl::postgres {
using namespace writer_pool;

struct PgWriterPool::Impl {
  explicit Impl(WriterSetup writer_setup) : setup(std::move(writer_setup)) {}

  WriterSetup setup;
  asio::io_context io{1};
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> guard;
  std::thread thread;
  std::vector<std::unique_ptr<Writer>> writers;
  std::atomic<std::size_t> live{0};
  milliseconds give_up_after = kGiveUpAfter;
  milliseconds first_pause = kFirstPause;
  milliseconds longest_pause = kLongestPause;

  // Touched only on the I/O thread.
  std::deque<Job> queue;
  std::deque<Writer*> idle;
  std::size_t reconnecting = 0;
  bool closing = false;

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
  void make_idle(Writer& writer);
  void watch_idle(Writer& writer);
  void check_idle(Writer& writer, std::uint64_t generation);
  void replace(Writer& writer, const std::string& why);
  void try_connect(Writer& writer);
  void connected(Writer& writer, PgConn conn, const std::string& error);
  void shut_down();
  void deliver(Job& job, BatchResult result);
  std::string object_of(const EncodedBatch& batch) const;
  std::string action_of(const Writer& writer) const;
};

}  // namespace etl::postgres
