// Arithmetic operators with SQL Server's result types: integer overflow checks, decimal
// precision and scale rules, money, floats, string and binary concatenation.
#include "eval_arithmetic.h"

#include <cmath>
#include <limits>

#include "eval_internal.h"
#include "sql_errors.h"

namespace mssql_sim::detail {
namespace {

[[noreturn]] void overflow_expression(const SqlType& type) {
  const std::string name = is_decimal(type.id) ? "numeric" : type_keyword(type.id);
  throw_sql_error(8115,
                  "Arithmetic overflow error converting expression to data type " + name + ".");
}

[[noreturn]] void divide_by_zero() {
  throw_sql_error(8134, "Divide by zero error encountered.");
}

[[noreturn]] void invalid_operand(const SqlType& type, std::string_view op) {
  const char* name = op == "+"   ? "add"
                     : op == "-" ? "subtract"
                     : op == "*" ? "multiply"
                     : op == "/" ? "divide"
                     : op == "%" ? "modulo"
                     : op == "&" ? "bitwise and"
                     : op == "|" ? "bitwise or"
                     : op == "^" ? "bitwise xor"
                                 : "minus";
  throw_sql_error(8117, "Operand data type " + type_keyword(type.id) + " is invalid for " + name +
                            " operator.");
}

Value integer_result(__int128 v, const SqlType& type) {
  const std::int64_t low = type.id == TypeId::TinyInt    ? 0
                           : type.id == TypeId::SmallInt ? -32768
                           : type.id == TypeId::Int      ? std::numeric_limits<std::int32_t>::min()
                                                         : std::numeric_limits<std::int64_t>::min();
  const std::int64_t high = type.id == TypeId::TinyInt    ? 255
                            : type.id == TypeId::SmallInt ? 32767
                            : type.id == TypeId::Int      ? std::numeric_limits<std::int32_t>::max()
                                                     : std::numeric_limits<std::int64_t>::max();
  if (v < low || v > high) {
    if (type.id == TypeId::TinyInt || type.id == TypeId::SmallInt) {
      throw_sql_error(220, "Arithmetic overflow error for data type " + type_keyword(type.id) +
                               ", value = " + decimal_text(v, 0) + ".");
    }
    overflow_expression(type);
  }
  return Value::of_integer(static_cast<std::int64_t>(v));
}

// Precision and scale of a decimal result ("Precision, scale, and length"), capped at 38.
SqlType decimal_result(char op, const SqlType& a, const SqlType& b) {
  const int p1 = a.precision, s1 = a.scale, p2 = b.precision, s2 = b.scale;
  int p = 0;
  int s = 0;
  switch (op) {
    case '+':
    case '-':
      s = std::max(s1, s2);
      p = std::max(p1 - s1, p2 - s2) + s + 1;
      break;
    case '*':
      p = p1 + p2 + 1;
      s = s1 + s2;
      break;
    case '/':
      s = std::max(6, s1 + p2 + 1);
      p = p1 - s1 + s2 + s;
      break;
    default:  // %
      s = std::max(s1, s2);
      p = std::min(p1 - s1, p2 - s2) + s;
      break;
  }
  if (p > 38) {
    const int integral = p - s;
    s = integral <= 32 ? std::min(s, 38 - integral) : std::min(s, 6);
    p = 38;
  }
  SqlType type;
  type.id = TypeId::Decimal;
  type.precision = static_cast<std::uint8_t>(std::max(p, 1));
  type.scale = static_cast<std::uint8_t>(std::max(s, 0));
  return type;
}

__int128 checked_rescale(__int128 v, int from, int to, const SqlType& type) {
  __int128 out = 0;
  if (!rescale(v, from, to, out)) overflow_expression(type);
  return out;
}

// Exact quotient x / y at `extra` more decimal digits, rounded half away from zero.
__int128 divide_scaled(__int128 x, __int128 y, int extra, const SqlType& type) {
  const bool negative = (x < 0) != (y < 0);
  unsigned __int128 n = x < 0 ? static_cast<unsigned __int128>(-x) : x;
  const unsigned __int128 d = y < 0 ? static_cast<unsigned __int128>(-y) : y;
  unsigned __int128 quotient = n / d;
  unsigned __int128 remainder = n % d;
  const unsigned __int128 limit = static_cast<unsigned __int128>(pow10(38));
  for (int i = 0; i < extra + 1; ++i) {
    if (quotient > limit) overflow_expression(type);
    if (remainder > (~static_cast<unsigned __int128>(0)) / 10) {
      // The divisor has 38 digits: finish in long double, which keeps 18 of them.
      const long double rest =
          static_cast<long double>(remainder) * 10 / static_cast<long double>(d);
      quotient = quotient * 10 + static_cast<unsigned __int128>(rest);
      remainder = 0;
      continue;
    }
    remainder *= 10;
    quotient = quotient * 10 + remainder / d;
    remainder %= d;
  }
  // One digit more than needed decides the rounding.
  const unsigned __int128 last = quotient % 10;
  quotient /= 10;
  if (last >= 5) ++quotient;
  const __int128 result = static_cast<__int128>(quotient);
  return negative ? -result : result;
}

Value decimal_arithmetic(char op, const TypedValue& a, const TypedValue& b, SqlType& type) {
  const SqlType ta = as_decimal_type(a.type);
  const SqlType tb = as_decimal_type(b.type);
  type = decimal_result(op, ta, tb);
  int sa = 0;
  int sb = 0;
  const __int128 x = exact_unscaled(a, sa);
  const __int128 y = exact_unscaled(b, sb);
  __int128 result = 0;
  switch (op) {
    case '+':
    case '-': {
      const int common = std::max(sa, sb);
      const __int128 xa = checked_rescale(x, sa, common, type);
      const __int128 yb = checked_rescale(y, sb, common, type);
      const __int128 raw = op == '+' ? xa + yb : xa - yb;
      result = checked_rescale(raw, common, type.scale, type);
      break;
    }
    case '*': {
      __int128 raw = 0;
      if (__builtin_mul_overflow(x, y, &raw)) overflow_expression(type);
      result = checked_rescale(raw, sa + sb, type.scale, type);
      break;
    }
    case '/':
      if (y == 0) divide_by_zero();
      // x/10^sa ÷ y/10^sb at scale s = x·10^(s − sa + sb) / y.
      if (type.scale - sa + sb >= 0) {
        result = divide_scaled(x, y, type.scale - sa + sb, type);
      } else {
        result = divide_scaled(x, y * pow10(sa - sb - type.scale), 0, type);
      }
      break;
    default: {
      if (y == 0) divide_by_zero();
      const int common = std::max(sa, sb);
      const __int128 xa = checked_rescale(x, sa, common, type);
      const __int128 yb = checked_rescale(y, sb, common, type);
      result = checked_rescale(xa % yb, common, type.scale, type);
      break;
    }
  }
  if (!fits_precision(result, type.precision)) overflow_expression(type);
  return Value::of_unscaled(result);
}

Value money_arithmetic(char op, const TypedValue& a, const TypedValue& b, const SqlType& type) {
  int sa = 0;
  int sb = 0;
  const __int128 raw_x = exact_unscaled(a, sa);
  const __int128 raw_y = exact_unscaled(b, sb);
  const __int128 x = checked_rescale(raw_x, sa, 4, type);
  const __int128 y = checked_rescale(raw_y, sb, 4, type);
  __int128 result = 0;
  switch (op) {
    case '+':
      result = x + y;
      break;
    case '-':
      result = x - y;
      break;
    case '*':
      result = checked_rescale(x * y, 8, 4, type);
      break;
    case '/':
      if (y == 0) divide_by_zero();
      result = divide_scaled(x, y, 4, type);
      break;
    default:
      if (y == 0) divide_by_zero();
      result = x % y;
      break;
  }
  const __int128 limit = type.id == TypeId::Money ? std::numeric_limits<std::int64_t>::max()
                                                  : std::numeric_limits<std::int32_t>::max();
  if (result > limit || result < -limit - 1) overflow_expression(type);
  return Value::of_unscaled(result);
}

double approximate_of(const TypedValue& value) {
  return convert(value, detail::make_type(TypeId::Float)).real;
}

}  // namespace

TypedValue arithmetic(std::string_view op, const TypedValue& a, const TypedValue& b) {
  const TypeId x = a.type.id;
  const TypeId y = b.type.id;

  // Concatenation: both sides text, or both binary.
  if (op == "+" && is_character(x) && is_character(y)) {
    TypedValue result;
    const bool unicode = is_unicode(x) || is_unicode(y);
    result.type.id = unicode ? TypeId::NVarChar : TypeId::VarChar;
    result.type.collation = a.type.collation;
    const std::int64_t limit = unicode ? 4000 : 8000;
    const std::int64_t length = static_cast<std::int64_t>(a.type.length) + b.type.length;
    result.type.length =
        a.type.length == SqlType::kMax || b.type.length == SqlType::kMax || length > limit
            ? SqlType::kMax
            : static_cast<std::int32_t>(length);
    if (a.value.is_null || b.value.is_null) return result;
    std::string text = a.value.bytes;
    append_wtf8(text, b.value.bytes);
    if (!unicode || is_unicode(x)) {
      result.value = Value::of_bytes(std::move(text));
    } else {
      result.value = Value::of_bytes(std::move(text));
    }
    return result;
  }
  if (op == "+" && is_binary(x) && is_binary(y)) {
    TypedValue result;
    result.type.id = TypeId::VarBinary;
    result.type.length = SqlType::kMax;
    if (a.value.is_null || b.value.is_null) return result;
    result.value = Value::of_bytes(a.value.bytes + b.value.bytes);
    return result;
  }

  // NULL in, NULL out, typed by precedence, before any conversion could fail.
  if (a.value.is_null || b.value.is_null) {
    TypedValue result;
    result.type = precedence(x) >= precedence(y) ? a.type : b.type;
    return result;
  }

  // Otherwise the lower-precedence operand converts to the other's type.
  if (precedence(x) != precedence(y) && !(is_numeric_type(x) && is_numeric_type(y))) {
    if (precedence(x) > precedence(y)) {
      return arithmetic(op, a, TypedValue{a.type, convert(b, a.type)});
    }
    return arithmetic(op, TypedValue{b.type, convert(a, b.type)}, b);
  }

  const TypeId high = precedence(x) >= precedence(y) ? x : y;
  const char symbol = op.empty() ? '+' : op[0];
  TypedValue result;
  result.type = precedence(x) >= precedence(y) ? a.type : b.type;
  if (x == TypeId::Bit || y == TypeId::Bit) invalid_operand(detail::make_type(TypeId::Bit), op);
  if (!is_numeric_type(high) && high != TypeId::DateTime && high != TypeId::SmallDateTime) {
    invalid_operand(result.type, op);
  }
  if ((symbol == '&' || symbol == '|' || symbol == '^') && (!is_integer(x) || !is_integer(y))) {
    invalid_operand(is_integer(x) ? b.type : a.type, op);
  }
  if (is_decimal(high))
    result.type = decimal_result(symbol, as_decimal_type(a.type), as_decimal_type(b.type));
  if (a.value.is_null || b.value.is_null) {
    result.value = Value::null();
    return result;
  }

  if (high == TypeId::DateTime || high == TypeId::SmallDateTime) {
    // datetime ± number of days (fractions of a day allowed).
    if (symbol != '+' && symbol != '-') invalid_operand(result.type, op);
    const double left = approximate_of(a);
    const double right = approximate_of(b);
    const double days = symbol == '+' ? left + right : left - right;
    result.value =
        convert(TypedValue{detail::make_type(TypeId::Float), Value::of_real(days)}, result.type);
    return result;
  }
  if (is_approximate(high)) {
    const double left = approximate_of(a);
    const double right = approximate_of(b);
    double value = 0;
    switch (symbol) {
      case '+':
        value = left + right;
        break;
      case '-':
        value = left - right;
        break;
      case '*':
        value = left * right;
        break;
      case '/':
        if (right == 0) divide_by_zero();
        value = left / right;
        break;
      default:
        invalid_operand(result.type, op);
    }
    if (!std::isfinite(value)) overflow_expression(result.type);
    if (high == TypeId::Real) value = static_cast<float>(value);
    result.value = Value::of_real(value);
    return result;
  }
  if (is_decimal(high)) {
    result.value = decimal_arithmetic(symbol, a, b, result.type);
    return result;
  }
  if (is_money(high)) {
    result.value = money_arithmetic(symbol, a, b, result.type);
    return result;
  }
  // Integers.
  const __int128 left = a.value.integer;
  const __int128 right = b.value.integer;
  __int128 value = 0;
  switch (symbol) {
    case '+':
      value = left + right;
      break;
    case '-':
      value = left - right;
      break;
    case '*':
      value = left * right;
      break;
    case '/':
      if (right == 0) divide_by_zero();
      value = left / right;
      break;
    case '%':
      if (right == 0) divide_by_zero();
      value = left % right;
      break;
    case '&':
      value = left & right;
      break;
    case '|':
      value = left | right;
      break;
    default:
      value = left ^ right;
      break;
  }
  result.value = integer_result(value, result.type);
  return result;
}

TypedValue negate(std::string_view op, const TypedValue& operand) {
  TypedValue result = operand;
  const TypeId id = operand.type.id;
  if (op == "+") {
    if (!is_numeric_type(id)) invalid_operand(operand.type, "plus");
    return result;
  }
  if (op == "~") {
    if (!is_integer(id)) invalid_operand(operand.type, "~");
    if (!operand.value.is_null) {
      std::int64_t v = ~operand.value.integer;
      if (id == TypeId::TinyInt) v &= 0xFF;
      if (id == TypeId::Bit) v &= 1;
      result.value.integer = v;
    }
    return result;
  }
  if (!is_numeric_type(id) || id == TypeId::Bit) invalid_operand(operand.type, "minus");
  if (operand.value.is_null) return result;
  if (is_integer(id)) {
    result.value = integer_result(-static_cast<__int128>(operand.value.integer), operand.type);
  } else if (is_approximate(id)) {
    result.value.real = -operand.value.real;
  } else {
    result.value.unscaled = -operand.value.unscaled;
    if (id == TypeId::Money && result.value.unscaled > std::numeric_limits<std::int64_t>::max()) {
      overflow_expression(operand.type);
    }
  }
  return result;
}

}  // namespace mssql_sim::detail
