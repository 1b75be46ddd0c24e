// SELECT: the query shapes clients and the reader send against a single table.
#include "parser_internal.h"

namespace mssql_sim::parse {
namespace {

// A word that ends the select list or a clause and so cannot be a column alias.
bool ends_clause(const Token& token) {
  static constexpr std::string_view kWords[] = {"OFFSET", "FETCH", "ROWS", "ROW", "GO"};
  for (std::string_view word : kWords) {
    if (token.is_word(word)) return true;
  }
  return false;
}

}  // namespace

ast::Select Parser::select() {
  expect_word("SELECT");
  ast::Select query;
  if (accept_word("DISTINCT")) {
    query.distinct = true;
  } else {
    accept_word("ALL");
  }

  if (accept_word("TOP")) {
    if (accept_symbol("(")) {
      query.top = expression();
      expect_symbol(")");
    } else {
      query.top = unary();
    }
    if (peek().is_word("PERCENT")) throw NotModelled{"TOP … PERCENT"};
    if (peek().is_word("WITH")) throw NotModelled{"TOP … WITH TIES"};
  }

  // The select list.
  do {
    ast::SelectItem item;
    const Token& token = peek();
    if ((is_name(token) || token.kind == TokenKind::String) && peek(1).is_symbol("=")) {
      item.alias = take().text;  // alias = expression
      take();
      item.expr = expression();
    } else if (token.kind == TokenKind::Variable && peek(1).is_symbol("=")) {
      throw NotModelled{"variable assignment"};
    } else {
      item.expr = expression();
      if (accept_word("AS")) {
        if (peek().kind == TokenKind::String || is_name(peek())) {
          item.alias = take().text;
        } else {
          fail();
        }
      } else if ((peek().kind == TokenKind::String || is_name(peek())) && !ends_clause(peek())) {
        item.alias = take().text;
      }
    }
    query.items.push_back(std::move(item));
  } while (accept_symbol(","));

  if (peek().is_word("INTO")) throw NotModelled{"SELECT … INTO"};

  if (accept_word("FROM")) {
    ast::TableRef table;
    if (peek().is_symbol("(")) throw NotModelled{"derived table"};
    table.name = multipart_name();
    if (peek().is_symbol("(")) throw NotModelled{"table-valued function"};
    if (accept_word("AS")) {
      table.alias = name_part();
    } else if (is_name(peek()) && !ends_clause(peek()) && !peek().is_word("TABLESAMPLE")) {
      table.alias = take().text;
    }
    // Table hints such as WITH (NOLOCK) change locking only, which the simulator has none of.
    if (peek().is_word("WITH") && peek(1).is_symbol("(")) {
      take();
      take();
      while (!accept_symbol(")")) {
        if (at_end()) fail();
        take();
      }
    }
    if (peek().is_symbol(",") || peek().is_word("JOIN") || peek().is_word("INNER") ||
        peek().is_word("LEFT") || peek().is_word("RIGHT") || peek().is_word("FULL") ||
        peek().is_word("CROSS") || peek().is_word("OUTER")) {
      throw NotModelled{"JOIN"};
    }
    query.from = std::move(table);
  }

  if (accept_word("WHERE")) query.where = expression();

  if (peek().is_word("GROUP")) {
    take();
    expect_word("BY");
    do {
      query.group_by.push_back(expression());
    } while (accept_symbol(","));
  }
  if (peek().is_word("HAVING")) throw NotModelled{"HAVING"};

  if (peek().is_word("ORDER")) {
    take();
    expect_word("BY");
    do {
      ast::OrderItem item;
      item.expr = expression();
      if (accept_word("DESC")) {
        item.descending = true;
      } else {
        accept_word("ASC");
      }
      query.order_by.push_back(std::move(item));
    } while (accept_symbol(","));

    if (accept_word("OFFSET")) {
      query.offset = additive();
      if (!accept_word("ROWS")) expect_word("ROW");
      if (accept_word("FETCH")) {
        if (!accept_word("NEXT")) expect_word("FIRST");
        query.fetch = additive();
        if (!accept_word("ROWS")) expect_word("ROW");
        expect_word("ONLY");
      }
    }
  }

  if (peek().is_word("UNION") || peek().is_word("EXCEPT") || peek().is_word("INTERSECT")) {
    throw NotModelled{"UNION"};
  }
  if (peek().is_word("FOR")) throw NotModelled{"FOR XML/JSON"};
  if (peek().is_word("OPTION") && peek(1).is_symbol("(")) {
    // Query hints (OPTION (MAXDOP 1)…) do not change results.
    take();
    take();
    int depth = 1;
    while (depth > 0) {
      if (at_end()) fail();
      const Token& token = take();
      if (token.is_symbol("(")) ++depth;
      if (token.is_symbol(")")) --depth;
    }
  }
  return query;
}

}  // namespace mssql_sim::parse
