// Constants from the pipeline's `transform.set` (STATUS: 1, DATA_BASE: "2026-12-04"),
// converted once to the destination column's type and kept as an encoded COPY field.
#pragma once

#include <string>

#include "etl/constant.h"
#include "type_mapping.h"

namespace etl {

//! The constant as one binary COPY field (length word and bytes) of the given type. Throws
//! std::invalid_argument with what is wrong: "'2026-13-04' is not a date (YYYY-MM-DD)".
std::string encode_constant(const ConstantValue& value, const PgColumnType& type);

//! The type of a constant for a column the source does not have: boolean, integer, bigint,
//! numeric (exact, with the digits written) or text. Throws std::invalid_argument for null.
PgColumnType infer_constant_type(const ConstantValue& value);

}  // namespace etl
