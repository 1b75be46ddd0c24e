// dbo.mixed_types: a column of every type, values over each type's whole range, known ends in
// its first rows, and nothing a migration must reject (NUL, lone surrogates, '?' stand-ins).
#include <catch2/catch.hpp>
#include <cfloat>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <string>

#include "collation.h"
#include "generators.h"
#include "tds_test_util.h"
#include "type_codec.h"

using namespace mssql_sim;
using mssql_sim::test::written;

namespace {

constexpr std::uint64_t kSampleRows = 20'000;
constexpr std::int32_t kLastDay = 3'652'058;  // 9999-12-31
constexpr std::int64_t kTicksPerDay = 864'000'000'000LL;

std::shared_ptr<const RowSet> mixed_rows(std::uint64_t rows, std::uint64_t seed = 1) {
  return make_generated_table("mixed_types", rows, seed)->snapshot();
}

const TableSchema& mixed_schema() {
  static const auto table = make_generated_table("mixed_types", 1, 1);
  return table->schema();
}

std::size_t column_index(std::string_view name) {
  const auto& columns = mixed_schema().columns;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name == name) return i;
  }
  FAIL("no column " << name);
  return 0;
}

Row row_at(const RowSet& rows, std::uint64_t index) {
  Row row;
  rows.row(index, row);
  return row;
}

__int128 power_of_ten(int digits) {
  __int128 p = 1;
  while (digits-- > 0)
    p *= 10;
  return p;
}

// Decodes UTF-8 strictly (no surrogates, no overlongs); returns the UTF-16 length, or -1.
long utf16_units(const std::string& text) {
  long units = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto b0 = static_cast<unsigned char>(text[i]);
    const int extra = b0 < 0x80             ? 0
                      : (b0 & 0xE0) == 0xC0 ? 1
                      : (b0 & 0xF0) == 0xE0 ? 2
                      : (b0 & 0xF8) == 0xF0 ? 3
                                            : -1;
    if (extra < 0 || i + static_cast<std::size_t>(extra) >= text.size() + (extra == 0 ? 1 : 0))
      return -1;
    char32_t c = extra == 0 ? b0 : b0 & (0x3F >> extra);
    for (int k = 1; k <= extra; ++k) {
      const auto b = static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]);
      if ((b & 0xC0) != 0x80) return -1;
      c = (c << 6) | (b & 0x3F);
    }
    static constexpr char32_t kMinimum[] = {0, 0x80, 0x800, 0x10000};
    if (c < kMinimum[extra] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF) || c == 0) return -1;
    units += c >= 0x10000 ? 2 : 1;
    i += static_cast<std::size_t>(extra) + 1;
  }
  return units;
}

// The minimal well-formedness the generator promises for xml: elements nest and close, and
// every '&' starts one of the three entities it writes.
bool well_formed_fragment(const std::string& xml) {
  std::vector<std::string> open;
  for (std::size_t i = 0; i < xml.size(); ++i) {
    if (xml[i] == '&') {
      if (xml.compare(i, 5, "&amp;") != 0 && xml.compare(i, 4, "&lt;") != 0 &&
          xml.compare(i, 4, "&gt;") != 0)
        return false;
    } else if (xml[i] == '>') {
      return false;  // a '>' outside a tag
    } else if (xml[i] == '<') {
      const std::size_t end = xml.find('>', i);
      if (end == std::string::npos) return false;
      const std::string tag = xml.substr(i + 1, end - i - 1);
      if (tag.starts_with('/')) {
        if (open.empty() || open.back() != tag.substr(1)) return false;
        open.pop_back();
      } else {
        open.push_back(tag.substr(0, tag.find(' ')));
      }
      i = end;
    }
  }
  return open.empty();
}

// Checks one value against its column's type; returns what is wrong, or "" when nothing is.
std::string check_value(const Column& column, const Value& v) {
  const SqlType& t = column.type;
  if (v.is_null) return column.nullable ? "" : "NULL in a NOT NULL column";
  switch (t.id) {
    case TypeId::Bit:
      return v.integer == 0 || v.integer == 1 ? "" : "bit out of range";
    case TypeId::TinyInt:
      return v.integer >= 0 && v.integer <= 255 ? "" : "tinyint out of range";
    case TypeId::SmallInt:
      return v.integer >= -32768 && v.integer <= 32767 ? "" : "smallint out of range";
    case TypeId::Int:
      return v.integer >= INT32_MIN && v.integer <= INT32_MAX ? "" : "int out of range";
    case TypeId::Decimal:
    case TypeId::Numeric: {
      const __int128 limit = power_of_ten(t.precision);
      return v.unscaled < limit && v.unscaled > -limit ? "" : "decimal has too many digits";
    }
    case TypeId::SmallMoney:
      return v.unscaled >= INT32_MIN && v.unscaled <= INT32_MAX ? "" : "smallmoney out of range";
    case TypeId::Money:
      return v.unscaled >= INT64_MIN && v.unscaled <= INT64_MAX ? "" : "money out of range";
    case TypeId::Real:
      if (static_cast<double>(static_cast<float>(v.real)) != v.real) return "real not a float";
      [[fallthrough]];
    case TypeId::Float: {
      const double magnitude = std::fabs(v.real);
      const double smallest = t.id == TypeId::Real ? FLT_MIN : DBL_MIN;
      if (!std::isfinite(v.real)) return "not finite";
      if (std::signbit(v.real) && magnitude == 0) return "negative zero";
      return magnitude == 0 || magnitude >= smallest ? "" : "subnormal";
    }
    case TypeId::Date:
      return v.days >= 0 && v.days <= kLastDay ? "" : "date out of range";
    case TypeId::Time:
    case TypeId::DateTime2: {
      std::int64_t unit = 1;
      for (int i = t.scale; i < 7; ++i)
        unit *= 10;
      if (v.ticks < 0 || v.ticks >= kTicksPerDay || v.ticks % unit != 0) return "bad ticks";
      return v.days >= 0 && v.days <= kLastDay ? "" : "date out of range";
    }
    case TypeId::DateTime:
      if (v.days < 639'905 || v.days > kLastDay) return "datetime before 1753";  // 1753-01-01
      return v.ticks >= 0 && v.ticks < 86'400LL * 300 ? "" : "bad datetime ticks";
    case TypeId::SmallDateTime:
      if (v.days < 693'595 || v.days > 759'130) return "smalldatetime out of range";
      return v.ticks >= 0 && v.ticks < 1440 ? "" : "bad smalldatetime minutes";
    case TypeId::DateTimeOffset: {
      if (v.offset_minutes < -840 || v.offset_minutes > 840) return "offset out of range";
      const std::int64_t utc = v.days * kTicksPerDay + v.ticks;
      const std::int64_t local = utc + v.offset_minutes * 600'000'000LL;
      const std::int64_t last = (kLastDay + 1LL) * kTicksPerDay;
      if (v.ticks < 0 || v.ticks >= kTicksPerDay) return "bad ticks";
      return utc >= 0 && utc < last && local >= 0 && local < last ? "" : "outside years 1-9999";
    }
    case TypeId::Char:
    case TypeId::VarChar:
    case TypeId::Text: {
      if (utf16_units(v.bytes) < 0) return "not valid UTF-8 without NUL";
      // Every character must exist in the column's code page (SQL Server would store '?').
      const std::string stored = encode_code_page(v.bytes, t.collation);
      if (decode_code_page(stored, t.collation) != v.bytes) return "not in the code page";
      if (t.length == SqlType::kMax) return "";
      if (t.id == TypeId::Char && stored.size() != static_cast<std::size_t>(t.length))
        return "char not padded to its length";
      return stored.size() <= static_cast<std::size_t>(t.length) ? "" : "too long";
    }
    case TypeId::NChar:
    case TypeId::NVarChar:
    case TypeId::NText: {
      const long units = utf16_units(v.bytes);
      if (units < 0) return "not valid UTF-8 without NUL or lone surrogates";
      if (t.length == SqlType::kMax) return "";
      if (t.id == TypeId::NChar && units != t.length) return "nchar not padded to its length";
      return units <= t.length ? "" : "too long";
    }
    case TypeId::Xml:
      if (utf16_units(v.bytes) < 0) return "xml not valid UTF-8";
      return well_formed_fragment(v.bytes) ? "" : "xml not well formed";
    case TypeId::Binary:
      return v.bytes.size() == static_cast<std::size_t>(t.length) ? "" : "binary not padded";
    case TypeId::VarBinary:
      return t.length == SqlType::kMax || v.bytes.size() <= static_cast<std::size_t>(t.length)
                 ? ""
                 : "varbinary too long";
    case TypeId::UniqueIdentifier:
      return v.bytes.size() == 16 ? "" : "guid not 16 bytes";
    case TypeId::RowVersion:
      return v.bytes.size() == 8 ? "" : "rowversion not 8 bytes";
    case TypeId::SqlVariant: {
      if (!v.variant) return "sql_variant without a value";
      Column inner{column.name, v.variant->type, false, false, {}};
      const TypeId base = inner.type.id;
      if (base != TypeId::Int && base != TypeId::BigInt && base != TypeId::NVarChar &&
          base != TypeId::VarChar)
        return "sql_variant of an unexpected base type";
      return check_value(inner, v.variant->value);
    }
    default:
      return "";
  }
}

}  // namespace

TEST_CASE("mixed_types has a column of every type the simulator serves",
          "[generators][mixed_types]") {
  const TableSchema& schema = mixed_schema();
  CHECK(schema.schema == "dbo");
  CHECK(schema.name == "mixed_types");
  REQUIRE(schema.primary_key == std::vector<std::size_t>{0});
  CHECK(schema.columns[0].name == "id");
  CHECK(schema.columns[0].type.id == TypeId::Int);

  std::set<TypeId> types;
  std::set<int> decimal_sizes;
  std::set<TypeId> nullable_fixed, not_null_fixed;
  for (const Column& column : schema.columns) {
    types.insert(column.type.id);
    if (column.type.id == TypeId::Decimal || column.type.id == TypeId::Numeric) {
      decimal_sizes.insert(static_cast<int>(tds::decimal_magnitude_length(column.type.precision)));
    }
    (column.nullable ? nullable_fixed : not_null_fixed).insert(column.type.id);
  }
  for (int id = static_cast<int>(TypeId::Bit); id <= static_cast<int>(TypeId::SqlVariant); ++id) {
    INFO("type " << type_keyword(static_cast<TypeId>(id)));
    CHECK(types.count(static_cast<TypeId>(id)) == 1);
  }
  // Every storage size of decimal, and precision 38.
  CHECK(decimal_sizes == std::set<int>{4, 8, 12, 16});
  CHECK(schema.columns[column_index("n38_10")].type.precision == 38);
  // The fixed-length wire types come only with NOT NULL columns: each has both forms.
  for (TypeId id :
       {TypeId::Bit, TypeId::TinyInt, TypeId::SmallInt, TypeId::Int, TypeId::BigInt, TypeId::Money,
        TypeId::SmallMoney, TypeId::Real, TypeId::Float, TypeId::DateTime, TypeId::SmallDateTime}) {
    INFO("type " << type_keyword(id));
    CHECK(nullable_fixed.count(id) == 1);
    CHECK(not_null_fixed.count(id) == 1);
  }
  CHECK(code_page(schema.columns[column_index("vc_cyr")].type.collation) == 1251);
  CHECK(code_page(schema.columns[column_index("vc")].type.collation) == 1252);
}

TEST_CASE("mixed_types row 1 holds each type's lowest value and row 2 its highest",
          "[generators][mixed_types]") {
  const auto rows = mixed_rows(10);
  const Row low = row_at(*rows, 0);
  const Row high = row_at(*rows, 1);
  auto at = [](const Row& row, std::string_view name) -> const Value& {
    return row[column_index(name)];
  };
  CHECK(at(low, "id").integer == 1);
  CHECK(at(high, "id").integer == 2);
  CHECK(at(low, "ti").integer == 0);
  CHECK(at(high, "ti_nn").integer == 255);
  CHECK(at(low, "si").integer == -32768);
  CHECK(at(high, "i").integer == INT32_MAX);
  CHECK(at(low, "bi_nn").integer == INT64_MIN);
  CHECK(at(high, "bi").integer == INT64_MAX);
  CHECK(at(low, "d5_2").unscaled == -99'999);
  CHECK(at(high, "d38_0").unscaled == power_of_ten(38) - 1);
  CHECK(at(low, "d38_38").unscaled == 1 - power_of_ten(38));
  CHECK(at(low, "m").unscaled == INT64_MIN);
  CHECK(at(high, "m_nn").unscaled == INT64_MAX);
  CHECK(at(low, "sm").unscaled == INT32_MIN);
  CHECK(at(high, "sm_nn").unscaled == INT32_MAX);
  CHECK(at(low, "r").real == -FLT_MAX);
  CHECK(at(high, "f_nn").real == DBL_MAX);
  CHECK(at(low, "d").days == 0);
  CHECK(at(high, "d").days == kLastDay);
  CHECK(at(high, "t7").ticks == kTicksPerDay - 1);
  CHECK(at(high, "t0").ticks == kTicksPerDay - 10'000'000);
  CHECK(at(low, "dt").days == 639'905);
  CHECK(at(high, "dt_nn").ticks == 86'400 * 300 - 1);
  CHECK(at(high, "sdt").days == 759'130);
  CHECK(at(high, "sdt").ticks == 1439);
  CHECK(at(high, "dto_7").offset_minutes == 840);
  CHECK(at(low, "dto_7").offset_minutes == -840);
  CHECK(at(low, "c").bytes == std::string(10, ' '));
  CHECK(at(high, "vc").bytes.size() == 100);  // 50 × 'ÿ', two UTF-8 bytes each
  CHECK(at(low, "vc_nn").bytes.empty());
  CHECK(at(low, "nvc").bytes.empty());
  CHECK(utf16_units(at(high, "nvcmax").bytes) == 100'000);
  CHECK(at(high, "vbmax").bytes.size() == 1u << 20);
  CHECK(at(low, "vb").bytes.empty());
  CHECK(at(low, "bin").bytes == std::string(8, '\0'));
  CHECK(at(high, "u").bytes == std::string(16, '\xff'));
  CHECK(at(low, "x").bytes.empty());
  CHECK(at(high, "x").bytes.size() >= 65'536);
  CHECK(at(low, "sv").variant->value.integer == INT32_MIN);
  CHECK(at(high, "sv").variant->value.integer == INT64_MAX);
}

TEST_CASE("mixed_types row 3 is NULL in every nullable column", "[generators][mixed_types]") {
  const auto rows = mixed_rows(10);
  const Row row = row_at(*rows, 2);
  const auto& columns = mixed_schema().columns;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    INFO("column " << columns[c].name);
    CHECK(row[c].is_null == columns[c].nullable);
  }
}

TEST_CASE("mixed_types values lie in their types' ranges and hold nothing a migration rejects",
          "[generators][mixed_types]") {
  const auto rows = mixed_rows(kSampleRows);
  const auto& columns = mixed_schema().columns;
  Row row;
  std::string previous_version;
  for (std::uint64_t i = 0; i < kSampleRows; ++i) {
    rows->row(i, row);
    REQUIRE(row.size() == columns.size());
    REQUIRE(row[0].integer == static_cast<std::int64_t>(i + 1));
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const std::string problem = check_value(columns[c], row[c]);
      if (!problem.empty())
        FAIL("row " << i + 1 << ", column " << columns[c].name << ": " << problem);
    }
    // rowversion rises strictly, as a database-wide counter does.
    const std::string& version = row.back().bytes;
    REQUIRE(version > previous_version);
    previous_version = version;
  }
}

TEST_CASE("mixed_types random rows reach NULL, the ends, empty values, pairs and large values",
          "[generators][mixed_types]") {
  const auto rows = mixed_rows(kSampleRows);
  const auto& columns = mixed_schema().columns;
  std::map<std::string, std::uint64_t> nulls, empties, larges;
  std::uint64_t bigint_lows = 0, tinyint_highs = 0, pairs = 0, variant_texts = 0, cyrillic = 0;
  Row row;
  for (std::uint64_t i = 3; i < kSampleRows; ++i) {
    rows->row(i, row);
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const Value& v = row[c];
      if (v.is_null) {
        ++nulls[columns[c].name];
        continue;
      }
      if ((is_character(columns[c].type.id) || is_binary(columns[c].type.id)) && v.bytes.empty())
        ++empties[columns[c].name];
      if (v.bytes.size() > 8'000) ++larges[columns[c].name];
    }
    bigint_lows += row[column_index("bi")].integer == INT64_MIN;
    tinyint_highs += row[column_index("ti_nn")].integer == 255;
    const Value& nvc = row[column_index("nvc")];
    pairs += !nvc.is_null && nvc.bytes.find('\xf0') != std::string::npos;
    const Value& sv = row[column_index("sv")];
    variant_texts += !sv.is_null && is_character(sv.variant->type.id);
    const Value& cyr = row[column_index("vc_cyr")];
    cyrillic += !cyr.is_null && cyr.bytes.find('\xd0') != std::string::npos;
  }
  const double random_rows = kSampleRows - 3;
  for (const Column& column : columns) {
    INFO("column " << column.name);
    const double share = nulls[column.name] / random_rows;
    if (column.nullable) {
      CHECK(share > 0.08);
      CHECK(share < 0.12);
    } else {
      CHECK(nulls[column.name] == 0);
    }
    const bool varying = column.type.id == TypeId::VarChar || column.type.id == TypeId::NVarChar ||
                         column.type.id == TypeId::VarBinary || column.type.id == TypeId::Text ||
                         column.type.id == TypeId::NText || column.type.id == TypeId::Image ||
                         column.type.id == TypeId::Xml;
    if (varying) CHECK(empties[column.name] > 0);
    if (column.type.length == SqlType::kMax && column.type.id != TypeId::SqlVariant)
      CHECK(larges[column.name] > 0);
  }
  // Each end in about 1% of rows (10 in 1000, of the non-NULL ones for bi).
  CHECK(bigint_lows > kSampleRows / 200);
  CHECK(tinyint_highs > kSampleRows / 200);
  CHECK(pairs > kSampleRows / 10);
  CHECK(variant_texts > kSampleRows / 4);
  CHECK(cyrillic > kSampleRows / 2);
}

TEST_CASE("mixed_types rows depend only on the seed and the row, in any order",
          "[generators][mixed_types]") {
  const auto small = mixed_rows(100, 7);
  const auto big = mixed_rows(1'000'000, 7);
  const auto other = mixed_rows(100, 8);
  auto same = [](const Row& a, const Row& b) {
    for (std::size_t c = 0; c < a.size(); ++c) {
      const Value& x = a[c];
      const Value& y = b[c];
      const bool equal = x.is_null == y.is_null && x.integer == y.integer &&
                         x.unscaled == y.unscaled && x.real == y.real && x.days == y.days &&
                         x.ticks == y.ticks && x.offset_minutes == y.offset_minutes &&
                         x.bytes == y.bytes && (x.variant == nullptr) == (y.variant == nullptr) &&
                         (!x.variant || x.variant->value.integer == y.variant->value.integer);
      if (!equal) return false;
    }
    return true;
  };
  Row reused;
  for (std::uint64_t i : {99u, 5u, 50u, 3u, 0u, 98u}) {
    small->row(i, reused);  // a reused Row: no field of the previous row may stay behind
    CHECK(same(reused, row_at(*big, i)));
  }
  std::uint64_t different = 0;
  for (std::uint64_t i = 3; i < 100; ++i)
    different += !same(row_at(*small, i), row_at(*other, i));
  CHECK(different == 97);
}

TEST_CASE("mixed_types of ten million rows is made at once and reads its last row",
          "[generators][mixed_types]") {
  const auto rows = mixed_rows(10'000'000);
  CHECK(rows->size() == 10'000'000);
  CHECK(rows->ordered_by_key());
  CHECK(row_at(*rows, 9'999'999)[0].integer == 10'000'000);
}

TEST_CASE("mixed_types rows encode as TDS values in every column", "[generators][mixed_types]") {
  const auto rows = mixed_rows(2'000);
  const auto& columns = mixed_schema().columns;
  std::vector<tds::ColumnCodec> codecs;
  for (const Column& column : columns)
    codecs.push_back(tds::make_column_codec(column.type, column.nullable));
  Row row;
  for (std::uint64_t i = 0; i < rows->size(); ++i) {
    rows->row(i, row);
    for (std::size_t c = 0; c < columns.size(); ++c) {
      INFO("row " << i + 1 << ", column " << columns[c].name);
      const std::string bytes =
          written([&](tds::PacketWriter& out) { tds::write_value(out, codecs[c], row[c]); });
      CHECK_FALSE(bytes.empty());
    }
  }
}
