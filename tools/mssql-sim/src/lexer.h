// Tokens of T-SQL.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mssql_sim {

enum class TokenKind : std::uint8_t {
  Identifier,  //!< plain, [bracketed] or "quoted"; `text` is the name without delimiters
  Keyword,     //!< an unquoted identifier; `text` as written (compare with is_word)
  String,      //!< '...' with '' escapes resolved; `unicode` for N'...'
  Number,      //!< integer or decimal literal as written, or with an exponent (float)
  Binary,      //!< 0x...; `text` holds the raw bytes
  Variable,    //!< @name or @@name, `text` with its '@'s
  Symbol,      //!< operators and punctuation: ( ) , . ; * + - / % = < > <= >= <> != !< !>
  End,
};

struct Token {
  TokenKind kind = TokenKind::End;
  std::string text;
  bool unicode = false;  //!< N'...' strings
  std::int32_t line = 1;
  std::size_t offset = 0;  //!< byte offset of the token in the batch

  //! True for an unquoted word equal to `word`, ignoring case.
  bool is_word(std::string_view word) const;
  bool is_symbol(std::string_view symbol) const;
};

//! Splits a batch into tokens, dropping whitespace and comments (-- and nested /* */).
//! Throws SqlError 105 for an unclosed quotation mark, 113 for an unclosed comment.
std::vector<Token> tokenize(std::string_view sql);

//! Splits a script into batches at lines holding only GO (an optional count is ignored),
//! outside strings and comments, as sqlcmd and Management Studio do. Each batch keeps the
//! line number of its first line.
struct ScriptBatch {
  std::string text;
  std::int32_t first_line = 1;
};
std::vector<ScriptBatch> split_batches(std::string_view script);

}  // namespace mssql_sim
