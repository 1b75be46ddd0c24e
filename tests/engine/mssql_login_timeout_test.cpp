#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>

#include "etl/errors.h"
#include "mssql/make_source.h"

namespace {

//! A loopback socket that accepts connections (the kernel completes the handshake) and never
//! answers: a server that hangs during the login.
class SilentServer {
 public:
  SilentServer() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(::listen(fd_, 8) == 0);
    socklen_t length = sizeof address;
    REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    port_ = ntohs(address.sin_port);
  }
  ~SilentServer() { ::close(fd_); }
  std::uint16_t port() const { return port_; }

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

}  // namespace

TEST_CASE("a server that never answers the login fails after the connect timeout",
          "[mssql][reader]") {
  SilentServer server;
  etl::SourceSettings settings;
  settings.host = "127.0.0.1";
  settings.port = server.port();
  settings.database = "cobranca";
  settings.user = "etl";
  settings.password = "never-shown";
  settings.connect_timeout = std::chrono::seconds(2);

  auto started = std::chrono::steady_clock::now();
  try {
    etl::make_mssql_source(settings)->connect();
    FAIL("the login should have timed out");
  } catch (const etl::DatabaseError& error) {
    CHECK(error.side() == etl::Side::Source);
    CHECK(error.retryable());
    CHECK_THAT(std::string(error.what()), Catch::Contains("timed out"));
    CHECK_THAT(std::string(error.what()), !Catch::Contains("never-shown"));
  }
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(20));
}
