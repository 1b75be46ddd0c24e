// Opening a PostgreSQL connection on an Asio loop without blocking it: PQconnectStartParams,
// then PQconnectPoll whenever the socket is ready, then the session's statements — all within
// the connect timeout. The writer pool replaces lost writers this way.
#pragma once

#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "postgres/pg_handles.h"

namespace etl::postgres {

class PgAsyncConnect {
 public:
  //! Called once on the loop's thread: the connection (non-blocking, its session statements
  //! run) and an empty text, or a null connection and why it failed (no password in it).
  using Done = std::function<void(PgConn conn, std::string error)>;

  //! Starts opening a connection to `url` and returns at once; `done` is called on `io`'s
  //! thread unless cancel() comes first. Call it on that thread.
  static std::shared_ptr<PgAsyncConnect> start(boost::asio::io_context& io, const std::string& url,
                                               std::vector<std::string> session_sql, Done done);

  //! Stops the attempt; `done` is not called. Call it on the loop's thread.
  virtual void cancel() = 0;

  virtual ~PgAsyncConnect() = default;
};

}  // namespace etl::postgres
