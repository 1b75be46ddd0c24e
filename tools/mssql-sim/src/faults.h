// Test faults (--fault): broken connections, slow packets and mid-result errors on demand,
// so that clients' retry and resume paths can be tested against the simulator.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace mssql_sim {

//! One --fault option. Grammar: `KIND=N[,times=K]` with KIND one of
//! - `drop_after_rows`: once a connection has sent N rows (over all its result sets), the
//!   server sends what it has buffered and closes the connection;
//! - `error_after_rows`: after a connection's N-th row, the running batch ends with error
//!   1205 (deadlock victim, severity 13), as SQL Server ends a chosen victim's batch; at
//!   most once per connection;
//! - `delay_ms`: every packet the server sends waits N ms first (`times` not allowed).
//! `times=K` lets the fault fire on K connections in all, server-wide, so that a client
//! that reconnects after it can finish; without it the fault fires on every connection.
struct FaultSpec {
  enum class Kind { DropAfterRows, ErrorAfterRows, DelayMs };
  Kind kind = Kind::DropAfterRows;
  std::uint64_t value = 0;
  std::uint64_t times = 0;  //!< 0: unlimited
};

//! Parses one --fault value; throws std::invalid_argument with a message naming the problem.
FaultSpec parse_fault(std::string_view spec);

class Faults {
 public:
  enum class Action { None, Drop, Error };

  void add(const FaultSpec& spec);
  std::chrono::milliseconds packet_delay() const { return delay_; }

  //! Per-connection counting of rows sent.
  class Connection {
   public:
    explicit Connection(Faults* faults) : faults_(faults) {}
    //! Call after each row sent; says what the fault plan wants done now.
    Action after_row();
    std::uint64_t rows_sent() const { return rows_; }

   private:
    Faults* faults_;
    std::uint64_t rows_ = 0;
    std::vector<bool> fired_here_;
  };
  Connection connection() { return Connection(this); }

 private:
  struct Rule {
    FaultSpec spec;
    std::atomic<std::uint64_t> fired{0};
  };
  bool claim(Rule& rule);

  std::vector<std::unique_ptr<Rule>> rules_;
  std::chrono::milliseconds delay_{0};
};

}  // namespace mssql_sim
