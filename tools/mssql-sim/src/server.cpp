// The listening side: acceptor, a thread per connection, clean shutdown.
#include "server.h"

#include <sys/socket.h>

#include <chrono>
#include <iostream>
#include <thread>

namespace mssql_sim::tds {

namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

//! Blocking reads and writes on a connected socket.
class SocketTransport : public Transport {
 public:
  explicit SocketTransport(tcp::socket& socket) : socket_(socket) {}
  void write_all(const std::uint8_t* data, std::size_t size) override {
    asio::write(socket_, asio::buffer(data, size));
  }
  std::size_t read_some(std::uint8_t* data, std::size_t size) override {
    boost::system::error_code error;
    const std::size_t n = socket_.read_some(asio::buffer(data, size), error);
    if (error == asio::error::eof) return 0;
    if (error) throw boost::system::system_error(error);
    return n;
  }
  bool readable() override {
    boost::system::error_code error;
    return socket_.available(error) > 0 && !error;
  }

 private:
  tcp::socket& socket_;
};

}  // namespace

Server::Server(ServerContext& context, const std::string& host, std::uint16_t port)
    : context_(context), acceptor_(io_), signals_(io_, SIGINT, SIGTERM) {
  const tcp::endpoint endpoint(asio::ip::make_address(host), port);
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(tcp::acceptor::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(asio::socket_base::max_listen_connections);
}

void Server::run() {
  signals_.async_wait([this](const boost::system::error_code& error, int) {
    if (!error) stop();
  });
  accept_next();
  io_.run();
  shut_down_connections();
}

void Server::stop() {
  asio::post(io_, [this] {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    signals_.cancel(ignored);
  });
}

std::size_t Server::open_connections() const {
  std::lock_guard lock(mutex_);
  return connections_.size();
}

void Server::accept_next() {
  acceptor_.async_accept([this](const boost::system::error_code& error, tcp::socket socket) {
    if (error == asio::error::operation_aborted || !acceptor_.is_open()) return;
    if (!error) {
      boost::system::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      std::uint64_t id = 0;
      std::uint16_t spid = 0;
      {
        std::lock_guard lock(mutex_);
        id = next_id_++;
        spid = next_spid_;
        next_spid_ = next_spid_ >= 32767 ? 51 : next_spid_ + 1;
        connections_[id] = socket.native_handle();
      }
      std::thread(&Server::serve, this, std::move(socket), id, spid).detach();
    }
    accept_next();
  });
}

void Server::serve(tcp::socket socket, std::uint64_t id, std::uint16_t spid) {
  try {
    SocketTransport transport(socket);
    Session session(transport, context_, spid);
    session.run();
  } catch (const boost::system::system_error&) {
    // The client went away; nothing to tell it.
  } catch (const std::exception& error) {
    std::cerr << "mssql-sim: connection " << spid << ": " << error.what() << '\n';
  }
  std::lock_guard lock(mutex_);
  connections_.erase(id);  // before the socket closes, so its handle is never reused here
  boost::system::error_code ignored;
  socket.shutdown(tcp::socket::shutdown_both, ignored);
  socket.close(ignored);
  all_closed_.notify_all();
}

void Server::shut_down_connections() {
  std::unique_lock lock(mutex_);
  for (const auto& [id, handle] : connections_)
    ::shutdown(handle, SHUT_RDWR);
  all_closed_.wait_for(lock, std::chrono::seconds(10), [this] { return connections_.empty(); });
}

}  // namespace mssql_sim::tds
