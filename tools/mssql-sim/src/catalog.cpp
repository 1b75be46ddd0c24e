// Databases and their tables, behind one reader-writer lock.
#include "catalog.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace mssql_sim {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string table_key(std::string_view schema, std::string_view name) {
  return lower(schema) + "." + lower(name);
}

}  // namespace

Catalog::Catalog() {
  create_database("master");
}

std::string Catalog::create_database(std::string_view name) {
  std::unique_lock lock(mutex_);
  auto [it, inserted] = databases_.try_emplace(lower(name));
  if (inserted) it->second.name = std::string(name);
  return it->second.name;
}

bool Catalog::has_database(std::string_view name) const {
  std::shared_lock lock(mutex_);
  return databases_.count(lower(name)) != 0;
}

std::string Catalog::database_name(std::string_view name) const {
  std::shared_lock lock(mutex_);
  auto it = databases_.find(lower(name));
  return it == databases_.end() ? std::string() : it->second.name;
}

std::vector<std::string> Catalog::database_names() const {
  std::shared_lock lock(mutex_);
  std::vector<std::string> names;
  for (const auto& [key, database] : databases_)
    names.push_back(database.name);
  return names;
}

void Catalog::put_table(std::string_view database, std::shared_ptr<Table> table) {
  std::unique_lock lock(mutex_);
  auto it = databases_.find(lower(database));
  if (it == databases_.end()) {
    throw std::invalid_argument("catalog: no database named " + std::string(database));
  }
  const TableSchema& schema = table->schema();
  it->second.tables[table_key(schema.schema, schema.name)] = std::move(table);
}

bool Catalog::add_table(std::string_view database, std::shared_ptr<Table> table) {
  std::unique_lock lock(mutex_);
  auto it = databases_.find(lower(database));
  if (it == databases_.end()) {
    throw std::invalid_argument("catalog: no database named " + std::string(database));
  }
  const TableSchema& schema = table->schema();
  return it->second.tables.try_emplace(table_key(schema.schema, schema.name), std::move(table))
      .second;
}

bool Catalog::drop_table(std::string_view database, std::string_view schema,
                         std::string_view name) {
  std::unique_lock lock(mutex_);
  auto it = databases_.find(lower(database));
  if (it == databases_.end()) return false;
  return it->second.tables.erase(table_key(schema, name)) != 0;
}

std::shared_ptr<Table> Catalog::find_table(std::string_view database, std::string_view schema,
                                           std::string_view name) const {
  std::shared_lock lock(mutex_);
  auto it = databases_.find(lower(database));
  if (it == databases_.end()) return nullptr;
  auto table = it->second.tables.find(table_key(schema, name));
  return table == it->second.tables.end() ? nullptr : table->second;
}

std::vector<std::shared_ptr<Table>> Catalog::tables(std::string_view database) const {
  std::shared_lock lock(mutex_);
  std::vector<std::shared_ptr<Table>> out;
  auto it = databases_.find(lower(database));
  if (it == databases_.end()) return out;
  for (const auto& [key, table] : it->second.tables)
    out.push_back(table);
  return out;
}

std::uint64_t Catalog::reserve_row_versions(std::string_view database, std::uint64_t count) {
  std::unique_lock lock(mutex_);
  auto it = databases_.find(lower(database));
  if (it == databases_.end()) {
    throw std::invalid_argument("catalog: no database named " + std::string(database));
  }
  const std::uint64_t first = it->second.last_row_version + 1;
  it->second.last_row_version += count;
  return first;
}

}  // namespace mssql_sim
