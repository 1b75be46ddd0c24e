// The row digest shared by the engine (rows sent) and the sink (rows read back).
#pragma once

#include <cstdint>
#include <string_view>

#include "etl/sink.h"

namespace etl {

//! The 64-bit hash of one tuple in binary COPY format (field count, then each field's
//! length and bytes). Equal tuples give equal hashes; the digest sums them, so order does
//! not matter.
std::uint64_t tuple_hash(std::string_view tuple);

//! Adds every tuple of a buffer of consecutive binary COPY tuples (no header, no trailer)
//! to the digest.
void digest_tuples(std::string_view tuples, RowsDigest& digest);

}  // namespace etl
