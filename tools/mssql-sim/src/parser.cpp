// The parser's entry points, its token cursor, and the statements it does not model:
// those are skipped exactly over their own text and reported as ast::Unsupported.
#include "parser.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "parser_internal.h"
#include "sql_errors.h"

namespace mssql_sim {
namespace parse {
namespace {

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// SQL Server's reserved keywords (Transact-SQL reference, "Reserved Keywords").
constexpr std::string_view kReserved[] = {"ADD",
                                          "ALL",
                                          "ALTER",
                                          "AND",
                                          "ANY",
                                          "AS",
                                          "ASC",
                                          "AUTHORIZATION",
                                          "BACKUP",
                                          "BEGIN",
                                          "BETWEEN",
                                          "BREAK",
                                          "BROWSE",
                                          "BULK",
                                          "BY",
                                          "CASCADE",
                                          "CASE",
                                          "CHECK",
                                          "CHECKPOINT",
                                          "CLOSE",
                                          "CLUSTERED",
                                          "COALESCE",
                                          "COLLATE",
                                          "COLUMN",
                                          "COMMIT",
                                          "COMPUTE",
                                          "CONSTRAINT",
                                          "CONTAINS",
                                          "CONTAINSTABLE",
                                          "CONTINUE",
                                          "CONVERT",
                                          "CREATE",
                                          "CROSS",
                                          "CURRENT",
                                          "CURRENT_DATE",
                                          "CURRENT_TIME",
                                          "CURRENT_TIMESTAMP",
                                          "CURRENT_USER",
                                          "CURSOR",
                                          "DATABASE",
                                          "DBCC",
                                          "DEALLOCATE",
                                          "DECLARE",
                                          "DEFAULT",
                                          "DELETE",
                                          "DENY",
                                          "DESC",
                                          "DISK",
                                          "DISTINCT",
                                          "DISTRIBUTED",
                                          "DOUBLE",
                                          "DROP",
                                          "DUMP",
                                          "ELSE",
                                          "END",
                                          "ERRLVL",
                                          "ESCAPE",
                                          "EXCEPT",
                                          "EXEC",
                                          "EXECUTE",
                                          "EXISTS",
                                          "EXIT",
                                          "EXTERNAL",
                                          "FETCH",
                                          "FILE",
                                          "FILLFACTOR",
                                          "FOR",
                                          "FOREIGN",
                                          "FREETEXT",
                                          "FREETEXTTABLE",
                                          "FROM",
                                          "FULL",
                                          "FUNCTION",
                                          "GOTO",
                                          "GRANT",
                                          "GROUP",
                                          "HAVING",
                                          "HOLDLOCK",
                                          "IDENTITY",
                                          "IDENTITY_INSERT",
                                          "IDENTITYCOL",
                                          "IF",
                                          "IN",
                                          "INDEX",
                                          "INNER",
                                          "INSERT",
                                          "INTERSECT",
                                          "INTO",
                                          "IS",
                                          "JOIN",
                                          "KEY",
                                          "KILL",
                                          "LEFT",
                                          "LIKE",
                                          "LINENO",
                                          "LOAD",
                                          "MERGE",
                                          "NATIONAL",
                                          "NOCHECK",
                                          "NONCLUSTERED",
                                          "NOT",
                                          "NULL",
                                          "NULLIF",
                                          "OF",
                                          "OFF",
                                          "OFFSETS",
                                          "ON",
                                          "OPEN",
                                          "OPENDATASOURCE",
                                          "OPENQUERY",
                                          "OPENROWSET",
                                          "OPENXML",
                                          "OPTION",
                                          "OR",
                                          "ORDER",
                                          "OUTER",
                                          "OVER",
                                          "PERCENT",
                                          "PIVOT",
                                          "PLAN",
                                          "PRECISION",
                                          "PRIMARY",
                                          "PRINT",
                                          "PROC",
                                          "PROCEDURE",
                                          "PUBLIC",
                                          "RAISERROR",
                                          "READ",
                                          "READTEXT",
                                          "RECONFIGURE",
                                          "REFERENCES",
                                          "REPLICATION",
                                          "RESTORE",
                                          "RESTRICT",
                                          "RETURN",
                                          "REVERT",
                                          "REVOKE",
                                          "RIGHT",
                                          "ROLLBACK",
                                          "ROWCOUNT",
                                          "ROWGUIDCOL",
                                          "RULE",
                                          "SAVE",
                                          "SCHEMA",
                                          "SECURITYAUDIT",
                                          "SELECT",
                                          "SEMANTICKEYPHRASETABLE",
                                          "SEMANTICSIMILARITYDETAILSTABLE",
                                          "SEMANTICSIMILARITYTABLE",
                                          "SESSION_USER",
                                          "SET",
                                          "SETUSER",
                                          "SHUTDOWN",
                                          "SOME",
                                          "STATISTICS",
                                          "SYSTEM_USER",
                                          "TABLE",
                                          "TABLESAMPLE",
                                          "TEXTSIZE",
                                          "THEN",
                                          "TO",
                                          "TOP",
                                          "TRAN",
                                          "TRANSACTION",
                                          "TRIGGER",
                                          "TRUNCATE",
                                          "TRY_CONVERT",
                                          "TSEQUAL",
                                          "UNION",
                                          "UNIQUE",
                                          "UNPIVOT",
                                          "UPDATE",
                                          "UPDATETEXT",
                                          "USE",
                                          "USER",
                                          "VALUES",
                                          "VARYING",
                                          "VIEW",
                                          "WAITFOR",
                                          "WHEN",
                                          "WHERE",
                                          "WHILE",
                                          "WITH",
                                          "WRITETEXT",
                                          "WITHIN"};

// Words that begin a statement; skipping an unmodelled statement stops before one of them.
constexpr std::string_view kStatementStarts[] = {
    "SELECT",   "INSERT",     "UPDATE", "DELETE",     "MERGE",    "CREATE",  "ALTER",   "DROP",
    "TRUNCATE", "USE",        "SET",    "DECLARE",    "PRINT",    "EXEC",    "EXECUTE", "IF",
    "WHILE",    "BEGIN",      "COMMIT", "ROLLBACK",   "SAVE",     "GRANT",   "REVOKE",  "DENY",
    "RETURN",   "RAISERROR",  "GOTO",   "BREAK",      "CONTINUE", "WAITFOR", "DBCC",    "BACKUP",
    "RESTORE",  "CHECKPOINT", "KILL",   "RECONFIGURE"};

bool in_list(const auto& list, std::string_view word) {
  const std::string key = upper(word);
  return std::find(std::begin(list), std::end(list), key) != std::end(list);
}

// After these words a statement keyword belongs to the statement being skipped:
// ON DELETE, WITH ROLLBACK IMMEDIATE, UNION SELECT, DECLARE … CURSOR FOR SELECT.
bool continues_statement(const Token& previous) {
  static constexpr std::string_view kWords[] = {"ON",     "WITH",      "UNION", "ALL",
                                                "EXCEPT", "INTERSECT", "FOR",   "AS"};
  return previous.kind == TokenKind::Keyword && in_list(kWords, previous.text);
}

}  // namespace

bool is_reserved(std::string_view word) {
  return in_list(kReserved, word);
}

bool is_statement_start(const Token& token) {
  return token.kind == TokenKind::Keyword && in_list(kStatementStarts, token.text);
}

const Token& Parser::peek(std::size_t ahead) const {
  return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
}

const Token& Parser::take() {
  const Token& token = tokens_[pos_];
  if (pos_ + 1 < tokens_.size()) ++pos_;
  return token;
}

bool Parser::accept_word(std::string_view word) {
  if (!peek().is_word(word)) return false;
  take();
  return true;
}

bool Parser::accept_symbol(std::string_view symbol) {
  if (!peek().is_symbol(symbol)) return false;
  take();
  return true;
}

void Parser::expect_word(std::string_view word) {
  if (!accept_word(word)) fail();
}

void Parser::expect_symbol(std::string_view symbol) {
  if (!accept_symbol(symbol)) fail();
}

void Parser::fail() const {
  // At the end of the batch SQL Server names the last token it read.
  if (at_end() && pos_ > 0) fail_near(tokens_[pos_ - 1]);
  fail_near(peek());
}

void Parser::fail_near(const Token& token) const {
  if (token.kind == TokenKind::Keyword && is_reserved(token.text)) {
    throw_syntax_error(156, "Incorrect syntax near the keyword '" + token.text + "'.", token.line);
  }
  std::string text = token.text;
  if (token.kind == TokenKind::String) text = (token.unicode ? "N'" : "'") + text + "'";
  if (token.kind == TokenKind::Binary) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    text = "0x";
    for (unsigned char c : token.text) {
      text.push_back(kHex[c >> 4]);
      text.push_back(kHex[c & 15]);
    }
  }
  if (token.kind == TokenKind::End) text = "";
  throw_syntax_error(102, "Incorrect syntax near '" + text + "'.", token.line);
}

bool Parser::is_name(const Token& token) const {
  return token.kind == TokenKind::Identifier ||
         (token.kind == TokenKind::Keyword && !is_reserved(token.text));
}

std::string Parser::name_part() {
  if (!is_name(peek())) fail();
  return take().text;
}

ast::Name Parser::multipart_name() {
  ast::Name name{name_part()};
  while (peek().is_symbol(".")) {
    take();
    // db..table leaves the schema out: the default schema (dbo) is meant.
    if (peek().is_symbol(".")) {
      name.push_back("dbo");
      continue;
    }
    name.push_back(name_part());
  }
  if (name.size() > 4) fail();
  return name;
}

std::vector<std::string> Parser::column_list() {
  std::vector<std::string> columns;
  expect_symbol("(");
  do {
    columns.push_back(name_part());
    if (!accept_word("ASC")) accept_word("DESC");
  } while (accept_symbol(","));
  expect_symbol(")");
  return columns;
}

std::vector<ast::ParsedStatement> Parser::batch() {
  std::vector<ast::ParsedStatement> out;
  while (!at_end()) {
    if (accept_symbol(";")) continue;
    statement(out);
  }
  return out;
}

void Parser::statement(std::vector<ast::ParsedStatement>& out) {
  const std::size_t start = pos_;
  const Token first = peek();
  const std::int32_t line = first.line;
  const auto emit = [&](ast::Statement statement) {
    out.push_back(ast::ParsedStatement{std::move(statement), line});
  };
  if (first.kind != TokenKind::Keyword) {
    // A parenthesised query or a lone expression is not a statement.
    if (first.is_symbol("(")) throw NotModelled{"parenthesised query"};
    fail();
  }
  try {
    const std::string word = upper(first.text);
    if (word == "SELECT") {
      emit(select());
    } else if (word == "INSERT") {
      emit(insert());
    } else if (word == "UPDATE") {
      emit(update());
    } else if (word == "DELETE") {
      emit(delete_());
    } else if (word == "TRUNCATE") {
      take();
      expect_word("TABLE");
      emit(ast::Delete{multipart_name(), nullptr});
    } else if (word == "CREATE") {
      emit(create());
    } else if (word == "ALTER") {
      emit(alter());
    } else if (word == "DROP") {
      emit(drop());
    } else if (word == "USE") {
      take();
      emit(ast::Use{name_part()});
    } else if (word == "SET") {
      set(out, line);
    } else if (word == "BEGIN" || word == "COMMIT" || word == "ROLLBACK" || word == "SAVE") {
      if (word == "BEGIN" && !peek(1).is_word("TRAN") && !peek(1).is_word("TRANSACTION") &&
          !peek(1).is_word("DISTRIBUTED")) {
        if (peek(1).is_word("TRY")) throw NotModelled{"BEGIN TRY … END CATCH"};
        // A plain block runs its statements in order.
        take();
        while (!peek().is_word("END")) {
          if (at_end()) fail();
          if (accept_symbol(";")) continue;
          statement(out);
        }
        take();
      } else {
        emit(transaction());
      }
    } else if (word == "IF" || word == "WHILE") {
      skip_conditional();
      emit(ast::Unsupported{word + " block"});
    } else if (is_statement_start(first)) {
      throw NotModelled{word};
    } else {
      fail();
    }
  } catch (const NotModelled& not_modelled) {
    pos_ = start;
    skip_statement(upper(first.text));
    emit(ast::Unsupported{not_modelled.what});
  }
  accept_symbol(";");
}

ast::Statement Parser::transaction() {
  std::string verb = upper(take().text);
  if (verb == "BEGIN") accept_word("DISTRIBUTED");
  if (accept_word("TRAN") || accept_word("TRANSACTION") || accept_word("WORK")) {
    // An optional transaction name or variable follows.
    if (peek().kind == TokenKind::Variable || (is_name(peek()) && !is_statement_start(peek()))) {
      take();
    }
  }
  return ast::Transaction{verb};
}

void Parser::skip_statement(std::string_view first_word) {
  const Token first = take();
  // Module bodies run to the end of the batch, as SQL Server requires.
  if (first_word == "CREATE" || first_word == "ALTER") {
    std::size_t look = 0;
    if (peek().is_word("OR")) look = 2;
    const Token& kind = peek(look);
    if (kind.is_word("VIEW") || kind.is_word("PROCEDURE") || kind.is_word("PROC") ||
        kind.is_word("FUNCTION") || kind.is_word("TRIGGER")) {
      while (!at_end())
        take();
      return;
    }
  }
  int depth = 0;
  int case_depth = 0;
  bool continued = false;  // the previous token was a statement word that continued
  bool first_continuation_used = false;
  Token previous = first;
  bool seen_on = false;
  while (!at_end()) {
    const Token& token = peek();
    if (token.is_word("ON")) seen_on = true;
    if (depth == 0 && token.is_symbol(";")) break;
    if (token.is_symbol("(")) ++depth;
    if (token.is_symbol(")")) {
      if (depth == 0) break;
      --depth;
    }
    if (token.is_word("CASE")) ++case_depth;
    if (token.is_word("END")) {
      if (case_depth == 0 && depth == 0) break;
      if (case_depth > 0) --case_depth;
    }
    if (depth == 0 && (token.is_word("ELSE")) && case_depth == 0) break;
    if (depth == 0 && is_statement_start(token)) {
      const std::string word = upper(token.text);
      bool belongs = continues_statement(previous) || continued;
      // INSERT … SELECT/EXEC, UPDATE … SET, ALTER DATABASE … SET, WITH cte AS (…) SELECT.
      if (!first_continuation_used) {
        if ((first_word == "INSERT" && (word == "SELECT" || word == "EXEC" || word == "EXECUTE")) ||
            ((first_word == "UPDATE" || first_word == "ALTER") && word == "SET") ||
            (first_word == "WITH" && (word == "SELECT" || word == "INSERT" || word == "UPDATE" ||
                                      word == "DELETE" || word == "MERGE"))) {
          belongs = true;
          first_continuation_used = true;
        }
      }
      // GRANT SELECT, INSERT ON … names permissions, not statements.
      if ((first_word == "GRANT" || first_word == "REVOKE" || first_word == "DENY") && !seen_on) {
        belongs = true;
      }
      if (!belongs) break;
      continued = true;
    } else {
      continued = false;
    }
    previous = take();
  }
}

void Parser::skip_conditional() {
  take();  // IF or WHILE
  // The condition runs to the first statement word outside parentheses.
  int depth = 0;
  int case_depth = 0;
  while (!at_end()) {
    const Token& token = peek();
    if (token.is_symbol("(")) ++depth;
    if (token.is_symbol(")")) --depth;
    if (token.is_word("CASE")) ++case_depth;
    if (token.is_word("END") && case_depth > 0) --case_depth;
    if (depth == 0 && case_depth == 0 && is_statement_start(token)) break;
    take();
  }
  skip_body();
  accept_symbol(";");
  if (accept_word("ELSE")) skip_body();
}

void Parser::skip_body() {
  if (at_end()) fail();
  if (peek().is_word("BEGIN") && !peek(1).is_word("TRAN") && !peek(1).is_word("TRANSACTION") &&
      !peek(1).is_word("DISTRIBUTED")) {
    skip_block();
    return;
  }
  std::vector<ast::ParsedStatement> ignored;
  statement(ignored);
}

void Parser::skip_block() {
  // BEGIN … END with nested blocks; BEGIN TRY/CATCH pair with END TRY/CATCH, CASE with END.
  int depth = 0;
  do {
    const Token& token = take();
    if (token.kind == TokenKind::End) fail_near(token);
    if (token.is_word("BEGIN") && !peek().is_word("TRAN") && !peek().is_word("TRANSACTION") &&
        !peek().is_word("DISTRIBUTED")) {
      ++depth;
    } else if (token.is_word("CASE")) {
      ++depth;
    } else if (token.is_word("END")) {
      --depth;
      if (peek().is_word("TRY") || peek().is_word("CATCH")) take();
    }
  } while (depth > 0);
}

SqlType Parser::standalone_type() {
  SqlType result = type(TypeContext::Ddl, 1);
  if (!at_end()) fail();
  return result;
}

}  // namespace parse

std::vector<ast::ParsedStatement> parse_batch(std::string_view sql) {
  parse::Parser parser(tokenize(sql));
  try {
    return parser.batch();
  } catch (const parse::NotModelled& not_modelled) {
    // Only a statement that cannot start anything gets here (a parenthesised query).
    throw_syntax_error(102, "Incorrect syntax near '('.", 1);
  }
}

SqlType parse_type(std::string_view text) {
  parse::Parser parser(tokenize(text));
  return parser.standalone_type();
}

}  // namespace mssql_sim
