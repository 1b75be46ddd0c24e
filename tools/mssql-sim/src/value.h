// One cell value, held in its column type's own representation.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sql_type.h"

namespace mssql_sim {

struct TypedValue;

//! A value in the representation of the SqlType it belongs to; the type itself is not
//! stored (a row's types come from its table). Fields by type:
//! - bit, tinyint, smallint, int, bigint: `integer`.
//! - decimal, numeric: `unscaled` at the column's scale (value = unscaled / 10^scale).
//! - money, smallmoney: `unscaled` at scale 4.
//! - real, float: `real` (a real is held already rounded to float).
//! - date: `days` since 0001-01-01 (proleptic Gregorian).
//! - time: `ticks` in 100 ns units since midnight, already rounded to the column's scale.
//! - datetime: `days` since 0001-01-01, `ticks` in 1/300 s since midnight.
//! - smalldatetime: `days` since 0001-01-01, `ticks` in minutes since midnight.
//! - datetime2: `days` and `ticks` (100 ns), rounded to the column's scale.
//! - datetimeoffset: `days` and `ticks` (100 ns) in UTC, `offset_minutes` as written.
//! - char, varchar, text, nchar, nvarchar, ntext, xml: `bytes` is the text as WTF-8
//!   (UTF-8 that may also hold lone surrogates as 3-byte sequences); char(n) and nchar(n)
//!   are padded with spaces to n characters.
//! - binary, varbinary, image, rowversion: `bytes` raw; binary(n) padded with zeros.
//! - uniqueidentifier: `bytes`, 16 bytes in the order the text form reads
//!   (the wire's little-endian first three groups are the codec's business).
//! - sql_variant: `variant`, the base type and value.
struct Value {
  bool is_null = true;
  std::int64_t integer = 0;
  __int128 unscaled = 0;
  double real = 0;
  std::int32_t days = 0;
  std::int64_t ticks = 0;
  std::int16_t offset_minutes = 0;
  std::string bytes;
  std::shared_ptr<const TypedValue> variant;

  static Value null() { return Value{}; }
  static Value of_integer(std::int64_t v);
  static Value of_unscaled(__int128 v);
  static Value of_real(double v);
  static Value of_bytes(std::string v);
  static Value of_date(std::int32_t days);
  static Value of_time(std::int64_t ticks);
  static Value of_datetime(std::int32_t days, std::int64_t ticks);
};

//! A value together with its type: literals, parameters, sql_variant contents.
struct TypedValue {
  SqlType type;
  Value value;
};

using Row = std::vector<Value>;

}  // namespace mssql_sim
