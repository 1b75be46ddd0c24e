// Connecting to PostgreSQL and turning libpq's failures into etl::DatabaseError: the SQLSTATE,
// the server's own words, and whether trying again may help. No password ever leaves here.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "etl/errors.h"
#include "postgres/pg_handles.h"

namespace etl::postgres {

//! The connection URL or keyword/value string with every password replaced by "****": the
//! URL's user information (postgresql://user:****@host) and any `password=` parameter.
std::string mask_password(std::string_view url);

//! A server error's DETAIL as it may appear in messages and logs: "Failing row contains (…)"
//! would put every value of a row (personal data included) there, so it is withheld; other
//! details ("Key (id)=(5) already exists.") are kept.
std::string withhold_row_values(std::string detail);

//! Whether a failure with this SQLSTATE may pass when tried again: connection exceptions
//! (class 08), the server shutting down or starting (57P01, 57P02, 57P03), serialization
//! failures (40001), deadlocks (40P01) and too many connections (53300). Data and schema
//! errors are not.
bool is_retryable_sqlstate(std::string_view sqlstate);

//! Opens a connection (blocking). The URL's own settings win; when it has none, the connect
//! timeout is 10 s, TCP keepalives notice a dead server within about a minute, and
//! application_name is "etl". Throws DatabaseError naming the masked URL.
PgConn connect(const std::string& url);

//! Starts opening a connection with connect()'s settings without waiting (PQconnectStartParams);
//! the caller drives it with PQconnectPoll and enforces connect_timeout_of() itself. Null only
//! when libpq is out of memory.
PgConn connect_start(const std::string& url);

//! The connect timeout the URL sets (connect_timeout, in seconds), or 10 s when it sets none.
std::chrono::seconds connect_timeout_of(const PGconn* conn);

//! Why a connection failed, as libpq says it, with what to change in destination.url when the
//! failure is TLS's (sslmode, sslrootcert). Never holds the password.
std::string connection_failure(const PGconn* conn);

//! The hint connection_failure() adds to libpq's message `text`; empty when it has none.
std::string connection_hint(std::string_view text);

//! The error a failed result (or, when `result` is null, the connection) reports, with its
//! SQLSTATE, message, detail and context. A lost connection is retryable.
DatabaseError result_error(const PGresult* result, const PGconn* conn, std::string object,
                           std::string action);

//! Runs one statement, blocking, with optional text parameters ($1, $2…); returns its result
//! when it succeeded and throws result_error() otherwise.
PgResult exec(PGconn* conn, const std::string& sql, const std::string& object,
              const std::string& action, const std::vector<std::string>& params = {});

//! The first column of the first row as text ("" when the result has no row or is NULL).
std::string single_value(const PGresult* result);

}  // namespace etl::postgres
