// Fast comparisons of stored values; anything unusual goes through eval.h's compare().
#include "value_order.h"

#include "collation.h"
#include "eval.h"

namespace mssql_sim {
namespace {

bool is_integer_type(TypeId id) {
  return id == TypeId::Bit || id == TypeId::TinyInt || id == TypeId::SmallInt ||
         id == TypeId::Int || id == TypeId::BigInt;
}

bool is_decimal_type(TypeId id) {
  return id == TypeId::Decimal || id == TypeId::Numeric;
}
bool is_money_type(TypeId id) {
  return id == TypeId::Money || id == TypeId::SmallMoney;
}

template <typename T>
int three_way(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

//! Date and time types whose Value fields order the values directly.
bool is_plain_temporal(TypeId id) {
  return id == TypeId::Date || id == TypeId::Time || id == TypeId::DateTime ||
         id == TypeId::SmallDateTime || id == TypeId::DateTime2;
}

}  // namespace

int compare_values(const Value& a, const SqlType& a_type, const Value& b, const SqlType& b_type) {
  const TypeId x = a_type.id;
  const TypeId y = b_type.id;
  if (is_integer_type(x) && is_integer_type(y)) return three_way(a.integer, b.integer);
  if ((is_decimal_type(x) && is_decimal_type(y) && a_type.scale == b_type.scale) ||
      (is_money_type(x) && is_money_type(y))) {
    return three_way(a.unscaled, b.unscaled);
  }
  if ((x == TypeId::Real || x == TypeId::Float) && (y == TypeId::Real || y == TypeId::Float)) {
    return three_way(a.real, b.real);
  }
  if (x == y && is_plain_temporal(x)) {
    if (int c = three_way(a.days, b.days); c != 0) return c;
    return three_way(a.ticks, b.ticks);
  }
  if (x == y &&
      (x == TypeId::Char || x == TypeId::VarChar || x == TypeId::NChar || x == TypeId::NVarChar) &&
      a_type.collation == b_type.collation) {
    return compare_text(a.bytes, b.bytes, a_type.collation);
  }
  return compare(TypedValue{a_type, a}, TypedValue{b_type, b});
}

int compare_for_sort(const Value& a, const Value& b, const SqlType& type) {
  if (a.is_null || b.is_null) return three_way(!a.is_null, !b.is_null);
  return compare_values(a, type, b, type);
}

int compare_rows(const Row& a, const Row& b, const std::vector<std::size_t>& columns,
                 const std::vector<SqlType>& types) {
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const std::size_t c = columns[i];
    if (int r = compare_for_sort(a[c], b[c], types[i]); r != 0) return r;
  }
  return 0;
}

}  // namespace mssql_sim
