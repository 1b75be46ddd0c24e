// Keyset pages over large key-ordered tables cost a binary search and the page, never a
// scan: a counting rowset of ten million rows proves it.
#include <atomic>

#include "engine_test_util.h"

using namespace mssql_sim_test;

namespace {

SqlType type_of(TypeId id) {
  SqlType type;
  type.id = id;
  return type;
}

//! Rows (a, b, c, v) with a = i / 1,000,000, b = (i / 1,000) % 1,000, c = i % 1,000 and
//! v = i, made on demand; counts every row read.
class CountingRowSet : public RowSet {
 public:
  explicit CountingRowSet(std::uint64_t size) : size_(size) {}
  std::uint64_t size() const override { return size_; }
  void row(std::uint64_t i, Row& out) const override {
    ++reads;
    const auto n = static_cast<std::int64_t>(i);
    out = {Value::of_integer(n / 1000000), Value::of_integer((n / 1000) % 1000),
           Value::of_integer(n % 1000), Value::of_integer(n)};
  }
  bool ordered_by_key() const override { return true; }
  mutable std::atomic<std::uint64_t> reads{0};

 private:
  std::uint64_t size_;
};

class CountingTable : public Table {
 public:
  CountingTable(std::string name, std::vector<std::size_t> key, std::uint64_t size)
      : rows_(std::make_shared<CountingRowSet>(size)) {
    schema_.name = std::move(name);
    for (const char* column : {"a", "b", "c", "v"}) {
      Column c;
      c.name = column;
      c.type = type_of(TypeId::BigInt);
      c.nullable = false;
      schema_.columns.push_back(c);
    }
    schema_.primary_key = std::move(key);
    schema_.primary_key_name = "PK_" + schema_.name;
  }
  const TableSchema& schema() const override { return schema_; }
  std::shared_ptr<const RowSet> snapshot() const override { return rows_; }
  std::uint64_t reads() const { return rows_->reads.load(); }
  void reset() { rows_->reads = 0; }

 private:
  TableSchema schema_;
  std::shared_ptr<CountingRowSet> rows_;
};

constexpr std::uint64_t kRows = 10'000'000;

struct SeekFixture : EngineFixture {
  std::shared_ptr<CountingTable> by_v =
      std::make_shared<CountingTable>("by_v", std::vector<std::size_t>{3}, kRows);
  std::shared_ptr<CountingTable> by_abc =
      std::make_shared<CountingTable>("by_abc", std::vector<std::size_t>{0, 1, 2}, kRows);

  SeekFixture() {
    catalog.create_database("big");
    catalog.put_table("big", by_v);
    catalog.put_table("big", by_abc);
    session.database = "big";
  }

  static Param bigint(const char* name, std::int64_t value) {
    return Param{name, TypedValue{type_of(TypeId::BigInt), Value::of_integer(value)}};
  }
};

//! Enough row reads for a binary search or a few, plus the page itself.
constexpr std::uint64_t kSeekBudget = 400;

}  // namespace

TEST_CASE_METHOD(SeekFixture, "a keyset page on a single key seeks instead of scanning",
                 "[select][keyset]") {
  auto page =
      rows("SELECT TOP (3) v FROM by_v WHERE v > @last ORDER BY v", {bigint("@last", 7'654'321)});
  CHECK(page == Rows{{"7654322"}, {"7654323"}, {"7654324"}});
  CHECK(by_v->reads() < kSeekBudget);

  by_v->reset();
  CHECK(rows("SELECT v FROM by_v WHERE v >= 9999998") == Rows{{"9999998"}, {"9999999"}});
  CHECK(by_v->reads() < kSeekBudget);
}

TEST_CASE_METHOD(SeekFixture, "an upper bound ends the scan early", "[select][keyset]") {
  CHECK(rows("SELECT v FROM by_v WHERE v > 100 AND v <= 102") == Rows{{"101"}, {"102"}});
  CHECK(by_v->reads() < kSeekBudget);
  by_v->reset();
  CHECK(rows("SELECT v FROM by_v WHERE v BETWEEN 5000000 AND 5000001") ==
        Rows{{"5000000"}, {"5000001"}});
  CHECK(by_v->reads() < kSeekBudget);
}

TEST_CASE_METHOD(SeekFixture, "a composite keyset page seeks in the expanded OR form",
                 "[select][keyset]") {
  std::vector<Param> params = {bigint("@a", 4), bigint("@b", 999), bigint("@c", 998)};
  auto page = rows(
      "SELECT TOP (3) a, b, c FROM by_abc WHERE a > @a OR (a = @a AND b > @b) OR "
      "(a = @a AND b = @b AND c > @c) ORDER BY a, b, c",
      params);
  CHECK(page == Rows{{"4", "999", "999"}, {"5", "0", "0"}, {"5", "0", "1"}});
  CHECK(by_abc->reads() < kSeekBudget);
}

TEST_CASE_METHOD(SeekFixture, "a composite keyset page seeks in the nested form too",
                 "[select][keyset]") {
  std::vector<Param> params = {bigint("@a", 7), bigint("@b", 5), bigint("@c", 10)};
  auto page = rows(
      "SELECT TOP 2 a, b, c FROM by_abc WHERE (a > @a OR (a = @a AND (b > @b OR (b = @b AND "
      "c > @c)))) ORDER BY a, b, c",
      params);
  CHECK(page == Rows{{"7", "5", "11"}, {"7", "5", "12"}});
  CHECK(by_abc->reads() < kSeekBudget);

  by_abc->reset();
  page = rows(
      "SELECT TOP 2 a, b, c FROM by_abc WHERE a >= @a AND (a > @a OR b > @b OR "
      "(b = @b AND c > @c)) ORDER BY a, b, c",
      params);
  CHECK(page == Rows{{"7", "5", "11"}, {"7", "5", "12"}});
  CHECK(by_abc->reads() < kSeekBudget);
}

TEST_CASE_METHOD(SeekFixture, "a keyset page with OFFSET-free FETCH also stops at the page",
                 "[select][keyset]") {
  auto page =
      rows("SELECT v FROM by_v WHERE v > @last ORDER BY v OFFSET 0 ROWS FETCH NEXT 2 ROWS ONLY",
           {bigint("@last", 42)});
  CHECK(page == Rows{{"43"}, {"44"}});
  CHECK(by_v->reads() < kSeekBudget);
}

TEST_CASE_METHOD(SeekFixture, "descending key order reads backwards from the end",
                 "[select][keyset]") {
  CHECK(rows("SELECT TOP 2 v FROM by_v ORDER BY v DESC") == Rows{{"9999999"}, {"9999998"}});
  CHECK(by_v->reads() < kSeekBudget);
}

TEST_CASE_METHOD(SeekFixture, "COUNT(*) and MIN/MAX of the first key column read no rows",
                 "[select][keyset][aggregate]") {
  CHECK(scalar("SELECT COUNT(*) FROM by_v") == "10000000");
  CHECK(scalar("SELECT COUNT_BIG(*) FROM by_abc") == "10000000");
  CHECK(rows("SELECT MIN(v), MAX(v) FROM by_v") == Rows{{"0", "9999999"}});
  CHECK(by_v->reads() < 5);
  CHECK(by_abc->reads() == 0);
}

TEST_CASE_METHOD(SeekFixture, "a comparison with NULL selects no row without scanning",
                 "[select][keyset]") {
  Param null_param{"@last", TypedValue{type_of(TypeId::BigInt), Value::null()}};
  CHECK(rows("SELECT v FROM by_v WHERE v > @last", {null_param}).empty());
  CHECK(by_v->reads() < kSeekBudget);
}

TEST_CASE_METHOD(SeekFixture, "writing to a generated table is refused", "[dml][keyset]") {
  SqlMessage message = error("DELETE FROM by_v WHERE v = 1");
  CHECK(message.number == 3906);
}

TEST_CASE_METHOD(SeekFixture, "a key bound written as CAST(@p AS type) still seeks",
                 "[select][keyset]") {
  SqlType varchar;
  varchar.id = TypeId::VarChar;
  varchar.length = 20;
  Param text{"@last", TypedValue{varchar, Value::of_bytes("7654321")}};
  CHECK(rows("SELECT TOP (1) v FROM by_v WHERE v > CAST(@last AS bigint) ORDER BY v", {text}) ==
        Rows{{"7654322"}});
  CHECK(by_v->reads() < kSeekBudget);
}
