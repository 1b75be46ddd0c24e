// dbo.mixed_types: one column of every type the simulator serves (DESIGN.md §7), for
// migrating a large table of every type and verifying it. Row 1 holds each type's lowest
// value, row 2 its highest, row 3 NULL wherever a column allows it; later rows are random,
// with NULLs, ends, empty values and large (max) values mixed in.
#include <memory>
#include <utility>

#include "collation.h"
#include "gen_mixed_values.h"
#include "gen_random.h"
#include "gen_tables.h"
#include "gen_values.h"

namespace mssql_sim::gen {
namespace {

// Out of 1000 random rows, a nullable column is NULL in 100, at its low end in 10, at its
// high end in 10 (small types only: a high (max) value is a megabyte) and large in 1.
constexpr std::uint64_t kNullPerMille = 100;
constexpr std::uint64_t kLowPerMille = 10;
constexpr std::uint64_t kHighPerMille = 10;
constexpr std::uint64_t kLargePerMille = 1;

// The first rows, whose every value is known without the random streams.
constexpr std::uint64_t kLowRow = 0;
constexpr std::uint64_t kHighRow = 1;
constexpr std::uint64_t kNullRow = 2;

// sql_variant holds these base types (the ones whose text every reader renders alike).
constexpr std::int32_t kVariantTextLength = 100;

// rowversion: a database-wide counter that other tables also advance, so values rise with
// gaps: row i gets 2001 + 3i + a jitter below 3.
constexpr std::uint64_t kRowVersionBase = 2001;

TableSchema mixed_types_schema() {
  TableSchema schema;
  schema.name = "mixed_types";
  schema.primary_key_name = "PK_mixed_types";
  schema.primary_key = {0};
  auto add = [&](std::string name, SqlType type, bool nullable) {
    schema.columns.push_back(Column{std::move(name), std::move(type), nullable, false, {}});
  };
  add("id", type_of(TypeId::Int), false);
  // The fixed-length wire types (INT1…INT8, BIT, FLT4/8, MONEY, DATETIME) are sent for NOT
  // NULL columns only, their N-types for nullable ones: both forms, side by side.
  add("b", type_of(TypeId::Bit), true);
  add("b_nn", type_of(TypeId::Bit), false);
  add("ti", type_of(TypeId::TinyInt), true);
  add("ti_nn", type_of(TypeId::TinyInt), false);
  add("si", type_of(TypeId::SmallInt), true);
  add("si_nn", type_of(TypeId::SmallInt), false);
  add("i", type_of(TypeId::Int), true);
  add("i_nn", type_of(TypeId::Int), false);
  add("bi", type_of(TypeId::BigInt), true);
  add("bi_nn", type_of(TypeId::BigInt), false);
  // Decimals of each storage size (5, 9, 13 and 17 bytes), scale 0 up to the precision.
  add("d5_2", type_of(TypeId::Decimal, 0, 5, 2), true);
  add("n12_4", type_of(TypeId::Numeric, 0, 12, 4), true);
  add("d19_0", type_of(TypeId::Decimal, 0, 19, 0), true);
  add("d28_13", type_of(TypeId::Decimal, 0, 28, 13), true);
  add("n38_10", type_of(TypeId::Numeric, 0, 38, 10), true);
  add("d38_0", type_of(TypeId::Decimal, 0, 38, 0), false);
  add("d38_38", type_of(TypeId::Decimal, 0, 38, 38), true);
  add("m", type_of(TypeId::Money), true);
  add("m_nn", type_of(TypeId::Money), false);
  add("sm", type_of(TypeId::SmallMoney), true);
  add("sm_nn", type_of(TypeId::SmallMoney), false);
  add("r", type_of(TypeId::Real), true);
  add("r_nn", type_of(TypeId::Real), false);
  add("f", type_of(TypeId::Float), true);
  add("f_nn", type_of(TypeId::Float), false);
  add("d", type_of(TypeId::Date), true);
  add("t7", type_of(TypeId::Time, 0, 0, 7), true);
  add("t0", type_of(TypeId::Time, 0, 0, 0), true);
  add("dt", type_of(TypeId::DateTime), true);
  add("dt_nn", type_of(TypeId::DateTime), false);
  add("sdt", type_of(TypeId::SmallDateTime), true);
  add("sdt_nn", type_of(TypeId::SmallDateTime), false);
  add("dt2_7", type_of(TypeId::DateTime2, 0, 0, 7), true);
  add("dt2_3", type_of(TypeId::DateTime2, 0, 0, 3), true);
  add("dto_7", type_of(TypeId::DateTimeOffset, 0, 0, 7), true);
  add("c", type_of(TypeId::Char, 10), true);
  add("vc", type_of(TypeId::VarChar, 50), true);
  add("vc_nn", type_of(TypeId::VarChar, 20), false);
  add("vcmax", type_of(TypeId::VarChar, SqlType::kMax), true);
  SqlType cyrillic = type_of(TypeId::VarChar, 40);
  cyrillic.collation = collation_from_name("Cyrillic_General_CI_AS");
  add("vc_cyr", cyrillic, true);
  add("txt", type_of(TypeId::Text, SqlType::kMax), true);
  add("nc", type_of(TypeId::NChar, 10), true);
  add("nvc", type_of(TypeId::NVarChar, 50), true);
  add("nvc_nn", type_of(TypeId::NVarChar, 20), false);
  add("nvcmax", type_of(TypeId::NVarChar, SqlType::kMax), true);
  add("ntxt", type_of(TypeId::NText, SqlType::kMax), true);
  add("bin", type_of(TypeId::Binary, 8), true);
  add("vb", type_of(TypeId::VarBinary, 64), true);
  add("vbmax", type_of(TypeId::VarBinary, SqlType::kMax), true);
  add("img", type_of(TypeId::Image, SqlType::kMax), true);
  add("u", type_of(TypeId::UniqueIdentifier), true);
  add("x", type_of(TypeId::Xml, SqlType::kMax), true);
  add("sv", type_of(TypeId::SqlVariant), true);
  add("rv", type_of(TypeId::RowVersion, 8), false);
  return schema;
}

bool is_large_type(const SqlType& type) {
  return type.length == SqlType::kMax || type.id == TypeId::Xml;
}

class MixedTypesRows final : public RowSet {
 public:
  // The rows keep a copy of the schema, so they stand alone like every other RowSet.
  MixedTypesRows(std::uint64_t rows, std::uint64_t seed, TableSchema schema)
      : rows_(rows), key_(seed_key(seed, 0x313dULL)), schema_(std::move(schema)) {}

  std::uint64_t size() const override { return rows_; }
  bool ordered_by_key() const override { return true; }

  void row(std::uint64_t index, Row& out) const override {
    const std::size_t columns = schema_.columns.size();
    out.resize(columns);
    const Draws draws(key_, index);
    put_integer(out[0], static_cast<std::int64_t>(index + 1));
    for (std::size_t c = 1; c + 1 < columns; ++c) {
      const Column& column = schema_.columns[c];
      Sequence random(draws.bits(static_cast<std::uint32_t>(c)));
      Extreme extreme = Extreme::Random;
      bool large = false;
      if (index == kLowRow) {
        extreme = Extreme::Low;
      } else if (index == kHighRow) {
        extreme = Extreme::High;
      } else if (index == kNullRow && column.nullable) {
        put_null(out[c]);
        continue;
      } else if (index > kNullRow) {
        std::uint64_t mode = random.below(1000);
        if (column.nullable) {
          if (mode < kNullPerMille) {
            put_null(out[c]);
            continue;
          }
          mode -= kNullPerMille;
        }
        if (mode < kLowPerMille) {
          extreme = Extreme::Low;
        } else if (mode < kLowPerMille + kHighPerMille && !is_large_type(column.type)) {
          extreme = Extreme::High;
        } else if (mode < kLowPerMille + kHighPerMille + kLargePerMille) {
          large = true;
        }
      }
      if (column.type.id == TypeId::SqlVariant) {
        put_variant(extreme, random, out[c]);
      } else {
        put_typed(column.type, extreme, large, random, out[c]);
      }
    }
    put_row_version(index, draws, out[columns - 1]);
  }

 private:
  static void put_variant(Extreme extreme, Sequence& random, Value& out) {
    TypedValue inner;
    const std::uint64_t base = extreme == Extreme::Low    ? 0
                               : extreme == Extreme::High ? 1
                                                          : random.below(4);
    switch (base) {
      case 0:
        inner.type = type_of(TypeId::Int);
        break;
      case 1:
        inner.type = type_of(TypeId::BigInt);
        break;
      case 2:
        inner.type = type_of(TypeId::NVarChar, kVariantTextLength);
        break;
      default:
        inner.type = type_of(TypeId::VarChar, kVariantTextLength);
        break;
    }
    put_typed(inner.type, extreme, false, random, inner.value);
    reset(out);
    out.variant = std::make_shared<const TypedValue>(std::move(inner));
  }

  static void put_row_version(std::uint64_t index, const Draws& draws, Value& out) {
    const std::uint64_t version = kRowVersionBase + index * 3 + draws.below(0xffff, 3);
    reset(out);
    for (int shift = 56; shift >= 0; shift -= 8)
      out.bytes.push_back(static_cast<char>(version >> shift));
  }

  std::uint64_t rows_;
  std::uint64_t key_;
  TableSchema schema_;
};

}  // namespace

std::shared_ptr<Table> make_mixed_types(std::uint64_t rows, std::uint64_t seed) {
  TableSchema schema = mixed_types_schema();
  auto row_set = std::make_shared<MixedTypesRows>(rows, seed, schema);
  return std::make_shared<GeneratedTable>(std::move(schema), std::move(row_set));
}

}  // namespace mssql_sim::gen
