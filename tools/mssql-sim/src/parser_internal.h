// The parser's shared machinery: a cursor over a batch's tokens and the grammar's entry
// points, split by concept over parser.cpp (statements and skipping), parser_expr.cpp
// (expressions), parser_select.cpp (SELECT), parser_ddl.cpp (CREATE/ALTER/DROP TABLE and
// types) and parser_dml.cpp (INSERT, UPDATE, DELETE, SET).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ast.h"
#include "lexer.h"

namespace mssql_sim::parse {

//! Thrown inside a statement the simulator cannot represent (a JOIN, a subquery…): the
//! statement is skipped as a whole and becomes ast::Unsupported{what}.
struct NotModelled {
  std::string what;
};

//! True for T-SQL's reserved keywords, which cannot be plain identifiers.
bool is_reserved(std::string_view word);
//! True for a word that begins a statement (SELECT, INSERT, SET, IF…).
bool is_statement_start(const Token& token);

//! How a type is read: DDL defaults char to length 1 and reports 2715; CAST and CONVERT
//! default it to 30 and report 243.
enum class TypeContext { Ddl, Cast };

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  std::vector<ast::ParsedStatement> batch();
  SqlType standalone_type();

  // --- cursor ---
  const Token& peek(std::size_t ahead = 0) const;
  const Token& take();
  bool at_end() const { return peek().kind == TokenKind::End; }
  bool accept_word(std::string_view word);
  bool accept_symbol(std::string_view symbol);
  void expect_word(std::string_view word);
  void expect_symbol(std::string_view symbol);
  //! Throws the syntax error SQL Server gives near the current token (102 or 156).
  [[noreturn]] void fail() const;
  [[noreturn]] void fail_near(const Token& token) const;

  // --- names ---
  bool is_name(const Token& token) const;
  std::string name_part();
  ast::Name multipart_name();
  //! A parenthesised list of column names, each optionally followed by ASC or DESC.
  std::vector<std::string> column_list();

  // --- statements (parser.cpp) ---
  void statement(std::vector<ast::ParsedStatement>& out);
  void skip_statement(std::string_view first_word);
  void skip_conditional();
  void skip_body();
  void skip_block();
  ast::Statement transaction();

  // --- SELECT (parser_select.cpp) ---
  ast::Select select();

  // --- DDL (parser_ddl.cpp) ---
  ast::Statement create();
  ast::Statement alter();
  ast::Statement drop();
  SqlType type(TypeContext context, int ordinal);
  //! REFERENCES t [(cols)] [ON DELETE|UPDATE action]… [NOT FOR REPLICATION]
  void references();

  // --- DML and SET (parser_dml.cpp) ---
  ast::Statement insert();
  ast::Statement update();
  ast::Statement delete_();
  void set(std::vector<ast::ParsedStatement>& out, std::int32_t line);

  // --- expressions (parser_expr.cpp) ---
  ast::ExprPtr expression();
  //! An expression without comparisons or boolean operators (DEFAULT values, TOP n).
  ast::ExprPtr additive();

 private:
  ast::ExprPtr or_expression();
  ast::ExprPtr and_expression();
  ast::ExprPtr not_expression();
  ast::ExprPtr predicate();
  ast::ExprPtr multiplicative();
  ast::ExprPtr unary();
  ast::ExprPtr primary();
  ast::ExprPtr function_call(std::string name, std::int32_t line);
  ast::ExprPtr case_expression();
  ast::ExprPtr literal(const Token& token);

  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
};

}  // namespace mssql_sim::parse
