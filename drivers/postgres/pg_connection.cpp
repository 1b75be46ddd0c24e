#include "postgres/pg_connection.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <memory>

#include "etl/pipeline.h"

namespace etl::postgres {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::string trimmed(std::string text) {
  while (!text.empty() && is_space(text.back()))
    text.pop_back();
  return text;
}

// Server notices ("relation already exists, skipping") go to the debug log, not to stderr
// where libpq would print them over the progress bar.
void log_notice(void*, const char* message) {
  spdlog::debug("destination: server notice: {}", trimmed(message));
}

std::string field(const PGresult* result, int code) {
  const char* value = result ? PQresultErrorField(result, code) : nullptr;
  return value ? std::string(value) : std::string();
}

// connect()'s defaults; see PQconnectdbParams: keywords before dbname are defaults the URL may
// override. TCP keepalives end a batch whose server vanished (about 60 s) instead of waiting
// forever.
constexpr int kDefaultConnectTimeout = 10;

PGconn* open_with_defaults(const std::string& url, bool wait) {
  const char* keywords[] = {
      "connect_timeout",     "application_name", "keepalives", "keepalives_idle",
      "keepalives_interval", "keepalives_count", "dbname",     nullptr};
  std::string timeout = std::to_string(kDefaultConnectTimeout);
  const char* values[] = {timeout.c_str(), "etl", "1", "30", "10", "3", url.c_str(), nullptr};
  PGconn* conn =
      wait ? PQconnectdbParams(keywords, values, 1) : PQconnectStartParams(keywords, values, 1);
  if (conn) PQsetNoticeProcessor(conn, log_notice, nullptr);
  return conn;
}

}  // namespace

std::string mask_password(std::string_view url) {
  return mask_secrets(std::string(url));
}

bool is_retryable_sqlstate(std::string_view sqlstate) {
  if (sqlstate.starts_with("08")) return true;
  constexpr std::array<std::string_view, 6> kRetryable = {"57P01", "57P02", "57P03",
                                                          "40001", "40P01", "53300"};
  for (std::string_view code : kRetryable) {
    if (sqlstate == code) return true;
  }
  return false;
}

// libpq's reason for an unreadable connection string quotes the part it stumbled on, which
// is often the password (an unencoded '@' or '%' in it): that reason is never shown.
void check_readable(const std::string& url) {
  char* reason = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &reason);
  if (reason) PQfreemem(reason);
  if (options) {
    PQconninfoFree(options);
    return;
  }
  throw DatabaseError(
      Side::Destination, "destination.url", "read",
      "libpq cannot read it as a URL or a keyword=value string (its reason is withheld: it "
      "may quote the password); in a URL percent-encode the password's special characters "
      "(@ as %40, % as %25, : as %3A, / as %2F, a space as %20), in keyword=value quote the "
      "value as '…' with \\' for a quote — or put the password in destination.password_file",
      "", false);
}

PgConn connect(const std::string& url) {
  check_readable(url);
  PgConn conn(open_with_defaults(url, true));
  if (!conn) {
    throw DatabaseError(Side::Destination, mask_password(url), "connect to", "out of memory");
  }
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    // libpq gives no SQLSTATE for a failed connection; most causes (refused, timed out,
    // too many clients, server starting) pass with time, so the failure counts as retryable.
    throw DatabaseError(Side::Destination, mask_password(url), "connect to",
                        connection_failure(conn.get()), "", true);
  }
  return conn;
}

PgConn connect_start(const std::string& url) {
  return PgConn(open_with_defaults(url, false));
}

std::chrono::seconds connect_timeout_of(const PGconn* conn) {
  std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(
      PQconninfo(const_cast<PGconn*>(conn)), &PQconninfoFree);
  for (PQconninfoOption* option = options.get(); option && option->keyword; ++option) {
    if (std::string_view(option->keyword) != "connect_timeout") continue;
    if (!option->val || !*option->val) break;
    // libpq waits without limit for 0 and at least 2 s for anything else.
    int seconds = std::atoi(option->val);
    return std::chrono::seconds(seconds <= 0 ? 0 : std::max(seconds, 2));
  }
  return std::chrono::seconds(kDefaultConnectTimeout);
}

std::string connection_hint(std::string_view text) {
  auto has = [&](std::string_view part) { return text.find(part) != std::string_view::npos; };
  if (has("server does not support SSL")) {
    return "the server does not accept TLS: turn ssl on in its configuration or lower sslmode in "
           "destination.url";
  }
  if (has("does not match host name")) {
    return "the host in destination.url must be a name the server's certificate holds "
           "(sslmode=verify-full checks it; verify-ca does not)";
  }
  if (has("certificate")) {
    return "the server's certificate could not be verified: set sslrootcert in destination.url to "
           "the file of the CA that signed it, or change sslmode";
  }
  if (has("SSL") || has("ssl"))
    return "TLS failed: check sslmode and sslrootcert in destination.url";
  return {};
}

std::string connection_failure(const PGconn* conn) {
  std::string text = conn ? trimmed(PQerrorMessage(conn)) : "out of memory";
  if (text.empty()) text = "connection failed";
  std::string hint = connection_hint(text);
  return hint.empty() ? text : text + " (" + hint + ")";
}

std::string withhold_row_values(std::string detail) {
  constexpr std::string_view kFailingRow = "Failing row contains";
  if (detail.starts_with(kFailingRow)) return "the failing row's values are not logged";
  return detail;
}

DatabaseError result_error(const PGresult* result, const PGconn* conn, std::string object,
                           std::string action) {
  std::string code = field(result, PG_DIAG_SQLSTATE);
  std::string text = field(result, PG_DIAG_MESSAGE_PRIMARY);
  if (text.empty() && result) text = trimmed(PQresultErrorMessage(result));
  if (text.empty() && conn) text = trimmed(PQerrorMessage(conn));

  std::string detail = withhold_row_values(field(result, PG_DIAG_MESSAGE_DETAIL));
  if (!detail.empty()) text += ": " + detail;
  std::string context = field(result, PG_DIAG_CONTEXT);
  if (!context.empty()) text += " (" + context.substr(0, context.find('\n')) + ")";

  bool lost = conn && PQstatus(conn) == CONNECTION_BAD;
  bool retryable = lost || is_retryable_sqlstate(code);
  return DatabaseError(Side::Destination, std::move(object), std::move(action), std::move(text),
                       std::move(code), retryable);
}

PgResult exec(PGconn* conn, const std::string& sql, const std::string& object,
              const std::string& action, const std::vector<std::string>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const std::string& param : params)
    values.push_back(param.c_str());

  PgResult result(params.empty() ? PQexec(conn, sql.c_str())
                                 : PQexecParams(conn, sql.c_str(), static_cast<int>(params.size()),
                                                nullptr, values.data(), nullptr, nullptr, 0));
  ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_COPY_OUT &&
      status != PGRES_COPY_IN) {
    throw result_error(result.get(), conn, object, action);
  }
  return result;
}

std::string single_value(const PGresult* result) {
  if (!result || PQntuples(result) == 0 || PQnfields(result) == 0 || PQgetisnull(result, 0, 0)) {
    return {};
  }
  return PQgetvalue(result, 0, 0);
}

}  // namespace etl::postgres
