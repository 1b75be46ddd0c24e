// SELECT over one table (or none): binding, the choice between streaming in key order and
// sorting, and the cursors that produce the rows.
#include <set>

#include "engine_internal.h"
#include "sql_errors.h"
#include "value_order.h"

namespace mssql_sim::engine {
namespace {

using Kind = ast::Expr::Kind;

//! The single row without columns that a SELECT without FROM reads.
class SingleEmptyRow : public RowSet {
 public:
  std::uint64_t size() const override { return 1; }
  void row(std::uint64_t, Row& out) const override { out.clear(); }
  bool ordered_by_key() const override { return false; }
};

//! No rows at all: SET FMTONLY ON.
class EmptyCursor : public RowCursor {
 public:
  bool next(Row&) override { return false; }
};

//! One output column: a source column copied as is, or an expression.
struct Output {
  ResultColumn column;
  std::optional<std::size_t> direct;
  ast::ExprPtr expr;
};

//! Computes output rows (visible and hidden outputs) from source rows.
class Projector {
 public:
  Projector(std::shared_ptr<SelectSource> source, std::vector<Output> outputs)
      : source_(std::move(source)),
        outputs_(std::move(outputs)),
        scope_(*source_->resolver, source_->bindings) {}

  void project(const Row& source_row, Row& out) {
    out.resize(outputs_.size());
    scope_.set_row(&source_row);
    for (std::size_t i = 0; i < outputs_.size(); ++i) {
      const Output& output = outputs_[i];
      if (output.direct) {
        out[i] = source_row[*output.direct];
        continue;
      }
      TypedValue value = evaluate(*output.expr, scope_);
      out[i] = same_representation(value.type, output.column.type)
                   ? std::move(value.value)
                   : convert(value, output.column.type);
    }
  }

  bool test(const Row& source_row) { return source_->predicate.test(source_row, scope_); }
  const SelectSource& source() const { return *source_; }

 private:
  static bool same_representation(const SqlType& a, const SqlType& b) {
    return a.id == b.id && a.length == b.length && a.precision == b.precision && a.scale == b.scale;
  }

  std::shared_ptr<SelectSource> source_;
  std::vector<Output> outputs_;
  RowScope scope_;
};

struct RowLess {
  const std::vector<SqlType>* types;
  bool operator()(const Row& a, const Row& b) const {
    for (std::size_t i = 0; i < types->size(); ++i) {
      if (int c = compare_for_sort(a[i], b[i], (*types)[i]); c != 0) return c < 0;
    }
    return false;
  }
};

//! Rows read in key order (or backwards) straight from the snapshot: a keyset page costs
//! its seek and its rows, whatever the table's size.
class StreamCursor : public RowCursor {
 public:
  StreamCursor(Projector projector, bool reverse, bool distinct, std::vector<SqlType> types,
               RowLimits limits)
      : projector_(std::move(projector)),
        range_(projector_.source().range),
        reverse_(reverse),
        distinct_(distinct),
        types_(std::move(types)),
        seen_(RowLess{&types_}),
        limits_(limits) {}

  bool next(Row& out) override {
    const RowSet& rows = *projector_.source().rows;
    while ((!limits_.limit || *limits_.limit > 0) && range_.begin < range_.end) {
      const std::uint64_t index = reverse_ ? --range_.end : range_.begin++;
      rows.row(index, source_row_);
      if (!projector_.test(source_row_)) continue;
      projector_.project(source_row_, out);
      if (distinct_ && !seen_.insert(out).second) continue;
      if (limits_.skip > 0) {
        --limits_.skip;
        continue;
      }
      if (limits_.limit) --*limits_.limit;
      return true;
    }
    return false;
  }

 private:
  Projector projector_;
  ScanRange range_;
  bool reverse_;
  bool distinct_;
  std::vector<SqlType> types_;
  std::set<Row, RowLess> seen_;
  RowLimits limits_;
  Row source_row_;
};

std::optional<std::uint64_t> count_value(const ast::ExprPtr& expr, const Context& context,
                                         const char* clause) {
  if (!expr) return std::nullopt;
  const TypedValue value = evaluate_constant(expr, context);
  const Value count = convert(value, make_type(TypeId::BigInt));
  if (count.is_null || count.integer < 0) {
    throw_sql_error(10742,
                    std::string("The number of rows provided for a ") + clause +
                        " clause must be a non-negative integer.",
                    16, context.line);
  }
  return static_cast<std::uint64_t>(count.integer);
}

RowLimits row_limits(const Context& context, const ast::Select& select) {
  RowLimits limits;
  limits.skip = count_value(select.offset, context, "OFFSET").value_or(0);
  limits.limit = count_value(select.top, context, "TOP");
  if (auto fetch = count_value(select.fetch, context, "FETCH")) {
    limits.limit = limits.limit ? std::min(*limits.limit, *fetch) : *fetch;
  }
  return limits;
}

//! Binds the FROM clause and every expression of the statement.
std::shared_ptr<SelectSource> bind_source(const Context& context, const ast::Select& select) {
  auto source = std::make_shared<SelectSource>();
  std::string alias;
  if (select.from) {
    source->table = resolve_table(context, select.from->name);
    source->schema = source->table->schema();
    source->rows = source->table->snapshot();
    alias = select.from->alias;
  } else {
    source->rows = std::make_shared<SingleEmptyRow>();
  }
  source->resolver = std::make_unique<ColumnResolver>(source->schema, alias);

  ast::Select& bound = source->bound;
  bound = select;
  for (ast::SelectItem& item : bound.items) {
    if (item.expr->kind == Kind::Star) continue;
    item.expr = bind_constants(item.expr, context);
    source->resolver->bind(item.expr, source->bindings);
  }
  bound.where = bind_constants(select.where, context);
  source->resolver->bind(bound.where, source->bindings);
  for (ast::ExprPtr& expr : bound.group_by) {
    expr = bind_constants(expr, context);
    source->resolver->bind(expr, source->bindings);
  }
  for (ast::OrderItem& item : bound.order_by) {
    if (order_slot(item, bound.items)) continue;
    item.expr = bind_constants(item.expr, context);
    source->resolver->bind(item.expr, source->bindings);
  }

  source->predicate = Predicate(bound.where, source->bindings, source->schema);
  source->range = seek_range(*source->rows, source->schema, bound.where.get(), source->bindings);
  return source;
}

ResultColumn column_of(const SelectSource& source, std::size_t index, const std::string& alias) {
  const Column& column = source.schema.columns[index];
  ResultColumn result;
  result.name = alias.empty() ? column.name : alias;
  result.type = column.type;
  result.nullable = column.nullable;
  result.identity = column.identity;
  result.table_name = source.schema.name;
  return result;
}

std::vector<Output> visible_outputs(const SelectSource& source) {
  std::vector<Output> outputs;
  for (const ast::SelectItem& item : source.bound.items) {
    const ast::Expr& expr = *item.expr;
    if (expr.kind == Kind::Star) {
      if (!expr.name.empty()) source.resolver->check_qualifier(ast::Name{expr.name.back(), "*"});
      if (source.schema.columns.empty() && !source.bound.from) {
        throw_sql_error(263, "Must specify table to select from.", 16);
      }
      for (std::size_t i = 0; i < source.schema.columns.size(); ++i) {
        outputs.push_back(Output{column_of(source, i, ""), i, nullptr});
      }
      continue;
    }
    if (auto index = bound_column(expr, source.bindings)) {
      outputs.push_back(Output{column_of(source, *index, item.alias), *index, nullptr});
      continue;
    }
    Output output;
    output.expr = item.expr;
    output.column.name = item.alias;
    output.column.type = infer_type(item.expr, *source.resolver, source.bindings);
    output.column.nullable = !(expr.kind == Kind::Literal && !expr.literal.value.is_null);
    outputs.push_back(std::move(output));
  }
  return outputs;
}

//! Whether scanning in key order (forwards, or backwards for `reverse`) already gives the
//! ORDER BY's order.
bool key_order_suffices(const SelectSource& source, const std::vector<Output>& outputs,
                        const std::vector<std::optional<std::size_t>>& order_columns,
                        bool& reverse) {
  reverse = false;
  if (order_columns.empty()) return true;
  if (!source.rows->ordered_by_key()) return false;
  const auto& key = source.schema.primary_key;
  const auto& order = source.bound.order_by;
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (i >= key.size()) return true;  // the whole key came first: it is unique
    if (order_columns[i] != key[i] || order[i].descending != order[0].descending) return false;
  }
  reverse = order[0].descending;
  return true;
}

}  // namespace

bool VectorCursor::next(Row& row) {
  if (position_ >= rows_.size()) return false;
  row = std::move(rows_[position_++]);
  return true;
}

std::optional<std::size_t> order_slot(const ast::OrderItem& item,
                                      const std::vector<ast::SelectItem>& items) {
  const ast::Expr& expr = *item.expr;
  if (expr.kind == Kind::Literal && !expr.literal.value.is_null &&
      expr.literal.type.id == TypeId::Int) {
    const std::int64_t ordinal = expr.literal.value.integer;
    if (ordinal < 1 || ordinal > static_cast<std::int64_t>(items.size())) {
      throw_sql_error(108,
                      "The ORDER BY position number " + std::to_string(ordinal) +
                          " is out of range of the number of items in the select list.",
                      16, expr.line);
    }
    return static_cast<std::size_t>(ordinal - 1);
  }
  if (expr.kind == Kind::Column && expr.name.size() == 1) {
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (!items[i].alias.empty() && iequals(items[i].alias, expr.name[0])) return i;
    }
  }
  return std::nullopt;
}

std::vector<Row> finish_rows(std::vector<Row> rows, const std::vector<SqlType>& visible_types,
                             const std::vector<SortKey>& keys, bool distinct,
                             const RowLimits& limits) {
  if (!keys.empty()) {
    std::stable_sort(rows.begin(), rows.end(), [&keys](const Row& a, const Row& b) {
      for (const SortKey& key : keys) {
        int c = compare_for_sort(a[key.slot], b[key.slot], key.type);
        if (c != 0) return key.descending ? c > 0 : c < 0;
      }
      return false;
    });
  }
  const std::size_t visible = visible_types.size();
  std::set<Row, RowLess> seen(RowLess{&visible_types});
  std::uint64_t skip = limits.skip;
  std::vector<Row> out;
  for (Row& row : rows) {
    if (limits.limit && out.size() >= *limits.limit) break;
    row.resize(visible);
    if (distinct && !seen.insert(row).second) continue;
    if (skip > 0) {
      --skip;
      continue;
    }
    out.push_back(std::move(row));
  }
  return out;
}

SelectResult run_select(const Context& context, const ast::Select& select) {
  std::shared_ptr<SelectSource> source = bind_source(context, select);
  const ast::Select& bound = source->bound;
  const RowLimits limits = row_limits(context, bound);

  bool aggregate = !bound.group_by.empty();
  for (const ast::SelectItem& item : bound.items) {
    aggregate = aggregate || (item.expr->kind != Kind::Star && contains_aggregate(*item.expr));
  }
  if (aggregate) return run_aggregate_select(context, std::move(source), limits);

  // Visible outputs, then one hidden output per ORDER BY item not in the select list.
  std::vector<Output> outputs = visible_outputs(*source);
  const std::size_t visible = outputs.size();
  std::vector<SortKey> keys;
  std::vector<std::optional<std::size_t>> order_columns;
  for (const ast::OrderItem& item : bound.order_by) {
    std::optional<std::size_t> slot = order_slot(item, bound.items);
    if (!slot) {
      auto column = bound_column(*item.expr, source->bindings);
      for (std::size_t i = 0; column && i < visible && !slot; ++i) {
        if (outputs[i].direct == column) slot = i;
      }
    }
    if (!slot) {
      Output hidden;
      hidden.expr = item.expr;
      hidden.direct = bound_column(*item.expr, source->bindings);
      hidden.column.type = infer_type(item.expr, *source->resolver, source->bindings);
      outputs.push_back(std::move(hidden));
      slot = outputs.size() - 1;
    }
    keys.push_back(SortKey{*slot, item.descending, outputs[*slot].column.type});
    order_columns.push_back(outputs[*slot].direct);
  }

  SelectResult result;
  for (std::size_t i = 0; i < visible; ++i)
    result.columns.push_back(outputs[i].column);
  if (context.session.fmtonly) {
    result.rows = std::make_unique<EmptyCursor>();
    return result;
  }

  bool reverse = false;
  if (key_order_suffices(*source, outputs, order_columns, reverse)) {
    outputs.resize(visible);
    std::vector<SqlType> types;
    for (const Output& output : outputs)
      types.push_back(output.column.type);
    result.rows = std::make_unique<StreamCursor>(Projector(source, std::move(outputs)), reverse,
                                                 bound.distinct, std::move(types), limits);
    return result;
  }

  // Sorting needs every row of the range first.
  Projector projector(source, std::move(outputs));
  std::vector<Row> rows;
  Row source_row;
  for (std::uint64_t i = source->range.begin; i < source->range.end; ++i) {
    source->rows->row(i, source_row);
    if (!projector.test(source_row)) continue;
    rows.emplace_back();
    projector.project(source_row, rows.back());
  }
  std::vector<SqlType> types;
  for (std::size_t i = 0; i < visible; ++i)
    types.push_back(result.columns[i].type);
  result.rows = std::make_unique<VectorCursor>(
      finish_rows(std::move(rows), types, keys, bound.distinct, limits));
  return result;
}

StatementOutcome execute_select(Context& context, const ast::Select& select) {
  SelectResult result = run_select(context, select);
  StatementOutcome outcome;
  outcome.kind = StatementOutcome::Kind::Rowset;
  outcome.columns = std::move(result.columns);
  outcome.textsize = context.session.textsize;
  if (!select.from) {
    // A SELECT without FROM is computed now, so that its errors end the statement before
    // any metadata and @@ROWCOUNT is known.
    std::vector<Row> rows;
    Row row;
    while (result.rows->next(row))
      rows.push_back(row);
    context.session.last_row_count = static_cast<std::int64_t>(rows.size());
    outcome.rows = std::make_unique<VectorCursor>(std::move(rows));
  } else {
    outcome.rows = std::move(result.rows);
  }
  return outcome;
}

}  // namespace mssql_sim::engine
