// Keyset seeks: the bounds a WHERE clause puts on the primary key, turned into a range of
// row indexes by binary search over a key-ordered rowset.
#include <algorithm>

#include "engine_internal.h"
#include "value_order.h"

namespace mssql_sim::engine {
namespace {

using Kind = ast::Expr::Kind;

//! Values of the leading key columns, as a tuple bound.
using KeyTuple = std::vector<TypedValue>;

class Seeker {
 public:
  Seeker(const RowSet& rows, const TableSchema& schema, const Bindings& bindings)
      : rows_(rows), schema_(schema), bindings_(bindings), size_(rows.size()) {}

  //! The first index the expression lets a row have, given equalities on the leading key
  //! columns that the enclosing conjunction already implies.
  std::uint64_t lower(const ast::Expr& expr, const KeyTuple& prefix) {
    switch (expr.kind) {
      case Kind::And: {
        std::vector<const ast::Expr*> conjuncts;
        flatten(expr, Kind::And, conjuncts);
        const KeyTuple extended = extend(prefix, conjuncts);
        std::uint64_t result = conjunction_lower(conjuncts, extended, nullptr);
        // `k >= v AND (k > v OR later columns…)`: split k >= v into k > v, and k = v with
        // the other conjuncts bounding the later columns.
        for (const ast::Expr* conjunct : conjuncts) {
          auto leaf = key_leaf(*conjunct, extended);
          if (!leaf || leaf->never || leaf->op != ">=" || leaf->low.size() != extended.size() + 1) {
            continue;
          }
          const std::uint64_t split = std::min(first_index(leaf->low, true),
                                               conjunction_lower(conjuncts, leaf->low, conjunct));
          result = std::max(result, split);
        }
        return result;
      }
      case Kind::Or:
        return std::min(lower(*expr.args[0], prefix), lower(*expr.args[1], prefix));
      default:
        break;
    }
    auto leaf = key_leaf(expr, prefix);
    if (!leaf) return 0;
    if (leaf->never) return size_;
    if (leaf->op == ">") return first_index(leaf->low, true);
    if (leaf->op == ">=" || leaf->op == "=" || leaf->op == "between") {
      return first_index(leaf->low, false);
    }
    return 0;
  }

  //! The lower bound of a conjunction under `prefix`, leaving out `skip`.
  std::uint64_t conjunction_lower(const std::vector<const ast::Expr*>& conjuncts,
                                  const KeyTuple& prefix, const ast::Expr* skip) {
    std::uint64_t result = prefix.empty() ? 0 : first_index(prefix, false);
    for (const ast::Expr* conjunct : conjuncts) {
      if (conjunct != skip) result = std::max(result, lower(*conjunct, prefix));
    }
    return result;
  }

  //! One past the last index the expression lets a row have.
  std::uint64_t upper(const ast::Expr& expr, const KeyTuple& prefix) {
    switch (expr.kind) {
      case Kind::And: {
        std::vector<const ast::Expr*> conjuncts;
        flatten(expr, Kind::And, conjuncts);
        const KeyTuple extended = extend(prefix, conjuncts);
        std::uint64_t result = extended.empty() ? size_ : first_index(extended, true);
        for (const ast::Expr* conjunct : conjuncts) {
          result = std::min(result, upper(*conjunct, extended));
        }
        return result;
      }
      case Kind::Or:
        return std::max(upper(*expr.args[0], prefix), upper(*expr.args[1], prefix));
      default:
        break;
    }
    auto leaf = key_leaf(expr, prefix);
    if (!leaf) return size_;
    if (leaf->never) return 0;
    if (leaf->op == "<") return first_index(leaf->high, false);
    if (leaf->op == "<=" || leaf->op == "=") return first_index(leaf->high, true);
    if (leaf->op == "between") return first_index(leaf->high, true);
    return size_;
  }

 private:
  //! A comparison of a key column with constants, as a bound tuple.
  struct Leaf {
    std::string op;  //!< "=", "<", "<=", ">", ">=" or "between"
    KeyTuple low;
    KeyTuple high;
    bool never = false;  //!< compares with NULL: no row can pass
  };

  static void flatten(const ast::Expr& expr, Kind kind, std::vector<const ast::Expr*>& out) {
    if (expr.kind == kind) {
      flatten(*expr.args[0], kind, out);
      flatten(*expr.args[1], kind, out);
    } else {
      out.push_back(&expr);
    }
  }

  //! The key position of a bound column, if it is a key column.
  std::optional<std::size_t> key_position(const ast::Expr& expr) const {
    auto column = bound_column(expr, bindings_);
    if (!column) return std::nullopt;
    const auto& key = schema_.primary_key;
    auto it = std::find(key.begin(), key.end(), *column);
    if (it == key.end()) return std::nullopt;
    return static_cast<std::size_t>(it - key.begin());
  }

  //! `k_j = constant` for the next key column after the prefix.
  KeyTuple extend(const KeyTuple& prefix, const std::vector<const ast::Expr*>& conjuncts) const {
    KeyTuple extended = prefix;
    for (bool grew = true; grew && extended.size() < schema_.primary_key.size();) {
      grew = false;
      for (const ast::Expr* conjunct : conjuncts) {
        auto leaf = key_leaf(*conjunct, extended);
        if (leaf && !leaf->never && leaf->op == "=" && leaf->low.size() == extended.size() + 1) {
          extended = leaf->low;
          grew = true;
          break;
        }
      }
    }
    return extended;
  }

  std::optional<Leaf> key_leaf(const ast::Expr& expr, const KeyTuple& prefix) const {
    Leaf leaf;
    std::optional<std::size_t> position;
    if (expr.kind == Kind::Compare) {
      const ast::Expr& a = *expr.args[0];
      const ast::Expr& b = *expr.args[1];
      if ((position = key_position(a)) && b.kind == Kind::Literal) {
        leaf.op = expr.op;
        leaf.low.push_back(b.literal);
      } else if ((position = key_position(b)) && a.kind == Kind::Literal) {
        leaf.op = expr.op == "<"    ? ">"
                  : expr.op == ">"  ? "<"
                  : expr.op == "<=" ? ">="
                  : expr.op == ">=" ? "<="
                                    : expr.op;
        leaf.low.push_back(a.literal);
      } else {
        return std::nullopt;
      }
      if (leaf.op != "=" && leaf.op != "<" && leaf.op != "<=" && leaf.op != ">" &&
          leaf.op != ">=") {
        return std::nullopt;
      }
      leaf.never = leaf.low[0].value.is_null;
      leaf.high = leaf.low;
    } else if (expr.kind == Kind::Between && !expr.negated) {
      if (!(position = key_position(*expr.args[0])) || expr.args[1]->kind != Kind::Literal ||
          expr.args[2]->kind != Kind::Literal) {
        return std::nullopt;
      }
      leaf.op = "between";
      leaf.low.push_back(expr.args[1]->literal);
      leaf.high.push_back(expr.args[2]->literal);
      leaf.never = leaf.low[0].value.is_null || leaf.high[0].value.is_null;
    } else {
      return std::nullopt;
    }
    // Only a column right after the implied equalities (or within them) bounds the key.
    if (*position > prefix.size()) return std::nullopt;
    KeyTuple head(prefix.begin(), prefix.begin() + static_cast<std::ptrdiff_t>(*position));
    leaf.low.insert(leaf.low.begin(), head.begin(), head.end());
    leaf.high.insert(leaf.high.begin(), head.begin(), head.end());
    return leaf;
  }

  //! The first row whose leading key columns are ≥ the tuple (> with `after`).
  std::uint64_t first_index(const KeyTuple& tuple, bool after) {
    std::uint64_t low = 0;
    std::uint64_t high = size_;
    while (low < high) {
      const std::uint64_t mid = low + (high - low) / 2;
      rows_.row(mid, row_);
      const int c = compare_prefix(row_, tuple);
      if (c < 0 || (after && c == 0)) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  int compare_prefix(const Row& row, const KeyTuple& tuple) const {
    for (std::size_t i = 0; i < tuple.size(); ++i) {
      const std::size_t column = schema_.primary_key[i];
      const int c =
          compare_values(row[column], schema_.columns[column].type, tuple[i].value, tuple[i].type);
      if (c != 0) return c;
    }
    return 0;
  }

  const RowSet& rows_;
  const TableSchema& schema_;
  const Bindings& bindings_;
  const std::uint64_t size_;
  Row row_;
};

}  // namespace

ScanRange seek_range(const RowSet& rows, const TableSchema& schema, const ast::Expr* where,
                     const Bindings& bindings) {
  ScanRange range{0, rows.size()};
  if (!where || !rows.ordered_by_key() || schema.primary_key.empty()) return range;
  Seeker seeker(rows, schema, bindings);
  range.begin = seeker.lower(*where, {});
  range.end = std::max(range.begin, seeker.upper(*where, {}));
  return range;
}

}  // namespace mssql_sim::engine
