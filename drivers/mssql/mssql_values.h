// From ct-lib's bound buffers to etl::ColumnValues (batch.h): what to select for each column,
// how to bind it (array binding, the exact type ct_describe reports) and how to decode each
// type from its binary form — never through a float, a locale or a date string.
#pragma once

#include <ctpublic.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "etl/batch.h"
#include "etl/schema.h"

namespace etl::mssql {

// ---- Pure decoders (no server needed; unit-tested on their own) -------------------------

//! Appends UTF-16LE bytes (nchar, nvarchar and ntext as SQL Server stores them) as UTF-8:
//! a surrogate pair as its 4-byte sequence, a lone surrogate as a 3-byte sequence (batch.h),
//! so that the pipeline's policy decides about it. An odd last byte, which no Unicode
//! column holds, becomes U+FFFD rather than vanish.
void append_wtf8_from_utf16le(std::string& out, std::string_view utf16le);

//! nchar, nvarchar and ntext: read as their UTF-16LE bytes (CAST to varbinary on the server)
//! because FreeTDS's own conversion turns a lone surrogate into '?'.
bool is_unicode(SourceType type);

//! Types whose selected value is UTF-16LE bytes for the driver to decode: the Unicode ones
//! and sql_variant (its text, see variant_text_sql).
bool arrives_as_utf16(SourceType type);

//! What is selected for a sql_variant column (`quoted_column` already delimited): its value
//! as text, chosen by base type so that no value depends on a language setting or loses
//! digits — datetime in style 121 ('2024-05-31 00:00:00.000'), smalldatetime in style 120,
//! date, time, datetime2 and datetimeoffset in their default style 121 ('2024-05-31',
//! '12:34:56.1234567', '2021-03-01 10:00:00.1234567 +05:30'), money in style 2 (four
//! decimals), float and real in style 3 (17 and 9 digits, lossless), binary as 0x… hex
//! (style 1), everything else as CAST to nvarchar gives it. The text travels as its UTF-16LE
//! bytes (varbinary(max)), so a lone surrogate in a string value survives like in nvarchar.
std::string variant_text_sql(const std::string& quoted_column);

//! Days from 0001-01-01 to 1900-01-01, the epoch of CS_DATE and CS_DATETIME.
inline constexpr std::int64_t kDays0001To1900 = 693595;
//! Days from 0000-01-01 to 0001-01-01, the epoch of CS_BIGDATETIME (µs since 0000-01-01).
inline constexpr std::int64_t kDays0000To0001 = 366;
inline constexpr std::int64_t kTicksPerSecond = 10'000'000;  //!< 100 ns units
inline constexpr std::int64_t kTicksPerDay = 86'400 * kTicksPerSecond;

//! Bytes of the big-endian magnitude in a CS_NUMERIC of this precision (after the sign).
std::size_t numeric_magnitude_bytes(int precision);

//! The unscaled value of a CS_NUMERIC/CS_DECIMAL: array[0] is the sign (1 = negative), then
//! the magnitude, big-endian.
__int128 decode_numeric(const CS_NUMERIC& value);

//! The inverse, for parameters: `unscaled` at `scale` digits, in `precision` digits.
CS_NUMERIC encode_numeric(__int128 unscaled, int precision, int scale);

//! money and smallmoney as value × 10⁴.
std::int64_t decode_money(const CS_MONEY& value);
std::int64_t decode_money4(const CS_MONEY4& value);
CS_MONEY encode_money(std::int64_t scaled);

//! A GUID as ct-lib holds it (the wire order: Data1, Data2, Data3 little-endian) into the
//! 16 bytes in the order its text reads (batch.h), and back.
void guid_to_text_order(const unsigned char* wire, unsigned char* text_order);
void guid_to_wire_order(const unsigned char* text_order, unsigned char* wire);

//! The exact 100 ns tick count from a µs value that lost the 7th digit (`approx_ticks` =
//! µs × 10, truncated or rounded by the library) and the fractional second in nanoseconds
//! as DATEPART(nanosecond, …) gives it: the unique count within 10 ticks of `approx_ticks`
//! whose fraction of a second matches.
std::int64_t exact_ticks(std::int64_t approx_ticks, std::int64_t fraction_ns);

struct CivilDate {
  std::int32_t year;
  std::uint32_t month;  //!< 1–12
  std::uint32_t day;    //!< 1–31
};
//! Proleptic Gregorian calendar date of a day count since 0001-01-01.
CivilDate civil_from_days(std::int64_t days_since_0001);

//! "2011-08-10", "12:23:45.1234567" (with `digits` fractional digits, 0–7).
std::string format_date(std::int64_t days_since_0001);
std::string format_time(std::int64_t ticks, int digits);

//! The value of one row as text, for messages and keyset parameters: numbers in full,
//! decimals at their scale, dates and times ISO 8601, GUIDs in their text form, bytes as
//! 0x… hex. NULL gives "NULL".
std::string value_text(const ColumnValues& values, std::size_t row, const SourceColumn& column);

// ---- What to select and how to bind it ---------------------------------------------------

//! One item of the select list.
struct SelectItem {
  enum class Role : std::uint8_t {
    Value,        //!< the column itself, bound in arrays
    LargeValue,   //!< the column itself, read with ct_get_data (one row per fetch)
    Nanoseconds,  //!< DATEPART(nanosecond, col): the 7th digit ct-lib loses
    Offset,       //!< DATEPART(tz, col): the offset ct-lib drops
    NullProbe,    //!< DATALENGTH(col): NULL exactly when a large column is NULL
  };
  std::string sql;
  std::size_t column = 0;  //!< index into SourceTable::columns
  Role role = Role::Value;
};

//! The select list for a table: bound items first, then large ones (ct_get_data reads
//! columns after the bound ones). `large_columns` tells whether rows must be fetched one by
//! one.
struct SelectPlan {
  std::vector<SelectItem> items;
  bool large_columns = false;
  std::string select_list() const;  //!< "[a], [b], DATEPART(nanosecond, [c]) …"
};

SelectPlan plan_select(const SourceTable& table);

//! Binds a row result to reusable arrays and appends fetched rows to a Batch.
class ResultBinder {
 public:
  //! Binds every non-large item of the current row result (after ct_results gave
  //! CS_ROW_RESULT) for fetches of up to `array_rows` rows. Returns false with `error` set
  //! when a column cannot be bound.
  bool bind(CS_COMMAND* command, const SourceTable& table, const SelectPlan& plan,
            std::size_t array_rows, std::string& error);

  //! Appends rows [0, rows_read) of the last fetch to `batch` (which has one ColumnValues
  //! per table column). Large items are read with ct_get_data, so `rows_read` is 1 then.
  //! Returns false with `error` set when a value cannot be read.
  bool append_rows(CS_COMMAND* command, std::size_t rows_read, Batch& batch, std::string& error);

  //! The bytes budget of one fetch array: rows per fetch = budget / bound row size.
  static std::size_t rows_per_fetch(std::size_t row_bytes, std::size_t wanted);

 private:
  struct Slot {
    SelectItem item;
    const SourceColumn* column = nullptr;
    CS_INT datatype = 0;  //!< what is bound (= what ct_describe reported)
    CS_INT maxlength = 0;
    std::vector<unsigned char> buffer;
    std::vector<CS_INT> copied;
    std::vector<CS_SMALLINT> indicators;
    int nanoseconds_slot = -1;  //!< for a Value slot: its helper slots, if any
    int offset_slot = -1;
    int null_probe_slot = -1;
  };

  bool decode(const Slot& slot, std::size_t row, ColumnValues& out, std::string& error) const;
  bool read_large(CS_COMMAND* command, std::size_t position, const Slot& slot, ColumnValues& out,
                  std::string& error);

  std::vector<Slot> slots_;
  std::string large_buffer_;
};

//! Empties a column's values, keeping the memory for the next batch.
void reset_values(ColumnValues& values);

}  // namespace etl::mssql
