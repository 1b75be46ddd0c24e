// The engine's error model (STYLE.md §4). Job-ending failures are typed exceptions that carry
// the side, the object, the action, the driver's own text and its code; per-row failures are
// rejects (values, not exceptions).
#pragma once

#include <stdexcept>
#include <string>

namespace etl {

//! The pipeline file or the command line is wrong: `where` is "file:line: key.path".
class ConfigError : public std::runtime_error {
 public:
  ConfigError(std::string where, const std::string& what)
      : std::runtime_error(where.empty() ? what : where + ": " + what), where_(std::move(where)) {}
  const std::string& where() const { return where_; }

 private:
  std::string where_;
};

enum class Side { Source, Destination };

//! A failure talking to a server. `code` is the SQLSTATE (destination) or the TDS message
//! number (source) as text, empty when the failure is not the server's (unreachable host).
//! `retryable` tells whether trying again may succeed (connection lost, server restarting,
//! serialization failure, deadlock); data errors are not.
class DatabaseError : public std::runtime_error {
 public:
  DatabaseError(Side side, std::string object, std::string action, std::string detail,
                std::string code = {}, bool retryable = false);
  Side side() const { return side_; }
  const std::string& object() const { return object_; }
  const std::string& action() const { return action_; }
  const std::string& detail() const { return detail_; }
  const std::string& code() const { return code_; }
  bool retryable() const { return retryable_; }

 private:
  Side side_;
  std::string object_;
  std::string action_;
  std::string detail_;
  std::string code_;
  bool retryable_;
};

//! The load finished but the destination does not match the source.
class VerificationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace etl
