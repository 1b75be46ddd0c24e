#include "converter.h"

#include <nlohmann/json.hpp>

#include "transform.h"

namespace etl {
namespace {

//! One reject-file line: JSON with the pipeline, table, key, column, reason and the
//! original value (already escaped so that any bytes survive).
std::string reject_line(const PipelineConfig& config, const std::string& run_id,
                        const Reject& reject) {
  nlohmann::ordered_json line;
  line["pipeline"] = config.name;
  line["run"] = run_id;
  line["table"] = config.source_table;
  line["key"] = reject.key;
  line["column"] = reject.column;
  line["reason"] = reject.reason;
  line["reason_code"] = reject_code_name(reject.code);
  line["value"] = reject.value;
  line["batch"] = reject.batch;
  return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::function<ConvertedBatch(const Batch&)> make_converter(const PipelineConfig& config,
                                                           const SourceTable& source,
                                                           const LoadDesign& design) {
  auto transform = std::make_shared<const Transform>(source, design, config.nul_policy);
  return [transform, &config, run_id = design.plan.run_id](const Batch& batch) {
    const SourceTable& table = transform->source();
    TransformOutput output;
    transform->apply(batch, output);

    ConvertedBatch converted;
    converted.digest = output.digest;
    for (const Reject& reject : output.rejects) {
      converted.reject_lines.push_back(reject_line(config, run_id, reject));
      ++converted.rejects_by_column[reject.column];
      ++converted.reject_reasons_by_column[reject.column][reject_code_name(reject.code)];
    }
    for (std::size_t column = 0; column < output.changes.size(); ++column) {
      for (std::size_t kind = 0; kind < kValueChangeKinds; ++kind) {
        const std::uint64_t count = output.changes[column][kind];
        if (count == 0) continue;
        converted.changes_by_column[table.columns[column].name]
                                   [change_name(static_cast<ValueChange>(kind))] += count;
      }
    }
    output.batch.resume_token = batch.resume_token;
    output.batch.rejected = output.rejects.size();
    output.batch.digest = output.digest;
    converted.encoded = std::make_shared<const EncodedBatch>(std::move(output.batch));
    return converted;
  };
}

}  // namespace etl
