#include "converter.h"

#include <nlohmann/json.hpp>

#include "transform.h"

namespace etl {
namespace {

//! One reject-file line: JSON with the pipeline, table, key, column, reason and the
//! original value (already escaped so that any bytes survive).
std::string reject_line(const PipelineConfig& config, const Reject& reject) {
  nlohmann::ordered_json line;
  line["pipeline"] = config.name;
  line["table"] = config.source_table;
  line["key"] = reject.key;
  line["column"] = reject.column;
  line["reason"] = reject.reason;
  line["value"] = reject.value;
  line["batch"] = reject.batch;
  return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::function<ConvertedBatch(const Batch&)> make_converter(const PipelineConfig& config,
                                                           const SourceTable& source,
                                                           const LoadDesign& design) {
  auto transform = std::make_shared<const Transform>(source, design, config.nul_policy);
  return [transform, &config](const Batch& batch) {
    TransformOutput output;
    transform->apply(batch, output);

    ConvertedBatch converted;
    converted.digest = output.digest;
    for (const Reject& reject : output.rejects) {
      converted.reject_lines.push_back(reject_line(config, reject));
      ++converted.rejects_by_column[reject.column];
    }
    converted.encoded = std::make_shared<const EncodedBatch>(std::move(output.batch));
    return converted;
  };
}

}  // namespace etl
