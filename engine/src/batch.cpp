#include "etl/batch.h"

namespace etl {

void ColumnValues::clear() {
  nulls.clear();
  integers.clear();
  ticks.clear();
  offsets.clear();
  decimals.clear();
  reals.clear();
  bytes.clear();
  ends.clear();
}

void Batch::clear() {
  rows = 0;
  for (ColumnValues& column : columns)
    column.clear();
  first_key.clear();
  last_key.clear();
  resume_token.clear();
}

}  // namespace etl
