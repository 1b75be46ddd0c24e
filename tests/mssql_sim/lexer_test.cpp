// Tokens of T-SQL and the GO batch splitter.
#include "lexer.h"

#include <catch2/catch.hpp>

#include "query_engine.h"

using namespace mssql_sim;

namespace {

std::int32_t error_number(std::string_view sql) {
  try {
    tokenize(sql);
  } catch (const SqlError& error) {
    return error.message().number;
  }
  return 0;
}

}  // namespace

TEST_CASE("tokenize reads delimited identifiers without their delimiters", "[lexer]") {
  const auto tokens = tokenize("[Order Details].[a]]b] \"quoted\"\"x\"");
  REQUIRE(tokens.size() == 5);
  CHECK(tokens[0].kind == TokenKind::Identifier);
  CHECK(tokens[0].text == "Order Details");
  CHECK(tokens[1].is_symbol("."));
  CHECK(tokens[2].text == "a]b");
  CHECK(tokens[3].text == "quoted\"x");
  CHECK(tokens[3].kind == TokenKind::Identifier);
  CHECK(tokens[4].kind == TokenKind::End);
}

TEST_CASE("tokenize resolves doubled quotes and marks N strings as unicode", "[lexer]") {
  const auto tokens = tokenize("N'Guns N'' Roses' 'x' n'y'");
  CHECK(tokens[0].kind == TokenKind::String);
  CHECK(tokens[0].unicode);
  CHECK(tokens[0].text == "Guns N' Roses");
  CHECK_FALSE(tokens[1].unicode);
  CHECK(tokens[2].unicode);
}

TEST_CASE("tokenize reads numbers, binary literals and variables", "[lexer]") {
  const auto tokens = tokenize("12 1.50 .5 1e3 2.5E-2 0xABCD 0xABC 0x @p @@VERSION");
  CHECK(tokens[0].text == "12");
  CHECK(tokens[1].text == "1.50");
  CHECK(tokens[2].text == ".5");
  CHECK(tokens[3].text == "1e3");
  CHECK(tokens[4].text == "2.5E-2");
  CHECK(tokens[5].kind == TokenKind::Binary);
  CHECK(tokens[5].text == std::string("\xAB\xCD"));
  CHECK(tokens[6].text == std::string("\x0A\xBC"));  // an odd digit count gains a leading 0
  CHECK(tokens[7].text.empty());
  CHECK(tokens[8].kind == TokenKind::Variable);
  CHECK(tokens[8].text == "@p");
  CHECK(tokens[9].text == "@@VERSION");
}

TEST_CASE("tokenize drops line comments and nested block comments and counts lines", "[lexer]") {
  const auto tokens = tokenize("SELECT -- one\n/* two /* nested */ still */ 1\n, 2");
  REQUIRE(tokens.size() == 5);
  CHECK(tokens[0].is_word("select"));
  CHECK(tokens[1].text == "1");
  CHECK(tokens[1].line == 2);
  CHECK(tokens[3].line == 3);
}

TEST_CASE("tokenize reads two-character operators", "[lexer]") {
  const auto tokens = tokenize("a<=b<>c!=d>=e");
  CHECK(tokens[1].is_symbol("<="));
  CHECK(tokens[3].is_symbol("<>"));
  CHECK(tokens[5].is_symbol("!="));
  CHECK(tokens[7].is_symbol(">="));
}

TEST_CASE("tokenize reports unclosed quotes as 105 and unclosed comments as 113", "[lexer]") {
  CHECK(error_number("SELECT 'abc") == 105);
  CHECK(error_number("SELECT [abc") == 105);
  CHECK(error_number("SELECT /* abc") == 113);
  try {
    tokenize("SELECT 1,\n'abc");
  } catch (const SqlError& error) {
    CHECK(error.message().text == "Unclosed quotation mark after the character string 'abc'.");
    CHECK(error.message().line == 2);
  }
}

TEST_CASE("split_batches splits at GO lines only, with their first line numbers", "[lexer]") {
  const std::string script =
      "CREATE DATABASE x;\nGO\nUSE x;\n  go  \nSELECT 'GO\nGO'\n/*\nGO\n*/\nGO 2\n"
      "SELECT 1 -- GO\ngo -- done\n";
  const auto batches = split_batches(script);
  REQUIRE(batches.size() == 4);
  CHECK(batches[0].text == "CREATE DATABASE x;\n");
  CHECK(batches[0].first_line == 1);
  CHECK(batches[1].text == "USE x;\n");
  CHECK(batches[1].first_line == 3);
  CHECK(batches[2].text == "SELECT 'GO\nGO'\n/*\nGO\n*/\n");
  CHECK(batches[2].first_line == 5);
  CHECK(batches[3].text == "SELECT 1 -- GO\n");
  CHECK(batches[3].first_line == 11);
}

TEST_CASE("split_batches keeps a last batch without GO and skips blank ones", "[lexer]") {
  const auto batches = split_batches("GO\n\nGO\r\nSELECT 1");
  REQUIRE(batches.size() == 1);
  CHECK(batches[0].text == "SELECT 1");
  CHECK(batches[0].first_line == 4);
}
