// Value constructors.
#include "value.h"

namespace mssql_sim {

Value Value::of_integer(std::int64_t v) {
  Value value;
  value.is_null = false;
  value.integer = v;
  return value;
}

Value Value::of_unscaled(__int128 v) {
  Value value;
  value.is_null = false;
  value.unscaled = v;
  return value;
}

Value Value::of_real(double v) {
  Value value;
  value.is_null = false;
  value.real = v;
  return value;
}

Value Value::of_bytes(std::string v) {
  Value value;
  value.is_null = false;
  value.bytes = std::move(v);
  return value;
}

Value Value::of_date(std::int32_t days) {
  Value value;
  value.is_null = false;
  value.days = days;
  return value;
}

Value Value::of_time(std::int64_t ticks) {
  Value value;
  value.is_null = false;
  value.ticks = ticks;
  return value;
}

Value Value::of_datetime(std::int32_t days, std::int64_t ticks) {
  Value value;
  value.is_null = false;
  value.days = days;
  value.ticks = ticks;
  return value;
}

}  // namespace mssql_sim
