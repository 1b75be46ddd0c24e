// INSERT, UPDATE, DELETE and the SET statements of a session.
#include <cctype>

#include "parser_internal.h"

namespace mssql_sim::parse {
namespace {

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// Options set with a value rather than ON or OFF.
bool takes_value(std::string_view option) {
  return option == "TEXTSIZE" || option == "DATEFIRST" || option == "ROWCOUNT" ||
         option == "LOCK_TIMEOUT" || option == "QUERY_GOVERNOR_COST_LIMIT";
}

// Options set with a word: SET LANGUAGE us_english, SET DATEFORMAT mdy.
bool takes_word(std::string_view option) {
  return option == "LANGUAGE" || option == "DATEFORMAT" || option == "DEADLOCK_PRIORITY" ||
         option == "CONTEXT_INFO";
}

}  // namespace

ast::Statement Parser::insert() {
  expect_word("INSERT");
  accept_word("INTO");
  ast::Insert insert;
  insert.table = multipart_name();
  if (peek().is_word("WITH") && peek(1).is_symbol("(")) {
    take();
    take();
    while (!accept_symbol(")")) {
      if (at_end()) fail();
      take();
    }
  }
  if (peek().is_symbol("(")) insert.columns = column_list();
  if (peek().is_word("OUTPUT")) throw NotModelled{"INSERT … OUTPUT"};
  if (accept_word("VALUES")) {
    do {
      expect_symbol("(");
      std::vector<ast::ExprPtr> row;
      do {
        if (peek().is_word("DEFAULT")) throw NotModelled{"INSERT … VALUES (DEFAULT)"};
        row.push_back(expression());
      } while (accept_symbol(","));
      expect_symbol(")");
      insert.rows.push_back(std::move(row));
    } while (accept_symbol(","));
    return insert;
  }
  if (peek().is_word("SELECT")) {
    insert.select = select();
    return insert;
  }
  if (peek().is_word("DEFAULT")) throw NotModelled{"INSERT … DEFAULT VALUES"};
  if (peek().is_word("EXEC") || peek().is_word("EXECUTE")) throw NotModelled{"INSERT … EXEC"};
  fail();
}

ast::Statement Parser::update() {
  expect_word("UPDATE");
  if (peek().is_word("TOP")) throw NotModelled{"UPDATE TOP"};
  ast::Update update;
  update.table = multipart_name();
  expect_word("SET");
  do {
    if (peek().kind == TokenKind::Variable) throw NotModelled{"UPDATE … SET @variable"};
    ast::Name column = multipart_name();
    if (!peek().is_symbol("=")) {
      if (peek().kind == TokenKind::Symbol && peek().text.size() == 2 && peek().text[1] == '=') {
        throw NotModelled{"compound assignment"};
      }
      fail();
    }
    take();
    if (peek().is_word("DEFAULT")) throw NotModelled{"UPDATE … SET col = DEFAULT"};
    update.assignments.emplace_back(column.back(), expression());
  } while (accept_symbol(","));
  if (peek().is_word("FROM")) throw NotModelled{"UPDATE … FROM"};
  if (accept_word("WHERE")) update.where = expression();
  return update;
}

ast::Statement Parser::delete_() {
  expect_word("DELETE");
  if (peek().is_word("TOP")) throw NotModelled{"DELETE TOP"};
  accept_word("FROM");
  ast::Delete remove;
  remove.table = multipart_name();
  if (peek().is_word("FROM")) throw NotModelled{"DELETE … FROM"};
  if (accept_word("WHERE")) remove.where = expression();
  return remove;
}

void Parser::set(std::vector<ast::ParsedStatement>& out, std::int32_t line) {
  expect_word("SET");
  if (peek().kind == TokenKind::Variable) throw NotModelled{"SET @variable"};
  if (peek().kind != TokenKind::Keyword) fail();
  const std::string option = upper(peek().text);

  const auto emit = [&](ast::SetOption set_option) {
    out.push_back(ast::ParsedStatement{std::move(set_option), line});
  };
  const auto on_off = [&] {
    if (!peek().is_word("ON") && !peek().is_word("OFF")) fail();
    return upper(take().text);
  };

  if (option == "IDENTITY_INSERT") {
    take();
    ast::SetOption set_option{option, multipart_name(), "", nullptr};
    set_option.word = on_off();
    emit(std::move(set_option));
    return;
  }
  if (option == "TRANSACTION") {
    take();
    expect_word("ISOLATION");
    expect_word("LEVEL");
    std::string level;
    if (accept_word("READ")) {
      level = "READ ";
      if (accept_word("COMMITTED")) {
        level += "COMMITTED";
      } else {
        expect_word("UNCOMMITTED");
        level += "UNCOMMITTED";
      }
    } else if (accept_word("REPEATABLE")) {
      expect_word("READ");
      level = "REPEATABLE READ";
    } else if (accept_word("SNAPSHOT")) {
      level = "SNAPSHOT";
    } else {
      expect_word("SERIALIZABLE");
      level = "SERIALIZABLE";
    }
    emit(ast::SetOption{"TRANSACTION ISOLATION LEVEL", {}, level, nullptr});
    return;
  }
  if (takes_value(option)) {
    take();
    emit(ast::SetOption{option, {}, "", additive()});
    return;
  }
  if (takes_word(option)) {
    take();
    const Token& value = peek();
    if (value.kind == TokenKind::Variable) throw NotModelled{"SET " + option + " @variable"};
    if (value.kind != TokenKind::Keyword && value.kind != TokenKind::Identifier &&
        value.kind != TokenKind::String && value.kind != TokenKind::Number) {
      fail();
    }
    emit(ast::SetOption{option, {}, take().text, nullptr});
    return;
  }

  // ON/OFF options, possibly several: SET ANSI_NULLS, QUOTED_IDENTIFIER ON.
  std::vector<std::string> options;
  do {
    if (peek().kind != TokenKind::Keyword) fail();
    std::string name = upper(take().text);
    if (name == "STATISTICS") {
      if (peek().kind != TokenKind::Keyword) fail();
      name += " " + upper(take().text);
    }
    options.push_back(std::move(name));
  } while (accept_symbol(","));
  const std::string word = on_off();
  for (std::string& name : options)
    emit(ast::SetOption{std::move(name), {}, word, nullptr});
}

}  // namespace mssql_sim::parse
