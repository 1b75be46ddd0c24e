// The source side of a pipeline: what a source driver (drivers/mssql) implements.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "etl/batch.h"
#include "etl/schema.h"

namespace etl {

//! Where and how to connect; the password never appears in messages or logs.
struct SourceSettings {
  std::string driver = "mssql";
  std::string host = "127.0.0.1";
  std::uint16_t port = 1433;
  std::string database;
  std::string user;
  std::string password;
  std::string encryption = "request";  //!< FreeTDS's setting: off, request or require
  std::string application = "etl";
  std::chrono::seconds connect_timeout{15};
  //! How long a query may wait for the server's answer before the connection is given up
  //! as lost (a retryable error): a server that stops answering never hangs the run.
  std::chrono::seconds read_timeout{600};
  std::uint32_t packet_size = 32767;
};

//! One connection to the source. Not thread-safe: one reader thread uses it.
class SourceReader {
 public:
  virtual ~SourceReader() = default;

  //! The table's columns, types and primary key from the catalog. `table` is
  //! "[schema.]name"; a non-empty `key` (column names) overrides the primary key.
  //! Throws DatabaseError (errors.h) naming the table or column when one is missing.
  virtual SourceTable describe(const std::string& table, const std::vector<std::string>& key) = 0;

  //! SELECT COUNT_BIG(*) of the table described last.
  virtual std::uint64_t count_rows() = 0;

  //! Reads the next page of at most `limit` rows in key order into `out` (its buffers are
  //! reused): `WHERE key > last key ORDER BY key`, with typed parameters. Returns false when
  //! no row remains. Sets out.rows, out.columns, out.first_key and out.last_key.
  //! Throws DatabaseError; retryable when the connection was lost (connect again, seek_after
  //! the last page's token and go on).
  virtual bool next_page(std::size_t limit, Batch& out) = 0;

  //! Makes the next page start after the row that `resume_token` (Batch::resume_token, from
  //! this or an earlier connection, of the same table and key) names; "" starts from the first
  //! row. Call after describe(). Throws ConfigError when the token is not one of this source's.
  virtual void seek_after(const std::string& resume_token) = 0;
};

class Source {
 public:
  virtual ~Source() = default;
  //! Opens a connection; throws DatabaseError (unreachable, login failed…) with the cause.
  virtual std::unique_ptr<SourceReader> connect() = 0;
};

}  // namespace etl
