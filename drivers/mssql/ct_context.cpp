#include "mssql/ct_context.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>

namespace etl::mssql {
namespace {

MessageLog* log_of(CS_CONNECTION* connection) {
  if (connection == nullptr) return nullptr;
  MessageLog* log = nullptr;
  CS_INT length = 0;
  if (ct_con_props(connection, CS_GET, CS_USERDATA, &log, sizeof(log), &length) != CS_SUCCEED ||
      length != static_cast<CS_INT>(sizeof(log)))
    return nullptr;
  return log;
}

std::string bounded_text(const char* text, CS_INT length) {
  if (length < 0) return std::string(text, strnlen(text, CS_MAX_MSG));
  return std::string(text, static_cast<std::size_t>(std::min<CS_INT>(length, CS_MAX_MSG)));
}

CS_RETCODE on_client_message(CS_CONTEXT*, CS_CONNECTION* connection, CS_CLIENTMSG* message) {
  if (MessageLog* log = log_of(connection)) {
    CtMessage entry;
    entry.number = static_cast<std::int32_t>(message->msgnumber);
    entry.severity = message->severity;
    entry.text = bounded_text(message->msgstring, message->msgstringlen);
    if (message->osstringlen > 0)
      entry.text += " (" + bounded_text(message->osstring, message->osstringlen) + ")";
    log->add(std::move(entry));
  }
  // A timeout (severity CS_SV_RETRY_FAIL) answered with CS_SUCCEED makes ct-lib wait another
  // period, forever against a server that never answers; CS_FAIL ends the call, which we
  // report. Other client messages are recorded and the call's own result decides.
  // FreeTDS reports it as its own error 20003 (TDSETIME) rather than with that severity.
  constexpr CS_INT kFreeTdsTimeout = 20003;
  if (message->msgnumber == kFreeTdsTimeout ||
      CS_SEVERITY(message->msgnumber) == CS_SV_RETRY_FAIL) {
    return CS_FAIL;
  }
  return CS_SUCCEED;
}

CS_RETCODE on_server_message(CS_CONTEXT*, CS_CONNECTION* connection, CS_SERVERMSG* message) {
  if (MessageLog* log = log_of(connection)) {
    CtMessage entry;
    entry.from_server = true;
    entry.number = static_cast<std::int32_t>(message->msgnumber);
    entry.severity = message->severity;
    entry.state = message->state;
    entry.text = bounded_text(message->text, message->textlen);
    log->add(std::move(entry));
  }
  return CS_SUCCEED;
}

// ct-lib has no property for the encryption level nor for UTF-16 (surrogate pairs in
// nvarchar), only freetds.conf does. So the driver writes a private configuration file with
// one section per server it connects to and points FREETDSCONF at it, once per process and
// before the first connection. A user's own FREETDSCONF is respected: then the driver
// connects by address and the user's file decides those two settings.
class PrivateConfig {
 public:
  static PrivateConfig& instance() {
    static PrivateConfig config;
    return config;
  }

  //! The section name to pass to ct_connect, or empty to connect by address.
  std::string section_for(const SourceSettings& settings) {
    std::lock_guard lock(mutex_);
    if (path_.empty()) return {};
    std::string name = "etl-mssql-" + settings.host + "-" + std::to_string(settings.port) + "-" +
                       settings.encryption + "-" + std::to_string(settings.connect_timeout.count());
    if (std::find(sections_.begin(), sections_.end(), name) != sections_.end()) return name;

    std::ofstream out(path_, std::ios::app);
    out << "[" << name << "]\n"
        << "\thost = " << settings.host << "\n"
        << "\tport = " << settings.port << "\n"
        << "\ttds version = 7.4\n"
        << "\tencryption = " << settings.encryption << "\n"
        << "\tclient charset = UTF-8\n"
        << "\tuse utf-16 = yes\n"
        << "\tconnect timeout = " << std::max<std::int64_t>(1, settings.connect_timeout.count())
        << "\n";
    if (!out) return {};
    sections_.push_back(name);
    return name;
  }

 private:
  PrivateConfig() {
    if (std::getenv("FREETDSCONF") != nullptr) return;
    std::error_code ignored;
    auto directory = std::filesystem::temp_directory_path(ignored);
    if (ignored) return;
    std::filesystem::path file =
        directory / ("etl-freetds-" + std::to_string(::getpid()) + ".conf");
    std::ofstream out(file, std::ios::trunc);
    out << "# Written by etl for its own connections; removed when the process exits.\n";
    if (!out) return;
    out.close();
    path_ = file.string();
    ::setenv("FREETDSCONF", path_.c_str(), 0);
  }
  ~PrivateConfig() {
    if (!path_.empty()) std::remove(path_.c_str());
  }

  std::mutex mutex_;
  std::string path_;
  std::vector<std::string> sections_;
};

template <typename Value>
void set_property(CS_CONNECTION* connection, CS_INT property, Value value, const char* what) {
  if (ct_con_props(connection, CS_SET, property, &value, CS_UNUSED, nullptr) != CS_SUCCEED)
    throw DatabaseError(Side::Source, {}, "connect", std::string("cannot set ") + what);
}

void set_text(CS_CONNECTION* connection, CS_INT property, const std::string& value,
              const char* what) {
  if (ct_con_props(connection, CS_SET, property, const_cast<char*>(value.c_str()), CS_NULLTERM,
                   nullptr) != CS_SUCCEED)
    throw DatabaseError(Side::Source, {}, "connect", std::string("cannot set ") + what);
}

}  // namespace

bool is_connection_failure(std::int32_t number) {
  // FreeTDS's own message numbers (libtds passes them through ct-lib unchanged; sybdb.h
  // names them SYBE…).
  switch (number) {
    case 20003:  // the server did not answer within the timeout
    case 20004:  // read from the server failed
    case 20006:  // write to the server failed
    case 20017:  // unexpected EOF from the server
    case 20047:  // the connection is dead
      return true;
    default:
      return false;
  }
}

bool is_transient_server_error(std::int32_t number) {
  switch (number) {
    case 1205:   // chosen as deadlock victim
    case 1222:   // lock request time out
    case 233:    // no process is on the other end of the pipe
    case 4060:   // cannot open database (often while it recovers)
    case 6005:   // shutdown in progress
    case 40197:  // Azure: error processing the request
    case 40501:  // Azure: service busy
    case 40613:  // Azure: database unavailable
    case 49918:
    case 49919:
    case 49920:
      return true;
    default:
      return false;
  }
}

CtSession::CtSession(const SourceSettings& settings) : log_(std::make_unique<MessageLog>()) {
  server_ = settings.host + ":" + std::to_string(settings.port) +
            (settings.database.empty() ? "" : "/" + settings.database);
  if (settings.encryption != "off" && settings.encryption != "request" &&
      settings.encryption != "require")
    throw DatabaseError(
        Side::Source, server_, "connect",
        "encryption must be off, request or require, not '" + settings.encryption + "'");

  // Context: messages go to callbacks (never to stderr), which file them per connection.
  CS_CONTEXT* raw_context = nullptr;
  if (cs_ctx_alloc(CS_VERSION_100, &raw_context) != CS_SUCCEED)
    throw DatabaseError(Side::Source, server_, "connect", "cs_ctx_alloc failed");
  context_.reset(raw_context);
  if (ct_init(context(), CS_VERSION_100) != CS_SUCCEED ||
      ct_callback(context(), nullptr, CS_SET, CS_CLIENTMSG_CB,
                  reinterpret_cast<CS_VOID*>(&on_client_message)) != CS_SUCCEED ||
      ct_callback(context(), nullptr, CS_SET, CS_SERVERMSG_CB,
                  reinterpret_cast<CS_VOID*>(&on_server_message)) != CS_SUCCEED)
    throw DatabaseError(Side::Source, server_, "connect", "ct_init failed");

  CS_CONNECTION* raw_connection = nullptr;
  if (ct_con_alloc(context(), &raw_connection) != CS_SUCCEED)
    throw DatabaseError(Side::Source, server_, "connect", "ct_con_alloc failed");
  connection_.reset(raw_connection);

  // Login properties. UTF-8 is set explicitly: without it the charset follows the process
  // locale, ISO-8859-1 when nobody called setlocale, and non-Latin-1 text would be lost.
  MessageLog* log = log_.get();
  if (ct_con_props(connection(), CS_SET, CS_USERDATA, &log, sizeof(log), nullptr) != CS_SUCCEED)
    throw DatabaseError(Side::Source, server_, "connect", "cannot attach the message log");
  set_text(connection(), CS_USERNAME, settings.user, "the user name");
  set_text(connection(), CS_PASSWORD, settings.password, "the password");
  set_text(connection(), CS_APPNAME, settings.application, "the application name");
  set_text(connection(), CS_CLIENTCHARSET, "UTF-8", "the client charset");
  if (!settings.database.empty()) set_text(connection(), CS_DATABASE, settings.database, "db");
  set_property<CS_INT>(connection(), CS_TDS_VERSION, CS_TDS_74, "TDS version 7.4");
  // ct-lib casts the packet size to short: 32767 is the most it can ask for.
  CS_INT packet_size =
      static_cast<CS_INT>(std::clamp<std::uint32_t>(settings.packet_size, 512, 32767));
  set_property<CS_INT>(connection(), CS_PACKETSIZE, packet_size, "the packet size");
  // ct-lib reads the login timeout from the context, not the connection: without it a server
  // that accepts the connection and never answers the login hangs the run.
  CS_INT timeout = static_cast<CS_INT>(std::max<std::int64_t>(1, settings.connect_timeout.count()));
  if (ct_config(context(), CS_SET, CS_LOGIN_TIMEOUT, &timeout, CS_UNUSED, nullptr) != CS_SUCCEED)
    throw DatabaseError(Side::Source, server_, "connect", "cannot set the login timeout");
  set_property<CS_INT>(connection(), CS_LOGIN_TIMEOUT, timeout, "the login timeout");
  // Without a query timeout a server that stops answering in the middle of a page hangs the
  // read for ever; with one, ct-lib reports 20003 and the connection counts as lost.
  CS_INT read_timeout =
      static_cast<CS_INT>(std::max<std::int64_t>(1, settings.read_timeout.count()));
  if (ct_config(context(), CS_SET, CS_TIMEOUT, &read_timeout, CS_UNUSED, nullptr) != CS_SUCCEED)
    throw DatabaseError(Side::Source, server_, "connect", "cannot set the read timeout");

  std::string section = PrivateConfig::instance().section_for(settings);
  CS_RETCODE connected;
  if (section.empty()) {
    set_text(connection(), CS_SERVERADDR, settings.host + " " + std::to_string(settings.port),
             "the server address");
    connected = ct_connect(connection(), nullptr, 0);
  } else {
    connected = ct_connect(connection(), const_cast<char*>(section.c_str()), CS_NULLTERM);
  }
  if (connected != CS_SUCCEED) throw login_error(settings);

  CS_COMMAND* raw_command = nullptr;
  if (ct_cmd_alloc(connection(), &raw_command) != CS_SUCCEED)
    throw error(server_, "connect", "ct_cmd_alloc failed");
  command_.reset(raw_command);

  // With fODBC the server already sends large values whole; saying so costs one batch and
  // protects against a freetds.conf `text size` that would truncate them.
  execute("SET TEXTSIZE 2147483647");
}

DatabaseError CtSession::login_error(const SourceSettings& settings) const {
  // FreeTDS gives up on a required encryption that the server does not offer, or on a TLS
  // handshake that fails, before the server says anything, and reports only its generic
  // "connection failed" (20002). With encryption required, that state is the TLS failure.
  constexpr std::int32_t kConnectionFailed = 20002;
  bool server_spoke = false;
  bool connection_failed = false;
  for (const CtMessage& message : log_->messages()) {
    server_spoke = server_spoke || message.from_server;
    connection_failed = connection_failed || message.number == kConnectionFailed;
  }
  if (settings.encryption == "require" && connection_failed && !server_spoke)
    return DatabaseError(
        Side::Source, server_, "connect",
        "TLS encryption could not be negotiated with the server (source.encryption is "
        "\"require\"): the server offers no encryption or the TLS handshake failed; enable TLS "
        "on the server, or set source.encryption to \"request\" (encrypt when the server can) "
        "or \"off\"",
        {}, false);
  // FreeTDS's own words for an unreachable server name its Sybase ancestry; say what to check.
  constexpr std::int32_t kUnableToConnect = 20009;
  constexpr std::int32_t kTimedOut = 20003;
  DatabaseError failure = error(server_, "connect", "cannot connect or log in");
  if (server_spoke) return failure;
  std::string hint;
  for (const CtMessage& message : log_->messages()) {
    if (message.number == kTimedOut) {
      hint = "no answer within source.connect_timeout (" +
             std::to_string(settings.connect_timeout.count()) +
             " s): check source.server, that SQL Server listens there and no firewall drops the "
             "connection, or raise source.connect_timeout";
      break;
    }
    if (message.number == kUnableToConnect) {
      hint = "nothing accepted a connection at " + settings.host + ":" +
             std::to_string(settings.port) +
             ": check source.server (host:port) and that SQL Server listens on TCP there";
    }
  }
  if (hint.empty()) return failure;
  return DatabaseError(Side::Source, failure.object(), failure.action(),
                       failure.detail() + " — " + hint, failure.code(), failure.retryable());
}

bool CtSession::dead() const {
  CS_INT status = 0;
  if (ct_con_props(connection(), CS_GET, CS_CON_STATUS, &status, CS_UNUSED, nullptr) != CS_SUCCEED)
    return true;
  return (status & CS_CONSTAT_DEAD) != 0 || (status & CS_CONSTAT_CONNECTED) == 0;
}

bool CtSession::server_error_seen() const {
  for (const CtMessage& message : log_->messages())
    if (message.from_server && message.severity > 10) return true;
  return false;
}

bool CtSession::lost() const {
  if (!command_) return false;  // only an established session can be lost
  if (dead()) return true;
  for (const CtMessage& message : log_->messages())
    if (!message.from_server && is_connection_failure(message.number)) return true;
  return false;
}

DatabaseError CtSession::error(const std::string& object, const std::string& action,
                               const std::string& fallback) const {
  // The code is the most severe server error's; the text keeps every server error in the
  // order sent, because the first often says why (4060 "Cannot open database …" comes before
  // the 18456 that ends the login).
  const CtMessage* server_error = nullptr;
  const CtMessage* client_error = nullptr;
  std::string server_text;
  for (const CtMessage& message : log_->messages()) {
    if (message.from_server) {
      if (message.severity <= 10) continue;
      if (!server_error || message.severity > server_error->severity) server_error = &message;
      if (!server_text.empty()) server_text += " ";
      server_text += message.text;
    } else if (!client_error || (!is_connection_failure(client_error->number) &&
                                 is_connection_failure(message.number))) {
      // The library's first message, unless a later one says the connection failed.
      client_error = &message;
    }
  }

  bool gone = lost();
  std::string lost_text = "the connection to the server was lost";
  if (client_error && gone) lost_text += " (" + client_error->text + ")";
  if (server_error) {
    std::string detail = server_text;
    if (gone) detail += "; " + lost_text;
    return DatabaseError(Side::Source, object, action, detail, std::to_string(server_error->number),
                         gone || is_transient_server_error(server_error->number));
  }
  if (gone) return DatabaseError(Side::Source, object, action, lost_text, {}, true);

  // No server error and the session alive: while connecting, the network or a timeout failed
  // and trying again may work; on an established session the library refused something
  // (a conversion, a buffer, a bad call), which would fail the same way again.
  std::string detail = client_error ? client_error->text : fallback;
  return DatabaseError(Side::Source, object, action, detail, {}, !command_);
}

void CtSession::check(CS_RETCODE code, const std::string& object, const std::string& action) const {
  if (code != CS_SUCCEED) throw error(object, action);
}

void CtSession::abandon() {
  if (command_ && !dead()) ct_cancel(nullptr, command(), CS_CANCEL_ALL);
}

void CtSession::execute(const std::string& sql) {
  clear_messages();
  check(ct_command(command(), CS_LANG_CMD, const_cast<char*>(sql.c_str()), CS_NULLTERM, CS_UNUSED),
        server_, sql);
  check(ct_send(command()), server_, sql);
  CS_INT result_type = 0;
  CS_RETCODE code;
  bool failed = false;
  while ((code = ct_results(command(), &result_type)) == CS_SUCCEED) {
    if (result_type == CS_CMD_FAIL) failed = true;
    if (result_type == CS_ROW_RESULT || result_type == CS_STATUS_RESULT ||
        result_type == CS_PARAM_RESULT || result_type == CS_COMPUTE_RESULT)
      ct_cancel(nullptr, command(), CS_CANCEL_CURRENT);
  }
  if (code != CS_END_RESULTS || failed || server_error_seen()) {
    DatabaseError failure = error(server_, sql);
    abandon();
    throw failure;
  }
}

}  // namespace etl::mssql
