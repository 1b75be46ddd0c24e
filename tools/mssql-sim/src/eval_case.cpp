// CASE: the first branch whose WHEN holds gives the value, typed as SQL Server types the whole
// expression — the result expression of highest data type precedence, whichever branch runs.
#include "eval_case.h"

#include <algorithm>

#include "eval_compare.h"
#include "eval_internal.h"
#include "sql_errors.h"

namespace mssql_sim::detail {
namespace {

using ast::Expr;

//! The same columns, parameters and globals with every column's value NULL: a branch is
//! evaluated over it only for its type, which must not depend on a row nor raise a row's
//! conversion error (CAST('texto' AS datetime) in a branch that does not run).
class NullColumnsScope : public Scope {
 public:
  explicit NullColumnsScope(const Scope& inner) : inner_(inner) {}
  std::optional<TypedValue> column(const ast::Name& name) const override {
    std::optional<TypedValue> value = inner_.column(name);
    if (value) value->value = Value::null();
    return value;
  }
  std::optional<TypedValue> param(std::string_view name) const override {
    return inner_.param(name);
  }
  std::optional<TypedValue> global(std::string_view name) const override {
    return inner_.global(name);
  }

 private:
  const Scope& inner_;
};

//! A bare NULL result (`THEN NULL`) has no type of its own: it takes the others'.
bool is_bare_null(const Expr& expr) {
  return expr.kind == Expr::Kind::Literal && expr.literal.value.is_null;
}

bool has_fraction_scale(TypeId id) {
  return id == TypeId::Time || id == TypeId::DateTime2 || id == TypeId::DateTimeOffset;
}

std::int32_t longest(std::int32_t a, std::int32_t b, std::int32_t limit) {
  if (a == SqlType::kMax || b == SqlType::kMax) return SqlType::kMax;
  const std::int32_t length = std::max(a, b);
  return length > limit ? SqlType::kMax : length;
}

// The positions of the result expressions in a CASE node's arguments.
std::vector<std::size_t> result_positions(const Expr& expr) {
  std::vector<std::size_t> positions;
  const std::size_t first_when = expr.op == "simple" ? 1 : 0;
  const std::size_t pairs_end = expr.args.size() - (expr.has_else ? 1 : 0);
  for (std::size_t i = first_when + 1; i < pairs_end; i += 2)
    positions.push_back(i);
  if (expr.has_else) positions.push_back(expr.args.size() - 1);
  return positions;
}

// The collation a simple CASE compares its input with a WHEN value under: a column's over
// a literal's, as for `=`.
const Collation* comparison_collation(const Expr& input, const TypedValue& a, const Expr& when,
                                      const TypedValue& b) {
  if (!is_character(a.type.id) || !is_character(b.type.id)) return nullptr;
  if (input.kind != Expr::Kind::Column && when.kind == Expr::Kind::Column) {
    return &b.type.collation;
  }
  return &a.type.collation;
}

// The position of the result that runs, or nullopt when no WHEN holds and there is no ELSE.
std::optional<std::size_t> chosen_result(const Expr& expr, const Scope& scope) {
  const bool simple = expr.op == "simple";
  const std::size_t pairs_end = expr.args.size() - (expr.has_else ? 1 : 0);
  std::optional<TypedValue> input;
  if (simple) input = evaluate(*expr.args[0], scope);
  for (std::size_t i = simple ? 1 : 0; i < pairs_end; i += 2) {
    if (simple) {
      // input = value: a NULL on either side never matches.
      const TypedValue value = evaluate(*expr.args[i], scope);
      if (input->value.is_null || value.value.is_null) continue;
      const Collation* collation =
          comparison_collation(*expr.args[0], *input, *expr.args[i], value);
      if (compare_with(*input, value, collation) == 0) return i + 1;
    } else if (evaluate_condition(*expr.args[i], scope).value_or(false)) {
      return i + 1;
    }
  }
  if (expr.has_else) return expr.args.size() - 1;
  return std::nullopt;
}

}  // namespace

SqlType combine_result_types(const SqlType& a, const SqlType& b) {
  const bool a_wins = precedence(a.id) >= precedence(b.id);
  const SqlType& high = a_wins ? a : b;
  const SqlType& low = a_wins ? b : a;
  SqlType result = high;
  if (is_character(high.id) && is_character(low.id)) {
    if (high.length != SqlType::kMax && high.id != TypeId::Text && high.id != TypeId::NText &&
        high.id != TypeId::Xml) {
      result.length = longest(high.length, low.length, is_unicode(high.id) ? 4000 : 8000);
      // char(n) and varchar(m) give varchar: a fixed length cannot hold both.
      if (result.id == TypeId::Char && (low.id != TypeId::Char || low.length != high.length))
        result.id = TypeId::VarChar;
      if (result.id == TypeId::NChar && (low.id != TypeId::NChar || low.length != high.length))
        result.id = TypeId::NVarChar;
    }
  } else if (is_binary(high.id) && is_binary(low.id) && high.id != TypeId::Image) {
    result.id = high.id == TypeId::RowVersion ? TypeId::Binary : high.id;
    result.length =
        longest(high.length == 0 ? 8 : high.length, low.length == 0 ? 8 : low.length, 8000);
  } else if (is_decimal(high.id) &&
             (is_decimal(low.id) || is_integer(low.id) || is_money(low.id))) {
    const SqlType x = as_decimal_type(high);
    const SqlType y = as_decimal_type(low);
    const int scale = std::max(x.scale, y.scale);
    const int whole = std::max(x.precision - x.scale, y.precision - y.scale);
    result.precision = static_cast<std::uint8_t>(std::min(38, whole + scale));
    result.scale = static_cast<std::uint8_t>(std::min<int>(scale, result.precision));
  } else if (has_fraction_scale(high.id) && low.id == high.id) {
    result.scale = std::max(high.scale, low.scale);
  }
  return result;
}

TypedValue evaluate_case(const ast::Expr& expr, const Scope& scope) {
  const std::optional<std::size_t> chosen = chosen_result(expr, scope);
  std::optional<TypedValue> value;
  if (chosen) value = evaluate(*expr.args[*chosen], scope);

  // The type: every result's, each evaluated over NULL columns (the chosen one's is known).
  const NullColumnsScope nulls(scope);
  std::optional<SqlType> type;
  for (std::size_t position : result_positions(expr)) {
    const Expr& result = *expr.args[position];
    if (is_bare_null(result)) continue;
    const SqlType branch = chosen == position ? value->type : evaluate(result, nulls).type;
    type = type ? combine_result_types(*type, branch) : branch;
  }
  TypedValue out;
  out.type = type ? *type : make_type(TypeId::Int);  // only NULLs: int, as SQL Server says
  out.value = value && !value->value.is_null ? convert(*value, out.type) : Value::null();
  return out;
}

}  // namespace mssql_sim::detail
