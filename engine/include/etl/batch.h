// A batch of rows as read from the source: columnar, in a neutral form that drivers fill and
// the transform converts. Its memory is reused from batch to batch.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "etl/schema.h"

namespace etl {

//! The values of one column for every row of a batch. Which fields are used depends on the
//! column's SourceType:
//! - Bit, TinyInt, SmallInt, Int, BigInt: `integers`.
//! - Money, SmallMoney: `integers` hold value × 10⁴ exactly.
//! - Decimal: `decimals` hold the unscaled value at the column's scale.
//! - Real, Float: `reals`.
//! - Date: `integers` = days since 0001-01-01 (proleptic Gregorian).
//! - Time: `ticks` = 100 ns units since midnight.
//! - DateTime: `integers` = days since 0001-01-01, `ticks` = 1/300 s units since midnight.
//! - SmallDateTime: `integers` = days since 0001-01-01, `ticks` = minutes since midnight.
//! - DateTime2: `integers` = days, `ticks` = 100 ns units since midnight.
//! - DateTimeOffset: `integers` = days, `ticks` = 100 ns units, both in UTC;
//!   `offsets` = the offset in minutes as stored.
//! - character types, Xml, Variant: `bytes` as UTF-8 (lone UTF-16 surrogates encoded as
//!   3-byte sequences so that the transform can apply the pipeline's policy).
//! - Binary, VarBinary, Image, RowVersion: `bytes` raw.
//! - UniqueIdentifier: `bytes`, 16 bytes in the order the text form reads.
//! Variable-length values are concatenated in `bytes`; value i spans
//! [ends[i-1] (0 for i = 0), ends[i]). A NULL has `nulls[i] = 1` and an empty span.
struct ColumnValues {
  std::vector<std::uint8_t> nulls;
  std::vector<std::int64_t> integers;
  std::vector<std::int64_t> ticks;
  std::vector<std::int16_t> offsets;
  std::vector<__int128> decimals;
  std::vector<double> reals;
  std::string bytes;
  std::vector<std::uint64_t> ends;

  std::string_view bytes_at(std::size_t row) const {
    std::uint64_t begin = row == 0 ? 0 : ends[row - 1];
    return std::string_view(bytes).substr(begin, ends[row] - begin);
  }
  void clear();
};

struct Batch {
  std::uint64_t sequence = 0;  //!< 0, 1, 2… in read order
  std::size_t rows = 0;
  std::vector<ColumnValues> columns;  //!< one per SourceTable column
  std::string first_key;  //!< the first and last row's key, as text for messages and logs
  std::string last_key;
  //! The source's own token for the position after this page's last row: handed back to
  //! SourceReader::seek_after() it makes the next page start there (resume, reconnect).
  //! Opaque to the engine; stored in the destination's ledger.
  std::string resume_token;

  void clear();
};

}  // namespace etl
