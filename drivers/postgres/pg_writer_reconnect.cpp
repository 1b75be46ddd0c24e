// Replacing lost writers: an idle writer watches its socket to notice the server ending its
// connection; a lost writer reconnects on the I/O thread (PgAsyncConnect) at once, then after
// pauses that double, until it succeeds or gives up.
#include <spdlog/spdlog.h>

#include <algorithm>

#include "postgres/pg_writer_pool_impl.h"

namespace etl::postgres {

void PgWriterPool::set_reconnect_policy(milliseconds give_up, milliseconds first,
                                        milliseconds longest) {
  impl_->give_up_after = give_up;
  impl_->first_pause = first;
  impl_->longest_pause = longest;
}

// Ends every wait, timer and reconnection, so that the I/O loop runs out of work and returns.
void PgWriterPool::Impl::shut_down() {
  closing = true;
  for (auto& writer : writers) {
    writer->pause.cancel();
    if (writer->connecting) writer->connecting->cancel();
    writer->connecting.reset();
    writer->close();
  }
  idle.clear();
}

void PgWriterPool::Impl::make_idle(Writer& writer) {
  writer.state = WriterState::Idle;
  idle.push_back(&writer);
  watch_idle(writer);
}

// An idle connection says nothing unless the server ends it (a restart, pg_terminate_backend),
// so readable means: look whether it is still there.
void PgWriterPool::Impl::watch_idle(Writer& writer) {
  std::uint64_t generation = writer.generation;
  if (ready_now(PQsocket(writer.conn.get()), Direction::Read)) {
    asio::post(io, [this, &writer, generation] { check_idle(writer, generation); });
    return;
  }
  writer.socket.async_wait(asio::posix::stream_descriptor::wait_read,
                           [this, &writer, generation](const boost::system::error_code& error) {
                             if (!error) check_idle(writer, generation);
                           });
}

void PgWriterPool::Impl::check_idle(Writer& writer, std::uint64_t generation) {
  if (closing || writer.generation != generation || writer.state != WriterState::Idle) return;
  PGconn* conn = writer.conn.get();
  if (PQconsumeInput(conn) == 1 && PQstatus(conn) == CONNECTION_OK) {
    PQisBusy(conn);  // parses what arrived: notices go to the notice processor
    watch_idle(writer);
    return;
  }
  idle.erase(std::find(idle.begin(), idle.end(), &writer));
  replace(writer, trimmed_error(conn));
}

// The writer's connection is gone: it leaves the pool and reconnects in the background. The
// batches wait for it (or another writer) meanwhile.
void PgWriterPool::Impl::replace(Writer& writer, const std::string& why) {
  ++writer.generation;
  writer.close();
  writer.state = WriterState::Reconnecting;
  writer.lost_at = Clock::now();
  writer.next_pause = first_pause;
  --live;
  // A server restart takes every writer at once: one WARN for the burst, the rest at DEBUG.
  auto level = reconnecting == 0 ? spdlog::level::warn : spdlog::level::debug;
  ++reconnecting;
  spdlog::log(level, "destination: writer {} of {} lost its connection ({}); reconnecting",
              writer.index, setup.table, why);
  try_connect(writer);
}

void PgWriterPool::Impl::try_connect(Writer& writer) {
  std::vector<std::string> session_sql = setup.session_sql;
  writer.connecting = PgAsyncConnect::start(io, setup.url, std::move(session_sql),
                                            [this, &writer](PgConn conn, std::string error) {
                                              connected(writer, std::move(conn), error);
                                            });
}

void PgWriterPool::Impl::connected(Writer& writer, PgConn conn, const std::string& error) {
  writer.connecting.reset();
  if (closing) return;

  std::chrono::duration<double> waited = Clock::now() - writer.lost_at;
  if (conn) {
    writer.attach(std::move(conn));
    --reconnecting;
    ++live;
    auto level = reconnecting == 0 ? spdlog::level::info : spdlog::level::debug;
    spdlog::log(level,
                "destination: writer {} of {} reconnected after {:.1f} s; {} of {} writers live",
                writer.index, setup.table, waited.count(), live.load(), writers.size());
    make_idle(writer);
    dispatch();
    return;
  }

  if (waited + writer.next_pause > give_up_after) {
    writer.state = WriterState::GaveUp;
    --reconnecting;
    spdlog::error("destination: writer {} of {} could not reconnect within {:.0f} s: {}",
                  writer.index, setup.table, waited.count(), error);
    dispatch();
    return;
  }
  spdlog::debug("destination: writer {} of {} could not reconnect yet: {}", writer.index,
                setup.table, error);
  writer.pause.expires_after(writer.next_pause);
  writer.next_pause = std::min(writer.next_pause * 2, longest_pause);
  writer.pause.async_wait([this, &writer](const boost::system::error_code& cancelled) {
    if (!cancelled && !closing) try_connect(writer);
  });
}

}  // namespace etl::postgres
