// The transform stage as the load graph calls it: a batch in, a ConvertedBatch out.
#pragma once

#include <functional>

#include "etl/pipeline.h"
#include "load_graph.h"
#include "load_plan.h"

namespace etl {

//! Makes the function that converts source batches for this load: values to their
//! destination types, constants, the batch hook, rejects as JSON lines, and the digest of
//! the encoded rows. Safe to call from several threads at once.
std::function<ConvertedBatch(const Batch&)> make_converter(const PipelineConfig& config,
                                                           const SourceTable& source,
                                                           const LoadDesign& design);

}  // namespace etl
