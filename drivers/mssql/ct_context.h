// One ct-lib connection to SQL Server with everything set up around it: the context, the
// message callbacks that collect what the server and the library say, the login properties
// (TDS 7.4, UTF-8 client charset, packet size, login timeout, encryption) and the error
// model that turns those messages into etl::DatabaseError.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "etl/errors.h"
#include "etl/source.h"
#include "mssql/ct_handles.h"

namespace etl::mssql {

//! A message from the server (ERROR or INFO token) or from the library itself.
struct CtMessage {
  bool from_server = false;
  std::int32_t number = 0;  //!< the server's message number, or ct-lib's CS_NUMBER
  std::int32_t severity = 0;
  std::int32_t state = 0;
  std::string text;
};

//! Messages collected by the callbacks since the last take(). Owned by the session and
//! reached from the callbacks through the connection's user data.
class MessageLog {
 public:
  void add(CtMessage message) { messages_.push_back(std::move(message)); }
  //! Returns the collected messages and forgets them.
  std::vector<CtMessage> take() { return std::exchange(messages_, {}); }
  const std::vector<CtMessage>& messages() const { return messages_; }

 private:
  std::vector<CtMessage> messages_;
};

//! A logged-in connection and the command handle used on it. Not thread-safe.
class CtSession {
 public:
  //! Connects and logs in; throws DatabaseError (Side::Source) naming the server, never the
  //! password.
  explicit CtSession(const SourceSettings& settings);
  CtSession(const CtSession&) = delete;
  CtSession& operator=(const CtSession&) = delete;

  CS_CONTEXT* context() const { return context_.get(); }
  CS_CONNECTION* connection() const { return connection_.get(); }
  CS_COMMAND* command() const { return command_.get(); }
  //! "host:port/database", for messages.
  const std::string& server() const { return server_; }

  //! Forgets messages from earlier commands (call before sending one).
  void clear_messages() { log_->take(); }

  //! Whether the server sent an error (severity above 10) since the last clear_messages():
  //! the command failed even when ct-lib's result types did not say so (an error inside an
  //! RPC can end with a status result and a DONE without the error bit).
  bool server_error_seen() const;

  //! Builds the error for a failed `action` on `object` from the collected messages: the
  //! most severe server error's number and text, else the library's. Retryable when the
  //! session was lost (the message then says "the connection to the server was lost"), when
  //! the server reports a transient condition (deadlock, restart), or when connecting failed
  //! without a server error (unreachable, timeout); not for other library errors on a live
  //! session (conversions, buffers), which would fail again.
  DatabaseError error(const std::string& object, const std::string& action,
                      const std::string& fallback = "ct-lib call failed") const;

  //! Throws error(object, action) unless `code` is CS_SUCCEED.
  void check(CS_RETCODE code, const std::string& object, const std::string& action) const;

  //! Whether the connection is gone (the server closed it or the network failed).
  bool dead() const;

  //! Whether the established session was lost: the connection is dead, or the library
  //! reported a read, write, EOF or timeout failure since the last command was sent.
  bool lost() const;

  //! Discards what is left of the current command's results, so that the connection can
  //! take the next command after an error.
  void abandon();

  //! Runs a language batch without results of interest (SET …); throws on failure.
  void execute(const std::string& sql);

 private:
  //! The error for a failed ct_connect: a TLS negotiation failure is named as such, with the
  //! setting to change; otherwise error().
  DatabaseError login_error(const SourceSettings& settings) const;

  std::unique_ptr<MessageLog> log_;
  ContextHandle context_;
  ConnectionHandle connection_;
  CommandHandle command_;
  std::string server_;
};

//! Whether a FreeTDS client message number says that the connection failed under a command
//! (read, write, EOF, timeout, dead connection).
bool is_connection_failure(std::int32_t number);

//! Whether a server message number names a condition that may pass when tried again
//! (deadlock victim, server shutting down or starting, database recovering, Azure throttling).
bool is_transient_server_error(std::int32_t number);

}  // namespace etl::mssql
