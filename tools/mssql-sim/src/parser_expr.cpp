// Expressions: operators with T-SQL's precedence, literals typed as SQL Server types them,
// names, parameters, CAST/CONVERT and function calls.
#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "collation.h"
#include "parser_internal.h"
#include "sql_errors.h"

namespace mssql_sim::parse {
namespace {

using ast::Expr;
using ast::ExprPtr;

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::shared_ptr<Expr> make(Expr::Kind kind, std::int32_t line) {
  auto expr = std::make_shared<Expr>();
  expr->kind = kind;
  expr->line = line;
  return expr;
}

ExprPtr binary(Expr::Kind kind, std::string op, ExprPtr left, ExprPtr right) {
  auto expr = make(kind, left->line);
  expr->op = std::move(op);
  expr->args = {std::move(left), std::move(right)};
  return expr;
}

// UTF-16 code units of a WTF-8 text: 4-byte sequences are surrogate pairs.
std::int32_t utf16_units(std::string_view text) {
  std::int32_t units = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) units += c >= 0xF0 ? 2 : 1;
  }
  return units;
}

// A numeric literal's digits without the point, and its scale; leading zeros dropped.
struct Digits {
  std::string digits;
  std::uint8_t scale = 0;
};

Digits split_digits(std::string_view text) {
  Digits out;
  const std::size_t point = text.find('.');
  std::string whole(text.substr(0, point));
  std::string fraction = point == std::string_view::npos ? "" : std::string(text.substr(point + 1));
  const std::size_t first = whole.find_first_not_of('0');
  whole = first == std::string::npos ? "" : whole.substr(first);
  out.digits = whole + fraction;
  out.scale = static_cast<std::uint8_t>(std::min<std::size_t>(fraction.size(), 255));
  return out;
}

TypedValue number_literal(const Token& token) {
  TypedValue literal;
  const std::string& text = token.text;
  if (text.find_first_of("eE") != std::string::npos) {
    literal.type.id = TypeId::Float;
    literal.value = Value::of_real(std::strtod(text.c_str(), nullptr));
    return literal;
  }
  const Digits digits = split_digits(text);
  // Precision counts the digits written, leading zeros of the integer part aside.
  const std::size_t precision =
      std::max({digits.digits.size(), static_cast<std::size_t>(digits.scale), std::size_t{1}});
  if (precision > 38) {
    throw_syntax_error(1007,
                       "The number '" + text +
                           "' is out of the range for numeric representation (maximum precision "
                           "38).",
                       token.line);
  }
  __int128 unscaled = 0;
  for (char c : digits.digits)
    unscaled = unscaled * 10 + (c - '0');
  if (text.find('.') == std::string::npos && unscaled <= 2147483647) {
    literal.type.id = TypeId::Int;
    literal.value = Value::of_integer(static_cast<std::int64_t>(unscaled));
    return literal;
  }
  literal.type.id = TypeId::Numeric;
  literal.type.precision = static_cast<std::uint8_t>(precision);
  literal.type.scale = digits.scale;
  literal.value = Value::of_unscaled(unscaled);
  return literal;
}

TypedValue text_literal(const Token& token) {
  TypedValue literal;
  if (token.unicode) {
    literal.type.id = TypeId::NVarChar;
    const std::int32_t units = utf16_units(token.text);
    literal.type.length = units > 4000 ? SqlType::kMax : std::max(units, 1);
    literal.value = Value::of_bytes(token.text);
    return literal;
  }
  // A varchar literal holds what the database's code page can: other characters become '?'.
  literal.type.id = TypeId::VarChar;
  const std::string stored = encode_code_page(token.text, literal.type.collation);
  const auto bytes = static_cast<std::int32_t>(stored.size());
  literal.type.length = bytes > 8000 ? SqlType::kMax : std::max(bytes, 1);
  literal.value = Value::of_bytes(decode_code_page(stored, literal.type.collation));
  return literal;
}

// Reserved words that are also functions when a '(' follows.
bool is_function_keyword(const Token& token) {
  static constexpr std::string_view kWords[] = {"COALESCE", "NULLIF",  "LEFT",
                                                "RIGHT",    "CONVERT", "TRY_CONVERT"};
  for (std::string_view word : kWords) {
    if (token.is_word(word)) return true;
  }
  return false;
}

// Functions written without parentheses.
bool is_niladic(const Token& token) {
  static constexpr std::string_view kWords[] = {"CURRENT_TIMESTAMP", "CURRENT_USER", "SESSION_USER",
                                                "SYSTEM_USER", "USER"};
  for (std::string_view word : kWords) {
    if (token.is_word(word)) return true;
  }
  return false;
}

}  // namespace

ExprPtr Parser::expression() {
  return or_expression();
}

ExprPtr Parser::or_expression() {
  ExprPtr left = and_expression();
  while (accept_word("OR"))
    left = binary(Expr::Kind::Or, "OR", left, and_expression());
  return left;
}

ExprPtr Parser::and_expression() {
  ExprPtr left = not_expression();
  while (accept_word("AND"))
    left = binary(Expr::Kind::And, "AND", left, not_expression());
  return left;
}

ExprPtr Parser::not_expression() {
  if (peek().is_word("NOT")) {
    auto expr = make(Expr::Kind::Not, take().line);
    expr->args = {not_expression()};
    return expr;
  }
  if (peek().is_word("EXISTS")) throw NotModelled{"EXISTS (subquery)"};
  return predicate();
}

ExprPtr Parser::predicate() {
  ExprPtr left = additive();
  const Token& token = peek();
  if (token.kind == TokenKind::Symbol) {
    static constexpr std::pair<std::string_view, std::string_view> kComparisons[] = {
        {"=", "="}, {"<>", "<>"}, {"!=", "<>"}, {"<", "<"},  {"<=", "<="},
        {">", ">"}, {">=", ">="}, {"!<", ">="}, {"!>", "<="}};
    for (const auto& [symbol, op] : kComparisons) {
      if (token.text == symbol) {
        take();
        if (peek().is_word("ALL") || peek().is_word("ANY") || peek().is_word("SOME")) {
          throw NotModelled{"ALL/ANY comparison"};
        }
        return binary(Expr::Kind::Compare, std::string(op), left, additive());
      }
    }
    return left;
  }
  if (token.is_word("IS")) {
    take();
    auto expr = make(Expr::Kind::IsNull, left->line);
    expr->negated = accept_word("NOT");
    expect_word("NULL");
    expr->args = {left};
    return expr;
  }
  bool negated = false;
  if (token.is_word("NOT") &&
      (peek(1).is_word("BETWEEN") || peek(1).is_word("IN") || peek(1).is_word("LIKE"))) {
    take();
    negated = true;
  }
  if (accept_word("BETWEEN")) {
    auto expr = make(Expr::Kind::Between, left->line);
    expr->negated = negated;
    ExprPtr low = additive();
    expect_word("AND");
    expr->args = {left, low, additive()};
    return expr;
  }
  if (accept_word("IN")) {
    auto expr = make(Expr::Kind::In, left->line);
    expr->negated = negated;
    expect_symbol("(");
    if (peek().is_word("SELECT")) throw NotModelled{"IN (subquery)"};
    expr->args = {left};
    do {
      expr->args.push_back(expression());
    } while (accept_symbol(","));
    expect_symbol(")");
    return expr;
  }
  if (accept_word("LIKE")) {
    auto expr = make(Expr::Kind::Like, left->line);
    expr->negated = negated;
    expr->args = {left, additive()};
    if (peek().is_word("ESCAPE")) throw NotModelled{"LIKE … ESCAPE"};
    return expr;
  }
  return left;
}

ExprPtr Parser::additive() {
  ExprPtr left = multiplicative();
  while (true) {
    const Token& token = peek();
    if (token.is_symbol("+") || token.is_symbol("-") || token.is_symbol("&") ||
        token.is_symbol("|") || token.is_symbol("^")) {
      const std::string op = take().text;
      left = binary(Expr::Kind::Binary, op, left, multiplicative());
    } else {
      return left;
    }
  }
}

ExprPtr Parser::multiplicative() {
  ExprPtr left = unary();
  while (peek().is_symbol("*") || peek().is_symbol("/") || peek().is_symbol("%")) {
    const std::string op = take().text;
    left = binary(Expr::Kind::Binary, op, left, unary());
  }
  return left;
}

ExprPtr Parser::unary() {
  if (peek().is_symbol("-") || peek().is_symbol("+") || peek().is_symbol("~")) {
    const Token& sign = take();
    const std::string op = sign.text;
    ExprPtr operand = unary();
    // A signed number is one literal of the number's type: -2147483648 stays numeric(10,0).
    if (op != "~" && operand->kind == Expr::Kind::Literal && !operand->literal.value.is_null) {
      const TypeId id = operand->literal.type.id;
      if (id == TypeId::Int || id == TypeId::Numeric || id == TypeId::Float) {
        if (op == "+") return operand;
        auto folded = std::make_shared<Expr>(*operand);
        folded->line = sign.line;
        Value& value = folded->literal.value;
        value.integer = -value.integer;
        value.unscaled = -value.unscaled;
        value.real = -value.real;
        return folded;
      }
    }
    auto expr = make(Expr::Kind::Unary, sign.line);
    expr->op = op;
    expr->args = {operand};
    return expr;
  }
  return primary();
}

ExprPtr Parser::literal(const Token& token) {
  auto expr = make(Expr::Kind::Literal, token.line);
  switch (token.kind) {
    case TokenKind::Number:
      expr->literal = number_literal(token);
      break;
    case TokenKind::String:
      expr->literal = text_literal(token);
      break;
    case TokenKind::Binary: {
      expr->literal.type.id = TypeId::VarBinary;
      const auto bytes = static_cast<std::int32_t>(token.text.size());
      expr->literal.type.length = bytes > 8000 ? SqlType::kMax : std::max(bytes, 1);
      expr->literal.value = Value::of_bytes(token.text);
      break;
    }
    default:
      fail_near(token);
  }
  return expr;
}

ExprPtr Parser::primary() {
  const Token& token = peek();
  switch (token.kind) {
    case TokenKind::Number:
    case TokenKind::String:
    case TokenKind::Binary:
      return literal(take());
    case TokenKind::Variable: {
      const Token& variable = take();
      const bool global = variable.text.rfind("@@", 0) == 0;
      auto expr = make(global ? Expr::Kind::Global : Expr::Kind::Param, variable.line);
      expr->name = {global ? upper(variable.text) : variable.text};
      return expr;
    }
    case TokenKind::Symbol:
      if (token.is_symbol("(")) {
        take();
        if (peek().is_word("SELECT")) throw NotModelled{"subquery"};
        ExprPtr inner = expression();
        expect_symbol(")");
        return inner;
      }
      if (token.is_symbol("*")) {
        return make(Expr::Kind::Star, take().line);
      }
      fail();
    default:
      break;
  }

  const std::int32_t line = token.line;
  if (token.is_word("NULL")) {
    take();
    return make(Expr::Kind::Literal, line);  // an int NULL, as SQL Server types it
  }
  if (token.is_word("CASE")) return case_expression();
  if (token.is_word("CAST") && peek(1).is_symbol("(")) {
    take();
    take();
    auto expr = make(Expr::Kind::Cast, line);
    expr->args = {expression()};
    expect_word("AS");
    expr->cast_type = type(TypeContext::Cast, 1);
    expect_symbol(")");
    return expr;
  }
  if (token.is_word("CONVERT") && peek(1).is_symbol("(")) {
    take();
    take();
    auto expr = make(Expr::Kind::Cast, line);
    expr->cast_type = type(TypeContext::Cast, 1);
    expect_symbol(",");
    expr->args = {expression()};
    if (accept_symbol(",")) {
      ExprPtr style = additive();
      if (style->kind != Expr::Kind::Literal || style->literal.type.id != TypeId::Int ||
          style->literal.value.is_null) {
        throw NotModelled{"CONVERT with a computed style"};
      }
      expr->style = static_cast<std::int32_t>(style->literal.value.integer);
    }
    expect_symbol(")");
    return expr;
  }
  if (is_niladic(token) && !peek(1).is_symbol("(")) {
    auto expr = make(Expr::Kind::Function, line);
    expr->name = {upper(take().text)};
    return expr;
  }
  if (token.kind == TokenKind::Keyword && is_function_keyword(token) && peek(1).is_symbol("(")) {
    std::string name = upper(take().text);
    return function_call(std::move(name), line);
  }
  if (!is_name(token)) fail();

  // A column, t.*, or a function call.
  ast::Name name{take().text};
  while (peek().is_symbol(".")) {
    take();
    if (peek().is_symbol("*")) {
      take();
      auto star = make(Expr::Kind::Star, line);
      star->name = std::move(name);
      return star;
    }
    name.push_back(name_part());
  }
  if (peek().is_symbol("(")) {
    if (name.size() > 1) throw NotModelled{"user-defined function"};
    return function_call(upper(name.front()), line);
  }
  if (peek().is_word("COLLATE")) throw NotModelled{"COLLATE in an expression"};
  auto column = make(Expr::Kind::Column, line);
  column->name = std::move(name);
  return column;
}

ExprPtr Parser::case_expression() {
  auto expr = make(Expr::Kind::Case, take().line);
  // A simple CASE compares an input with each WHEN value; a searched one tests conditions.
  const bool simple = !peek().is_word("WHEN");
  expr->op = simple ? "simple" : "searched";
  if (simple) expr->args.push_back(expression());
  expect_word("WHEN");
  do {
    expr->args.push_back(expression());
    expect_word("THEN");
    expr->args.push_back(expression());
  } while (accept_word("WHEN"));
  if (accept_word("ELSE")) {
    expr->has_else = true;
    expr->args.push_back(expression());
  }
  expect_word("END");
  return expr;
}

ExprPtr Parser::function_call(std::string name, std::int32_t line) {
  auto expr = make(Expr::Kind::Function, line);
  expr->name = {std::move(name)};
  expect_symbol("(");
  if (accept_symbol(")")) return expr;
  if (accept_word("DISTINCT")) {
    expr->distinct = true;
  } else {
    accept_word("ALL");
  }
  do {
    if (peek().is_symbol("*")) {
      expr->args.push_back(make(Expr::Kind::Star, take().line));
    } else {
      expr->args.push_back(expression());
    }
  } while (accept_symbol(","));
  expect_symbol(")");
  if (peek().is_word("OVER")) throw NotModelled{"window function"};
  if (peek().is_word("WITHIN")) throw NotModelled{"WITHIN GROUP"};
  return expr;
}

}  // namespace mssql_sim::parse
