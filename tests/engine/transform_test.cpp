#include "transform.h"

#include <catch2/catch.hpp>
#include <string>

#include "calendar.h"
#include "copy_binary.h"
#include "etl/checksum.h"
#include "etl/errors.h"
#include "temporal.h"

namespace cb = etl::copy_binary;
using etl::SourceType;

namespace {

constexpr std::int64_t kTicksPerSecond = 10'000'000;

std::int64_t source_days(std::int32_t year, std::uint32_t month, std::uint32_t day) {
  return etl::calendar::days_from_civil({year, month, day}) -
         etl::calendar::days_from_civil({1, 1, 1});
}

std::int64_t pg_micros(std::int32_t year, std::uint32_t month, std::uint32_t day, std::int64_t hour,
                       std::int64_t minute, std::int64_t second, std::int64_t micros) {
  return etl::temporal::pg_timestamp(source_days(year, month, day),
                                     ((hour * 60 + minute) * 60 + second) * 1'000'000 + micros);
}

// A source table, its load design and one batch, built column by column.
struct Table {
  etl::SourceTable source;
  etl::LoadDesign design;
  etl::Batch batch;

  std::size_t column(std::string name, SourceType type, std::int32_t length = 0,
                     std::uint8_t precision = 0, std::uint8_t scale = 0) {
    etl::SourceColumn column;
    column.name = std::move(name);
    column.type = type;
    column.length = length;
    column.precision = precision;
    column.scale = scale;
    source.columns.push_back(column);

    etl::ColumnOrigin origin;
    origin.source_column = source.columns.size() - 1;
    origin.type = etl::map_column_type(column);
    design.plan.columns.push_back({column.name, origin.type.sql(), true});
    design.origins.push_back(origin);
    batch.columns.emplace_back();
    return source.columns.size() - 1;
  }

  void constant(std::size_t index, etl::ConstantValue value) {
    design.origins[index].source_column.reset();
    design.origins[index].constant = std::move(value);
  }

  etl::ColumnValues& values(std::size_t c) { return batch.columns[c]; }

  // Every vector gets an entry per row, so that rows line up whatever the type.
  void push(std::size_t c, bool null, std::int64_t integer = 0, std::int64_t ticks = 0,
            std::string_view bytes = {}, __int128 decimal = 0, double real = 0,
            std::int16_t offset = 0) {
    etl::ColumnValues& v = values(c);
    v.nulls.push_back(null ? 1 : 0);
    v.integers.push_back(integer);
    v.ticks.push_back(ticks);
    v.offsets.push_back(offset);
    v.decimals.push_back(decimal);
    v.reals.push_back(real);
    if (!null) v.bytes.append(bytes);
    v.ends.push_back(v.bytes.size());
  }
  void push_int(std::size_t c, std::int64_t value) { push(c, false, value); }
  void push_null(std::size_t c) { push(c, true); }
  void push_text(std::size_t c, std::string_view text) { push(c, false, 0, 0, text); }
  void push_decimal(std::size_t c, __int128 value) { push(c, false, 0, 0, {}, value); }
  void push_real(std::size_t c, double value) { push(c, false, 0, 0, {}, 0, value); }
  void push_time(std::size_t c, std::int64_t days, std::int64_t ticks, std::int16_t offset = 0) {
    push(c, false, days, ticks, {}, 0, 0, offset);
  }

  etl::TransformOutput run(etl::NulPolicy policy = etl::NulPolicy::Reject, std::size_t rows = 0) {
    batch.rows = rows != 0 ? rows : batch.columns.at(0).nulls.size();
    etl::Transform transform(source, design, policy);
    etl::TransformOutput out;
    transform.apply(batch, out);
    return out;
  }
};

// The tuple of a one-column row with one field appended by `field`.
template <typename Append>
std::string tuple1(Append field) {
  std::string out;
  cb::begin_tuple(out, 1);
  field(out);
  return out;
}

std::string text_tuple(std::string_view text) {
  return tuple1([&](std::string& out) { cb::append_bytes(out, text); });
}

std::string timestamp_tuple(std::int64_t micros) {
  return tuple1([&](std::string& out) { cb::append_timestamp(out, micros); });
}

}  // namespace

TEST_CASE("each source type is encoded as its destination type", "[transform]") {
  Table t;
  const auto bit = t.column("bit", SourceType::Bit);
  const auto tiny = t.column("tiny", SourceType::TinyInt);
  const auto big = t.column("big", SourceType::BigInt);
  const auto money = t.column("money", SourceType::Money);
  const auto dec = t.column("dec", SourceType::Decimal, 0, 28, 13);
  const auto real = t.column("real", SourceType::Real);
  const auto flt = t.column("float", SourceType::Float);
  const auto date = t.column("date", SourceType::Date);
  const auto bin = t.column("bin", SourceType::VarBinary, 10);
  const auto nul = t.column("nul", SourceType::Int);
  t.push_int(bit, 1);
  t.push_int(tiny, 255);
  t.push_int(big, -9'000'000'000);
  t.push_int(money, 70827616900);  // 7082761.6900
  t.push_decimal(dec,
                 -static_cast<__int128>(6772328009282985) * 100000);  // -67723280.0928298500000
  t.push_real(real, 1.5);
  t.push_real(flt, 0.1);
  t.push_int(date, source_days(9999, 12, 31));
  t.push_text(bin, std::string("\0\xFF", 2));
  t.push_null(nul);

  const etl::TransformOutput out = t.run();

  std::string expected;
  cb::begin_tuple(expected, 10);
  cb::append_bool(expected, true);
  cb::append_int2(expected, 255);
  cb::append_int8(expected, -9'000'000'000);
  cb::append_numeric(expected, 70827616900, 4);
  cb::append_numeric(expected, -static_cast<__int128>(6772328009282985) * 100000, 13);
  cb::append_float4(expected, 1.5f);
  cb::append_float8(expected, 0.1);
  cb::append_date(expected, 2921939);
  cb::append_bytes(expected, std::string("\0\xFF", 2));
  cb::append_null(expected);
  CHECK(out.batch.tuples == expected);
  CHECK(out.batch.rows == 1);
  CHECK(out.rejects.empty());
}

TEST_CASE("datetime ticks become the milliseconds SQL Server shows", "[transform][temporal]") {
  Table t;
  const auto c = t.column("dt", SourceType::DateTime);
  const std::int64_t day = source_days(2009, 1, 1);
  for (std::int64_t ticks : {0, 1, 2, 3, 299, 300 * 86400 - 1})
    t.push_time(c, day, ticks);

  const etl::TransformOutput out = t.run();

  std::string expected;
  for (std::int64_t millis : {0, 3, 7, 10, 997, 86'399'997}) {
    expected += timestamp_tuple(pg_micros(2009, 1, 1, 0, 0, 0, millis * 1000));
  }
  CHECK(out.batch.tuples == expected);
}

TEST_CASE("a 7th fractional digit is truncated, so datetime2(7) never leaves its day",
          "[transform][temporal]") {
  Table t;
  const auto c = t.column("dt2", SourceType::DateTime2, 0, 0, 7);
  const std::int64_t day = source_days(2020, 1, 1);
  const std::int64_t last_tick = 86'400 * kTicksPerSecond - 1;  // 23:59:59.9999999
  t.push_time(c, day, last_tick);
  t.push_time(c, day, 1'234'565);            // 00:00:00.1234565
  t.push_time(c, day, 1'234'569);            // 00:00:00.1234569
  t.push_time(c, day, 1'234'560);            // 00:00:00.1234560: 6 digits, unchanged
  t.push_time(c, day, kTicksPerSecond - 1);  // 00:00:00.9999999 stays in its second
  t.push_time(c, source_days(9999, 12, 31), last_tick);
  t.push_time(c, source_days(1, 1, 1), 0);

  const etl::TransformOutput out = t.run();

  CHECK(out.batch.tuples == timestamp_tuple(pg_micros(2020, 1, 1, 23, 59, 59, 999'999)) +
                                timestamp_tuple(pg_micros(2020, 1, 1, 0, 0, 0, 123'456)) +
                                timestamp_tuple(pg_micros(2020, 1, 1, 0, 0, 0, 123'456)) +
                                timestamp_tuple(pg_micros(2020, 1, 1, 0, 0, 0, 123'456)) +
                                timestamp_tuple(pg_micros(2020, 1, 1, 0, 0, 0, 999'999)) +
                                timestamp_tuple(pg_micros(9999, 12, 31, 23, 59, 59, 999'999)) +
                                timestamp_tuple(pg_micros(1, 1, 1, 0, 0, 0, 0)));
}

TEST_CASE("time(7) truncates to microseconds and the day's last tick is 23:59:59.999999",
          "[transform][temporal]") {
  Table t;
  const auto c = t.column("t", SourceType::Time, 0, 0, 7);
  t.push_time(c, 0, 86'400 * kTicksPerSecond - 1);  // 23:59:59.9999999
  t.push_time(c, 0, 10 * kTicksPerSecond + 5);      // 00:00:10.0000005
  t.push_time(c, 0, 1);                             // 00:00:00.0000001

  const etl::TransformOutput out = t.run();

  CHECK(out.batch.tuples == tuple1([](std::string& o) { cb::append_time(o, 86'399'999'999); }) +
                                tuple1([](std::string& o) { cb::append_time(o, 10'000'000); }) +
                                tuple1([](std::string& o) { cb::append_time(o, 0); }));
}

TEST_CASE("datetimeoffset becomes the UTC instant, its 7th digit truncated",
          "[transform][temporal]") {
  // '2021-03-01 10:00:00.1234567 +05:30' is stored as 04:30:00.1234567 UTC, offset +330.
  Table t;
  const auto c = t.column("dto", SourceType::DateTimeOffset, 0, 0, 7);
  t.push_time(c, source_days(2021, 3, 1), (4 * 3600 + 30 * 60) * kTicksPerSecond + 1'234'567, 330);

  const etl::TransformOutput out = t.run();

  CHECK(out.batch.tuples == timestamp_tuple(pg_micros(2021, 3, 1, 4, 30, 0, 123'456)));
}

TEST_CASE("smalldatetime minutes become whole-second timestamps", "[transform][temporal]") {
  Table t;
  const auto c = t.column("sdt", SourceType::SmallDateTime);
  t.push_time(c, source_days(2079, 6, 6), 23 * 60 + 59);

  const etl::TransformOutput out = t.run();

  CHECK(out.batch.tuples == timestamp_tuple(pg_micros(2079, 6, 6, 23, 59, 0, 0)));
}

TEST_CASE("a uniqueidentifier keeps the byte order of its text form", "[transform]") {
  Table t;
  const auto c = t.column("guid", SourceType::UniqueIdentifier);
  // 6F9619FF-8B86-D011-B42D-00C04FC964FF as the reader hands it over.
  const std::string bytes("\x6F\x96\x19\xFF\x8B\x86\xD0\x11\xB4\x2D\x00\xC0\x4F\xC9\x64\xFF", 16);
  t.push_text(c, bytes);
  t.push_text(c, bytes.substr(0, 15));

  const etl::TransformOutput out = t.run();

  CHECK(out.batch.tuples == tuple1([&](std::string& o) { cb::append_uuid(o, bytes); }));
  REQUIRE(out.rejects.size() == 1);
  CHECK(out.rejects[0].reason == "a uniqueidentifier of 15 bytes, not 16");
}

TEST_CASE("NUL rejects the row by default and the rest of the batch goes on", "[transform][text]") {
  Table t;
  const auto id = t.column("id", SourceType::BigInt);
  const auto name = t.column("CIDADE", SourceType::NVarChar, 100);
  t.source.key = {id};
  t.push_int(id, 1);
  t.push_text(name, "São Paulo");
  t.push_int(id, 2);
  t.push_text(name, std::string("Belo\0Horizonte", 14));
  t.push_int(id, 3);
  t.push_text(name, "");
  t.batch.sequence = 7;

  const etl::TransformOutput out = t.run();

  CHECK(out.batch.rows == 2);
  REQUIRE(out.rejects.size() == 1);
  const etl::Reject& reject = out.rejects[0];
  CHECK(reject.batch == 7);
  CHECK(reject.row == 1);
  CHECK(reject.key == "id=2");
  CHECK(reject.column == "CIDADE");
  CHECK(reject.reason == "contains NUL (U+0000), which PostgreSQL text cannot hold");
  CHECK(reject.value == "Belo\\u0000Horizonte");

  std::string expected;
  for (auto [key, text] : {std::pair<std::int64_t, std::string_view>{1, "São Paulo"}, {3, ""}}) {
    cb::begin_tuple(expected, 2);
    cb::append_int8(expected, key);
    cb::append_bytes(expected, text);
  }
  CHECK(out.batch.tuples == expected);  // the empty string stays an empty string

  etl::RowsDigest digest;
  etl::digest_tuples(out.batch.tuples, digest);
  CHECK(out.digest == digest);
}

TEST_CASE("NUL and lone surrogates are stripped or replaced when the pipeline says so",
          "[transform][text]") {
  const std::string value = std::string("a\0b", 3) + "\xED\xA0\x80" + "c";  // a NUL b U+D800 c
  for (auto [policy, expected] :
       {std::pair<etl::NulPolicy, std::string>{etl::NulPolicy::Strip, "abc"},
        {etl::NulPolicy::Replace,
         "a\xEF\xBF\xBD"
         "b\xEF\xBF\xBD"
         "c"}}) {
    Table t;
    const auto c = t.column("t", SourceType::NVarChar, -1);
    t.push_text(c, value);
    const etl::TransformOutput out = t.run(policy);
    CHECK(out.rejects.empty());
    CHECK(out.batch.tuples == text_tuple(expected));
  }
}

TEST_CASE("a lone surrogate is rejected and shown escaped", "[transform][text]") {
  Table t;
  const auto c = t.column("t", SourceType::NText, -1);
  t.push_text(c, "x\xED\xB0\x81y");
  t.push_text(c, "ok \xF0\x9F\x98\x80");  // a paired surrogate arrives as one 4-byte character

  const etl::TransformOutput out = t.run();

  REQUIRE(out.rejects.size() == 1);
  CHECK(out.rejects[0].reason == "contains a lone UTF-16 surrogate U+DC01");
  CHECK(out.rejects[0].value == "x\\uDC01y");
  CHECK(out.batch.tuples == text_tuple("ok \xF0\x9F\x98\x80"));
}

TEST_CASE("character(n) is padded to n characters", "[transform][text]") {
  Table t;
  const auto c = t.column("uf", SourceType::Char, 4);
  t.push_text(c, "SP");
  t.push_text(c, "ção");
  t.push_text(c, "abcd  ");  // longer only by spaces: cut, as PostgreSQL's bpchar does

  const etl::TransformOutput out = t.run();

  CHECK(out.batch.tuples == text_tuple("SP  ") + text_tuple("ção ") + text_tuple("abcd"));
}

TEST_CASE("a value longer than character varying(n) is rejected", "[transform][text]") {
  Table t;
  const auto c = t.column("NUMERO_CONTRATO", SourceType::VarChar, 3);
  t.push_text(c, "ábc");
  t.push_text(c, "abcd");
  t.push_text(c, "abc ");

  const etl::TransformOutput out = t.run();

  CHECK(out.batch.tuples == text_tuple("ábc") + text_tuple("abc"));
  REQUIRE(out.rejects.size() == 1);
  CHECK(out.rejects[0].reason == "value too long for character varying(3): 4 characters");
}

TEST_CASE("constants are typed to their destination column", "[transform][constants]") {
  Table t;
  const auto id = t.column("id", SourceType::Int);
  const auto status = t.column("STATUS", SourceType::TinyInt);
  const auto data_base = t.column("DATA_BASE", SourceType::Date);
  const auto saldo = t.column("SALDO", SourceType::Money);
  t.constant(status, etl::ConstantValue::number("1"));
  t.constant(data_base, etl::ConstantValue::string("2026-12-04"));
  t.constant(saldo, etl::ConstantValue::number("-0.5"));
  t.push_int(id, 42);
  t.push_int(status, 0);
  t.push_int(data_base, 0);
  t.push_int(saldo, 0);

  const etl::TransformOutput out = t.run();

  std::string expected;
  cb::begin_tuple(expected, 4);
  cb::append_int4(expected, 42);
  cb::append_int2(expected, 1);
  cb::append_date(expected,
                  static_cast<std::int32_t>(etl::calendar::days_from_civil({2026, 12, 4}) -
                                            etl::calendar::kPgEpoch));
  cb::append_numeric(expected, -5000, 4);
  CHECK(out.batch.tuples == expected);
}

TEST_CASE("a constant's 7th fractional digit is truncated as a source value's is",
          "[transform][constants][temporal]") {
  Table t;
  const auto id = t.column("id", SourceType::Int);
  const auto at = t.column("at", SourceType::DateTime2, 0, 0, 7);
  const auto t7 = t.column("t7", SourceType::Time, 0, 0, 7);
  t.constant(at, etl::ConstantValue::string("2020-01-01 23:59:59.9999999"));
  t.constant(t7, etl::ConstantValue::string("23:59:59.9999999"));
  t.push_int(id, 1);
  t.push_int(at, 0);
  t.push_int(t7, 0);

  const etl::TransformOutput out = t.run();

  std::string expected;
  cb::begin_tuple(expected, 3);
  cb::append_int4(expected, 1);
  cb::append_timestamp(expected, pg_micros(2020, 1, 1, 23, 59, 59, 999'999));
  cb::append_time(expected, 86'399'999'999);
  CHECK(out.batch.tuples == expected);
}

TEST_CASE("a constant that does not fit its column names the setting", "[transform][constants]") {
  Table t;
  const auto data_base = t.column("DATA_BASE", SourceType::Date);
  t.constant(data_base, etl::ConstantValue::string("2026-13-04"));
  try {
    etl::Transform transform(t.source, t.design, etl::NulPolicy::Reject);
    FAIL("no error");
  } catch (const etl::ConfigError& error) {
    CHECK(error.where() == "transform.set.DATA_BASE");
    CHECK_THAT(error.what(), Catch::Contains("'2026-13-04' is not a date"));
  }
}

TEST_CASE("the digest covers exactly the tuples encoded", "[transform]") {
  Table t;
  const auto c = t.column("v", SourceType::VarChar, 2);
  for (const char* text : {"a", "bb", "ccc", "d"})
    t.push_text(c, text);

  const etl::TransformOutput out = t.run();

  CHECK(out.batch.rows == 3);
  CHECK(out.digest.rows == 3);
  etl::RowsDigest digest;
  etl::digest_tuples(text_tuple("a") + text_tuple("bb") + text_tuple("d"), digest);
  CHECK(out.digest == digest);
}

TEST_CASE("a batch without the source's columns is a reader error", "[transform]") {
  Table t;
  t.column("a", SourceType::Int);
  t.column("b", SourceType::Int);
  t.batch.columns.pop_back();
  etl::Transform transform(t.source, t.design, etl::NulPolicy::Reject);
  etl::TransformOutput out;
  CHECK_THROWS_AS(transform.apply(t.batch, out), std::invalid_argument);
}
