#include "pipeline_schema.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace etl {
namespace {

const std::map<std::string_view, std::vector<FieldSpec>>& sections() {
  static const std::map<std::string_view, std::vector<FieldSpec>> specs{
      {"",
       {{"name", FieldKind::String, true},
        {"description", FieldKind::String},
        {"source", FieldKind::Object, true},
        {"destination", FieldKind::Object, true},
        {"transform", FieldKind::Object},
        {"load", FieldKind::Object},
        {"parallelism", FieldKind::Object},
        {"rejects", FieldKind::String},
        {"max_rejects", FieldKind::Integer}}},
      {"source",
       {{"driver", FieldKind::String},
        {"server", FieldKind::String, true},
        {"database", FieldKind::String, true},
        {"user", FieldKind::String, true},
        {"password", FieldKind::String},
        {"password_file", FieldKind::String},
        {"table", FieldKind::String, true},
        {"key", FieldKind::StringArray},
        {"encryption", FieldKind::String},
        {"connect_timeout", FieldKind::Integer},
        {"read_timeout", FieldKind::Integer},
        {"packet_size", FieldKind::Integer}}},
      {"destination",
       {{"driver", FieldKind::String},
        {"url", FieldKind::String, true},
        {"password_file", FieldKind::String},
        {"table", FieldKind::String, true},
        {"create", FieldKind::String},
        {"identifiers", FieldKind::String},
        {"ledger_schema", FieldKind::String}}},
      {"transform",
       {{"set", FieldKind::ScalarMap},
        {"rename", FieldKind::StringMap},
        {"nul", FieldKind::String}}},
      {"load",
       {{"strategy", FieldKind::String},
        {"status_column", FieldKind::String},
        {"retry", FieldKind::Object}}},
      {"load.retry", {{"attempts", FieldKind::Integer}, {"max_wait_ms", FieldKind::Integer}}},
      {"parallelism",
       {{"writers", FieldKind::Integer},
        {"batch_rows", FieldKind::Integer},
        {"queue_batches", FieldKind::Integer},
        {"CLUSTER_SIZE", FieldKind::Integer},
        {"ITEMS_PER_PAGE", FieldKind::Integer}}},
  };
  return specs;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                  std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

const std::vector<FieldSpec>& pipeline_fields(std::string_view section) {
  return sections().at(section);
}

std::string_view nearest_key(std::string_view key, const std::vector<FieldSpec>& fields) {
  std::string_view best;
  std::size_t best_distance = std::max<std::size_t>(3, key.size() / 2) + 1;
  for (const FieldSpec& field : fields) {
    std::size_t distance = edit_distance(key, field.key);
    if (distance < best_distance) {
      best = field.key;
      best_distance = distance;
    }
  }
  return best;
}

}  // namespace etl
