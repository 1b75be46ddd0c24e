// Private parts of the query engine, shared by its executor files (not a contract with the
// other layers): statement context, name resolution, expression binding, predicates.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ast.h"
#include "catalog.h"
#include "eval.h"
#include "query_engine.h"
#include "stored_table.h"

namespace mssql_sim::engine {

//! What one statement runs against.
struct Context {
  Catalog& catalog;
  SessionState& session;
  const std::vector<Param>& params;
  std::int32_t line = 1;

  //! The session's database, `master` before any USE.
  std::string database() const;
};

std::string lower(std::string_view text);
bool iequals(std::string_view a, std::string_view b);
//! A multi-part name as written, parts joined by '.' ("dbo.Album").
std::string written_name(const ast::Name& name);

SqlType make_type(TypeId id, std::int32_t length = 0, std::uint8_t precision = 0,
                  std::uint8_t scale = 0);
SqlType sysname_type();  //!< nvarchar(128)
TypedValue int_value(std::int64_t value, TypeId id = TypeId::Int);
TypedValue text_value(std::string text, SqlType type);

//! A table name with the session's defaults filled in.
struct QualifiedName {
  std::string database;  //!< canonical, when the database exists
  std::string schema;
  std::string name;
};
//! [database.][schema.]name → parts, defaulting to the current database and dbo. Throws 208
//! (naming the object as written) when the database does not exist.
QualifiedName qualify(const Context& context, const ast::Name& name);

//! The table or INFORMATION_SCHEMA view a FROM clause names; throws 208.
std::shared_ptr<Table> resolve_table(const Context& context, const ast::Name& name);
//! A stored table for DML; throws 208, or 3906 for a generated (read-only) table.
std::shared_ptr<StoredTable> resolve_stored_table(const Context& context, const ast::Name& name);

//! The INFORMATION_SCHEMA view `view` of `database` built from the catalog as it is now, or
//! nullptr for a view the simulator does not have.
std::shared_ptr<Table> information_schema_view(const Catalog& catalog, const std::string& database,
                                               std::string_view view);

//! The value of @@NAME (`name` without the '@@', any case); throws 137 for an unknown one.
TypedValue global_value(const Context& context, std::string_view name);

//! Copies an expression tree, replacing parameters, globals and the session functions
//! (DB_NAME(), SUSER_SNAME()…) by literals, so evaluation needs only the row.
ast::ExprPtr bind_constants(const ast::ExprPtr& expr, const Context& context);

//! Evaluates an expression that refers to no column (TOP, OFFSET, VALUES, SET).
TypedValue evaluate_constant(const ast::ExprPtr& expr, const Context& context);

//! Column references of bound expressions, resolved once per query: the address of each
//! Column node's name → the column's index.
using Bindings = std::unordered_map<const ast::Name*, std::size_t>;

//! Resolves column names against one table (and its alias).
class ColumnResolver {
 public:
  ColumnResolver(const TableSchema& schema, std::string alias)
      : schema_(schema), alias_(std::move(alias)) {}
  //! The column's index; throws 207 for an unknown column, 4104 for a wrong qualifier.
  std::size_t resolve(const ast::Name& name) const;
  //! Throws 4104 unless the qualifier of `name` (its part before the last) names this table.
  void check_qualifier(const ast::Name& name) const;
  //! Resolves every Column node of `expr` into `bindings`.
  void bind(const ast::ExprPtr& expr, Bindings& bindings) const;
  const TableSchema& schema() const { return schema_; }

 private:
  const TableSchema& schema_;
  std::string alias_;
};

//! The Scope of one row: column values by binding, names resolved again only as a fallback.
class RowScope : public Scope {
 public:
  RowScope(const ColumnResolver& resolver, const Bindings& bindings)
      : resolver_(resolver), bindings_(bindings) {}
  void set_row(const Row* row) { row_ = row; }
  std::optional<TypedValue> column(const ast::Name& name) const override;

 private:
  const ColumnResolver& resolver_;
  const Bindings& bindings_;
  const Row* row_ = nullptr;
};

//! The column index of a bound Column expression, or nullopt for any other expression.
std::optional<std::size_t> bound_column(const ast::Expr& expr, const Bindings& bindings);

//! A WHERE clause compiled once per query: comparisons of a column with a constant run
//! without building TypedValues; anything else goes through evaluate().
class Predicate {
 public:
  Predicate() = default;  //!< no WHERE: every row passes
  Predicate(const ast::ExprPtr& where, const Bindings& bindings, const TableSchema& schema);
  //! True when the condition is TRUE for the row (not FALSE, not UNKNOWN).
  bool test(const Row& row, RowScope& scope) const;

 private:
  enum class Tri : std::uint8_t { False, True, Unknown };
  struct Node {
    enum class Kind : std::uint8_t { And, Or, Not, Compare, Generic } kind = Kind::Generic;
    int left = -1;
    int right = -1;
    std::size_t column = 0;
    std::string op;
    TypedValue constant;
    const ast::Expr* expr = nullptr;
  };
  int compile(const ast::ExprPtr& expr);
  Tri run(int node, const Row& row, RowScope& scope) const;

  const Bindings* bindings_ = nullptr;
  const TableSchema* schema_ = nullptr;
  std::vector<Node> nodes_;
  int root_ = -1;
};

//! The half-open range of row indexes a query has to scan.
struct ScanRange {
  std::uint64_t begin = 0;
  std::uint64_t end = 0;
};

//! Narrows the scan of a key-ordered rowset to the rows the WHERE clause can accept, from
//! its bounds on the primary key (k > v, k >= v, k = v, k < v, BETWEEN, and the composite
//! keyset form a > @a OR (a = @a AND b > @b) … in its usual spellings), by binary search:
//! O(log n) row reads. The full WHERE is still evaluated on every row of the range.
ScanRange seek_range(const RowSet& rows, const TableSchema& schema, const ast::Expr* where,
                     const Bindings& bindings);

//! Whether the expression calls an aggregate (COUNT, COUNT_BIG, MIN, MAX, SUM, AVG).
bool is_aggregate_call(const ast::Expr& expr);
bool contains_aggregate(const ast::Expr& expr);

//! The result type SQL Server gives an expression, from its bound columns where possible.
SqlType infer_type(const ast::ExprPtr& expr, const ColumnResolver& resolver,
                   const Bindings& bindings);

//! The result type of SUM (or AVG) over values of `arg`; throws 8117 for a type without one.
SqlType aggregate_sum_type(const SqlType& arg, bool average);

//! The FROM side of a SELECT, bound once per query: table, snapshot, resolved columns, the
//! statement with its constants bound, the WHERE predicate and the range to scan.
struct SelectSource {
  std::shared_ptr<Table> table;  //!< null without FROM
  TableSchema schema;
  std::shared_ptr<const RowSet> rows;
  std::unique_ptr<ColumnResolver> resolver;
  Bindings bindings;
  ast::Select bound;
  Predicate predicate;
  ScanRange range;
};

//! A sort key over an output row (visible columns first, then hidden sort-only ones).
struct SortKey {
  std::size_t slot = 0;
  bool descending = false;
  SqlType type;
};

//! OFFSET, and the smaller of TOP and FETCH.
struct RowLimits {
  std::uint64_t skip = 0;
  std::optional<std::uint64_t> limit;
};

//! Sorts (stable, so ties keep scan order), applies DISTINCT to the visible columns, then
//! OFFSET and TOP/FETCH, and drops the hidden columns.
std::vector<Row> finish_rows(std::vector<Row> rows, const std::vector<SqlType>& visible_types,
                             const std::vector<SortKey>& keys, bool distinct,
                             const RowLimits& limits);

//! The select-list position an ORDER BY item names by ordinal or alias, if it does;
//! throws 108 for an ordinal out of range.
std::optional<std::size_t> order_slot(const ast::OrderItem& item,
                                      const std::vector<ast::SelectItem>& items);

//! Rows already computed, handed out one by one.
class VectorCursor : public RowCursor {
 public:
  explicit VectorCursor(std::vector<Row> rows) : rows_(std::move(rows)) {}
  bool next(Row& row) override;

 private:
  std::vector<Row> rows_;
  std::size_t position_ = 0;
};

//! The result of a SELECT, ready to become a Rowset outcome (or to feed INSERT … SELECT).
struct SelectResult {
  std::vector<ResultColumn> columns;
  std::unique_ptr<RowCursor> rows;
};
SelectResult run_select(const Context& context, const ast::Select& select);

//! The aggregate half of run_select: GROUP BY, COUNT, COUNT_BIG, MIN, MAX, SUM, AVG.
SelectResult run_aggregate_select(const Context& context, std::shared_ptr<SelectSource> source,
                                  const RowLimits& limits);

StatementOutcome done_outcome(std::optional<std::uint64_t> row_count = std::nullopt);

// Statement executors, one per statement kind.
StatementOutcome execute_select(Context& context, const ast::Select& select);
StatementOutcome execute_create_database(Context& context, const ast::CreateDatabase& statement);
StatementOutcome execute_create_table(Context& context, const ast::CreateTable& statement);
StatementOutcome execute_add_primary_key(Context& context, const ast::AddPrimaryKey& statement);
StatementOutcome execute_drop_table(Context& context, const ast::DropTable& statement);
StatementOutcome execute_insert(Context& context, const ast::Insert& statement);
StatementOutcome execute_update(Context& context, const ast::Update& statement);
StatementOutcome execute_delete(Context& context, const ast::Delete& statement);
StatementOutcome execute_use(Context& context, const ast::Use& statement);
StatementOutcome execute_set(Context& context, const ast::SetOption& statement);
StatementOutcome execute_transaction(Context& context, const ast::Transaction& statement);

}  // namespace mssql_sim::engine
