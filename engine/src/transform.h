// The transform stage: one source Batch in, its rows in PostgreSQL's binary COPY format out,
// each value converted exactly as docs/type-mapping.md says. A row that cannot convert is
// left out and reported as a Reject; the rest of the batch goes on.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "etl/batch.h"
#include "etl/pipeline.h"
#include "etl/schema.h"
#include "etl/sink.h"
#include "load_plan.h"
#include "text_field.h"
#include "value_change.h"

namespace etl {

//! A row the transform could not convert.
struct Reject {
  std::uint64_t batch = 0;  //!< the batch's sequence
  std::size_t row = 0;      //!< the row's index in its batch
  std::string key;          //!< the row's key: "id=120001"
  std::string column;       //!< the source column that failed
  RejectCode code = RejectCode::Nul;
  std::string reason;  //!< "contains NUL (U+0000), which PostgreSQL text cannot hold"
  std::string value;   //!< the original value, escaped (value_text.h)
};

//! How many loaded values of one column underwent each ValueChange.
using ChangeCounts = std::array<std::uint64_t, kValueChangeKinds>;

//! What one call of Transform::apply produces. Reused from batch to batch.
struct TransformOutput {
  EncodedBatch batch;
  std::vector<Reject> rejects;
  RowsDigest digest;  //!< over the tuples in batch.tuples (etl/checksum.h)
  //! One entry per source column: the changes made to its values in the rows encoded (a
  //! rejected row's values count nowhere but in its reject).
  std::vector<ChangeCounts> changes;
};

class Transform {
 public:
  //! Prepares the conversion of every destination column of the design (design_load for the
  //! same source table) and encodes its constants once. Throws ConfigError naming
  //! transform.set.<column> when a constant does not fit its column.
  Transform(const SourceTable& source, const LoadDesign& design, NulPolicy nul_policy);

  const SourceTable& source() const { return source_; }

  //! Converts a batch. Thread-safe: TBB workers call it at once on different batches.
  //! Throws std::invalid_argument when the batch does not have the source table's columns
  //! (a reader bug, not a row to reject).
  void apply(const Batch& in, TransformOutput& out) const;

 private:
  // How one destination column is encoded, decided once instead of per value.
  enum class Encoding : std::uint8_t {
    Constant,
    Bool,
    Int2,
    Int4,
    Int8,
    Money,
    Decimal,
    Float4,
    Float8,
    Date,
    Time,
    DateTime,
    SmallDateTime,
    DateTime2,
    DateTimeOffset,
    Text,
    Bytes,
    Uuid,
  };
  struct Step {
    Encoding encoding = Encoding::Constant;
    std::size_t source = 0;  //!< index into the batch's columns
    int scale = 0;           //!< Decimal
    TextShape shape;         //!< Text
    std::string constant;    //!< Constant: the encoded field (length word and bytes)
  };

  static Step plan_step(const ColumnOrigin& origin, const SourceTable& source);

  // Appends one field for a row and adds to `changes` what converting it changed; on failure
  // appends nothing and returns why.
  std::optional<FieldFailure> append_field(std::string& out, const Step& step, const Batch& in,
                                           std::size_t row, ValueChanges& changes) const;
  std::string render_key(const Batch& in, std::size_t row) const;

  SourceTable source_;
  std::vector<Step> steps_;
  NulPolicy nul_policy_;
  // Bytes per encoded row seen last, so that a fresh output buffer is reserved once instead
  // of growing by doubling (callers that hand each EncodedBatch on cannot reuse buffers).
  mutable std::atomic<std::size_t> bytes_per_row_hint_{0};
};

}  // namespace etl
