#include "transform.h"

#include <stdexcept>

#include "constant_value.h"
#include "copy_binary.h"
#include "etl/checksum.h"
#include "etl/errors.h"
#include "temporal.h"
#include "value_text.h"

namespace etl {
namespace {

TextShape text_shape(const PgColumnType& type) {
  if (type.type == PgType::Char) return {TextShape::Kind::Fixed, type.length};
  if (type.type == PgType::VarChar) return {TextShape::Kind::Varying, type.length};
  return {};
}

void check_batch(const Batch& in, const SourceTable& source) {
  if (in.columns.size() != source.columns.size()) {
    throw std::invalid_argument("batch " + std::to_string(in.sequence) + " has " +
                                std::to_string(in.columns.size()) + " columns, the source table " +
                                std::to_string(source.columns.size()));
  }
  for (std::size_t i = 0; i < in.columns.size(); ++i) {
    if (in.columns[i].nulls.size() < in.rows) {
      throw std::invalid_argument("batch " + std::to_string(in.sequence) + " column " +
                                  source.columns[i].name + " has fewer values than rows");
    }
  }
}

}  // namespace

Transform::Transform(const SourceTable& source, const LoadDesign& design, NulPolicy nul_policy)
    : source_(source), nul_policy_(nul_policy) {
  if (design.origins.size() != design.plan.columns.size()) {
    throw std::invalid_argument("the load design has a different number of origins and columns");
  }
  if (design.origins.size() > 1600) {  // PostgreSQL's limit of columns in a table
    throw std::invalid_argument("more than 1600 destination columns");
  }

  steps_.reserve(design.origins.size());
  for (std::size_t i = 0; i < design.origins.size(); ++i) {
    const ColumnOrigin& origin = design.origins[i];
    Step step = plan_step(origin, source_);
    if (origin.constant) {
      const DestinationColumn& column = design.plan.columns[i];
      if (origin.constant->kind == ConstantValue::Kind::Null && !column.nullable) {
        throw ConfigError("transform.set." + column.name,
                          "null for column " + column.name + ", which is NOT NULL");
      }
      try {
        step.constant = encode_constant(*origin.constant, origin.type);
      } catch (const std::invalid_argument& error) {
        throw ConfigError("transform.set." + column.name, std::string(error.what()) + " (column " +
                                                              column.name + " is " +
                                                              origin.type.sql() + ")");
      }
    }
    steps_.push_back(std::move(step));
  }
}

Transform::Step Transform::plan_step(const ColumnOrigin& origin, const SourceTable& source) {
  Step step;
  if (origin.constant || !origin.source_column) return step;  // Constant
  step.source = *origin.source_column;
  const PgColumnType& type = origin.type;

  switch (source.columns.at(step.source).type) {
    case SourceType::Bit:
      step.encoding = Encoding::Bool;
      break;
    case SourceType::TinyInt:
    case SourceType::SmallInt:
      step.encoding = Encoding::Int2;
      break;
    case SourceType::Int:
      step.encoding = Encoding::Int4;
      break;
    case SourceType::BigInt:
      step.encoding = Encoding::Int8;
      break;
    case SourceType::Money:
    case SourceType::SmallMoney:
      step.encoding = Encoding::Money;
      break;
    case SourceType::Decimal:
      step.encoding = Encoding::Decimal;
      step.scale = type.scale;
      break;
    case SourceType::Real:
      step.encoding = Encoding::Float4;
      break;
    case SourceType::Float:
      step.encoding = Encoding::Float8;
      break;
    case SourceType::Date:
      step.encoding = Encoding::Date;
      break;
    case SourceType::Time:
      step.encoding = Encoding::Time;
      break;
    case SourceType::DateTime:
      step.encoding = Encoding::DateTime;
      break;
    case SourceType::SmallDateTime:
      step.encoding = Encoding::SmallDateTime;
      break;
    case SourceType::DateTime2:
      step.encoding = Encoding::DateTime2;
      break;
    case SourceType::DateTimeOffset:
      step.encoding = Encoding::DateTimeOffset;
      break;
    case SourceType::Binary:
    case SourceType::VarBinary:
    case SourceType::Image:
    case SourceType::RowVersion:
      step.encoding = Encoding::Bytes;
      break;
    case SourceType::UniqueIdentifier:
      step.encoding = Encoding::Uuid;
      break;
    case SourceType::Char:
    case SourceType::VarChar:
    case SourceType::Text:
    case SourceType::NChar:
    case SourceType::NVarChar:
    case SourceType::NText:
    case SourceType::Xml:
    case SourceType::Variant:
      step.encoding = Encoding::Text;
      step.shape = text_shape(type);
      break;
    case SourceType::Unsupported:
      throw TypeMappingError(source.columns[step.source].name,
                             source.columns[step.source].declared_type);
  }
  return step;
}

std::optional<FieldFailure> Transform::append_field(std::string& out, const Step& step,
                                                    const Batch& in, std::size_t row,
                                                    ValueChanges& changes) const {
  namespace cb = copy_binary;
  using temporal::pg_timestamp;

  if (step.encoding == Encoding::Constant) {
    out.append(step.constant);
    return std::nullopt;
  }
  const ColumnValues& values = in.columns[step.source];
  if (values.nulls[row] != 0) {
    cb::append_null(out);
    return std::nullopt;
  }

  switch (step.encoding) {
    case Encoding::Constant:
      break;
    case Encoding::Bool:
      cb::append_bool(out, values.integers[row] != 0);
      break;
    case Encoding::Int2:
      cb::append_int2(out, static_cast<std::int16_t>(values.integers[row]));
      break;
    case Encoding::Int4:
      cb::append_int4(out, static_cast<std::int32_t>(values.integers[row]));
      break;
    case Encoding::Int8:
      cb::append_int8(out, values.integers[row]);
      break;
    case Encoding::Money:  // value × 10⁴ exactly: numeric(19,4) or numeric(10,4)
      cb::append_numeric(out, values.integers[row], 4);
      break;
    case Encoding::Decimal:
      cb::append_numeric(out, values.decimals[row], step.scale);
      break;
    case Encoding::Float4:
      cb::append_float4(out, static_cast<float>(values.reals[row]));
      break;
    case Encoding::Float8:
      cb::append_float8(out, values.reals[row]);
      break;
    case Encoding::Date:
      cb::append_date(out, temporal::pg_date(values.integers[row]));
      break;
    case Encoding::Time:  // the 7th digit is dropped: 23:59:59.9999999 is 23:59:59.999999
      if (values.ticks[row] % 10 != 0) add_change(changes, ValueChange::FractionTruncated);
      cb::append_time(out, temporal::micros_from_ticks(values.ticks[row]));
      break;
    case Encoding::DateTime: {
      const std::int64_t millis = temporal::millis_from_datetime_ticks(values.ticks[row]);
      cb::append_timestamp(out, pg_timestamp(values.integers[row], millis * 1000));
      break;
    }
    case Encoding::SmallDateTime:
      cb::append_timestamp(out, pg_timestamp(values.integers[row],
                                             values.ticks[row] * 60 * temporal::kMicrosPerSecond));
      break;
    case Encoding::DateTime2:       // the 7th digit is dropped: the value keeps its day
    case Encoding::DateTimeOffset:  // the reader's days and ticks are UTC already
      if (values.ticks[row] % 10 != 0) add_change(changes, ValueChange::FractionTruncated);
      cb::append_timestamp(
          out, pg_timestamp(values.integers[row], temporal::micros_from_ticks(values.ticks[row])));
      break;
    case Encoding::Text:
      return append_text_field(out, values.bytes_at(row), step.shape, nul_policy_, changes);
    case Encoding::Bytes: {
      const std::string_view bytes = values.bytes_at(row);
      if (bytes.size() > kMaxFieldBytes) {
        return FieldFailure{RejectCode::TooLarge,
                            "value larger than PostgreSQL's 1 GB field limit"};
      }
      cb::append_bytes(out, bytes);
      break;
    }
    case Encoding::Uuid: {
      const std::string_view bytes = values.bytes_at(row);
      if (bytes.size() != 16) {
        return FieldFailure{
            RejectCode::BadUuid,
            "a uniqueidentifier of " + std::to_string(bytes.size()) + " bytes, not 16"};
      }
      cb::append_uuid(out, bytes);
      break;
    }
  }
  return std::nullopt;
}

std::string Transform::render_key(const Batch& in, std::size_t row) const {
  std::string key;
  for (std::size_t index : source_.key) {
    if (!key.empty()) key += ", ";
    key += source_.columns[index].name + "=" +
           render_source_value(source_.columns[index], in.columns[index], row);
  }
  return key;
}

void Transform::apply(const Batch& in, TransformOutput& out) const {
  check_batch(in, source_);

  EncodedBatch& batch = out.batch;
  batch.sequence = in.sequence;
  batch.rows = 0;
  batch.tuples.clear();  // keeps its capacity when the caller reuses the output
  const std::size_t hint = bytes_per_row_hint_.load(std::memory_order_relaxed);
  if (hint != 0) batch.tuples.reserve(in.rows * hint + hint);
  batch.first_key = in.first_key;
  batch.last_key = in.last_key;
  out.rejects.clear();
  out.digest = {};
  out.changes.assign(source_.columns.size(), ChangeCounts{});

  // The changes of the row being encoded: counted only once the whole row converts.
  std::vector<std::pair<std::size_t, ValueChanges>> row_changes;
  const auto field_count = static_cast<std::uint16_t>(steps_.size());
  for (std::size_t row = 0; row < in.rows; ++row) {
    const std::size_t tuple_start = batch.tuples.size();
    copy_binary::begin_tuple(batch.tuples, field_count);
    row_changes.clear();

    bool converted = true;
    for (std::size_t c = 0; c < steps_.size(); ++c) {
      ValueChanges changes = 0;
      std::optional<FieldFailure> failure = append_field(batch.tuples, steps_[c], in, row, changes);
      if (!failure) {
        if (changes != 0) row_changes.emplace_back(steps_[c].source, changes);
        continue;
      }

      // The row is left out whole; what was appended of it goes.
      batch.tuples.resize(tuple_start);
      const std::size_t source_index = steps_[c].source;
      out.rejects.push_back(
          {in.sequence, row, render_key(in, row), source_.columns[source_index].name, failure->code,
           std::move(failure->reason),
           render_source_value(source_.columns[source_index], in.columns[source_index], row)});
      converted = false;
      break;
    }
    if (!converted) continue;

    for (const auto& [source_index, changes] : row_changes) {
      for (std::size_t kind = 0; kind < kValueChangeKinds; ++kind) {
        if (has_change(changes, static_cast<ValueChange>(kind))) {
          out.changes[source_index][kind] += 1;
        }
      }
    }
    batch.rows += 1;
    out.digest.rows += 1;
    out.digest.hash_sum += tuple_hash(std::string_view(batch.tuples).substr(tuple_start));
  }
  if (batch.rows != 0) {
    bytes_per_row_hint_.store(batch.tuples.size() / batch.rows + 1, std::memory_order_relaxed);
  }
}

}  // namespace etl
