// evaluate(): expressions over a scope, with SQL Server's three-valued logic.
#include "eval.h"

#include "collation.h"
#include "eval_arithmetic.h"
#include "eval_case.h"
#include "eval_compare.h"
#include "eval_functions.h"
#include "eval_internal.h"
#include "sql_errors.h"

namespace mssql_sim {
namespace {

using ast::Expr;

TypedValue bit(bool value) {
  TypedValue result;
  result.type.id = TypeId::Bit;
  result.value = Value::of_integer(value ? 1 : 0);
  return result;
}

TypedValue unknown() {
  TypedValue result;
  result.type.id = TypeId::Bit;
  return result;
}

// The truth of a predicate's bit: 1 true, 0 false, -1 unknown (NULL).
int truth(const TypedValue& value) {
  if (value.value.is_null) return -1;
  return value.value.integer != 0 ? 1 : 0;
}

TypedValue from_truth(int value) {
  return value < 0 ? unknown() : bit(value == 1);
}

// The collation a comparison uses: a column's over a literal's or parameter's.
const Collation* comparison_collation(const Expr& left, const TypedValue& a, const Expr& right,
                                      const TypedValue& b) {
  if (!is_character(a.type.id) || !is_character(b.type.id)) return nullptr;
  if (left.kind == Expr::Kind::Column) return &a.type.collation;
  if (right.kind == Expr::Kind::Column) return &b.type.collation;
  return &a.type.collation;
}

int compare_for(const Expr& left, const TypedValue& a, const Expr& right, const TypedValue& b) {
  return detail::compare_with(a, b, comparison_collation(left, a, right, b));
}

bool compare_holds(std::string_view op, int c) {
  if (op == "=") return c == 0;
  if (op == "<>") return c != 0;
  if (op == "<") return c < 0;
  if (op == "<=") return c <= 0;
  if (op == ">") return c > 0;
  return c >= 0;
}

// LIKE on characters as the collation folds them: % any run, _ one character, [set],
// [^set] and [a-z] ranges.
std::u32string folded(std::string_view text, const Collation& collation) {
  std::u32string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    if (i + length > text.size()) length = 1;
    char32_t code = length == 1 ? lead : lead & (0x7F >> length);
    for (std::size_t k = 1; k < length; ++k) {
      code = (code << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    }
    out.push_back(fold_character(code, collation));
    i += length;
  }
  return out;
}

bool like_match(const std::u32string& value, std::size_t vi, const std::u32string& pattern,
                std::size_t pi) {
  while (pi < pattern.size()) {
    const char32_t p = pattern[pi];
    if (p == U'%') {
      while (pi < pattern.size() && pattern[pi] == U'%')
        ++pi;
      if (pi == pattern.size()) return true;
      for (std::size_t k = vi; k <= value.size(); ++k) {
        if (like_match(value, k, pattern, pi)) return true;
      }
      return false;
    }
    if (vi >= value.size()) return false;
    if (p == U'_') {
      ++vi;
      ++pi;
      continue;
    }
    if (p == U'[') {
      const std::size_t close = pattern.find(U']', pi + 1);
      if (close != std::u32string::npos) {
        std::size_t k = pi + 1;
        const bool negated = k < close && pattern[k] == U'^';
        if (negated) ++k;
        bool found = false;
        for (; k < close; ++k) {
          if (k + 2 < close && pattern[k + 1] == U'-') {
            found |= value[vi] >= pattern[k] && value[vi] <= pattern[k + 2];
            k += 2;
          } else {
            found |= value[vi] == pattern[k];
          }
        }
        if (found == negated) return false;
        ++vi;
        pi = close + 1;
        continue;
      }
    }
    if (value[vi] != p) return false;
    ++vi;
    ++pi;
  }
  return vi == value.size();
}

int like(const Expr& expr, const Scope& scope) {
  TypedValue value = evaluate(*expr.args[0], scope);
  TypedValue pattern = evaluate(*expr.args[1], scope);
  if (value.value.is_null || pattern.value.is_null) return -1;
  const SqlType text_type = detail::make_type(TypeId::NVarChar, SqlType::kMax);
  if (!is_character(value.type.id)) value = {text_type, convert(value, text_type)};
  if (!is_character(pattern.type.id)) pattern = {text_type, convert(pattern, text_type)};
  const Collation& collation =
      expr.args[0]->kind == Expr::Kind::Column || !is_character(pattern.type.id)
          ? value.type.collation
          : pattern.type.collation;
  const std::u32string v = folded(value.value.bytes, collation);
  const std::u32string p = folded(pattern.value.bytes, collation);
  bool matched = like_match(v, 0, p, 0);
  if (!matched && !v.empty() && v.back() == U' ') {
    // char(n) padding does not keep a value from matching.
    std::u32string trimmed = v;
    while (!trimmed.empty() && trimmed.back() == U' ')
      trimmed.pop_back();
    matched = like_match(trimmed, 0, p, 0);
  }
  return matched != expr.negated ? 1 : 0;
}

// In decimal arithmetic an integer constant counts as decimal(digits, 0), as SQL Server
// types it: 1.0 / 3 is 0.333333, not 0.333333333333.
void narrow_integer_constant(const Expr& expr, TypedValue& value, const TypedValue& other) {
  if (expr.kind != Expr::Kind::Literal || value.type.id != TypeId::Int || value.value.is_null ||
      !(other.type.id == TypeId::Decimal || other.type.id == TypeId::Numeric)) {
    return;
  }
  const std::int64_t integer = value.value.integer;
  std::int64_t magnitude = integer < 0 ? -integer : integer;
  std::uint8_t digits = 1;
  while (magnitude >= 10) {
    magnitude /= 10;
    ++digits;
  }
  value.type = detail::make_type(TypeId::Numeric, 0, digits, 0);
  value.value = Value::of_unscaled(integer);
}

// A predicate's truth without materialising bits: 1 true, 0 false, -1 unknown.
int truth_of(const Expr& expr, const Scope& scope) {
  switch (expr.kind) {
    case Expr::Kind::Compare: {
      const TypedValue a = evaluate(*expr.args[0], scope);
      const TypedValue b = evaluate(*expr.args[1], scope);
      if (a.value.is_null || b.value.is_null) return -1;
      return compare_holds(expr.op, compare_for(*expr.args[0], a, *expr.args[1], b)) ? 1 : 0;
    }
    case Expr::Kind::And: {
      const int left = truth_of(*expr.args[0], scope);
      if (left == 0) return 0;
      const int right = truth_of(*expr.args[1], scope);
      if (right == 0) return 0;
      return left == 1 && right == 1 ? 1 : -1;
    }
    case Expr::Kind::Or: {
      const int left = truth_of(*expr.args[0], scope);
      if (left == 1) return 1;
      const int right = truth_of(*expr.args[1], scope);
      if (right == 1) return 1;
      return left == 0 && right == 0 ? 0 : -1;
    }
    case Expr::Kind::Not: {
      const int value = truth_of(*expr.args[0], scope);
      return value < 0 ? -1 : 1 - value;
    }
    case Expr::Kind::IsNull: {
      const bool is_null = evaluate(*expr.args[0], scope).value.is_null;
      return is_null != expr.negated ? 1 : 0;
    }
    case Expr::Kind::Between: {
      const TypedValue value = evaluate(*expr.args[0], scope);
      const TypedValue low = evaluate(*expr.args[1], scope);
      const TypedValue high = evaluate(*expr.args[2], scope);
      const int above = value.value.is_null || low.value.is_null
                            ? -1
                            : compare_for(*expr.args[0], value, *expr.args[1], low) >= 0;
      const int below = value.value.is_null || high.value.is_null
                            ? -1
                            : compare_for(*expr.args[0], value, *expr.args[2], high) <= 0;
      int result = above == 0 || below == 0 ? 0 : (above == 1 && below == 1 ? 1 : -1);
      if (expr.negated && result >= 0) result = 1 - result;
      return result;
    }
    case Expr::Kind::In: {
      const TypedValue value = evaluate(*expr.args[0], scope);
      if (value.value.is_null) return -1;
      bool saw_null = false;
      for (std::size_t i = 1; i < expr.args.size(); ++i) {
        const TypedValue candidate = evaluate(*expr.args[i], scope);
        if (candidate.value.is_null) {
          saw_null = true;
          continue;
        }
        if (compare_for(*expr.args[0], value, *expr.args[i], candidate) == 0) {
          return expr.negated ? 0 : 1;
        }
      }
      return saw_null ? -1 : (expr.negated ? 1 : 0);
    }
    case Expr::Kind::Like:
      return like(expr, scope);
    default:
      return truth(evaluate(expr, scope));
  }
}

}  // namespace

std::optional<bool> evaluate_condition(const ast::Expr& expr, const Scope& scope) {
  const int value = truth_of(expr, scope);
  if (value < 0) return std::nullopt;
  return value == 1;
}

TypedValue evaluate(const ast::Expr& expr, const Scope& scope) {
  switch (expr.kind) {
    case Expr::Kind::Literal:
      return expr.literal;
    case Expr::Kind::Column: {
      std::optional<TypedValue> value = scope.column(expr.name);
      if (!value) {
        throw_sql_error(207, "Invalid column name '" + expr.name.back() + "'.", 16, expr.line);
      }
      return std::move(*value);
    }
    case Expr::Kind::Param: {
      std::optional<TypedValue> value = scope.param(expr.name[0]);
      if (!value) {
        throw_sql_error(137, "Must declare the scalar variable \"" + expr.name[0] + "\".", 15,
                        expr.line);
      }
      return std::move(*value);
    }
    case Expr::Kind::Global: {
      std::optional<TypedValue> value = scope.global(expr.name[0]);
      if (!value) {
        throw_sql_error(137, "Must declare the scalar variable \"" + expr.name[0] + "\".", 15,
                        expr.line);
      }
      return std::move(*value);
    }
    case Expr::Kind::Unary:
      return detail::negate(expr.op, evaluate(*expr.args[0], scope));
    case Expr::Kind::Binary: {
      TypedValue a = evaluate(*expr.args[0], scope);
      TypedValue b = evaluate(*expr.args[1], scope);
      narrow_integer_constant(*expr.args[0], a, b);
      narrow_integer_constant(*expr.args[1], b, a);
      return detail::arithmetic(expr.op, a, b);
    }
    case Expr::Kind::Compare:
    case Expr::Kind::And:
    case Expr::Kind::Or:
    case Expr::Kind::Not:
    case Expr::Kind::IsNull:
    case Expr::Kind::Between:
    case Expr::Kind::In:
    case Expr::Kind::Like:
      return from_truth(truth_of(expr, scope));
    case Expr::Kind::Function:
      return detail::call_function(expr, scope);
    case Expr::Kind::Case:
      return detail::evaluate_case(expr, scope);
    case Expr::Kind::Cast: {
      const TypedValue value = evaluate(*expr.args[0], scope);
      TypedValue result;
      result.type = expr.cast_type;
      // A CAST to a character type without COLLATE keeps the operand's collation.
      if (is_character(result.type.id) && is_character(value.type.id) &&
          expr.cast_type.collation == Collation{}) {
        result.type.collation = value.type.collation;
      }
      result.value = convert(value, result.type, expr.style);
      return result;
    }
    case Expr::Kind::Star:
      break;
  }
  throw_sql_error(102, "Incorrect syntax near '*'.", 15, expr.line);
}

}  // namespace mssql_sim
