// Databases and their tables. Names compare case-insensitively, as under the server's
// default collation.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "table.h"

namespace mssql_sim {

class Catalog {
 public:
  //! A catalog holds `master` from the start, as every SQL Server does.
  Catalog();

  //! Creates the database if it does not exist yet; returns its canonical name.
  std::string create_database(std::string_view name);
  bool has_database(std::string_view name) const;
  //! Canonical spelling of an existing database name, or empty.
  std::string database_name(std::string_view name) const;
  std::vector<std::string> database_names() const;

  //! Adds or replaces a table of `database` (which must exist).
  void put_table(std::string_view database, std::shared_ptr<Table> table);
  //! Adds a table unless one of that schema and name exists; false when it does.
  bool add_table(std::string_view database, std::shared_ptr<Table> table);
  bool drop_table(std::string_view database, std::string_view schema, std::string_view name);
  //! nullptr when there is no such table.
  std::shared_ptr<Table> find_table(std::string_view database, std::string_view schema,
                                    std::string_view name) const;
  std::vector<std::shared_ptr<Table>> tables(std::string_view database) const;

  //! Reserves `count` rowversion values of `database` (its @@DBTS sequence, which starts
  //! after 2000 as in a new SQL Server database) and returns the first.
  std::uint64_t reserve_row_versions(std::string_view database, std::uint64_t count);

 private:
  struct Database {
    std::string name;
    std::map<std::string, std::shared_ptr<Table>> tables;  // key: lower "schema.name"
    std::uint64_t last_row_version = 2000;
  };
  mutable std::shared_mutex mutex_;
  std::map<std::string, Database> databases_;  // key: lower name
};

}  // namespace mssql_sim
