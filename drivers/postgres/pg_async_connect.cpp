#include "postgres/pg_async_connect.h"

#include <poll.h>

#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "postgres/pg_connection.h"

namespace etl::postgres {
namespace asio = boost::asio;
namespace {

enum class Direction { Read, Write };

class Attempt final : public PgAsyncConnect, public std::enable_shared_from_this<Attempt> {
 public:
  Attempt(asio::io_context& io, std::string url, std::vector<std::string> session_sql, Done done)
      : io_(io),
        socket_(io),
        timer_(io),
        url_(std::move(url)),
        session_sql_(std::move(session_sql)),
        done_(std::move(done)) {}

  void begin() {
    if (finished_) return;
    conn_ = connect_start(url_);
    if (!conn_) return fail("out of memory");
    if (PQstatus(conn_.get()) == CONNECTION_BAD) return fail(connection_failure(conn_.get()));

    std::chrono::seconds timeout = connect_timeout_of(conn_.get());
    if (timeout.count() > 0) {
      timer_.expires_after(timeout);
      timer_.async_wait([self = shared_from_this(), timeout](const boost::system::error_code& e) {
        if (e || self->finished_) return;
        self->fail("no answer within " + std::to_string(timeout.count()) + " s (connect_timeout)");
      });
    }
    // libpq: right after PQconnectStart, act as if PQconnectPoll had asked to write.
    wait(Direction::Write, &Attempt::poll_connect);
  }

  void cancel() override {
    if (finished_) return;
    finished_ = true;
    stop_io();
    conn_.reset();
  }

 private:
  using Step = void (Attempt::*)();

  void poll_connect() {
    switch (PQconnectPoll(conn_.get())) {
      case PGRES_POLLING_READING:
        return wait(Direction::Read, &Attempt::poll_connect);
      case PGRES_POLLING_WRITING:
        return wait(Direction::Write, &Attempt::poll_connect);
      case PGRES_POLLING_OK:
        return run_session();
      default:
        return fail(connection_failure(conn_.get()));
    }
  }

  void run_session() {
    if (PQsetnonblocking(conn_.get(), 1) != 0) return fail(connection_failure(conn_.get()));
    if (session_sql_.empty()) return succeed();

    std::string sql;
    for (const std::string& statement : session_sql_)
      sql += statement + "; ";
    if (PQsendQuery(conn_.get(), sql.c_str()) != 1) return fail(connection_failure(conn_.get()));
    flush_session();
  }

  void flush_session() {
    int flushed = PQflush(conn_.get());
    if (flushed < 0) return fail(connection_failure(conn_.get()));
    if (flushed == 1) return wait(Direction::Write, &Attempt::flush_session);
    read_session();
  }

  void read_session() {
    if (PQconsumeInput(conn_.get()) != 1) return fail(connection_failure(conn_.get()));
    while (PQisBusy(conn_.get()) == 0) {
      PgResult result(PQgetResult(conn_.get()));
      if (!result) {
        if (!session_error_.empty()) return fail(session_error_);
        return succeed();
      }
      if (PQresultStatus(result.get()) != PGRES_COMMAND_OK && session_error_.empty()) {
        session_error_ = result_error(result.get(), conn_.get(), "", "").detail();
      }
    }
    wait(Direction::Read, &Attempt::read_session);
  }

  // Waits until libpq's current socket is ready, then runs `next`. The socket is handed to
  // Asio afresh each time: while connecting, libpq may close it and open another (the next
  // address of a host), possibly under the same number.
  void wait(Direction direction, Step next) {
    int fd = PQsocket(conn_.get());
    if (fd < 0) return fail(connection_failure(conn_.get()));

    pollfd entry{fd, static_cast<short>(direction == Direction::Read ? POLLIN : POLLOUT), 0};
    if (::poll(&entry, 1, 0) > 0) {
      asio::post(io_, [self = shared_from_this(), next] {
        if (!self->finished_) (self.get()->*next)();
      });
      return;
    }
    if (socket_.is_open()) socket_.release();
    socket_.assign(fd);
    auto type = direction == Direction::Read ? asio::posix::stream_descriptor::wait_read
                                             : asio::posix::stream_descriptor::wait_write;
    socket_.async_wait(type, [self = shared_from_this(), next](const boost::system::error_code& e) {
      if (self->finished_) return;
      if (e) return self->fail(e.message());
      (self.get()->*next)();
    });
  }

  void stop_io() {
    timer_.cancel();
    if (socket_.is_open()) socket_.release();
  }

  void succeed() {
    finished_ = true;
    stop_io();
    Done done = std::move(done_);
    done(std::move(conn_), {});
  }

  void fail(std::string why) {
    finished_ = true;
    stop_io();
    conn_.reset();
    Done done = std::move(done_);
    done(PgConn(), std::move(why));
  }

  asio::io_context& io_;
  asio::posix::stream_descriptor socket_;
  asio::steady_timer timer_;
  std::string url_;
  std::vector<std::string> session_sql_;
  Done done_;
  PgConn conn_;
  std::string session_error_;
  bool finished_ = false;
};

}  // namespace

std::shared_ptr<PgAsyncConnect> PgAsyncConnect::start(asio::io_context& io, const std::string& url,
                                                      std::vector<std::string> session_sql,
                                                      Done done) {
  auto attempt = std::make_shared<Attempt>(io, url, std::move(session_sql), std::move(done));
  // Begun from the loop, so that `done` never runs before the caller holds the attempt.
  asio::post(io, [attempt] { attempt->begin(); });
  return attempt;
}

}  // namespace etl::postgres
