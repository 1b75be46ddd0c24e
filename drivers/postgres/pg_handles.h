// Move-only owners of libpq's handles, so that no path forgets PQfinish or PQclear.
#pragma once

#include <libpq-fe.h>

#include <memory>

namespace etl::postgres {

struct PgConnCloser {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};

struct PgResultClearer {
  void operator()(PGresult* result) const { PQclear(result); }
};

//! Owns one connection; PQfinish on destruction.
using PgConn = std::unique_ptr<PGconn, PgConnCloser>;

//! Owns one result; PQclear on destruction.
using PgResult = std::unique_ptr<PGresult, PgResultClearer>;

}  // namespace etl::postgres
