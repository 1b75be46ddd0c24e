// Tables whose rows live in memory: loaded by scripts and changed by INSERT, UPDATE and
// DELETE. Every change publishes a new immutable snapshot, so readers never block writers.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "table.h"

namespace mssql_sim {

//! IDENTITY(seed, increment) on one column.
struct IdentitySpec {
  std::size_t column = 0;
  std::int64_t seed = 1;
  std::int64_t increment = 1;
};

//! A table held in memory, rows sorted by the primary key under the key columns'
//! collations (insertion order when there is no key).
class StoredTable : public Table {
 public:
  explicit StoredTable(TableSchema schema, std::optional<IdentitySpec> identity = std::nullopt);

  const TableSchema& schema() const override { return schema_; }
  std::shared_ptr<const RowSet> snapshot() const override;
  const std::optional<IdentitySpec>& identity() const { return identity_; }

  //! Reserves `count` generated identity values and returns the first; values of a failed
  //! statement stay used, as in SQL Server.
  std::int64_t reserve_identity(std::uint64_t count);
  //! Moves the identity counter past an explicit value (SET IDENTITY_INSERT ON).
  void observe_identity(std::int64_t value);
  //! The last identity value used (IDENT_CURRENT), or nullopt before the first row.
  std::optional<std::int64_t> current_identity() const;

  //! Adds complete rows (one converted value per column), all or none. Throws SqlError
  //! 2627 when a key is already present or repeated.
  void insert(std::vector<Row> rows);

  //! Runs `change` on a copy of the rows under the writer lock and publishes the result
  //! (re-sorted; 2627 on a duplicate key, leaving the table as it was). Returns what
  //! `change` returns: the number of rows it affected.
  std::uint64_t modify(const std::function<std::uint64_t(std::vector<Row>&)>& change);

  //! A copy of this table with a primary key added (ALTER TABLE … ADD CONSTRAINT … PRIMARY
  //! KEY). Throws SqlError 1505 when existing rows repeat a key.
  std::shared_ptr<StoredTable> with_primary_key(std::vector<std::size_t> key,
                                                std::string constraint_name) const;

 private:
  void sort_and_check(std::vector<Row>& rows, std::int32_t duplicate_error) const;
  [[noreturn]] void throw_duplicate(const Row& row, std::int32_t error) const;

  TableSchema schema_;
  std::optional<IdentitySpec> identity_;
  std::vector<SqlType> key_types_;

  mutable std::mutex mutex_;
  std::shared_ptr<const std::vector<Row>> rows_;
  std::optional<std::int64_t> last_identity_;
};

}  // namespace mssql_sim
