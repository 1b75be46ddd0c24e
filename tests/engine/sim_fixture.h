// Starts the SQL Server simulator (tools/mssql-sim) for a test on a free loopback port and
// stops it when the test ends. Header-only: the test binary globs only *_test.cpp.
#pragma once

#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "etl/source.h"

namespace etl::test {

struct SimOptions {
  std::vector<std::string> scripts;   //!< T-SQL texts, written to temporary files and loaded
  std::vector<std::string> generate;  //!< "bi_credores=10000[:seed]"
  std::vector<std::string> faults;    //!< "drop_after_rows=100"
  std::string database = "cobranca";
  std::string user = "etl";
  std::string password = "sim-test-password";
};

//! A running simulator. The executable is found beside the test binary (both build into
//! bin/), or at $MSSQL_SIM. Throws std::runtime_error when it does not start.
class SimServer {
 public:
  explicit SimServer(SimOptions options);
  SimServer(const SimServer&) = delete;
  SimServer& operator=(const SimServer&) = delete;
  ~SimServer() { stop(); }  //!< SIGTERM, then waits for the process

  std::uint16_t port() const { return port_; }
  //! Settings that reach this simulator as its login.
  SourceSettings settings() const;
  //! What the simulator printed so far (for failure messages).
  std::string output() const;

 private:
  void stop();

  SimOptions options_;
  std::string directory_;
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
};

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace sim_detail {

namespace fs = std::filesystem;

inline std::string simulator_path() {
  if (const char* path = std::getenv("MSSQL_SIM")) return path;
  fs::path self = fs::read_symlink("/proc/self/exe");
  return (self.parent_path() / "mssql-sim").string();
}

inline std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace sim_detail

inline SimServer::SimServer(SimOptions options) : options_(std::move(options)) {
  using namespace sim_detail;
  std::string executable = simulator_path();
  if (!fs::exists(executable))
    throw std::runtime_error("the simulator is not built: " + executable +
                             " (build the mssql-sim target, or set MSSQL_SIM)");

  char pattern[] = "/tmp/etl-sim-XXXXXX";
  if (::mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
  directory_ = pattern;

  std::vector<std::string> args = {executable,    "--port",         "0",
                                   "--listen",    "127.0.0.1",      "--user",
                                   options_.user, "--password",     options_.password,
                                   "--database",  options_.database};
  for (std::size_t i = 0; i < options_.scripts.size(); ++i) {
    std::string path = directory_ + "/script" + std::to_string(i) + ".sql";
    std::ofstream(path) << options_.scripts[i];
    args.insert(args.end(), {"--script", path});
  }
  for (const std::string& table : options_.generate)
    args.insert(args.end(), {"--generate", table});
  for (const std::string& fault : options_.faults)
    args.insert(args.end(), {"--fault", fault});

  std::string log = directory_ + "/output.log";
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    std::FILE* out = std::freopen(log.c_str(), "w", stdout);
    if (out == nullptr) ::_exit(126);
    ::dup2(::fileno(stdout), 2);
    std::vector<char*> argv;
    for (std::string& arg : args)
      argv.push_back(arg.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }

  // Wait for "mssql-sim: listening on 127.0.0.1:PORT".
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  const std::string marker = "mssql-sim: listening on ";
  while (std::chrono::steady_clock::now() < deadline) {
    std::string text = read_file(log);
    std::size_t at = text.find(marker);
    std::size_t end = at == std::string::npos ? at : text.find('\n', at);
    if (end != std::string::npos) {
      std::string address = text.substr(at + marker.size(), end - at - marker.size());
      port_ = static_cast<std::uint16_t>(std::stoi(address.substr(address.rfind(':') + 1)));
      return;
    }
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      stop();  // removes the temporary folder
      throw std::runtime_error("the simulator exited before listening:\n" + text);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::string text = output();
  stop();
  throw std::runtime_error("the simulator did not listen within 60 s:\n" + text);
}

inline void SimServer::stop() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    int status = 0;
    for (int i = 0; i < 250 && ::waitpid(pid_, &status, WNOHANG) == 0; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (::waitpid(pid_, &status, WNOHANG) == 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
    }
    pid_ = -1;
  }
  if (!directory_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
    directory_.clear();
  }
}

inline SourceSettings SimServer::settings() const {
  SourceSettings settings;
  settings.host = "127.0.0.1";
  settings.port = port_;
  settings.database = options_.database;
  settings.user = options_.user;
  settings.password = options_.password;
  settings.connect_timeout = std::chrono::seconds(10);
  return settings;
}

inline std::string SimServer::output() const {
  return directory_.empty() ? std::string() : sim_detail::read_file(directory_ + "/output.log");
}

}  // namespace etl::test
