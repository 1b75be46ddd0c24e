// From a pipeline and the source table it reads to the destination it writes: column names,
// types, key, and where each destination value comes from.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "etl/pipeline.h"
#include "etl/schema.h"
#include "etl/sink.h"
#include "type_mapping.h"

namespace etl {

//! Where one destination column's values come from: a source column, or a constant of the
//! pipeline's `transform.set`.
struct ColumnOrigin {
  std::optional<std::size_t> source_column;  //!< index into SourceTable::columns
  std::optional<ConstantValue> constant;
  PgColumnType type;
};

struct LoadDesign {
  LoadPlan plan;
  std::vector<ColumnOrigin> origins;  //!< one per plan.columns entry
};

//! Splits "schema.name" (either part may be quoted with "" or []) into its parts;
//! `default_schema` when there is no schema.
std::pair<std::string, std::string> split_table_name(const std::string& qualified,
                                                     const std::string& default_schema);

//! Designs the load. Source columns keep their order, renamed by `transform.rename` or the
//! identifier style; constants replace a source column of the same name or are appended;
//! mark_sweep makes the status column the constant 1. Throws ConfigError naming the pipeline
//! key when a constant, rename or status column does not fit, TypeMappingError for a type
//! with no destination.
LoadDesign design_load(const PipelineConfig& config, const SourceTable& source,
                       const std::string& run_id);

}  // namespace etl
