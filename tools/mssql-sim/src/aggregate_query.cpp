// Aggregate queries: COUNT, COUNT_BIG, MIN, MAX, SUM and AVG, with or without GROUP BY.
// COUNT(*) without WHERE and MIN/MAX of the first key column read no rows at all.
#include <algorithm>
#include <cctype>
#include <limits>
#include <map>
#include <set>

#include "engine_internal.h"
#include "sql_errors.h"
#include "value_order.h"

namespace mssql_sim::engine {
namespace {

using Kind = ast::Expr::Kind;

//! One aggregate call of the statement.
struct Call {
  const ast::Expr* node = nullptr;
  std::string function;  //!< upper case
  bool star = false;
  bool distinct = false;
  ast::ExprPtr arg;
  SqlType arg_type;
  SqlType result_type;
};

//! The running state of one call in one group.
struct Accumulator {
  std::int64_t count = 0;
  Value best;  //!< MIN, MAX
  __int128 integer_sum = 0;
  double real_sum = 0;
  std::vector<Value> distinct_values;
};

struct Group {
  Row representative;  //!< the group's first row, for GROUP BY columns in the select list
  std::vector<Accumulator> accumulators;
};

void collect_calls(const ast::ExprPtr& expr, const ColumnResolver& resolver,
                   const Bindings& bindings, std::vector<Call>& calls) {
  if (!expr) return;
  if (!is_aggregate_call(*expr)) {
    for (const ast::ExprPtr& arg : expr->args)
      collect_calls(arg, resolver, bindings, calls);
    return;
  }
  Call call;
  call.node = expr.get();
  call.function = lower(expr->name[0]);
  for (char& c : call.function)
    c = static_cast<char>(std::toupper(c));
  call.distinct = expr->distinct;
  if (expr->args.size() != 1) {
    throw_sql_error(174, "The " + lower(call.function) + " function requires 1 argument(s).", 15,
                    expr->line);
  }
  call.arg = expr->args[0];
  call.star = call.arg->kind == Kind::Star;
  if (call.star && call.function != "COUNT" && call.function != "COUNT_BIG") {
    throw_sql_error(102, "Incorrect syntax near '*'.", 15, expr->line);
  }
  if (!call.star) {
    if (contains_aggregate(*call.arg)) {
      throw_sql_error(130,
                      "Cannot perform an aggregate function on an expression containing an "
                      "aggregate or a subquery.",
                      16, expr->line);
    }
    call.arg_type = infer_type(call.arg, resolver, bindings);
  }
  call.result_type = infer_type(expr, resolver, bindings);
  calls.push_back(std::move(call));
}

//! Replaces the aggregate calls of `expr` by literals, sharing every untouched node so
//! that column bindings stay valid.
ast::ExprPtr substitute(const ast::ExprPtr& expr,
                        const std::map<const ast::Expr*, TypedValue>& values) {
  if (auto it = values.find(expr.get()); it != values.end()) {
    auto literal = std::make_shared<ast::Expr>();
    literal->kind = Kind::Literal;
    literal->literal = it->second;
    literal->line = expr->line;
    return literal;
  }
  std::vector<ast::ExprPtr> args;
  bool changed = false;
  for (const ast::ExprPtr& arg : expr->args) {
    args.push_back(arg ? substitute(arg, values) : arg);
    changed = changed || args.back() != arg;
  }
  if (!changed) return expr;
  auto copy = std::make_shared<ast::Expr>(*expr);
  copy->args = std::move(args);
  return copy;
}

[[noreturn]] void overflow(const SqlType& type) {
  throw_sql_error(
      8115,
      "Arithmetic overflow error converting expression to data type " + type_keyword(type.id) + ".",
      16);
}

void accumulate(const Call& call, Accumulator& acc, const TypedValue& input) {
  if (call.star) {
    ++acc.count;
    return;
  }
  if (input.value.is_null) return;
  if (call.distinct) {
    acc.distinct_values.push_back(convert(input, call.arg_type));
    return;
  }
  ++acc.count;
  if (call.function == "COUNT" || call.function == "COUNT_BIG") return;
  if (call.function == "MIN" || call.function == "MAX") {
    Value value = convert(input, call.arg_type);
    const int c =
        acc.count == 1 ? 0 : compare_values(value, call.arg_type, acc.best, call.arg_type);
    if (acc.count == 1 || (call.function == "MIN" ? c < 0 : c > 0)) acc.best = std::move(value);
    return;
  }
  // SUM and AVG add in the argument's own scale, then take the result type at the end.
  const SqlType& sum = call.result_type;
  if (sum.id == TypeId::Float) {
    acc.real_sum += convert(input, make_type(TypeId::Float)).real;
  } else if (sum.id == TypeId::Int || sum.id == TypeId::BigInt) {
    acc.integer_sum += convert(input, make_type(TypeId::BigInt)).integer;
  } else if (sum.id == TypeId::Money) {
    acc.integer_sum += convert(input, make_type(TypeId::Money)).unscaled;
  } else {
    acc.integer_sum +=
        convert(input, make_type(TypeId::Decimal, 0, 38, call.arg_type.scale)).unscaled;
  }
}

TypedValue finish(const Call& call, Accumulator& acc) {
  if (call.distinct) {
    // Fold each distinct value once.
    std::vector<Value> values = std::move(acc.distinct_values);
    std::sort(values.begin(), values.end(), [&call](const Value& a, const Value& b) {
      return compare_values(a, call.arg_type, b, call.arg_type) < 0;
    });
    Call plain = call;
    plain.distinct = false;
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i > 0 && compare_values(values[i - 1], call.arg_type, values[i], call.arg_type) == 0) {
        continue;
      }
      accumulate(plain, acc, TypedValue{call.arg_type, values[i]});
    }
  }

  const SqlType& type = call.result_type;
  if (call.function == "COUNT" || call.function == "COUNT_BIG") {
    if (call.function == "COUNT" && acc.count > std::numeric_limits<std::int32_t>::max()) {
      overflow(type);
    }
    return TypedValue{type, Value::of_integer(acc.count)};
  }
  if (acc.count == 0) return TypedValue{type, Value::null()};
  if (call.function == "MIN" || call.function == "MAX") return TypedValue{type, acc.best};

  const bool average = call.function == "AVG";
  if (type.id == TypeId::Float) {
    return TypedValue{type, Value::of_real(average ? acc.real_sum / acc.count : acc.real_sum)};
  }
  __int128 total = acc.integer_sum;
  if (type.id == TypeId::Int || type.id == TypeId::BigInt) {
    if (average) total /= acc.count;
    const __int128 limit = type.id == TypeId::Int ? std::numeric_limits<std::int32_t>::max()
                                                  : std::numeric_limits<std::int64_t>::max();
    if (total > limit || total < -limit - 1) overflow(type);
    return TypedValue{type, Value::of_integer(static_cast<std::int64_t>(total))};
  }
  if (type.id == TypeId::Decimal) {
    for (int s = call.arg_type.scale; s < type.scale; ++s)
      total *= 10;
  }
  if (average) total /= acc.count;
  return TypedValue{type, Value::of_unscaled(total)};
}

//! Columns in the select list outside aggregates must be grouped (8120).
void check_grouped(const ast::ExprPtr& expr, const SelectSource& source,
                   const std::set<std::size_t>& grouped, bool simple_groups) {
  if (!expr || is_aggregate_call(*expr)) return;
  if (auto column = bound_column(*expr, source.bindings)) {
    if (simple_groups && !grouped.count(*column)) {
      throw_sql_error(8120,
                      "Column '" + source.schema.schema + "." + source.schema.name + "." +
                          source.schema.columns[*column].name +
                          "' is invalid in the select list because it is not contained in "
                          "either an aggregate function or the GROUP BY clause.",
                      16);
    }
    return;
  }
  for (const ast::ExprPtr& arg : expr->args)
    check_grouped(arg, source, grouped, simple_groups);
}

//! COUNT(*) and MIN/MAX of the first key column over a whole table, without reading rows.
bool answer_from_metadata(const SelectSource& source, const std::vector<Call>& calls,
                          std::vector<Accumulator>& accumulators) {
  if (source.bound.where || !source.bound.group_by.empty()) return false;
  const RowSet& rows = *source.rows;
  const bool ordered = rows.ordered_by_key() && !source.schema.primary_key.empty();
  for (const Call& call : calls) {
    const bool count = call.star && !call.distinct;
    auto column = call.star ? std::nullopt : bound_column(*call.arg, source.bindings);
    const bool key_extreme = (call.function == "MIN" || call.function == "MAX") && ordered &&
                             column == source.schema.primary_key[0];
    if (!count && !key_extreme) return false;
  }
  accumulators.resize(calls.size());
  Row row;
  for (std::size_t i = 0; i < calls.size(); ++i) {
    const Call& call = calls[i];
    if (call.star || rows.size() == 0) {
      accumulators[i].count = static_cast<std::int64_t>(call.star ? rows.size() : 0);
      continue;
    }
    rows.row(call.function == "MIN" ? 0 : rows.size() - 1, row);
    accumulators[i].count = 1;
    accumulators[i].best = row[source.schema.primary_key[0]];
  }
  return true;
}

}  // namespace

SelectResult run_aggregate_select(const Context& context, std::shared_ptr<SelectSource> source,
                                  const RowLimits& limits) {
  const ast::Select& bound = source->bound;
  const ColumnResolver& resolver = *source->resolver;
  for (const ast::SelectItem& item : bound.items) {
    if (item.expr->kind == Kind::Star) {
      throw_sql_error(8120,
                      "Column '*' is invalid in the select list because it is not contained in "
                      "either an aggregate function or the GROUP BY clause.",
                      16);
    }
  }

  // The outputs: select items, then ORDER BY expressions not in the select list.
  std::vector<ast::ExprPtr> outputs;
  std::vector<std::string> names;
  for (const ast::SelectItem& item : bound.items) {
    outputs.push_back(item.expr);
    names.push_back(item.alias);
  }
  const std::size_t visible = outputs.size();
  std::vector<SortKey> keys;
  for (const ast::OrderItem& item : bound.order_by) {
    std::optional<std::size_t> slot = order_slot(item, bound.items);
    if (!slot) {
      outputs.push_back(item.expr);
      slot = outputs.size() - 1;
    }
    keys.push_back(SortKey{*slot, item.descending, {}});
  }

  std::vector<Call> calls;
  for (const ast::ExprPtr& output : outputs)
    collect_calls(output, resolver, source->bindings, calls);
  std::set<std::size_t> grouped;
  bool simple_groups = true;
  for (const ast::ExprPtr& expr : bound.group_by) {
    auto column = bound_column(*expr, source->bindings);
    if (column) grouped.insert(*column);
    simple_groups = simple_groups && column.has_value();
  }
  for (const ast::ExprPtr& output : outputs)
    check_grouped(output, *source, grouped, simple_groups);

  // Result types: aggregates as SQL Server types them, other expressions evaluated over
  // typed NULLs in place of the aggregates.
  std::map<const ast::Expr*, TypedValue> typed_nulls;
  for (const Call& call : calls)
    typed_nulls[call.node] = TypedValue{call.result_type, Value::null()};
  SelectResult result;
  std::vector<SqlType> output_types;
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const SqlType type =
        infer_type(substitute(outputs[i], typed_nulls), resolver, source->bindings);
    output_types.push_back(type);
    if (i >= visible) continue;
    ResultColumn column;
    column.name = names[i];
    column.type = type;
    if (auto index = bound_column(*outputs[i], source->bindings)) {
      const Column& source_column = source->schema.columns[*index];
      if (column.name.empty()) column.name = source_column.name;
      column.nullable = source_column.nullable;
    }
    result.columns.push_back(std::move(column));
  }
  for (SortKey& key : keys)
    key.type = output_types[key.slot];
  if (context.session.fmtonly) {
    result.rows = std::make_unique<VectorCursor>(std::vector<Row>{});
    return result;
  }

  // Scan the range once, grouping rows by the GROUP BY values in their sort order.
  std::vector<SqlType> group_types;
  for (const ast::ExprPtr& expr : bound.group_by) {
    group_types.push_back(infer_type(expr, resolver, source->bindings));
  }
  auto group_less = [&group_types](const Row& a, const Row& b) {
    for (std::size_t i = 0; i < group_types.size(); ++i) {
      if (int c = compare_for_sort(a[i], b[i], group_types[i]); c != 0) return c < 0;
    }
    return false;
  };
  std::map<Row, Group, decltype(group_less)> groups(group_less);
  std::vector<Accumulator> whole;
  if (answer_from_metadata(*source, calls, whole)) {
    groups[Row{}] = Group{Row(source->schema.columns.size()), std::move(whole)};
  } else {
    RowScope scope(resolver, source->bindings);
    Row row;
    Row key(bound.group_by.size());
    for (std::uint64_t i = source->range.begin; i < source->range.end; ++i) {
      source->rows->row(i, row);
      if (!source->predicate.test(row, scope)) continue;
      scope.set_row(&row);
      for (std::size_t g = 0; g < bound.group_by.size(); ++g) {
        key[g] = convert(evaluate(*bound.group_by[g], scope), group_types[g]);
      }
      auto [it, inserted] = groups.try_emplace(key);
      if (inserted) {
        it->second.representative = row;
        it->second.accumulators.resize(calls.size());
      }
      for (std::size_t c = 0; c < calls.size(); ++c) {
        const TypedValue input = calls[c].star ? TypedValue{} : evaluate(*calls[c].arg, scope);
        accumulate(calls[c], it->second.accumulators[c], input);
      }
    }
    if (groups.empty() && bound.group_by.empty()) {
      groups[Row{}] =
          Group{Row(source->schema.columns.size()), std::vector<Accumulator>(calls.size())};
    }
  }

  // One output row per group.
  std::vector<Row> rows;
  RowScope scope(resolver, source->bindings);
  for (auto& [key, group] : groups) {
    std::map<const ast::Expr*, TypedValue> values;
    for (std::size_t c = 0; c < calls.size(); ++c) {
      values[calls[c].node] = finish(calls[c], group.accumulators[c]);
    }
    scope.set_row(&group.representative);
    Row out(outputs.size());
    for (std::size_t i = 0; i < outputs.size(); ++i) {
      const TypedValue value = evaluate(*substitute(outputs[i], values), scope);
      out[i] = value.type == output_types[i] ? value.value : convert(value, output_types[i]);
    }
    rows.push_back(std::move(out));
  }
  std::vector<SqlType> visible_types(output_types.begin(),
                                     output_types.begin() + static_cast<std::ptrdiff_t>(visible));
  result.rows = std::make_unique<VectorCursor>(
      finish_rows(std::move(rows), visible_types, keys, bound.distinct, limits));
  return result;
}

}  // namespace mssql_sim::engine
