// The syntax tree of the T-SQL the simulator understands: scripts (DDL, INSERT) and the
// queries clients send. The parser (parser.h) makes it; the script loader and the query
// engine run it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "value.h"

namespace mssql_sim::ast {

struct Expr;
using ExprPtr = std::shared_ptr<const Expr>;

//! A multi-part name as written, without delimiters: {"Chinook","dbo","Album"} or {"id"}.
using Name = std::vector<std::string>;

struct Expr {
  enum class Kind {
    Literal,   //!< `literal`, typed as SQL Server types literals (int, numeric(p,s), varchar(n)…)
    Column,    //!< `name`: a column, possibly qualified
    Param,     //!< `name[0]`: @name, a parameter or variable
    Global,    //!< `name[0]`: @@VERSION, @@SPID, @@TEXTSIZE…
    Unary,     //!< `op` "-", "+" or "~" on args[0]
    Binary,    //!< `op` "+", "-", "*", "/", "%" on args[0], args[1]
    Compare,   //!< `op` "=", "<>", "<", "<=", ">", ">=" on args[0], args[1]
    And,       //!< args[0] AND args[1]
    Or,        //!< args[0] OR args[1]
    Not,       //!< NOT args[0]
    IsNull,    //!< args[0] IS [NOT] NULL
    Between,   //!< args[0] [NOT] BETWEEN args[1] AND args[2]
    In,        //!< args[0] [NOT] IN (args[1…])
    Like,      //!< args[0] [NOT] LIKE args[1]
    Function,  //!< `name[0]` (upper case) with args; COUNT(*) has a Star argument
    Cast,      //!< CAST(args[0] AS cast_type) or CONVERT(cast_type, args[0] [, style])
    Star,      //!< * or t.*, as a select item or COUNT argument; `name` holds the qualifier
    //! CASE: `op` "simple" (args[0] the input, then WHEN value/THEN result pairs) or
    //! "searched" (WHEN condition/THEN result pairs); the ELSE result last when `has_else`.
    Case,
  };
  Kind kind = Kind::Literal;
  TypedValue literal;
  Name name;
  std::string op;
  std::vector<ExprPtr> args;
  bool negated = false;   //!< IS NOT NULL, NOT BETWEEN, NOT IN, NOT LIKE
  bool distinct = false;  //!< COUNT(DISTINCT x)
  SqlType cast_type;
  std::optional<std::int32_t> style;  //!< CONVERT style
  bool has_else = false;              //!< CASE … ELSE result END
  std::int32_t line = 1;
};

struct SelectItem {
  ExprPtr expr;
  std::string alias;  //!< AS alias, or empty
};

struct TableRef {
  Name name;  //!< [database.][schema.]table
  std::string alias;
};

struct OrderItem {
  ExprPtr expr;  //!< also a Literal int for ORDER BY 1
  bool descending = false;
};

struct Select {
  bool distinct = false;
  ExprPtr top;  //!< TOP (n) or TOP n; null when absent
  std::vector<SelectItem> items;
  std::optional<TableRef> from;
  ExprPtr where;  //!< null when absent
  std::vector<ExprPtr> group_by;
  std::vector<OrderItem> order_by;
  ExprPtr offset;  //!< OFFSET n ROWS
  ExprPtr fetch;   //!< FETCH NEXT n ROWS ONLY
};

struct ColumnDef {
  std::string name;
  SqlType type;
  bool nullable = true;
  bool identity = false;
  std::int64_t identity_seed = 1;
  std::int64_t identity_increment = 1;
  ExprPtr default_value;     //!< DEFAULT expr, or null
  bool primary_key = false;  //!< declared inline as PRIMARY KEY
};

struct CreateTable {
  Name table;
  std::vector<ColumnDef> columns;
  std::vector<std::string> primary_key;  //!< from a table constraint or an inline PRIMARY KEY
  std::string primary_key_name;
};

struct AddPrimaryKey {  //!< ALTER TABLE t ADD CONSTRAINT name PRIMARY KEY (cols)
  Name table;
  std::string constraint_name;
  std::vector<std::string> columns;
};

struct Insert {
  Name table;
  std::vector<std::string> columns;  //!< empty: all columns in order
  std::vector<std::vector<ExprPtr>> rows;
  std::optional<Select> select;  //!< INSERT … SELECT instead of VALUES
};

struct Update {
  Name table;
  std::vector<std::pair<std::string, ExprPtr>> assignments;
  ExprPtr where;
};

struct Delete {
  Name table;
  ExprPtr where;
};

struct DropTable {
  Name table;
  bool if_exists = false;
};

struct CreateDatabase {
  std::string name;
  std::string collation;  //!< the COLLATE clause's collation name, or empty for the default
};

struct Use {
  std::string database;
};

//! SET option value: `option` upper case ("TEXTSIZE", "NOCOUNT", "FMTONLY", "IDENTITY_INSERT",
//! "ANSI_NULLS", "LANGUAGE", "DATEFORMAT", "TRANSACTION ISOLATION LEVEL"…); `table` for
//! IDENTITY_INSERT; `word` the ON/OFF or keyword value; `value` an expression value.
struct SetOption {
  std::string option;
  Name table;
  std::string word;
  ExprPtr value;
};

//! BEGIN TRAN, COMMIT, ROLLBACK: accepted; the simulator has no transactions.
struct Transaction {
  std::string verb;
};

//! A statement the simulator does not model (foreign keys, indexes, views, procedures,
//! IF … blocks, DROP DATABASE…): `what` names it for the warning or error.
struct Unsupported {
  std::string what;
};

using Statement = std::variant<Select, CreateTable, AddPrimaryKey, Insert, Update, Delete,
                               DropTable, CreateDatabase, Use, SetOption, Transaction, Unsupported>;

struct ParsedStatement {
  Statement statement;
  std::int32_t line = 1;  //!< first line of the statement within the batch
};

}  // namespace mssql_sim::ast
