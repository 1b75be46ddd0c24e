// Tables: a schema and rows that can be read at random in a fixed order.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "value.h"

namespace mssql_sim {

struct Column {
  std::string name;
  SqlType type;
  bool nullable = true;
  bool identity = false;
  std::optional<TypedValue> default_value;  //!< a constant DEFAULT, if declared
};

struct TableSchema {
  std::string schema = "dbo";
  std::string name;
  std::vector<Column> columns;
  std::vector<std::size_t> primary_key;  //!< indexes into columns, in key order
  std::string primary_key_name;          //!< the constraint's name, e.g. PK_Album
};

//! An immutable view of a table's rows. When `ordered_by_key()` is true, rows are sorted
//! by the primary key under the key columns' collations, so a reader can binary-search
//! for the first row of a keyset page.
class RowSet {
 public:
  virtual ~RowSet() = default;
  virtual std::uint64_t size() const = 0;
  //! Writes row `index` (0 ≤ index < size()) into `out`, one value per schema column.
  virtual void row(std::uint64_t index, Row& out) const = 0;
  virtual bool ordered_by_key() const = 0;
};

//! A table of a database. Stored tables (from scripts) and generated tables (made row by
//! row from a seed) both implement it.
class Table {
 public:
  virtual ~Table() = default;
  virtual const TableSchema& schema() const = 0;
  //! The rows as they are now; the view stays valid and unchanged while the table changes.
  virtual std::shared_ptr<const RowSet> snapshot() const = 0;
};

}  // namespace mssql_sim
