// The T-SQL tokenizer and the GO batch splitter.
#include "lexer.h"

#include <cctype>

#include "sql_errors.h"

namespace mssql_sim {
namespace {

bool equals_ignore_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// Letters of any script may start a name; bytes ≥ 0x80 belong to UTF-8 letters.
bool is_name_start(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalpha(u) || c == '_' || c == '#' || u >= 0x80;
}

bool is_name_part(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '_' || c == '#' || c == '@' || c == '$' || u >= 0x80;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

class Lexer {
 public:
  explicit Lexer(std::string_view sql) : sql_(sql) {}

  std::vector<Token> run() {
    std::vector<Token> tokens;
    while (true) {
      skip_blanks_and_comments();
      if (pos_ >= sql_.size()) break;
      tokens.push_back(next_token());
    }
    Token end;
    end.kind = TokenKind::End;
    end.line = line_;
    end.offset = sql_.size();
    tokens.push_back(end);
    return tokens;
  }

 private:
  char peek(std::size_t ahead = 0) const {
    return pos_ + ahead < sql_.size() ? sql_[pos_ + ahead] : '\0';
  }

  void advance() {
    if (sql_[pos_] == '\n') ++line_;
    ++pos_;
  }

  void skip_blanks_and_comments() {
    while (pos_ < sql_.size()) {
      const char c = sql_[pos_];
      if (std::isspace(static_cast<unsigned char>(c))) {
        advance();
      } else if (c == '-' && peek(1) == '-') {
        while (pos_ < sql_.size() && sql_[pos_] != '\n')
          advance();
      } else if (c == '/' && peek(1) == '*') {
        skip_block_comment();
      } else {
        return;
      }
    }
  }

  // Block comments nest in T-SQL.
  void skip_block_comment() {
    const std::int32_t start_line = line_;
    int depth = 0;
    while (pos_ < sql_.size()) {
      if (sql_[pos_] == '/' && peek(1) == '*') {
        ++depth;
        advance();
        advance();
      } else if (sql_[pos_] == '*' && peek(1) == '/') {
        --depth;
        advance();
        advance();
        if (depth == 0) return;
      } else {
        advance();
      }
    }
    throw_syntax_error(113, "Missing end comment mark '*/'.", start_line);
  }

  Token start(TokenKind kind) const {
    Token token;
    token.kind = kind;
    token.line = line_;
    token.offset = pos_;
    return token;
  }

  Token next_token() {
    const char c = sql_[pos_];
    if ((c == 'N' || c == 'n') && peek(1) == '\'') {
      Token token = start(TokenKind::String);
      advance();
      token.unicode = true;
      token.text = delimited('\'', '\'', token.line);
      return token;
    }
    if (c == '\'') {
      Token token = start(TokenKind::String);
      token.text = delimited('\'', '\'', token.line);
      return token;
    }
    if (c == '[') {
      Token token = start(TokenKind::Identifier);
      token.text = delimited('[', ']', token.line);
      return token;
    }
    if (c == '"') {
      Token token = start(TokenKind::Identifier);
      token.text = delimited('"', '"', token.line);
      return token;
    }
    if (c == '0' && (peek(1) == 'x' || peek(1) == 'X')) return binary();
    if (std::isdigit(static_cast<unsigned char>(c)) ||
        (c == '.' && std::isdigit(static_cast<unsigned char>(peek(1))))) {
      return number();
    }
    if (c == '@') {
      Token token = start(TokenKind::Variable);
      while (pos_ < sql_.size() && (sql_[pos_] == '@' || is_name_part(sql_[pos_])))
        advance();
      token.text = std::string(sql_.substr(token.offset, pos_ - token.offset));
      return token;
    }
    if (is_name_start(c)) {
      Token token = start(TokenKind::Keyword);
      while (pos_ < sql_.size() && is_name_part(sql_[pos_]))
        advance();
      token.text = std::string(sql_.substr(token.offset, pos_ - token.offset));
      return token;
    }
    return symbol();
  }

  // A quoted string or delimited identifier; the closing delimiter doubled is an escape.
  std::string delimited(char open, char close, std::int32_t line) {
    const std::size_t content = pos_ + 1;
    advance();
    std::string text;
    while (pos_ < sql_.size()) {
      const char c = sql_[pos_];
      if (c == close) {
        if (peek(1) == close) {
          text.push_back(close);
          advance();
          advance();
          continue;
        }
        advance();
        return text;
      }
      text.push_back(c);
      advance();
    }
    // SQL Server names the same error for an unclosed string and an unclosed identifier.
    (void)open;
    const std::string rest(sql_.substr(content));
    throw_syntax_error(105, "Unclosed quotation mark after the character string '" + rest + "'.",
                       line);
  }

  Token binary() {
    Token token = start(TokenKind::Binary);
    advance();
    advance();
    const std::size_t digits_start = pos_;
    while (pos_ < sql_.size() && hex_value(sql_[pos_]) >= 0)
      advance();
    std::string_view digits = sql_.substr(digits_start, pos_ - digits_start);
    // An odd count reads as if a leading zero were written: 0xABC is 0x0ABC.
    std::size_t i = 0;
    if (digits.size() % 2 == 1) {
      token.text.push_back(static_cast<char>(hex_value(digits[0])));
      i = 1;
    }
    for (; i < digits.size(); i += 2) {
      token.text.push_back(static_cast<char>(hex_value(digits[i]) * 16 + hex_value(digits[i + 1])));
    }
    return token;
  }

  Token number() {
    Token token = start(TokenKind::Number);
    while (std::isdigit(static_cast<unsigned char>(peek())))
      advance();
    if (peek() == '.') {
      advance();
      while (std::isdigit(static_cast<unsigned char>(peek())))
        advance();
    }
    // SQL Server reads "1e" as the float 1: the exponent's digits are optional.
    if (peek() == 'e' || peek() == 'E') {
      advance();
      if (peek() == '+' || peek() == '-') advance();
      while (std::isdigit(static_cast<unsigned char>(peek())))
        advance();
    }
    token.text = std::string(sql_.substr(token.offset, pos_ - token.offset));
    return token;
  }

  Token symbol() {
    Token token = start(TokenKind::Symbol);
    static constexpr std::string_view kTwoChar[] = {
        "<=", ">=", "<>", "!=", "!<", "!>", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "::"};
    const std::string_view rest = sql_.substr(pos_);
    for (std::string_view op : kTwoChar) {
      if (rest.substr(0, 2) == op) {
        token.text = std::string(op);
        advance();
        advance();
        return token;
      }
    }
    static constexpr std::string_view kOneChar = "(),.;*+-/%=<>~&|^:";
    if (kOneChar.find(sql_[pos_]) != std::string_view::npos) {
      token.text = std::string(1, sql_[pos_]);
      advance();
      return token;
    }
    std::size_t length = 1;
    const auto lead = static_cast<unsigned char>(sql_[pos_]);
    if (lead >= 0xC0) length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    throw_syntax_error(102, "Incorrect syntax near '" + std::string(rest.substr(0, length)) + "'.",
                       line_);
  }

  std::string_view sql_;
  std::size_t pos_ = 0;
  std::int32_t line_ = 1;
};

// True when `line` (without its newline) holds only GO, an optional count and an optional
// trailing -- comment.
bool is_go_line(std::string_view line) {
  std::size_t i = 0;
  const auto skip_spaces = [&] {
    while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i])))
      ++i;
  };
  skip_spaces();
  if (i + 2 > line.size() || !equals_ignore_case(line.substr(i, 2), "go")) return false;
  i += 2;
  if (i < line.size() && !std::isspace(static_cast<unsigned char>(line[i])) && line[i] != '-') {
    return false;
  }
  skip_spaces();
  while (i < line.size() && std::isdigit(static_cast<unsigned char>(line[i])))
    ++i;
  skip_spaces();
  return i == line.size() || line.substr(i, 2) == "--";
}

bool is_blank(std::string_view text) {
  for (char c : text) {
    if (!std::isspace(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

bool Token::is_word(std::string_view word) const {
  return kind == TokenKind::Keyword && equals_ignore_case(text, word);
}

bool Token::is_symbol(std::string_view symbol) const {
  return kind == TokenKind::Symbol && text == symbol;
}

std::vector<Token> tokenize(std::string_view sql) {
  return Lexer(sql).run();
}

std::vector<ScriptBatch> split_batches(std::string_view script) {
  std::vector<ScriptBatch> batches;
  std::size_t batch_start = 0;
  std::int32_t batch_line = 1;
  std::int32_t line = 1;
  // What the scanner is inside of, so that GO inside a string or comment is text.
  char quote = 0;  // '\'', '"' or ']' while inside a delimited token
  int comment_depth = 0;

  const auto finish_batch = [&](std::size_t end) {
    std::string_view text = script.substr(batch_start, end - batch_start);
    if (!is_blank(text)) batches.push_back(ScriptBatch{std::string(text), batch_line});
  };

  std::size_t i = 0;
  std::size_t line_start = 0;
  while (i <= script.size()) {
    if (i == line_start && quote == 0 && comment_depth == 0) {
      std::size_t line_end = script.find('\n', i);
      if (line_end == std::string_view::npos) line_end = script.size();
      std::string_view text = script.substr(i, line_end - i);
      if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
      if (is_go_line(text)) {
        finish_batch(i);
        i = line_end < script.size() ? line_end + 1 : script.size() + 1;
        line_start = i;
        ++line;
        batch_start = std::min(i, script.size());
        batch_line = line;
        continue;
      }
    }
    if (i == script.size()) break;
    const char c = script[i];
    const char next = i + 1 < script.size() ? script[i + 1] : '\0';
    if (c == '\n') {
      ++line;
      line_start = i + 1;
      ++i;
      continue;
    }
    if (comment_depth > 0) {
      if (c == '/' && next == '*') {
        ++comment_depth;
        i += 2;
      } else if (c == '*' && next == '/') {
        --comment_depth;
        i += 2;
      } else {
        ++i;
      }
      continue;
    }
    if (quote != 0) {
      if (c == quote) quote = next == quote ? (++i, quote) : 0;
      ++i;
      continue;
    }
    if (c == '-' && next == '-') {
      while (i < script.size() && script[i] != '\n')
        ++i;
      continue;
    }
    if (c == '/' && next == '*') {
      comment_depth = 1;
      i += 2;
      continue;
    }
    if (c == '\'') quote = '\'';
    if (c == '"') quote = '"';
    if (c == '[') quote = ']';
    ++i;
  }
  if (batch_start < script.size()) finish_batch(script.size());
  return batches;
}

}  // namespace mssql_sim
