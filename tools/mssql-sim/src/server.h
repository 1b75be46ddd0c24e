// The listening side: a Boost.Asio acceptor, one thread with blocking socket I/O per
// connection, and a clean stop on SIGTERM and SIGINT.
#pragma once

// clang-format off
#include <utility>  // before Asio: Boost 1.74 uses std::exchange without including it (C++20)
#include <boost/asio.hpp>
// clang-format on

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "session.h"

namespace mssql_sim::tds {

class Server {
 public:
  //! Binds and listens on host:port (port 0 picks a free port). Throws
  //! boost::system::system_error when the address cannot be bound.
  Server(ServerContext& context, const std::string& host, std::uint16_t port);

  boost::asio::ip::tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }

  //! Accepts connections until SIGTERM or SIGINT (or stop()), then closes the acceptor,
  //! shuts every open connection down and waits for their threads.
  void run();
  //! Asks run() to return; safe from any thread.
  void stop();

  std::size_t open_connections() const;

 private:
  void accept_next();
  void serve(boost::asio::ip::tcp::socket socket, std::uint64_t id, std::uint16_t spid);
  void shut_down_connections();

  ServerContext& context_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::signal_set signals_;
  mutable std::mutex mutex_;
  std::condition_variable all_closed_;
  std::map<std::uint64_t, int> connections_;  // id → native socket handle
  std::uint64_t next_id_ = 1;
  std::uint16_t next_spid_ = 51;
};

}  // namespace mssql_sim::tds
