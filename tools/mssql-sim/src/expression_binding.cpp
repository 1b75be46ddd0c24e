// Binding expressions to a statement: parameters, globals and session functions become
// literals; result types are inferred before any row is read.
#include "engine_internal.h"
#include "sql_errors.h"

namespace mssql_sim::engine {
namespace {

using Kind = ast::Expr::Kind;

std::string strip_at(std::string_view name) {
  while (!name.empty() && name.front() == '@')
    name.remove_prefix(1);
  return std::string(name);
}

constexpr const char* kVersion =
    "Microsoft SQL Server 2022 (RTM) - 16.0.1000.6 (X64) \n"
    "\tOct  8 2022 05:58:25 \n"
    "\tCopyright (C) 2022 Microsoft Corporation\n"
    "\tDeveloper Edition (64-bit) on Linux (mssql-sim, a test double of SQL Server) <X64>";

// ANSI_WARNINGS, ANSI_PADDING, ANSI_NULLS, ARITHABORT, QUOTED_IDENTIFIER,
// ANSI_NULL_DFLT_ON and CONCAT_NULL_YIELDS_NULL: what @@OPTIONS shows after a client's
// usual SET statements.
constexpr std::int64_t kDefaultOptions = 5496;
constexpr std::int64_t kNoCountOption = 512;

ast::ExprPtr literal_node(TypedValue value, std::int32_t line) {
  auto node = std::make_shared<ast::Expr>();
  node->kind = Kind::Literal;
  node->literal = std::move(value);
  node->line = line;
  return node;
}

//! Session functions the evaluator cannot know; nullopt for any other function.
std::optional<TypedValue> session_function(const ast::Expr& expr, const Context& context) {
  const std::string& name = expr.name.empty() ? std::string() : expr.name[0];
  if (iequals(name, "DB_NAME") && expr.args.empty()) {
    return text_value(context.database(), sysname_type());
  }
  if (iequals(name, "SCHEMA_NAME") && expr.args.empty()) {
    return text_value("dbo", sysname_type());
  }
  if ((iequals(name, "USER_NAME") || iequals(name, "CURRENT_USER")) && expr.args.empty()) {
    return text_value("dbo", sysname_type());
  }
  if ((iequals(name, "SUSER_SNAME") || iequals(name, "SUSER_NAME") ||
       iequals(name, "SYSTEM_USER")) &&
      expr.args.empty()) {
    return text_value(context.session.user, sysname_type());
  }
  return std::nullopt;
}

const TypedValue* find_param(const Context& context, std::string_view name) {
  const std::string wanted = strip_at(name);
  for (const Param& param : context.params) {
    if (iequals(strip_at(param.name), wanted)) return &param.value;
  }
  return nullptr;
}

//! CAST(@p AS date), -1, @a + 1…: computed once, so that a keyset bound reads as a
//! comparison of a column with a literal. An expression that fails is left for evaluation
//! per row, where SQL Server would raise its error too.
ast::ExprPtr fold_constant(const ast::ExprPtr& expr) {
  const bool foldable_kind =
      expr->kind == Kind::Cast || expr->kind == Kind::Unary || expr->kind == Kind::Binary ||
      (expr->kind == Kind::Function && !is_aggregate_call(*expr) && !expr->name.empty() &&
       !iequals(expr->name[0], "NEWID") && !iequals(expr->name[0], "RAND"));
  if (!foldable_kind) return expr;
  for (const ast::ExprPtr& arg : expr->args) {
    if (!arg || arg->kind != Kind::Literal) return expr;
  }
  try {
    Scope no_columns;
    return literal_node(evaluate(*expr, no_columns), expr->line);
  } catch (const SqlError&) {
    return expr;
  }
}

}  // namespace

TypedValue global_value(const Context& context, std::string_view name) {
  const std::string global = strip_at(name);
  const SessionState& session = context.session;
  if (iequals(global, "VERSION")) return text_value(kVersion, make_type(TypeId::NVarChar, 300));
  if (iequals(global, "SPID")) return int_value(session.spid, TypeId::SmallInt);
  if (iequals(global, "TEXTSIZE")) {
    return int_value(session.textsize < 0 ? 2147483647 : session.textsize);
  }
  if (iequals(global, "OPTIONS")) {
    return int_value(kDefaultOptions | (session.nocount ? kNoCountOption : 0));
  }
  if (iequals(global, "DATEFIRST")) return int_value(7, TypeId::TinyInt);
  if (iequals(global, "LANGUAGE")) return text_value("us_english", sysname_type());
  if (iequals(global, "SERVERNAME")) return text_value("mssql-sim", sysname_type());
  if (iequals(global, "SERVICENAME")) return text_value("MSSQLSERVER", sysname_type());
  if (iequals(global, "TRANCOUNT")) return int_value(session.trancount);
  if (iequals(global, "ROWCOUNT")) return int_value(session.last_row_count);
  if (iequals(global, "ERROR")) return int_value(0);
  if (iequals(global, "MAX_PRECISION")) return int_value(38, TypeId::TinyInt);
  if (iequals(global, "LOCK_TIMEOUT")) return int_value(-1);
  if (iequals(global, "MICROSOFTVERSION")) return int_value(0x100003E8);
  throw_sql_error(137, "Must declare the scalar variable \"@@" + global + "\".", 15, context.line);
}

ast::ExprPtr bind_constants(const ast::ExprPtr& expr, const Context& context) {
  if (!expr) return expr;
  switch (expr->kind) {
    case Kind::Param: {
      const std::string name = expr->name.empty() ? std::string() : expr->name[0];
      const TypedValue* value = find_param(context, name);
      if (!value) {
        throw_sql_error(137, "Must declare the scalar variable \"@" + strip_at(name) + "\".", 15,
                        expr->line);
      }
      return literal_node(*value, expr->line);
    }
    case Kind::Global:
      return literal_node(global_value(context, expr->name.empty() ? "" : expr->name[0]),
                          expr->line);
    case Kind::Function:
      if (auto value = session_function(*expr, context)) return literal_node(*value, expr->line);
      break;
    default:
      break;
  }
  if (expr->args.empty()) return expr;
  auto copy = std::make_shared<ast::Expr>(*expr);
  for (ast::ExprPtr& arg : copy->args)
    arg = bind_constants(arg, context);
  return fold_constant(copy);
}

TypedValue evaluate_constant(const ast::ExprPtr& expr, const Context& context) {
  Scope scope;
  return evaluate(*bind_constants(expr, context), scope);
}

bool is_aggregate_call(const ast::Expr& expr) {
  if (expr.kind != Kind::Function || expr.name.empty()) return false;
  const std::string& name = expr.name[0];
  return iequals(name, "COUNT") || iequals(name, "COUNT_BIG") || iequals(name, "MIN") ||
         iequals(name, "MAX") || iequals(name, "SUM") || iequals(name, "AVG");
}

bool contains_aggregate(const ast::Expr& expr) {
  if (is_aggregate_call(expr)) return true;
  for (const ast::ExprPtr& arg : expr.args) {
    if (arg && contains_aggregate(*arg)) return true;
  }
  return false;
}

SqlType aggregate_sum_type(const SqlType& arg, bool average) {
  switch (arg.id) {
    case TypeId::TinyInt:
    case TypeId::SmallInt:
    case TypeId::Int:
    case TypeId::Bit:
      return make_type(TypeId::Int);
    case TypeId::BigInt:
      return make_type(TypeId::BigInt);
    case TypeId::Decimal:
    case TypeId::Numeric: {
      const std::uint8_t scale = average ? std::max<std::uint8_t>(arg.scale, 6) : arg.scale;
      return make_type(TypeId::Decimal, 0, 38, scale);
    }
    case TypeId::Money:
    case TypeId::SmallMoney:
      return make_type(TypeId::Money);
    case TypeId::Real:
    case TypeId::Float:
      return make_type(TypeId::Float);
    default:
      throw_sql_error(8117,
                      "Operand data type " + type_keyword(arg.id) + " is invalid for " +
                          (average ? "avg" : "sum") + " operator.",
                      16);
  }
}

SqlType infer_type(const ast::ExprPtr& expr, const ColumnResolver& resolver,
                   const Bindings& bindings) {
  switch (expr->kind) {
    case Kind::Literal:
      return expr->literal.type;
    case Kind::Column: {
      auto index = bound_column(*expr, bindings);
      return resolver.schema().columns[index ? *index : resolver.resolve(expr->name)].type;
    }
    case Kind::Cast:
      return expr->cast_type;
    case Kind::Compare:
    case Kind::And:
    case Kind::Or:
    case Kind::Not:
    case Kind::IsNull:
    case Kind::Between:
    case Kind::In:
    case Kind::Like:
      return make_type(TypeId::Bit);
    default:
      break;
  }
  if (is_aggregate_call(*expr)) {
    const std::string& name = expr->name[0];
    if (iequals(name, "COUNT")) return make_type(TypeId::Int);
    if (iequals(name, "COUNT_BIG")) return make_type(TypeId::BigInt);
    const SqlType arg = infer_type(expr->args.at(0), resolver, bindings);
    if (iequals(name, "MIN") || iequals(name, "MAX")) return arg;
    return aggregate_sum_type(arg, iequals(name, "AVG"));
  }
  // Anything else: evaluate over a row of NULLs and keep the type the evaluator gives.
  Row nulls(resolver.schema().columns.size());
  RowScope scope(resolver, bindings);
  scope.set_row(&nulls);
  return evaluate(*expr, scope).type;
}

}  // namespace mssql_sim::engine
