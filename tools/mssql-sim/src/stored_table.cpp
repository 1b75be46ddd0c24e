// In-memory tables with copy-on-write snapshots.
#include "stored_table.h"

#include <algorithm>

#include "eval.h"
#include "sql_errors.h"
#include "value_order.h"

namespace mssql_sim {
namespace {

//! A published version of a stored table's rows.
class StoredRowSet : public RowSet {
 public:
  StoredRowSet(std::shared_ptr<const std::vector<Row>> rows, bool ordered)
      : rows_(std::move(rows)), ordered_(ordered) {}
  std::uint64_t size() const override { return rows_->size(); }
  void row(std::uint64_t index, Row& out) const override { out = (*rows_)[index]; }
  bool ordered_by_key() const override { return ordered_; }

 private:
  std::shared_ptr<const std::vector<Row>> rows_;
  bool ordered_;
};

}  // namespace

StoredTable::StoredTable(TableSchema schema, std::optional<IdentitySpec> identity)
    : schema_(std::move(schema)),
      identity_(identity),
      rows_(std::make_shared<const std::vector<Row>>()) {
  for (std::size_t column : schema_.primary_key)
    key_types_.push_back(schema_.columns[column].type);
}

std::shared_ptr<const RowSet> StoredTable::snapshot() const {
  std::lock_guard lock(mutex_);
  return std::make_shared<StoredRowSet>(rows_, !schema_.primary_key.empty());
}

std::int64_t StoredTable::reserve_identity(std::uint64_t count) {
  std::lock_guard lock(mutex_);
  const std::int64_t first =
      last_identity_ ? *last_identity_ + identity_->increment : identity_->seed;
  if (count > 0) {
    last_identity_ = first + static_cast<std::int64_t>(count - 1) * identity_->increment;
  }
  return first;
}

void StoredTable::observe_identity(std::int64_t value) {
  std::lock_guard lock(mutex_);
  const bool ascending = identity_->increment > 0;
  if (!last_identity_ || (ascending ? value > *last_identity_ : value < *last_identity_)) {
    last_identity_ = value;
  }
}

std::optional<std::int64_t> StoredTable::current_identity() const {
  std::lock_guard lock(mutex_);
  return last_identity_;
}

void StoredTable::throw_duplicate(const Row& row, std::int32_t error) const {
  std::string key;
  for (std::size_t i = 0; i < schema_.primary_key.size(); ++i) {
    if (i > 0) key += ", ";
    const Value& value = row[schema_.primary_key[i]];
    key += value.is_null ? "<NULL>" : to_text(TypedValue{key_types_[i], value});
  }
  const std::string object = schema_.schema + "." + schema_.name;
  if (error == 1505) {
    throw_sql_error(1505,
                    "The CREATE UNIQUE INDEX statement terminated because a duplicate key was "
                    "found for the object name '" +
                        object + "' and the index name '" + schema_.primary_key_name +
                        "'. The duplicate key value is (" + key + ").",
                    16);
  }
  throw_sql_error(2627,
                  "Violation of PRIMARY KEY constraint '" + schema_.primary_key_name +
                      "'. Cannot insert duplicate key in object '" + object +
                      "'. The duplicate key value is (" + key + ").",
                  14);
}

void StoredTable::sort_and_check(std::vector<Row>& rows, std::int32_t duplicate_error) const {
  if (schema_.primary_key.empty()) return;
  auto less = [this](const Row& a, const Row& b) {
    return compare_rows(a, b, schema_.primary_key, key_types_) < 0;
  };
  std::stable_sort(rows.begin(), rows.end(), less);
  for (std::size_t i = 1; i < rows.size(); ++i) {
    if (!less(rows[i - 1], rows[i])) throw_duplicate(rows[i], duplicate_error);
  }
}

void StoredTable::insert(std::vector<Row> rows) {
  if (rows.empty()) return;
  sort_and_check(rows, 2627);

  std::lock_guard lock(mutex_);
  const std::vector<Row>& current = *rows_;
  auto merged = std::make_shared<std::vector<Row>>();
  merged->reserve(current.size() + rows.size());
  if (schema_.primary_key.empty()) {
    *merged = current;
    std::move(rows.begin(), rows.end(), std::back_inserter(*merged));
  } else {
    // Both sides are sorted: merge them, failing on the first key present in both.
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < current.size() || j < rows.size()) {
      if (j == rows.size()) {
        merged->push_back(current[i++]);
        continue;
      }
      if (i == current.size()) {
        merged->push_back(std::move(rows[j++]));
        continue;
      }
      const int c = compare_rows(current[i], rows[j], schema_.primary_key, key_types_);
      if (c == 0) throw_duplicate(rows[j], 2627);
      if (c < 0) {
        merged->push_back(current[i++]);
      } else {
        merged->push_back(std::move(rows[j++]));
      }
    }
  }
  rows_ = std::move(merged);
}

std::uint64_t StoredTable::modify(const std::function<std::uint64_t(std::vector<Row>&)>& change) {
  std::lock_guard lock(mutex_);
  auto changed = std::make_shared<std::vector<Row>>(*rows_);
  const std::uint64_t affected = change(*changed);
  sort_and_check(*changed, 2627);
  rows_ = std::move(changed);
  return affected;
}

std::shared_ptr<StoredTable> StoredTable::with_primary_key(std::vector<std::size_t> key,
                                                           std::string constraint_name) const {
  TableSchema schema = schema_;
  schema.primary_key = std::move(key);
  schema.primary_key_name = std::move(constraint_name);
  auto table = std::make_shared<StoredTable>(std::move(schema), identity_);

  std::vector<Row> rows;
  {
    std::lock_guard lock(mutex_);
    rows = *rows_;
    table->last_identity_ = last_identity_;
  }
  table->sort_and_check(rows, 1505);
  table->rows_ = std::make_shared<const std::vector<Row>>(std::move(rows));
  return table;
}

}  // namespace mssql_sim
