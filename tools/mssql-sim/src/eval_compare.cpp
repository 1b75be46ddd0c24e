// compare(): values of different types meet at the type of higher precedence; text
// compares under a collation; exact numerics compare exactly.
#include "eval_compare.h"

#include <cmath>
#include <cstring>

#include "collation.h"
#include "eval.h"
#include "eval_internal.h"
#include "sql_errors.h"

namespace mssql_sim {
namespace {

using namespace detail;

int sign_of(__int128 v) {
  return v < 0 ? -1 : v > 0 ? 1 : 0;
}

// x / 10^sx against y / 10^sy, exactly.
int compare_exact(__int128 x, int sx, __int128 y, int sy) {
  if (sx == sy) return x < y ? -1 : x > y ? 1 : 0;
  if (sx > sy) return -compare_exact(y, sy, x, sx);
  const __int128 factor = pow10(sy - sx);
  const __int128 limit = (static_cast<__int128>(1) << 126) / factor;
  if (x > limit || x < -limit) return sign_of(x);  // |x·10^k| exceeds any 38-digit y
  const __int128 scaled = x * factor;
  return scaled < y ? -1 : scaled > y ? 1 : 0;
}

bool is_exact(TypeId id) {
  return is_integer(id) || is_decimal(id) || is_money(id);
}

// Date/time values as (days, ticks) in a common unit: 1/(3·10^7) s, so that datetime's
// 1/300 s ticks and 100 ns ticks both compare exactly; datetimeoffset in UTC.
struct Point {
  std::int32_t days;
  std::int64_t ticks;
};

Point point_of(const TypedValue& value) {
  const Value& v = value.value;
  switch (value.type.id) {
    case TypeId::Date:
      return {v.days, 0};
    case TypeId::Time:
      return {kDays1900, v.ticks * 3};
    case TypeId::DateTime:
      return {v.days, v.ticks * 100'000};
    case TypeId::SmallDateTime:
      return {v.days, v.ticks * 60 * kTicksPerSecond * 3};
    default:
      return {v.days, v.ticks * 3};
  }
}

int compare_points(Point a, Point b) {
  if (a.days != b.days) return a.days < b.days ? -1 : 1;
  return a.ticks < b.ticks ? -1 : a.ticks > b.ticks ? 1 : 0;
}

// SQL Server orders uniqueidentifier by its last six bytes first, then the groups leftward.
int compare_guid(std::string_view a, std::string_view b) {
  static constexpr int kOrder[] = {10, 11, 12, 13, 14, 15, 8, 9, 7, 6, 5, 4, 3, 2, 1, 0};
  if (a.size() < 16 || b.size() < 16) return a.compare(b) < 0 ? -1 : a.compare(b) > 0 ? 1 : 0;
  for (int i : kOrder) {
    const auto x = static_cast<unsigned char>(a[static_cast<std::size_t>(i)]);
    const auto y = static_cast<unsigned char>(b[static_cast<std::size_t>(i)]);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

int compare_bytes(std::string_view a, std::string_view b) {
  const std::size_t n = std::min(a.size(), b.size());
  const int c = n == 0 ? 0 : std::memcmp(a.data(), b.data(), n);
  if (c != 0) return c < 0 ? -1 : 1;
  return a.size() < b.size() ? -1 : a.size() > b.size() ? 1 : 0;
}

}  // namespace

namespace detail {

int compare_with(const TypedValue& a, const TypedValue& b, const Collation* collation) {
  const TypeId x = a.type.id;
  const TypeId y = b.type.id;

  // The common cases first, without conversions.
  if (is_integer(x) && is_integer(y)) {
    return a.value.integer < b.value.integer ? -1 : a.value.integer > b.value.integer ? 1 : 0;
  }
  if (is_character(x) && is_character(y)) {
    const Collation& used = collation != nullptr ? *collation : a.type.collation;
    const int c = compare_text(a.value.bytes, b.value.bytes, used);
    return c < 0 ? -1 : c > 0 ? 1 : 0;
  }
  if (x == TypeId::SqlVariant || y == TypeId::SqlVariant) {
    const TypedValue& left = x == TypeId::SqlVariant && a.value.variant ? *a.value.variant : a;
    const TypedValue& right = y == TypeId::SqlVariant && b.value.variant ? *b.value.variant : b;
    return compare_with(left, right, collation);
  }
  if (is_exact(x) && is_exact(y)) {
    int sx = 0;
    int sy = 0;
    const __int128 ux = exact_unscaled(a, sx);
    const __int128 uy = exact_unscaled(b, sy);
    return compare_exact(ux, sx, uy, sy);
  }
  if (is_approximate(x) && is_approximate(y)) {
    return a.value.real < b.value.real ? -1 : a.value.real > b.value.real ? 1 : 0;
  }
  if (is_date_or_time(x) && is_date_or_time(y)) {
    if ((x == TypeId::Time) != (y == TypeId::Time) && (x == TypeId::Date || y == TypeId::Date)) {
      throw_sql_error(402, "The data types " + type_keyword(x) + " and " + type_keyword(y) +
                               " are incompatible in the equal to operator.");
    }
    return compare_points(point_of(a), point_of(b));
  }
  if (x == TypeId::UniqueIdentifier && y == TypeId::UniqueIdentifier) {
    return compare_guid(a.value.bytes, b.value.bytes);
  }
  if (is_binary(x) && is_binary(y)) return compare_bytes(a.value.bytes, b.value.bytes);

  // Otherwise the lower-precedence side converts to the other's type.
  if (precedence(x) >= precedence(y)) {
    SqlType target = a.type;
    if (is_character(x)) target.length = SqlType::kMax;
    TypedValue converted{target, convert(b, target)};
    return compare_with(a, converted, collation);
  }
  SqlType target = b.type;
  if (is_character(y)) target.length = SqlType::kMax;
  TypedValue converted{target, convert(a, target)};
  return compare_with(converted, b, collation);
}

}  // namespace detail

int compare(const TypedValue& a, const TypedValue& b) {
  // The collation of the side that is not the server default wins (a column's explicit
  // collation over a literal's); with both explicit, the left side's.
  const Collation* collation = nullptr;
  if (is_character(a.type.id) && is_character(b.type.id)) {
    static const Collation kDefault;
    collation = !(a.type.collation == kDefault) ? &a.type.collation : &b.type.collation;
  }
  return detail::compare_with(a, b, collation);
}

}  // namespace mssql_sim
