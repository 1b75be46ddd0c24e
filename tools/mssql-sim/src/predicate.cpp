// WHERE clauses compiled once per query, with a fast path for column-constant comparisons.
#include "engine_internal.h"
#include "value_order.h"

namespace mssql_sim::engine {
namespace {

using Kind = ast::Expr::Kind;

//! The operator that holds with the operands swapped (5 > k is k < 5).
std::string flip(const std::string& op) {
  if (op == "<") return ">";
  if (op == ">") return "<";
  if (op == "<=") return ">=";
  if (op == ">=") return "<=";
  return op;
}

bool holds(const std::string& op, int c) {
  if (op == "=") return c == 0;
  if (op == "<>" || op == "!=") return c != 0;
  if (op == "<") return c < 0;
  if (op == "<=" || op == "!>") return c <= 0;
  if (op == ">") return c > 0;
  return c >= 0;  // ">=", "!<"
}

}  // namespace

Predicate::Predicate(const ast::ExprPtr& where, const Bindings& bindings, const TableSchema& schema)
    : bindings_(&bindings), schema_(&schema) {
  if (where) root_ = compile(where);
}

int Predicate::compile(const ast::ExprPtr& expr) {
  Node node;
  node.expr = expr.get();
  switch (expr->kind) {
    case Kind::And:
    case Kind::Or:
      node.kind = expr->kind == Kind::And ? Node::Kind::And : Node::Kind::Or;
      node.left = compile(expr->args.at(0));
      node.right = compile(expr->args.at(1));
      break;
    case Kind::Not:
      node.kind = Node::Kind::Not;
      node.left = compile(expr->args.at(0));
      break;
    case Kind::Compare: {
      const ast::Expr& a = *expr->args.at(0);
      const ast::Expr& b = *expr->args.at(1);
      if (auto column = bound_column(a, *bindings_); column && b.kind == Kind::Literal) {
        node.kind = Node::Kind::Compare;
        node.column = *column;
        node.op = expr->op;
        node.constant = b.literal;
      } else if (auto column = bound_column(b, *bindings_); column && a.kind == Kind::Literal) {
        node.kind = Node::Kind::Compare;
        node.column = *column;
        node.op = flip(expr->op);
        node.constant = a.literal;
      }
      break;
    }
    default:
      break;
  }
  nodes_.push_back(std::move(node));
  return static_cast<int>(nodes_.size() - 1);
}

Predicate::Tri Predicate::run(int index, const Row& row, RowScope& scope) const {
  const Node& node = nodes_[index];
  switch (node.kind) {
    case Node::Kind::And: {
      const Tri left = run(node.left, row, scope);
      if (left == Tri::False) return Tri::False;
      const Tri right = run(node.right, row, scope);
      if (right == Tri::False) return Tri::False;
      return left == Tri::True && right == Tri::True ? Tri::True : Tri::Unknown;
    }
    case Node::Kind::Or: {
      const Tri left = run(node.left, row, scope);
      if (left == Tri::True) return Tri::True;
      const Tri right = run(node.right, row, scope);
      if (right == Tri::True) return Tri::True;
      return left == Tri::False && right == Tri::False ? Tri::False : Tri::Unknown;
    }
    case Node::Kind::Not: {
      const Tri inner = run(node.left, row, scope);
      if (inner == Tri::Unknown) return inner;
      return inner == Tri::True ? Tri::False : Tri::True;
    }
    case Node::Kind::Compare: {
      const Value& value = row[node.column];
      if (value.is_null || node.constant.value.is_null) return Tri::Unknown;
      const int c = compare_values(value, schema_->columns[node.column].type, node.constant.value,
                                   node.constant.type);
      return holds(node.op, c) ? Tri::True : Tri::False;
    }
    case Node::Kind::Generic: {
      const TypedValue result = evaluate(*node.expr, scope);
      if (result.value.is_null) return Tri::Unknown;
      return result.value.integer != 0 ? Tri::True : Tri::False;
    }
  }
  return Tri::Unknown;
}

bool Predicate::test(const Row& row, RowScope& scope) const {
  if (root_ < 0) return true;
  scope.set_row(&row);
  return run(root_, row, scope) == Tri::True;
}

}  // namespace mssql_sim::engine
