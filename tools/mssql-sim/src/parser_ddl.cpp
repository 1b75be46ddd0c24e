// DDL: CREATE DATABASE, CREATE/ALTER/DROP TABLE with SQL Server's column options and
// constraints, and the data types as DDL and CAST write them.
#include <cctype>

#include "collation.h"
#include "parser_internal.h"
#include "sql_errors.h"

namespace mssql_sim::parse {
namespace {

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

struct TypeName {
  std::string_view name;
  TypeId id;
};

constexpr TypeName kTypeNames[] = {
    {"BIT", TypeId::Bit},
    {"TINYINT", TypeId::TinyInt},
    {"SMALLINT", TypeId::SmallInt},
    {"INT", TypeId::Int},
    {"INTEGER", TypeId::Int},
    {"BIGINT", TypeId::BigInt},
    {"DECIMAL", TypeId::Decimal},
    {"DEC", TypeId::Decimal},
    {"NUMERIC", TypeId::Numeric},
    {"MONEY", TypeId::Money},
    {"SMALLMONEY", TypeId::SmallMoney},
    {"REAL", TypeId::Real},
    {"FLOAT", TypeId::Float},
    {"DATE", TypeId::Date},
    {"TIME", TypeId::Time},
    {"DATETIME", TypeId::DateTime},
    {"SMALLDATETIME", TypeId::SmallDateTime},
    {"DATETIME2", TypeId::DateTime2},
    {"DATETIMEOFFSET", TypeId::DateTimeOffset},
    {"CHAR", TypeId::Char},
    {"CHARACTER", TypeId::Char},
    {"VARCHAR", TypeId::VarChar},
    {"TEXT", TypeId::Text},
    {"NCHAR", TypeId::NChar},
    {"NVARCHAR", TypeId::NVarChar},
    {"NTEXT", TypeId::NText},
    {"BINARY", TypeId::Binary},
    {"VARBINARY", TypeId::VarBinary},
    {"IMAGE", TypeId::Image},
    {"ROWVERSION", TypeId::RowVersion},
    {"TIMESTAMP", TypeId::RowVersion},
    {"UNIQUEIDENTIFIER", TypeId::UniqueIdentifier},
    {"XML", TypeId::Xml},
    {"SQL_VARIANT", TypeId::SqlVariant},
    {"SYSNAME", TypeId::NVarChar},
};

std::string ordinal_prefix(int ordinal) {
  return "Column, parameter, or variable #" + std::to_string(ordinal) + ": ";
}

}  // namespace

SqlType Parser::type(TypeContext context, int ordinal) {
  const Token& first = peek();
  const std::int32_t line = first.line;
  if (first.kind != TokenKind::Keyword && first.kind != TokenKind::Identifier) fail();
  // SSMS writes [dbo].[name] or [sys].[name] for types too.
  if (peek(1).is_symbol(".") && (upper(first.text) == "SYS" || upper(first.text) == "DBO")) {
    take();
    take();
  }
  const Token& name_token = take();
  std::string name = upper(name_token.text);
  SqlType type;

  // Two-word spellings: double precision, char varying, national char varying…
  if (name == "DOUBLE" && accept_word("PRECISION")) name = "FLOAT";
  if (name == "NATIONAL") {
    if (accept_word("CHAR") || accept_word("CHARACTER")) {
      name = "NCHAR";
    } else if (accept_word("TEXT")) {
      name = "NTEXT";
    } else {
      fail();
    }
  }
  if ((name == "CHAR" || name == "CHARACTER" || name == "NCHAR" || name == "BINARY") &&
      accept_word("VARYING")) {
    name = name == "NCHAR" ? "NVARCHAR" : name == "BINARY" ? "VARBINARY" : "VARCHAR";
  }

  const TypeName* found = nullptr;
  for (const TypeName& candidate : kTypeNames) {
    if (candidate.name == name) found = &candidate;
  }
  if (found == nullptr) {
    if (context == TypeContext::Cast) {
      throw_sql_error(243, "Type " + name_token.text + " is not a defined system type.", 16, line);
    }
    throw_sql_error(
        2715, ordinal_prefix(ordinal) + "Cannot find data type " + name_token.text + ".", 16, line);
  }
  type.id = found->id;

  // Parenthesised arguments: (n), (max), (p, s).
  std::vector<std::int64_t> args;
  bool max = false;
  if (peek().is_symbol("(")) {
    take();
    do {
      if (accept_word("MAX")) {
        max = true;
      } else if (peek().kind == TokenKind::Number) {
        args.push_back(std::stoll(take().text));
      } else if (type.id == TypeId::Xml) {
        while (!peek().is_symbol(")") && !at_end())
          take();  // an XML schema collection
      } else {
        fail();
      }
    } while (accept_symbol(","));
    expect_symbol(")");
  }
  const auto invalid = [&](std::int64_t value) {
    throw_sql_error(1001,
                    "Line " + std::to_string(line) + ": Length or precision specification " +
                        std::to_string(value) + " is invalid.",
                    15, line);
  };

  switch (type.id) {
    case TypeId::Decimal:
    case TypeId::Numeric: {
      if (max || args.size() > 2) fail();
      const std::int64_t precision = args.empty() ? 18 : args[0];
      const std::int64_t scale = args.size() < 2 ? 0 : args[1];
      if (precision < 1) invalid(precision);
      if (precision > 38) {
        throw_sql_error(2750,
                        ordinal_prefix(ordinal) + "Specified column precision " +
                            std::to_string(precision) +
                            " is greater than the maximum precision of 38.",
                        16, line);
      }
      if (scale < 0 || scale > precision) {
        throw_sql_error(2751,
                        ordinal_prefix(ordinal) + "Specified column scale " +
                            std::to_string(scale) + " is greater than the specified precision of " +
                            std::to_string(precision) + ".",
                        16, line);
      }
      type.precision = static_cast<std::uint8_t>(precision);
      type.scale = static_cast<std::uint8_t>(scale);
      break;
    }
    case TypeId::Float: {
      if (max || args.size() > 1) fail();
      const std::int64_t bits = args.empty() ? 53 : args[0];
      if (bits < 1) invalid(bits);
      if (bits > 53) {
        throw_sql_error(2750,
                        ordinal_prefix(ordinal) + "Specified column precision " +
                            std::to_string(bits) + " is greater than the maximum precision of 53.",
                        16, line);
      }
      // float(1) … float(24) is real; float(25) … float(53) is float.
      type.id = bits <= 24 ? TypeId::Real : TypeId::Float;
      break;
    }
    case TypeId::Time:
    case TypeId::DateTime2:
    case TypeId::DateTimeOffset: {
      if (max || args.size() > 1) fail();
      const std::int64_t scale = args.empty() ? 7 : args[0];
      if (scale < 0 || scale > 7) {
        throw_sql_error(1002,
                        "Line " + std::to_string(line) + ": Specified scale " +
                            std::to_string(scale) + " is invalid.",
                        15, line);
      }
      type.scale = static_cast<std::uint8_t>(scale);
      break;
    }
    case TypeId::Char:
    case TypeId::VarChar:
    case TypeId::NChar:
    case TypeId::NVarChar:
    case TypeId::Binary:
    case TypeId::VarBinary: {
      if (args.size() > 1 || (max && !args.empty())) fail();
      const bool variable =
          type.id == TypeId::VarChar || type.id == TypeId::NVarChar || type.id == TypeId::VarBinary;
      if (max) {
        if (!variable) fail();
        type.length = SqlType::kMax;
        break;
      }
      const std::int64_t limit =
          type.id == TypeId::NChar || type.id == TypeId::NVarChar ? 4000 : 8000;
      std::int64_t length = args.empty() ? (context == TypeContext::Cast ? 30 : 1) : args[0];
      if (name == "SYSNAME") length = 128;
      if (length < 1) invalid(length);
      if (length > limit) {
        throw_sql_error(131,
                        "The size (" + std::to_string(length) + ") given to the type '" +
                            type_keyword(type.id) + "' exceeds the maximum allowed for any data " +
                            "type (" + std::to_string(limit) + ").",
                        15, line);
      }
      type.length = static_cast<std::int32_t>(length);
      break;
    }
    case TypeId::Text:
    case TypeId::NText:
    case TypeId::Image:
    case TypeId::Xml:
      if (!args.empty() || max) fail();
      type.length = SqlType::kMax;
      break;
    case TypeId::RowVersion:
      if (!args.empty() || max) fail();
      type.length = 8;
      break;
    default:
      if (!args.empty() || max) fail();
      break;
  }

  if (peek().is_word("COLLATE")) {
    const Token& collate = take();
    if (!is_character(type.id) || type.id == TypeId::Xml) {
      throw_sql_error(
          447, "Expression type " + type_keyword(type.id) + " is invalid for COLLATE clause.", 16,
          collate.line);
    }
    if (peek().kind != TokenKind::Keyword && peek().kind != TokenKind::Identifier) fail();
    type.collation = collation_from_name(take().text);
  }
  return type;
}

ast::Statement Parser::create() {
  expect_word("CREATE");
  if (accept_word("DATABASE")) {
    ast::CreateDatabase database;
    database.name = name_part();
    // File specifications and WITH options describe storage only; COLLATE sets the default.
    int depth = 0;
    while (!at_end() && !(depth == 0 && (peek().is_symbol(";") || is_statement_start(peek())))) {
      if (peek().is_symbol("(")) ++depth;
      if (peek().is_symbol(")")) --depth;
      if (depth == 0 && accept_word("COLLATE")) {
        database.collation = collation_from_name(name_part()).name;
        continue;
      }
      take();
    }
    return database;
  }
  if (!accept_word("TABLE")) {
    if (peek().is_word("UNIQUE") || peek().is_word("CLUSTERED") || peek().is_word("NONCLUSTERED") ||
        peek().is_word("INDEX")) {
      throw NotModelled{"CREATE INDEX"};
    }
    throw NotModelled{"CREATE " + upper(peek().text)};
  }

  ast::CreateTable table;
  table.table = multipart_name();
  expect_symbol("(");
  int ordinal = 0;
  do {
    if (peek().is_symbol(")")) break;  // a trailing comma, as some generators write
    const bool constraint = peek().is_word("CONSTRAINT") || peek().is_word("PRIMARY") ||
                            peek().is_word("UNIQUE") || peek().is_word("FOREIGN") ||
                            peek().is_word("CHECK") || peek().is_word("INDEX");
    if (constraint) {
      std::string constraint_name;
      if (accept_word("CONSTRAINT")) constraint_name = name_part();
      if (accept_word("PRIMARY")) {
        expect_word("KEY");
        if (!accept_word("CLUSTERED")) accept_word("NONCLUSTERED");
        table.primary_key = column_list();
        table.primary_key_name = constraint_name;
      } else if (accept_word("UNIQUE")) {
        if (!accept_word("CLUSTERED")) accept_word("NONCLUSTERED");
        column_list();
      } else if (accept_word("FOREIGN")) {
        expect_word("KEY");
        column_list();
        references();
      } else if (accept_word("CHECK")) {
        if (accept_word("NOT")) {
          expect_word("FOR");
          expect_word("REPLICATION");
        }
        expect_symbol("(");
        expression();
        expect_symbol(")");
      } else if (accept_word("INDEX")) {
        name_part();
        while (!peek().is_symbol("(") && !at_end())
          take();
        column_list();
      } else {
        fail();
      }
      // WITH (index options) and ON [filegroup] describe storage only.
      while (peek().is_word("WITH") || peek().is_word("ON")) {
        if (accept_word("WITH")) {
          expect_symbol("(");
          while (!accept_symbol(")")) {
            if (at_end()) fail();
            take();
          }
        } else {
          take();
          name_part();
          if (peek().is_symbol("(")) column_list();
        }
      }
      continue;
    }

    // A column: name type [options…]
    ++ordinal;
    ast::ColumnDef column;
    column.name = name_part();
    if (peek().is_word("AS")) throw NotModelled{"computed column"};
    column.type = type(TypeContext::Ddl, ordinal);
    while (true) {
      if (accept_word("NULL")) {
        column.nullable = true;
      } else if (peek().is_word("NOT") && peek(1).is_word("NULL")) {
        take();
        take();
        column.nullable = false;
      } else if (accept_word("IDENTITY")) {
        column.identity = true;
        if (accept_symbol("(")) {
          const auto integer = [&] {
            ast::ExprPtr value = unary();
            if (value->kind != ast::Expr::Kind::Literal || value->literal.value.is_null) fail();
            const TypedValue& literal = value->literal;
            if (literal.type.id == TypeId::Int) return literal.value.integer;
            __int128 unscaled = literal.value.unscaled;
            for (int i = 0; i < literal.type.scale; ++i)
              unscaled /= 10;
            return static_cast<std::int64_t>(unscaled);
          };
          column.identity_seed = integer();
          expect_symbol(",");
          column.identity_increment = integer();
          expect_symbol(")");
        }
      } else if (peek().is_word("COLLATE")) {
        take();
        if (!is_character(column.type.id)) fail();
        column.type.collation = collation_from_name(take().text);
      } else if (peek().is_word("CONSTRAINT") || peek().is_word("DEFAULT") ||
                 peek().is_word("PRIMARY") || peek().is_word("UNIQUE") || peek().is_word("CHECK") ||
                 peek().is_word("REFERENCES") || peek().is_word("FOREIGN")) {
        std::string constraint_name;
        if (accept_word("CONSTRAINT")) constraint_name = name_part();
        if (accept_word("DEFAULT")) {
          column.default_value = additive();
        } else if (accept_word("PRIMARY")) {
          expect_word("KEY");
          if (!accept_word("CLUSTERED")) accept_word("NONCLUSTERED");
          column.primary_key = true;
          table.primary_key = {column.name};
          table.primary_key_name = constraint_name;
        } else if (accept_word("UNIQUE")) {
          if (!accept_word("CLUSTERED")) accept_word("NONCLUSTERED");
        } else if (accept_word("CHECK")) {
          expect_symbol("(");
          expression();
          expect_symbol(")");
        } else {
          if (accept_word("FOREIGN")) expect_word("KEY");
          references();
        }
        if (accept_word("WITH")) {
          expect_symbol("(");
          while (!accept_symbol(")")) {
            if (at_end()) fail();
            take();
          }
        }
      } else if (accept_word("ROWGUIDCOL") || accept_word("SPARSE") || accept_word("FILESTREAM")) {
      } else if (peek().is_word("NOT") && peek(1).is_word("FOR")) {
        take();
        take();
        expect_word("REPLICATION");
      } else {
        break;
      }
    }
    table.columns.push_back(std::move(column));
  } while (accept_symbol(","));
  expect_symbol(")");

  // ON [PRIMARY], TEXTIMAGE_ON [PRIMARY], WITH (…): storage options only.
  while (true) {
    if (accept_word("ON") || accept_word("TEXTIMAGE_ON") || accept_word("FILESTREAM_ON")) {
      name_part();
      if (peek().is_symbol("(")) column_list();
    } else if (peek().is_word("WITH") && peek(1).is_symbol("(")) {
      take();
      take();
      int depth = 1;
      while (depth > 0) {
        if (at_end()) fail();
        const Token& token = take();
        if (token.is_symbol("(")) ++depth;
        if (token.is_symbol(")")) --depth;
      }
    } else {
      break;
    }
  }
  return table;
}

void Parser::references() {
  expect_word("REFERENCES");
  multipart_name();
  if (peek().is_symbol("(")) column_list();
  while (peek().is_word("ON") && (peek(1).is_word("DELETE") || peek(1).is_word("UPDATE"))) {
    take();
    take();
    if (accept_word("NO")) {
      expect_word("ACTION");
    } else if (!accept_word("CASCADE")) {
      expect_word("SET");
      if (!accept_word("NULL")) expect_word("DEFAULT");
    }
  }
  if (peek().is_word("NOT") && peek(1).is_word("FOR")) {
    take();
    take();
    expect_word("REPLICATION");
  }
}

ast::Statement Parser::alter() {
  expect_word("ALTER");
  if (!accept_word("TABLE")) throw NotModelled{"ALTER " + upper(peek().text)};
  ast::Name table = multipart_name();
  // ALTER TABLE t [WITH CHECK|NOCHECK] ADD CONSTRAINT name PRIMARY KEY [CLUSTERED] (cols)
  if (peek().is_word("ADD") && peek(1).is_word("CONSTRAINT") && peek(3).is_word("PRIMARY")) {
    take();
    take();
    ast::AddPrimaryKey key;
    key.table = std::move(table);
    key.constraint_name = name_part();
    expect_word("PRIMARY");
    expect_word("KEY");
    if (!accept_word("CLUSTERED")) accept_word("NONCLUSTERED");
    key.columns = column_list();
    if (peek().is_word("WITH") && peek(1).is_symbol("(")) {
      take();
      take();
      while (!accept_symbol(")")) {
        if (at_end()) fail();
        take();
      }
    }
    if (accept_word("ON")) name_part();
    return key;
  }
  if (peek().is_word("ADD") && peek(1).is_word("PRIMARY")) {
    take();
    ast::AddPrimaryKey key;
    key.table = std::move(table);
    expect_word("PRIMARY");
    expect_word("KEY");
    if (!accept_word("CLUSTERED")) accept_word("NONCLUSTERED");
    key.columns = column_list();
    return key;
  }
  // Name what is skipped: the words after the table tell foreign keys from checks.
  for (std::size_t i = 0; i < 8 && !peek(i).is_symbol(";"); ++i) {
    if (peek(i).is_word("FOREIGN")) throw NotModelled{"ALTER TABLE … FOREIGN KEY"};
    if (peek(i).is_word("DEFAULT")) throw NotModelled{"ALTER TABLE … DEFAULT"};
    if (peek(i).is_word("UNIQUE")) throw NotModelled{"ALTER TABLE … UNIQUE"};
    if (peek(i).is_word("CHECK") && peek(i + 1).is_word("CONSTRAINT") &&
        (i == 0 || !peek(i - 1).is_word("WITH"))) {
      throw NotModelled{"ALTER TABLE … CHECK CONSTRAINT"};
    }
  }
  throw NotModelled{"ALTER TABLE"};
}

ast::Statement Parser::drop() {
  expect_word("DROP");
  if (!accept_word("TABLE")) throw NotModelled{"DROP " + upper(peek().text)};
  ast::DropTable drop;
  if (peek().is_word("IF") && peek(1).is_word("EXISTS")) {
    take();
    take();
    drop.if_exists = true;
  }
  drop.table = multipart_name();
  // DROP TABLE a, b drops several tables: each becomes a statement of its own.
  if (peek().is_symbol(",")) throw NotModelled{"DROP TABLE with several tables"};
  return drop;
}

}  // namespace mssql_sim::parse
