// What the transform counts beside its rejects: the values it changed on the way (per source
// column and kind), the code of each reject, and how the run report shows both.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "etl/report.h"
#include "transform.h"
#include "value_change.h"

using etl::SourceType;
using etl::ValueChange;

namespace {

// A source table of one key column and value columns, and one batch of rows.
struct Rows {
  etl::SourceTable source;
  etl::LoadDesign design;
  etl::Batch batch;

  std::size_t column(std::string name, SourceType type, std::int32_t length = 0,
                     std::uint8_t scale = 0) {
    etl::SourceColumn column;
    column.name = std::move(name);
    column.type = type;
    column.length = length;
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

  void push(std::size_t c, std::int64_t integer, std::int64_t ticks, std::string_view bytes) {
    etl::ColumnValues& v = batch.columns[c];
    v.nulls.push_back(0);
    v.integers.push_back(integer);
    v.ticks.push_back(ticks);
    v.offsets.push_back(0);
    v.decimals.push_back(0);
    v.reals.push_back(0);
    v.bytes.append(bytes);
    v.ends.push_back(v.bytes.size());
  }

  etl::TransformOutput run(etl::NulPolicy policy) {
    batch.rows = batch.columns.at(0).nulls.size();
    etl::Transform transform(source, design, policy);
    etl::TransformOutput out;
    transform.apply(batch, out);
    return out;
  }
};

std::uint64_t count(const etl::TransformOutput& out, std::size_t column, ValueChange change) {
  return out.changes.at(column)[static_cast<std::size_t>(change)];
}

const std::string kNul("a\0b", 3);
const std::string kSurrogate =
    "a\xED\xA0\xBD"
    "b";  // a U+D83D b

}  // namespace

TEST_CASE("a 7th fractional digit other than 0 counts as truncated, and 6 digits never do",
          "[transform][changes]") {
  Rows t;
  const auto id = t.column("id", SourceType::Int);
  const auto at = t.column("at", SourceType::DateTime2, 0, 7);
  const auto time = t.column("t", SourceType::Time, 0, 7);
  const auto offset = t.column("dto", SourceType::DateTimeOffset, 0, 7);
  t.source.key = {id};
  // ticks: 100 ns units since midnight
  const std::int64_t ticks[] = {1'234'567, 1'234'560, 0, 863'999'999'999};
  for (std::int64_t i = 0; i < 4; ++i) {
    t.push(id, i, 0, {});
    t.push(at, 700'000, ticks[i], {});
    t.push(time, 0, ticks[(i + 1) % 4], {});
    t.push(offset, 700'000, ticks[i], {});
  }

  const etl::TransformOutput out = t.run(etl::NulPolicy::Reject);

  CHECK(out.batch.rows == 4);
  CHECK(count(out, at, ValueChange::FractionTruncated) == 2);
  CHECK(count(out, time, ValueChange::FractionTruncated) == 2);
  CHECK(count(out, offset, ValueChange::FractionTruncated) == 2);
  CHECK(count(out, id, ValueChange::FractionTruncated) == 0);
  CHECK(std::string(etl::change_name(ValueChange::FractionTruncated)) == "fraction_truncated");
}

TEST_CASE("stripped and replaced characters are counted by kind, once per value",
          "[transform][changes]") {
  Rows t;
  const auto id = t.column("id", SourceType::Int);
  const auto name = t.column("name", SourceType::NVarChar, 30);
  t.source.key = {id};
  t.push(id, 1, 0, {});
  t.push(name, 0, 0, kNul + kNul);  // two NULs in one value: one value changed
  t.push(id, 2, 0, {});
  t.push(name, 0, 0, kSurrogate);
  t.push(id, 3, 0, {});
  t.push(name, 0, 0, "plain");

  const etl::TransformOutput strip = t.run(etl::NulPolicy::Strip);
  CHECK(strip.rejects.empty());
  CHECK(count(strip, name, ValueChange::NulStripped) == 1);
  CHECK(count(strip, name, ValueChange::SurrogateStripped) == 1);
  CHECK(count(strip, name, ValueChange::NulReplaced) == 0);

  const etl::TransformOutput replace = t.run(etl::NulPolicy::Replace);
  CHECK(count(replace, name, ValueChange::NulReplaced) == 1);
  CHECK(count(replace, name, ValueChange::SurrogateReplaced) == 1);
  CHECK(count(replace, name, ValueChange::NulStripped) == 0);
}

TEST_CASE("a rejected row's values count only in its reject, with the reject's code",
          "[transform][changes]") {
  Rows t;
  const auto id = t.column("id", SourceType::Int);
  const auto at = t.column("at", SourceType::DateTime2, 0, 7);
  const auto name = t.column("name", SourceType::NVarChar, 30);
  const auto note = t.column("note", SourceType::VarChar, 3);
  t.source.key = {id};
  t.push(id, 1, 0, {});
  t.push(at, 700'000, 1, {});  // truncated, but the row is rejected for its name
  t.push(name, 0, 0, kNul);
  t.push(note, 0, 0, "ok");
  t.push(id, 2, 0, {});
  t.push(at, 700'000, 1, {});
  t.push(name, 0, 0, kSurrogate);
  t.push(note, 0, 0, "ok");
  t.push(id, 3, 0, {});
  t.push(at, 700'000, 1, {});
  t.push(name, 0, 0, "ok");
  t.push(note, 0, 0, "toolong");
  t.push(id, 4, 0, {});
  t.push(at, 700'000, 1, {});
  t.push(name, 0, 0, "ok");
  t.push(note, 0, 0, "ab   ");  // longer than 3 by spaces only: trimmed

  const etl::TransformOutput out = t.run(etl::NulPolicy::Reject);

  CHECK(out.batch.rows == 1);
  REQUIRE(out.rejects.size() == 3);
  CHECK(out.rejects[0].code == etl::RejectCode::Nul);
  CHECK(out.rejects[1].code == etl::RejectCode::LoneSurrogate);
  CHECK(out.rejects[2].code == etl::RejectCode::TooLong);
  CHECK(std::string(etl::reject_code_name(out.rejects[2].code)) == "too_long");
  CHECK(count(out, at, ValueChange::FractionTruncated) == 1);
  CHECK(count(out, note, ValueChange::TrailingSpacesTrimmed) == 1);
}

TEST_CASE("character(n) padding is counted only when spaces are added", "[transform][changes]") {
  Rows t;
  const auto id = t.column("id", SourceType::Int);
  const auto uf = t.column("uf", SourceType::Char, 4);
  t.source.key = {id};
  t.push(id, 1, 0, {});
  t.push(uf, 0, 0, "SP  ");  // as SQL Server sends char(4): already padded
  t.push(id, 2, 0, {});
  t.push(uf, 0, 0, "SP");

  const etl::TransformOutput out = t.run(etl::NulPolicy::Reject);

  CHECK(count(out, uf, ValueChange::Padded) == 1);
  CHECK(std::string(etl::change_name(ValueChange::Padded)) == "padded");
}

TEST_CASE("the report lists rejects and changes per column, in text and JSON", "[report]") {
  etl::RunReport report;
  report.pipeline = "planted";
  report.status = etl::RunStatus::TooManyRejects;
  report.dry_run = true;
  report.rows_rejected = 3;
  report.rejects_by_column = {{"name", 3}};
  report.reject_reasons_by_column = {{"name", {{"nul", 2}, {"lone_surrogate", 1}}}};
  report.changes_by_column = {{"at", {{"fraction_truncated", 5}}},
                              {"note", {{"nul_stripped", 1}, {"trailing_spaces_trimmed", 2}}}};

  const std::string text = etl::report_text(report);
  CHECK_THAT(text, Catch::Contains("planted: too_many_rejects (dry run: nothing written)"));
  CHECK_THAT(text, Catch::Contains("\n  would reject in name: 3 (lone_surrogate 1, nul 2)\n"));
  CHECK_THAT(text, Catch::Contains("\n  would change in at: fraction_truncated 5\n"));
  CHECK_THAT(text, Catch::Contains(
                       "\n  would change in note: nul_stripped 1, trailing_spaces_trimmed 2\n"));

  const auto json = nlohmann::json::parse(etl::report_json(report));
  CHECK(json["dry_run"] == true);
  CHECK(json["rejects_by_column"] == nlohmann::json{{"name", 3}});
  CHECK(json["reject_reasons_by_column"]["name"]["nul"] == 2);
  CHECK(json["changes_by_column"]["note"]["trailing_spaces_trimmed"] == 2);

  report.dry_run = false;
  report.reject_reasons_by_column.clear();
  const std::string loaded = etl::report_text(report);
  CHECK_THAT(loaded, Catch::Contains("\n  rejected in name: 3\n"));
  CHECK_THAT(loaded, Catch::Contains("\n  changed in at: fraction_truncated 5\n"));
}

TEST_CASE("a dry run without rejects or changes says so", "[report]") {
  etl::RunReport report;
  report.pipeline = "clean";
  report.status = etl::RunStatus::Succeeded;
  report.dry_run = true;
  CHECK_THAT(etl::report_text(report),
             Catch::Contains("  no value would be rejected or changed\n"));
  report.dry_run = false;
  CHECK_THAT(etl::report_text(report), !Catch::Contains("no value would be"));
}
