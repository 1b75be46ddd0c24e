// The parser: statements as scripts and clients write them, and SQL Server's syntax errors.
#include "parser.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "collation.h"
#include "lexer.h"
#include "query_engine.h"

using namespace mssql_sim;
using Kind = ast::Expr::Kind;

namespace {

template <typename T>
T only(const std::vector<ast::ParsedStatement>& statements) {
  REQUIRE(statements.size() == 1);
  const T* statement = std::get_if<T>(&statements[0].statement);
  REQUIRE(statement != nullptr);
  return *statement;
}

ast::Select select_of(std::string_view sql) {
  return only<ast::Select>(parse_batch(sql));
}

ast::Expr where_of(std::string_view sql) {
  return *select_of(sql).where;
}

SqlMessage error_of(std::string_view sql) {
  try {
    parse_batch(sql);
  } catch (const SqlError& error) {
    return error.message();
  }
  FAIL("no error for: " << sql);
  return {};
}

TypedValue literal_of(std::string_view expression) {
  const ast::Select query = select_of("SELECT " + std::string(expression));
  REQUIRE(query.items[0].expr->kind == Kind::Literal);
  return query.items[0].expr->literal;
}

}  // namespace

TEST_CASE("the Chinook script parses completely", "[parser]") {
  const auto path = std::filesystem::path(__FILE__).parent_path() /
                    "../../../shared/data/chinook/Chinook_SqlServer.sql";
  std::ifstream file(path);
  if (!file) {
    WARN("Chinook script not found at " << path);
    return;
  }
  std::stringstream text;
  text << file.rdbuf();
  std::size_t tables = 0;
  std::size_t rows = 0;
  std::size_t unsupported = 0;
  std::size_t databases = 0;
  for (const ScriptBatch& batch : split_batches(text.str())) {
    for (const ast::ParsedStatement& parsed : parse_batch(batch.text)) {
      if (const auto* create = std::get_if<ast::CreateTable>(&parsed.statement)) {
        ++tables;
        CHECK_FALSE(create->primary_key.empty());
      }
      if (const auto* insert = std::get_if<ast::Insert>(&parsed.statement)) {
        rows += insert->rows.size();
      }
      if (std::holds_alternative<ast::Unsupported>(parsed.statement)) ++unsupported;
      if (std::holds_alternative<ast::CreateDatabase>(parsed.statement)) ++databases;
    }
  }
  CHECK(databases == 1);
  CHECK(tables == 11);
  CHECK(rows == 15607);
  CHECK(unsupported == 1 + 11 + 11);  // IF EXISTS … DROP DATABASE, foreign keys, indexes
}

TEST_CASE("CREATE TABLE reads every type with SQL Server's defaults", "[parser]") {
  const auto create = only<ast::CreateTable>(parse_batch(
      "CREATE TABLE db.dbo.t (a bit, b tinyint, c smallint, d int, e bigint, f decimal, "
      "g numeric(10, 2), h money, i smallmoney, j real, k float, l float(24), m float(25), "
      "n date, o time, p time(3), q datetime, r smalldatetime, s datetime2, t datetime2(0), "
      "u datetimeoffset(5), v char, w varchar(30), x varchar(max), y text, z nchar(2), "
      "aa nvarchar(max), ab ntext, ac binary, ad varbinary(max), ae image, af rowversion, "
      "ag uniqueidentifier, ah xml, ai sql_variant, aj timestamp)"));
  CHECK(create.table == ast::Name{"db", "dbo", "t"});
  REQUIRE(create.columns.size() == 36);
  const auto type = [&](std::size_t i) { return create.columns[i].type; };
  CHECK(type(5).id == TypeId::Decimal);
  CHECK(type(5).precision == 18);
  CHECK(type(5).scale == 0);
  CHECK(type(6).precision == 10);
  CHECK(type(6).scale == 2);
  CHECK(type(10).id == TypeId::Float);
  CHECK(type(11).id == TypeId::Real);
  CHECK(type(12).id == TypeId::Float);
  CHECK(type(14).scale == 7);
  CHECK(type(15).scale == 3);
  CHECK(type(18).scale == 7);
  CHECK(type(19).scale == 0);
  CHECK(type(20).id == TypeId::DateTimeOffset);
  CHECK(type(20).scale == 5);
  CHECK(type(21).length == 1);
  CHECK(type(22).length == 30);
  CHECK(type(23).length == SqlType::kMax);
  CHECK(type(24).id == TypeId::Text);
  CHECK(type(26).length == SqlType::kMax);
  CHECK(type(28).length == 1);
  CHECK(type(29).length == SqlType::kMax);
  CHECK(type(31).id == TypeId::RowVersion);
  CHECK(type(35).id == TypeId::RowVersion);
  CHECK(create.columns[0].nullable);
}

TEST_CASE("CREATE TABLE reads column options and constraints", "[parser]") {
  const auto create = only<ast::CreateTable>(parse_batch(
      "CREATE TABLE [dbo].[bi] (\n"
      "  [id] [bigint] IDENTITY(1000, 5) NOT NULL,\n"
      "  [Name] [nvarchar](50) COLLATE Cyrillic_General_CI_AS NULL,\n"
      "  [STATUS] tinyint NOT NULL CONSTRAINT [DF_bi_STATUS] DEFAULT ((1)),\n"
      "  [Created] datetime DEFAULT (getdate()),\n"
      "  [Code] char(2) NOT NULL DEFAULT 'SP' CHECK (Code <> ''),\n"
      "  CONSTRAINT [PK_bi] PRIMARY KEY CLUSTERED ([id] ASC, [Code] DESC)\n"
      "    WITH (PAD_INDEX = OFF, STATISTICS_NORECOMPUTE = OFF) ON [PRIMARY],\n"
      "  CONSTRAINT [FK_x] FOREIGN KEY ([Code]) REFERENCES [dbo].[uf] ([Code]) ON DELETE CASCADE\n"
      ") ON [PRIMARY] TEXTIMAGE_ON [PRIMARY]"));
  REQUIRE(create.columns.size() == 5);
  const ast::ColumnDef& id = create.columns[0];
  CHECK(id.identity);
  CHECK(id.identity_seed == 1000);
  CHECK(id.identity_increment == 5);
  CHECK_FALSE(id.nullable);
  CHECK(create.columns[1].type.id == TypeId::NVarChar);
  CHECK(create.columns[1].type.length == 50);
  CHECK(create.columns[1].type.collation.name == "Cyrillic_General_CI_AS");
  CHECK(code_page(create.columns[1].type.collation) == 1251);
  REQUIRE(create.columns[2].default_value != nullptr);
  CHECK(create.columns[2].default_value->kind == Kind::Literal);
  CHECK(create.columns[2].default_value->literal.value.integer == 1);
  CHECK(create.columns[3].default_value->kind == Kind::Function);
  CHECK(create.columns[3].default_value->name[0] == "GETDATE");
  CHECK(create.columns[4].default_value->literal.value.bytes == "SP");
  CHECK(create.primary_key == std::vector<std::string>{"id", "Code"});
  CHECK(create.primary_key_name == "PK_bi");
}

TEST_CASE("an inline PRIMARY KEY makes the table's key", "[parser]") {
  const auto create = only<ast::CreateTable>(
      parse_batch("CREATE TABLE t (id int NOT NULL PRIMARY KEY, v varchar(10))"));
  CHECK(create.columns[0].primary_key);
  CHECK(create.primary_key == std::vector<std::string>{"id"});
}

TEST_CASE("ALTER TABLE ADD CONSTRAINT PRIMARY KEY is modelled, foreign keys are not", "[parser]") {
  const auto statements = parse_batch(
      "ALTER TABLE dbo.t ADD CONSTRAINT PK_t PRIMARY KEY CLUSTERED (a, b)\n"
      "ALTER TABLE [dbo].[x] WITH CHECK ADD CONSTRAINT [FK_x] FOREIGN KEY([a]) REFERENCES "
      "[dbo].[y] ([a]) ON UPDATE NO ACTION\n"
      "ALTER TABLE [dbo].[x] CHECK CONSTRAINT [FK_x]\n"
      "SELECT 1");
  REQUIRE(statements.size() == 4);
  const auto& key = std::get<ast::AddPrimaryKey>(statements[0].statement);
  CHECK(key.constraint_name == "PK_t");
  CHECK(key.columns == std::vector<std::string>{"a", "b"});
  CHECK(std::get<ast::Unsupported>(statements[1].statement).what == "ALTER TABLE … FOREIGN KEY");
  CHECK(std::get<ast::Unsupported>(statements[2].statement).what ==
        "ALTER TABLE … CHECK CONSTRAINT");
  CHECK(std::holds_alternative<ast::Select>(statements[3].statement));
  CHECK(statements[3].line == 4);
}

TEST_CASE("unmodelled statements consume exactly their own text", "[parser]") {
  const auto statements = parse_batch(
      "CREATE UNIQUE NONCLUSTERED INDEX ix ON dbo.t (a) INCLUDE (b) WITH (FILLFACTOR = 90)\n"
      "EXEC sp_who 'active'\n"
      "IF OBJECT_ID('dbo.t') IS NOT NULL DROP TABLE dbo.t\n"
      "IF EXISTS (SELECT 1 FROM sys.tables) BEGIN PRINT 'x' DROP DATABASE y END ELSE PRINT 'z'\n"
      "DECLARE @x int = 5\n"
      "DROP DATABASE old\n"
      "GRANT SELECT, INSERT ON dbo.t TO public\n"
      "SELECT 2\n"
      "CREATE VIEW v AS SELECT 1 AS a SELECT 3");
  REQUIRE(statements.size() == 9);
  CHECK(std::get<ast::Unsupported>(statements[0].statement).what == "CREATE INDEX");
  CHECK(std::get<ast::Unsupported>(statements[1].statement).what == "EXEC");
  CHECK(std::get<ast::Unsupported>(statements[2].statement).what == "IF block");
  CHECK(std::get<ast::Unsupported>(statements[3].statement).what == "IF block");
  CHECK(std::get<ast::Unsupported>(statements[4].statement).what == "DECLARE");
  CHECK(std::get<ast::Unsupported>(statements[5].statement).what == "DROP DATABASE");
  CHECK(std::get<ast::Unsupported>(statements[6].statement).what == "GRANT");
  CHECK(std::holds_alternative<ast::Select>(statements[7].statement));
  CHECK(statements[7].line == 8);
  CHECK(std::get<ast::Unsupported>(statements[8].statement).what == "CREATE VIEW");
}

TEST_CASE("SELECT reads TOP, aliases, three-part names, ORDER BY and OFFSET FETCH", "[parser]") {
  const ast::Select query = select_of(
      "SELECT DISTINCT TOP (10) a, b AS [B b], c d, e = 1, 'x' AS 'y', t.*, * "
      "FROM Chinook.dbo.Album AS t WHERE a > 1 ORDER BY a DESC, 2 "
      "OFFSET 5 ROWS FETCH NEXT 20 ROWS ONLY");
  CHECK(query.distinct);
  REQUIRE(query.top != nullptr);
  CHECK(query.top->literal.value.integer == 10);
  REQUIRE(query.items.size() == 7);
  CHECK(query.items[0].alias.empty());
  CHECK(query.items[1].alias == "B b");
  CHECK(query.items[2].alias == "d");
  CHECK(query.items[3].alias == "e");
  CHECK(query.items[4].alias == "y");
  CHECK(query.items[5].expr->kind == Kind::Star);
  CHECK(query.items[5].expr->name == ast::Name{"t"});
  CHECK(query.items[6].expr->kind == Kind::Star);
  CHECK(query.items[6].expr->name.empty());
  REQUIRE(query.from.has_value());
  CHECK(query.from->name == ast::Name{"Chinook", "dbo", "Album"});
  CHECK(query.from->alias == "t");
  REQUIRE(query.order_by.size() == 2);
  CHECK(query.order_by[0].descending);
  CHECK_FALSE(query.order_by[1].descending);
  CHECK(query.offset->literal.value.integer == 5);
  CHECK(query.fetch->literal.value.integer == 20);
}

TEST_CASE("SELECT without FROM, TOP without parentheses, and GROUP BY", "[parser]") {
  CHECK_FALSE(select_of("SELECT 1").from.has_value());
  CHECK(select_of("SELECT @@VERSION").items[0].expr->kind == Kind::Global);
  CHECK(select_of("select @@version").items[0].expr->name[0] == "@@VERSION");
  CHECK(select_of("SELECT TOP 5 * FROM t").top->literal.value.integer == 5);
  const ast::Select grouped = select_of("SELECT a, COUNT(*) FROM t WITH (NOLOCK) GROUP BY a");
  CHECK(grouped.group_by.size() == 1);
  CHECK(grouped.items[1].expr->name[0] == "COUNT");
  CHECK(grouped.items[1].expr->args[0]->kind == Kind::Star);
}

TEST_CASE("SELECT shapes beyond one table become Unsupported", "[parser]") {
  const auto statements =
      parse_batch("SELECT a FROM t JOIN u ON t.id = u.id WHERE a IN (SELECT 1) SELECT 2");
  REQUIRE(statements.size() == 2);
  CHECK(std::get<ast::Unsupported>(statements[0].statement).what == "JOIN");
  CHECK(std::holds_alternative<ast::Select>(statements[1].statement));
}

TEST_CASE("expressions follow SQL precedence", "[parser]") {
  const ast::Expr keyset = where_of("SELECT * FROM t WHERE a > @a OR (a = @a AND b > @b)");
  CHECK(keyset.kind == Kind::Or);
  CHECK(keyset.args[0]->kind == Kind::Compare);
  CHECK(keyset.args[0]->args[1]->kind == Kind::Param);
  CHECK(keyset.args[0]->args[1]->name[0] == "@a");
  CHECK(keyset.args[1]->kind == Kind::And);

  const ast::Expr mixed = where_of("SELECT * FROM t WHERE NOT a = 1 AND b = 2 OR c = 3");
  CHECK(mixed.kind == Kind::Or);
  CHECK(mixed.args[0]->kind == Kind::And);
  CHECK(mixed.args[0]->args[0]->kind == Kind::Not);

  const ast::Expr arithmetic = *select_of("SELECT 1 + 2 * 3 - 4").items[0].expr;
  CHECK(arithmetic.op == "-");
  CHECK(arithmetic.args[0]->op == "+");
  CHECK(arithmetic.args[0]->args[1]->op == "*");
}

TEST_CASE("predicates: IS NULL, BETWEEN, IN, LIKE and their negations", "[parser]") {
  CHECK(where_of("SELECT * FROM t WHERE a IS NOT NULL").negated);
  const ast::Expr between = where_of("SELECT * FROM t WHERE a NOT BETWEEN 1 AND 2 AND b = 1");
  CHECK(between.kind == Kind::And);
  CHECK(between.args[0]->kind == Kind::Between);
  CHECK(between.args[0]->negated);
  const ast::Expr in = where_of("SELECT * FROM t WHERE a NOT IN (1, 2, 3)");
  CHECK(in.kind == Kind::In);
  CHECK(in.negated);
  CHECK(in.args.size() == 4);
  CHECK(where_of("SELECT * FROM t WHERE a LIKE 'x%'").kind == Kind::Like);
  CHECK(where_of("SELECT * FROM t WHERE a != 1").op == "<>");
}

TEST_CASE("CAST, CONVERT with a style, and function calls", "[parser]") {
  const ast::Select query = select_of(
      "SELECT CAST(a AS decimal(10, 2)), CONVERT(varchar, b, 121), COUNT(DISTINCT c), "
      "COUNT_BIG(*), NCHAR(0xD83D), ISNULL(a, 0), CURRENT_TIMESTAMP, LEFT(a, 2)");
  CHECK(query.items[0].expr->kind == Kind::Cast);
  CHECK(query.items[0].expr->cast_type.precision == 10);
  CHECK(query.items[1].expr->cast_type.id == TypeId::VarChar);
  CHECK(query.items[1].expr->cast_type.length == 30);  // CAST and CONVERT default to 30
  CHECK(query.items[1].expr->style == 121);
  CHECK(query.items[2].expr->distinct);
  CHECK(query.items[3].expr->name[0] == "COUNT_BIG");
  CHECK(query.items[5].expr->args.size() == 2);
  CHECK(query.items[6].expr->name[0] == "CURRENT_TIMESTAMP");
  CHECK(query.items[7].expr->name[0] == "LEFT");
}

TEST_CASE("literals are typed as SQL Server types them", "[parser]") {
  CHECK(literal_of("12").type.id == TypeId::Int);
  const TypedValue big = literal_of("3000000000");
  CHECK(big.type.id == TypeId::Numeric);
  CHECK(big.type.precision == 10);
  CHECK(big.type.scale == 0);
  CHECK(big.value.unscaled == 3000000000);
  const TypedValue decimal = literal_of("1.50");
  CHECK(decimal.type.precision == 3);
  CHECK(decimal.type.scale == 2);
  CHECK(decimal.value.unscaled == 150);
  CHECK(literal_of("0.05").type.precision == 2);
  CHECK(literal_of("1e3").type.id == TypeId::Float);
  CHECK(literal_of("1e3").value.real == 1000.0);
  const TypedValue min_int = literal_of("-2147483648");
  CHECK(min_int.type.id == TypeId::Numeric);
  CHECK(min_int.value.unscaled == -2147483648LL);
  CHECK(literal_of("-5").value.integer == -5);
  const TypedValue text = literal_of("'abc'");
  CHECK(text.type.id == TypeId::VarChar);
  CHECK(text.type.length == 3);
  const TypedValue unicode = literal_of("N'a\xF0\x9F\x98\x80'");
  CHECK(unicode.type.id == TypeId::NVarChar);
  CHECK(unicode.type.length == 3);                  // a surrogate pair counts two
  CHECK(literal_of("'日本'").value.bytes == "??");  // not in code page 1252
  const TypedValue binary = literal_of("0xABCD");
  CHECK(binary.type.id == TypeId::VarBinary);
  CHECK(binary.type.length == 2);
  CHECK(literal_of("NULL").value.is_null);
}

TEST_CASE("INSERT, UPDATE, DELETE, DROP TABLE and TRUNCATE", "[parser]") {
  const auto insert = only<ast::Insert>(
      parse_batch("INSERT INTO [dbo].[Genre] ([GenreId], [Name]) VALUES (1, N'Rock'), (2, NULL)"));
  CHECK(insert.columns == std::vector<std::string>{"GenreId", "Name"});
  CHECK(insert.rows.size() == 2);
  const auto from_select = only<ast::Insert>(parse_batch("INSERT t SELECT a FROM u"));
  CHECK(from_select.select.has_value());
  const auto update =
      only<ast::Update>(parse_batch("UPDATE t SET a = a + 1, b = NULL WHERE c = 1"));
  CHECK(update.assignments.size() == 2);
  CHECK(update.where != nullptr);
  CHECK(only<ast::Delete>(parse_batch("DELETE t WHERE a = 1")).where != nullptr);
  CHECK(only<ast::Delete>(parse_batch("DELETE FROM t")).where == nullptr);
  CHECK(only<ast::Delete>(parse_batch("TRUNCATE TABLE t")).table == ast::Name{"t"});
  CHECK(only<ast::DropTable>(parse_batch("DROP TABLE IF EXISTS dbo.t")).if_exists);
}

TEST_CASE("SET statements of sessions and clients", "[parser]") {
  const auto statements = parse_batch(
      "set ansi_nulls on\nset textsize 2147483647\nSET IDENTITY_INSERT dbo.t ON\n"
      "SET ANSI_NULLS, QUOTED_IDENTIFIER ON\nset language us_english\nset dateformat mdy\n"
      "set datefirst 7\nset transaction isolation level read committed\nSET NOCOUNT OFF;"
      "SET FMTONLY ON select * from T SET FMTONLY OFF");
  REQUIRE(statements.size() == 13);
  const auto option = [&](std::size_t i) {
    return std::get<ast::SetOption>(statements[i].statement);
  };
  CHECK(option(0).option == "ANSI_NULLS");
  CHECK(option(0).word == "ON");
  CHECK(option(1).option == "TEXTSIZE");
  CHECK(option(1).value->literal.value.integer == 2147483647);
  CHECK(option(2).option == "IDENTITY_INSERT");
  CHECK(option(2).table == ast::Name{"dbo", "t"});
  CHECK(option(2).word == "ON");
  CHECK(option(3).option == "ANSI_NULLS");
  CHECK(option(4).option == "QUOTED_IDENTIFIER");
  CHECK(option(5).word == "us_english");
  CHECK(option(6).word == "mdy");
  CHECK(option(7).value->literal.value.integer == 7);
  CHECK(option(8).option == "TRANSACTION ISOLATION LEVEL");
  CHECK(option(8).word == "READ COMMITTED");
  CHECK(option(9).word == "OFF");
  CHECK(option(10).option == "FMTONLY");
  CHECK(std::holds_alternative<ast::Select>(statements[11].statement));
  CHECK(option(12).word == "OFF");
}

TEST_CASE("transactions and USE", "[parser]") {
  const auto statements =
      parse_batch("BEGIN TRAN; BEGIN TRANSACTION t1 COMMIT TRANSACTION ROLLBACK USE [Chinook]");
  REQUIRE(statements.size() == 5);
  CHECK(std::get<ast::Transaction>(statements[1].statement).verb == "BEGIN");
  CHECK(std::get<ast::Transaction>(statements[2].statement).verb == "COMMIT");
  CHECK(std::get<ast::Transaction>(statements[3].statement).verb == "ROLLBACK");
  CHECK(std::get<ast::Use>(statements[4].statement).database == "Chinook");
}

TEST_CASE("syntax errors carry SQL Server's numbers, texts and lines", "[parser]") {
  SqlMessage message = error_of("SELECT 1\nSELECT FROM t");
  CHECK(message.number == 156);
  CHECK(message.text == "Incorrect syntax near the keyword 'FROM'.");
  CHECK(message.line == 2);
  CHECK(message.severity == 15);
  message = error_of("SELECT * FROM t WHERE a = = 1");
  CHECK(message.number == 102);
  CHECK(message.text == "Incorrect syntax near '='.");
  CHECK(error_of("SELECT 'abc").number == 105);
  message = error_of("CREATE TABLE t (a int, b foo)");
  CHECK(message.number == 2715);
  CHECK(message.text == "Column, parameter, or variable #2: Cannot find data type foo.");
  CHECK(error_of("SELECT CAST(1 AS foo)").number == 243);
}

TEST_CASE("parse_type reads a type with its COLLATE clause", "[parser]") {
  const SqlType decimal = parse_type("decimal(18, 2)");
  CHECK(decimal.id == TypeId::Decimal);
  CHECK(decimal.scale == 2);
  const SqlType text = parse_type("varchar(max) COLLATE Cyrillic_General_CI_AS");
  CHECK(text.length == SqlType::kMax);
  CHECK(code_page(text.collation) == 1251);
  CHECK(parse_type("float(24)").id == TypeId::Real);
  CHECK(parse_type("nvarchar(100)").length == 100);
  CHECK_THROWS_AS(parse_type("nvarchar(5000)"), SqlError);
  CHECK_THROWS_AS(parse_type("decimal(39)"), SqlError);
}
