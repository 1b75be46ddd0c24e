// ResultBinder (mssql_values.h): array binding of a row result and decoding of each fetched
// row into the batch's columns.
#include <algorithm>
#include <cstring>

#include "mssql/mssql_values.h"

namespace etl::mssql {
namespace {

//! The bound size of a fixed-size ct-lib type; 0 for variable-size types. The stride of an
//! array binding is the maxlength, so it must be exactly the type's size.
CS_INT fixed_size(CS_INT datatype) {
  switch (datatype) {
    case CS_BIT_TYPE:
    case CS_TINYINT_TYPE:
      return 1;
    case CS_SMALLINT_TYPE:
      return sizeof(CS_SMALLINT);
    case CS_INT_TYPE:
    case CS_DATE_TYPE:
    case CS_TIME_TYPE:
      return sizeof(CS_INT);
    case CS_BIGINT_TYPE:
      return sizeof(CS_BIGINT);
    case CS_REAL_TYPE:
      return sizeof(CS_REAL);
    case CS_FLOAT_TYPE:
      return sizeof(CS_FLOAT);
    case CS_MONEY_TYPE:
      return sizeof(CS_MONEY);
    case CS_MONEY4_TYPE:
      return sizeof(CS_MONEY4);
    case CS_DATETIME_TYPE:
      return sizeof(CS_DATETIME);
    case CS_DATETIME4_TYPE:
      return sizeof(CS_DATETIME4);
    case CS_NUMERIC_TYPE:
    case CS_DECIMAL_TYPE:
      return sizeof(CS_NUMERIC);
    case CS_UNIQUE_TYPE:
      return 16;
    case CS_BIGTIME_TYPE:
      return sizeof(CS_BIGTIME);
    case CS_BIGDATETIME_TYPE:
      return sizeof(CS_BIGDATETIME);
    default:
      return 0;
  }
}

//! Variable-size types are bound as plain character or binary data: no conversion beyond
//! the client charset, no padding, no terminator.
CS_INT variable_bind_type(CS_INT datatype) {
  switch (datatype) {
    case CS_BINARY_TYPE:
    case CS_LONGBINARY_TYPE:
    case CS_VARBINARY_TYPE:
    case CS_IMAGE_TYPE:
      return CS_BINARY_TYPE;
    default:
      return CS_CHAR_TYPE;
  }
}

template <typename T>
T read_as(const unsigned char* data) {
  T value;
  std::memcpy(&value, data, sizeof(T));
  return value;
}

std::int64_t read_integer(CS_INT datatype, const unsigned char* data) {
  switch (datatype) {
    case CS_BIT_TYPE:
    case CS_TINYINT_TYPE:
      return data[0];
    case CS_SMALLINT_TYPE:
      return read_as<CS_SMALLINT>(data);
    case CS_INT_TYPE:
      return read_as<CS_INT>(data);
    default:
      return read_as<CS_BIGINT>(data);
  }
}

bool is_integer_type(CS_INT datatype) {
  return datatype == CS_BIT_TYPE || datatype == CS_TINYINT_TYPE || datatype == CS_SMALLINT_TYPE ||
         datatype == CS_INT_TYPE || datatype == CS_BIGINT_TYPE;
}

//! Appends the placeholders a NULL takes in each vector its type uses (batch.h).
void push_null(ColumnValues& out, SourceType type) {
  out.nulls.push_back(1);
  switch (type) {
    case SourceType::Decimal:
      out.decimals.push_back(0);
      break;
    case SourceType::Real:
    case SourceType::Float:
      out.reals.push_back(0);
      break;
    case SourceType::Time:
      out.ticks.push_back(0);
      break;
    case SourceType::DateTimeOffset:
      out.offsets.push_back(0);
      [[fallthrough]];
    case SourceType::DateTime:
    case SourceType::SmallDateTime:
    case SourceType::DateTime2:
      out.integers.push_back(0);
      out.ticks.push_back(0);
      break;
    case SourceType::Bit:
    case SourceType::TinyInt:
    case SourceType::SmallInt:
    case SourceType::Int:
    case SourceType::BigInt:
    case SourceType::Money:
    case SourceType::SmallMoney:
    case SourceType::Date:
      out.integers.push_back(0);
      break;
    default:
      out.ends.push_back(out.bytes.size());
      break;
  }
}

__int128 power_of_ten(int exponent) {
  __int128 value = 1;
  for (int i = 0; i < exponent; ++i)
    value *= 10;
  return value;
}

}  // namespace

std::size_t ResultBinder::rows_per_fetch(std::size_t row_bytes, std::size_t wanted) {
  // 8 MiB of bound buffers per fetch at most: wide rows fetch fewer at a time.
  constexpr std::size_t kBudget = 8u << 20;
  std::size_t fit = kBudget / std::max<std::size_t>(row_bytes, 1);
  return std::clamp<std::size_t>(std::min(fit, wanted), 1, 4096);
}

bool ResultBinder::bind(CS_COMMAND* command, const SourceTable& table, const SelectPlan& plan,
                        std::size_t array_rows, std::string& error) {
  slots_.resize(plan.items.size());
  std::vector<int> value_slot(table.columns.size(), -1);

  for (std::size_t i = 0; i < plan.items.size(); ++i) {
    Slot& slot = slots_[i];
    slot.item = plan.items[i];
    slot.column = &table.columns[slot.item.column];
    slot.nanoseconds_slot = slot.offset_slot = slot.null_probe_slot = -1;
    auto position = static_cast<CS_INT>(i + 1);

    CS_DATAFMT described{};
    if (ct_describe(command, position, &described) != CS_SUCCEED) {
      error = "cannot describe result column " + std::to_string(position);
      return false;
    }
    if (slot.item.role == SelectItem::Role::LargeValue) {
      slot.datatype = described.datatype;
      continue;
    }

    CS_INT size = fixed_size(described.datatype);
    slot.datatype = size > 0 ? described.datatype : variable_bind_type(described.datatype);
    slot.maxlength = size > 0 ? size : std::max<CS_INT>(described.maxlength, 1);
    slot.buffer.resize(static_cast<std::size_t>(slot.maxlength) * array_rows);
    slot.copied.resize(array_rows);
    slot.indicators.resize(array_rows);

    CS_DATAFMT format{};
    format.datatype = slot.datatype;
    format.maxlength = slot.maxlength;
    format.count = static_cast<CS_INT>(array_rows);
    format.format = CS_FMT_UNUSED;
    // Numerics keep their own precision and scale: a cross-bound numeric would be converted
    // with whatever the library left in the format.
    format.precision = described.precision;
    format.scale = described.scale;
    if (ct_bind(command, position, &format, slot.buffer.data(), slot.copied.data(),
                slot.indicators.data()) != CS_SUCCEED) {
      error = "cannot bind column " + slot.column->name + " (ct-lib type " +
              std::to_string(described.datatype) + ")";
      return false;
    }

    int self = static_cast<int>(i);
    switch (slot.item.role) {
      case SelectItem::Role::Value:
        value_slot[slot.item.column] = self;
        break;
      case SelectItem::Role::Nanoseconds:
        slots_[static_cast<std::size_t>(value_slot[slot.item.column])].nanoseconds_slot = self;
        break;
      case SelectItem::Role::Offset:
        slots_[static_cast<std::size_t>(value_slot[slot.item.column])].offset_slot = self;
        break;
      default:
        break;
    }
  }

  // A large value's NULL probe precedes it (bound items come first): link them.
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    if (slots_[i].item.role != SelectItem::Role::LargeValue) continue;
    for (std::size_t j = 0; j < slots_.size(); ++j)
      if (slots_[j].item.role == SelectItem::Role::NullProbe &&
          slots_[j].item.column == slots_[i].item.column)
        slots_[i].null_probe_slot = static_cast<int>(j);
  }
  return true;
}

bool ResultBinder::append_rows(CS_COMMAND* command, std::size_t rows_read, Batch& batch,
                               std::string& error) {
  for (std::size_t row = 0; row < rows_read; ++row) {
    for (std::size_t i = 0; i < slots_.size(); ++i) {
      const Slot& slot = slots_[i];
      ColumnValues& out = batch.columns[slot.item.column];
      if (slot.item.role == SelectItem::Role::Value) {
        if (!decode(slot, row, out, error)) return false;
      } else if (slot.item.role == SelectItem::Role::LargeValue) {
        if (!read_large(command, i + 1, slot, out, error)) return false;
      }
    }
  }
  return true;
}

bool ResultBinder::decode(const Slot& slot, std::size_t row, ColumnValues& out,
                          std::string& error) const {
  const SourceColumn& column = *slot.column;
  if (slot.indicators[row] == CS_NULLDATA) {
    push_null(out, column.type);
    return true;
  }
  const unsigned char* data = slot.buffer.data() + row * static_cast<std::size_t>(slot.maxlength);
  auto helper = [&](int index) -> std::int64_t {
    const Slot& part = slots_[static_cast<std::size_t>(index)];
    return read_integer(part.datatype,
                        part.buffer.data() + row * static_cast<std::size_t>(part.maxlength));
  };
  auto unexpected = [&] {
    error = "column " + column.name + " (" + column.declared_type + ") came as ct-lib type " +
            std::to_string(slot.datatype);
    return false;
  };

  switch (column.type) {
    case SourceType::Bit:
    case SourceType::TinyInt:
    case SourceType::SmallInt:
    case SourceType::Int:
    case SourceType::BigInt:
      if (!is_integer_type(slot.datatype)) return unexpected();
      out.integers.push_back(read_integer(slot.datatype, data));
      break;

    case SourceType::Money:
    case SourceType::SmallMoney:
      if (slot.datatype == CS_MONEY_TYPE)
        out.integers.push_back(decode_money(read_as<CS_MONEY>(data)));
      else if (slot.datatype == CS_MONEY4_TYPE)
        out.integers.push_back(decode_money4(read_as<CS_MONEY4>(data)));
      else
        return unexpected();
      break;

    case SourceType::Decimal: {
      if (slot.datatype != CS_NUMERIC_TYPE && slot.datatype != CS_DECIMAL_TYPE) return unexpected();
      auto value = read_as<CS_NUMERIC>(data);
      __int128 unscaled = decode_numeric(value);
      if (value.scale < column.scale) unscaled *= power_of_ten(column.scale - value.scale);
      out.decimals.push_back(unscaled);
      break;
    }

    case SourceType::Real:
    case SourceType::Float:
      if (slot.datatype == CS_REAL_TYPE)
        out.reals.push_back(read_as<CS_REAL>(data));
      else if (slot.datatype == CS_FLOAT_TYPE)
        out.reals.push_back(read_as<CS_FLOAT>(data));
      else
        return unexpected();
      break;

    case SourceType::Date:
      if (slot.datatype != CS_DATE_TYPE) return unexpected();
      out.integers.push_back(read_as<CS_DATE>(data) + kDays0001To1900);
      break;

    case SourceType::Time: {
      if (slot.datatype != CS_BIGTIME_TYPE) return unexpected();
      auto ticks = static_cast<std::int64_t>(read_as<CS_BIGTIME>(data)) * 10;
      if (slot.nanoseconds_slot >= 0) ticks = exact_ticks(ticks, helper(slot.nanoseconds_slot));
      out.ticks.push_back(ticks);
      break;
    }

    case SourceType::DateTime:
    case SourceType::SmallDateTime:
      if (slot.datatype == CS_DATETIME_TYPE) {
        auto value = read_as<CS_DATETIME>(data);
        out.integers.push_back(value.dtdays + kDays0001To1900);
        out.ticks.push_back(value.dttime);
      } else if (slot.datatype == CS_DATETIME4_TYPE) {
        auto value = read_as<CS_DATETIME4>(data);
        out.integers.push_back(value.days + kDays0001To1900);
        out.ticks.push_back(value.minutes);
      } else {
        return unexpected();
      }
      break;

    case SourceType::DateTime2:
    case SourceType::DateTimeOffset: {
      if (slot.datatype != CS_BIGDATETIME_TYPE) return unexpected();
      auto micros = static_cast<std::int64_t>(read_as<CS_BIGDATETIME>(data));
      std::int64_t ticks = (micros - kDays0000To0001 * 86'400'000'000LL) * 10;
      if (slot.nanoseconds_slot >= 0) ticks = exact_ticks(ticks, helper(slot.nanoseconds_slot));
      out.integers.push_back(ticks / kTicksPerDay);
      out.ticks.push_back(ticks % kTicksPerDay);
      if (column.type == SourceType::DateTimeOffset)
        out.offsets.push_back(
            static_cast<std::int16_t>(slot.offset_slot >= 0 ? helper(slot.offset_slot) : 0));
      break;
    }

    case SourceType::UniqueIdentifier: {
      if (slot.datatype != CS_UNIQUE_TYPE) return unexpected();
      unsigned char text_order[16];
      guid_to_text_order(data, text_order);
      out.bytes.append(reinterpret_cast<const char*>(text_order), 16);
      out.ends.push_back(out.bytes.size());
      break;
    }

    default: {
      // Character, binary and sql_variant values: bound as CS_CHAR (already UTF-8) or
      // CS_BINARY (raw); `copied` is the byte length. Unicode columns come as their UTF-16LE
      // bytes (plan_select), decoded here so that a lone surrogate survives.
      auto length = static_cast<std::size_t>(std::max<CS_INT>(slot.copied[row], 0));
      if (is_unicode(column.type)) {
        if (slot.datatype != CS_BINARY_TYPE) return unexpected();
        append_wtf8_from_utf16le(out.bytes,
                                 std::string_view(reinterpret_cast<const char*>(data), length));
      } else {
        out.bytes.append(reinterpret_cast<const char*>(data), length);
      }
      out.ends.push_back(out.bytes.size());
      break;
    }
  }
  out.nulls.push_back(0);
  return true;
}

bool ResultBinder::read_large(CS_COMMAND* command, std::size_t position, const Slot& slot,
                              ColumnValues& out, std::string& error) {
  const Slot* probe =
      slot.null_probe_slot >= 0 ? &slots_[static_cast<std::size_t>(slot.null_probe_slot)] : nullptr;
  if (probe != nullptr && probe->indicators[0] == CS_NULLDATA) {
    push_null(out, slot.column->type);
    return true;
  }

  // ct_get_data copies what the library already holds, chunk by chunk, without truncation.
  // UTF-16 is gathered whole before decoding: a chunk may end inside a surrogate pair.
  bool unicode = arrives_as_utf16(slot.column->type);
  std::string& target = unicode ? large_buffer_ : out.bytes;
  if (unicode) large_buffer_.clear();
  char chunk[64 * 1024];
  for (;;) {
    CS_INT got = 0;
    CS_RETCODE code = ct_get_data(command, static_cast<CS_INT>(position), chunk,
                                  static_cast<CS_INT>(sizeof(chunk)), &got);
    if (got > 0) target.append(chunk, static_cast<std::size_t>(got));
    if (code == CS_END_ITEM || code == CS_END_DATA) break;
    if (code != CS_SUCCEED) {
      error = "cannot read the large value of column " + slot.column->name;
      return false;
    }
  }
  if (unicode) append_wtf8_from_utf16le(out.bytes, large_buffer_);
  out.ends.push_back(out.bytes.size());
  out.nulls.push_back(0);
  return true;
}

}  // namespace etl::mssql
