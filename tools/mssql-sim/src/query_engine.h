// The boundary between the wire protocol and the SQL layer: a batch goes in, a sequence of
// statement outcomes comes out, rowsets as lazy cursors so that large results stream.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "table.h"

namespace mssql_sim {

class Catalog;

//! A SQL Server message: an error (severity ≥ 11) or an informational message.
struct SqlMessage {
  std::int32_t number = 0;
  std::uint8_t state = 1;
  std::uint8_t severity = 16;
  std::string text;
  std::int32_t line = 1;
};

//! Thrown inside the SQL layer for an error that ends a statement; the engine turns it into
//! an Error outcome.
class SqlError : public std::runtime_error {
 public:
  explicit SqlError(SqlMessage message)
      : std::runtime_error(message.text), message_(std::move(message)) {}
  const SqlMessage& message() const { return message_; }

 private:
  SqlMessage message_;
};

//! Per-connection state that statements read and change.
struct SessionState {
  std::string database;  //!< current database (canonical name)
  std::string user;
  std::uint16_t spid = 51;
  std::int64_t textsize = -1;  //!< SET TEXTSIZE in bytes; -1 is unlimited
  bool fmtonly = false;        //!< SET FMTONLY ON: rowsets carry metadata and no rows
  bool nocount = false;        //!< SET NOCOUNT ON: DONE tokens carry no row count
  std::int32_t packet_size = 4096;
  //! Loading a script (--script): statements the simulator does not model become Info
  //! outcomes of severity 10 (a warning line) instead of errors.
  bool loading_script = false;
  //! SET IDENTITY_INSERT ON: the table it is on, as "database.schema.name" in lower case.
  std::string identity_insert_table;
  std::int32_t trancount = 0;       //!< @@TRANCOUNT: BEGIN TRAN nesting (no real transactions)
  std::int64_t last_row_count = 0;  //!< @@ROWCOUNT after the previous statement
};

//! A parameter of an RPC sp_executesql call, named with its '@'.
struct Param {
  std::string name;
  TypedValue value;
};

struct ResultColumn {
  std::string name;
  SqlType type;
  bool nullable = true;
  bool identity = false;
  std::string table_name;  //!< for text, ntext and image columns (COLMETADATA TableName)
};

//! The rows of one rowset, produced as they are read.
class RowCursor {
 public:
  virtual ~RowCursor() = default;
  //! Fills `row` with the next row (one value per ResultColumn); false at the end.
  //! May throw SqlError, which ends the rowset with that error.
  virtual bool next(Row& row) = 0;
};

struct StatementOutcome {
  enum class Kind {
    Rowset,           //!< columns and rows, then DONE with the count of rows sent
    Done,             //!< a statement without rows (SET, DML); row_count if it counts
    Error,            //!< the statement failed with `message`
    Info,             //!< an informational message, then the statement goes on
    DatabaseChanged,  //!< USE: ENVCHANGE database, INFO 5701, DONE
  };
  Kind kind = Kind::Done;
  std::vector<ResultColumn> columns;
  std::unique_ptr<RowCursor> rows;
  std::optional<std::uint64_t> row_count;
  SqlMessage message;
  std::string old_database;
  std::string new_database;
  std::int64_t textsize = -1;  //!< SET TEXTSIZE in force when the rowset was opened
};

//! Executes T-SQL batches against a catalog. Thread-safe: one engine serves every session.
class QueryEngine {
 public:
  explicit QueryEngine(Catalog& catalog) : catalog_(catalog) {}

  //! Runs one batch (statements separated by ';' or whitespace, as SQL Server accepts them).
  //! A syntax error fails the whole batch before anything runs (error 102 and friends); a
  //! run-time error fails its statement. Outcomes are returned in order; rowset cursors are
  //! read by the caller after this returns and stay valid on their own.
  std::vector<StatementOutcome> execute(SessionState& session, std::string_view sql,
                                        const std::vector<Param>& params = {});

 private:
  Catalog& catalog_;
};

}  // namespace mssql_sim
