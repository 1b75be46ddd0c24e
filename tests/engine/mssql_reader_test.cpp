// The SQL Server reader against the simulator: discovery, keyset pages over generated
// tables, and every type decoded exactly. Expected values are SQL Server's documented ones.
#include <catch2/catch.hpp>
#include <cstring>
#include <limits>
#include <map>
#include <set>

#include "etl/errors.h"
#include "mssql/make_source.h"
#include "mssql/mssql_values.h"
#include "sim_fixture.h"

using namespace etl;

namespace {

const char* const kAllTypes = R"sql(
CREATE TABLE dbo.all_types (
  id int IDENTITY(1,1) NOT NULL PRIMARY KEY,
  c_bit bit NULL, c_tinyint tinyint NULL, c_smallint smallint NULL, c_int int NULL,
  c_bigint bigint NULL, c_decimal decimal(38,10) NULL, c_numeric numeric(5,2) NULL,
  c_money money NULL, c_smallmoney smallmoney NULL, c_real real NULL, c_float float NULL,
  c_date date NULL, c_time time(7) NULL, c_datetime datetime NULL,
  c_smalldatetime smalldatetime NULL, c_datetime2 datetime2(7) NULL,
  c_dto datetimeoffset(7) NULL, c_char char(5) NULL, c_varchar varchar(50) NULL,
  c_text text NULL, c_nchar nchar(5) NULL, c_nvarchar nvarchar(50) NULL, c_ntext ntext NULL,
  c_binary binary(4) NULL, c_varbinary varbinary(10) NULL, c_image image NULL,
  c_guid uniqueidentifier NULL, c_xml xml NULL, c_nvarchar_max nvarchar(max) NULL,
  c_varbinary_max varbinary(max) NULL
);
GO
INSERT INTO dbo.all_types (c_bit, c_tinyint, c_smallint, c_int, c_bigint, c_decimal, c_numeric,
  c_money, c_smallmoney, c_real, c_float, c_date, c_time, c_datetime, c_smalldatetime,
  c_datetime2, c_dto, c_char, c_varchar, c_text, c_nchar, c_nvarchar, c_ntext, c_binary,
  c_varbinary, c_image, c_guid, c_xml, c_nvarchar_max, c_varbinary_max)
VALUES (1, 255, -32768, -2147483648, -9223372036854775808,
  -1234567890123456789012345678.1234567890, -999.99,
  -922337203685477.5808, 214748.3647, 1.5, -49586.345,
  '0001-01-01', '23:59:59.9999999', '2004-02-24 15:16:17.997', '2004-02-24 15:16:29',
  '2011-08-10 12:23:45.1234567', '2011-08-10 12:23:45.1234567 -08:30',
  'ab', 'Ação', 'texto longo', N'xy', N'Olá 😀 mundo', N'ntext ✓', 0x01020304,
  0x0A0B, 0xFFD8FF, '0DDF3B64-E692-11D1-AB06-00AA00BDD685', N'<a>b</a>', N'$BIG$', 0x00FF),
(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
 NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
(0, 0, 0, 0, 9223372036854775807, 9999999999999999999999999999.9999999999, 999.99,
  922337203685477.5807, -214748.3648, 0, 0, '9999-12-31', '00:00:00', '1753-01-01 00:00:00',
  '1900-01-01 00:00', '9999-12-31 23:59:59.9999999', '0001-01-01 14:00:00 +14:00',
  '', '', '', N'', N'', N'', 0x00000000, 0x, 0x, '00000000-0000-0000-0000-000000000000',
  N'', N'', 0x);
GO
)sql";

std::string all_types_script(const std::string& big) {
  std::string script = kAllTypes;
  script.replace(script.find("$BIG$"), 5, big);
  return script;
}

std::size_t column_index(const SourceTable& table, const std::string& name) {
  for (std::size_t i = 0; i < table.columns.size(); ++i)
    if (table.columns[i].name == name) return i;
  FAIL("no column " << name);
  return 0;
}

std::string text_order_guid(const char* hex32) {
  std::string bytes;
  for (int i = 0; i < 32; i += 2)
    bytes += static_cast<char>(std::stoi(std::string(hex32 + i, 2), nullptr, 16));
  return bytes;
}

__int128 parse_int128(const std::string& digits) {
  __int128 value = 0;
  for (char digit : digits)
    value = value * 10 + (digit - '0');
  return value;
}

__int128 pow10(int n) {
  __int128 value = 1;
  while (n-- > 0)
    value *= 10;
  return value;
}

}  // namespace

TEST_CASE("describe reads every column type, the key and the identity", "[mssql][reader][sim]") {
  test::SimServer sim({.scripts = {all_types_script("x")}});
  auto reader = make_mssql_source(sim.settings())->connect();
  SourceTable table = reader->describe("dbo.all_types", {});

  REQUIRE(table.columns.size() == 31);
  CHECK(table.schema == "dbo");
  CHECK(table.name == "all_types");
  REQUIRE(table.key == std::vector<std::size_t>{0});
  CHECK(table.columns[0].identity);
  CHECK_FALSE(table.columns[0].nullable);
  CHECK_FALSE(table.columns[1].identity);
  CHECK(table.columns[1].nullable);

  auto column = [&](const char* name) { return table.columns[column_index(table, name)]; };
  CHECK(column("c_bit").type == SourceType::Bit);
  CHECK(column("c_tinyint").type == SourceType::TinyInt);
  CHECK(column("c_decimal").type == SourceType::Decimal);
  CHECK(column("c_decimal").precision == 38);
  CHECK(column("c_decimal").scale == 10);
  CHECK(column("c_numeric").declared_type == "numeric(5,2)");
  CHECK(column("c_money").type == SourceType::Money);
  CHECK(column("c_smallmoney").type == SourceType::SmallMoney);
  CHECK(column("c_real").type == SourceType::Real);
  CHECK(column("c_float").type == SourceType::Float);
  CHECK(column("c_time").type == SourceType::Time);
  CHECK(column("c_time").scale == 7);
  CHECK(column("c_datetime").type == SourceType::DateTime);
  CHECK(column("c_smalldatetime").type == SourceType::SmallDateTime);
  CHECK(column("c_datetime2").declared_type == "datetime2(7)");
  CHECK(column("c_dto").type == SourceType::DateTimeOffset);
  CHECK(column("c_char").type == SourceType::Char);
  CHECK(column("c_char").length == 5);
  CHECK(column("c_varchar").length == 50);
  CHECK(column("c_text").type == SourceType::Text);
  CHECK(column("c_nvarchar").type == SourceType::NVarChar);
  CHECK(column("c_ntext").length == -1);
  CHECK(column("c_binary").type == SourceType::Binary);
  CHECK(column("c_image").type == SourceType::Image);
  CHECK(column("c_guid").type == SourceType::UniqueIdentifier);
  CHECK(column("c_xml").type == SourceType::Xml);
  CHECK(column("c_nvarchar_max").declared_type == "nvarchar(max)");
  CHECK(column("c_varbinary_max").length == -1);
  CHECK(column("c_varchar").collation == "SQL_Latin1_General_CP1_CI_AS");
}

TEST_CASE("every type arrives exact: limits, ticks, 7th digits, offsets, GUIDs, Unicode",
          "[mssql][reader][sim]") {
  std::string big;
  for (int i = 0; i < 100000; ++i)
    big += static_cast<char>('a' + i % 26);
  test::SimServer sim({.scripts = {all_types_script(big)}});
  auto reader = make_mssql_source(sim.settings())->connect();
  SourceTable table = reader->describe("all_types", {});

  Batch batch;
  REQUIRE(reader->next_page(10, batch));
  REQUIRE(batch.rows == 3);
  CHECK(batch.first_key == "1");
  CHECK(batch.last_key == "3");
  auto values = [&](const char* name) -> const ColumnValues& {
    return batch.columns[column_index(table, name)];
  };

  // Integers, with tinyint unsigned.
  CHECK(values("id").integers == std::vector<std::int64_t>{1, 2, 3});
  CHECK(values("c_bit").integers[0] == 1);
  CHECK(values("c_tinyint").integers[0] == 255);
  CHECK(values("c_smallint").integers[0] == -32768);
  CHECK(values("c_int").integers[0] == std::numeric_limits<std::int32_t>::min());
  CHECK(values("c_bigint").integers[0] == std::numeric_limits<std::int64_t>::min());
  CHECK(values("c_bigint").integers[2] == std::numeric_limits<std::int64_t>::max());

  // Decimals and money from their binary form.
  CHECK(values("c_decimal").decimals[0] == -parse_int128("12345678901234567890123456781234567890"));
  CHECK(values("c_decimal").decimals[2] == pow10(38) - 1);
  CHECK(values("c_numeric").decimals[0] == -99999);
  CHECK(values("c_money").integers[0] == std::numeric_limits<std::int64_t>::min());
  CHECK(values("c_money").integers[2] == std::numeric_limits<std::int64_t>::max());
  CHECK(values("c_smallmoney").integers[0] == 2147483647);
  CHECK(values("c_smallmoney").integers[2] == -2147483648LL);
  CHECK(values("c_real").reals[0] == 1.5);
  CHECK(values("c_float").reals[0] == -49586.345);

  // Dates and times.
  CHECK(values("c_date").integers[0] == 0);
  CHECK(values("c_date").integers[2] == 3652058);
  CHECK(values("c_time").ticks[0] == mssql::kTicksPerDay - 1);
  CHECK(values("c_time").ticks[2] == 0);
  CHECK(mssql::format_date(values("c_datetime").integers[0]) == "2004-02-24");
  CHECK(values("c_datetime").ticks[0] == (15 * 3600 + 16 * 60 + 17) * 300 + 299);
  CHECK(mssql::format_date(values("c_datetime").integers[2]) == "1753-01-01");
  CHECK(values("c_smalldatetime").ticks[0] == 15 * 60 + 16);  // 15:16:29 → 15:16
  CHECK(mssql::format_date(values("c_datetime2").integers[0]) == "2011-08-10");
  CHECK(values("c_datetime2").ticks[0] == (12 * 3600 + 23 * 60 + 45) * 10'000'000LL + 1234567);
  CHECK(mssql::format_date(values("c_datetime2").integers[2]) == "9999-12-31");
  CHECK(values("c_datetime2").ticks[2] == mssql::kTicksPerDay - 1);
  // datetimeoffset: UTC (12:23:45 at −08:30 is 20:53:45 UTC) and the offset as stored.
  CHECK(mssql::format_date(values("c_dto").integers[0]) == "2011-08-10");
  CHECK(values("c_dto").ticks[0] == (20 * 3600 + 53 * 60 + 45) * 10'000'000LL + 1234567);
  CHECK(values("c_dto").offsets[0] == -510);
  CHECK(values("c_dto").integers[2] == 0);  // 0001-01-01 14:00 +14:00 is midnight UTC
  CHECK(values("c_dto").ticks[2] == 0);
  CHECK(values("c_dto").offsets[2] == 840);

  // Text as UTF-8, whatever the column's code page; char padded as SQL Server pads it.
  CHECK(values("c_char").bytes_at(0) == "ab   ");
  CHECK(values("c_varchar").bytes_at(0) == "A\xC3\xA7\xC3\xA3o");
  CHECK(values("c_text").bytes_at(0) == "texto longo");
  CHECK(values("c_nchar").bytes_at(0) == "xy   ");
  CHECK(values("c_nvarchar").bytes_at(0) == "Ol\xC3\xA1 \xF0\x9F\x98\x80 mundo");
  CHECK(values("c_ntext").bytes_at(0) == "ntext \xE2\x9C\x93");
  CHECK(values("c_xml").bytes_at(0) == "<a>b</a>");
  CHECK(values("c_nvarchar_max").bytes_at(0) == big);
  CHECK(values("c_binary").bytes_at(0) == std::string("\x01\x02\x03\x04", 4));
  CHECK(values("c_varbinary").bytes_at(0) == "\x0A\x0B");
  CHECK(values("c_image").bytes_at(0) == "\xFF\xD8\xFF");
  CHECK(values("c_varbinary_max").bytes_at(0) == std::string("\x00\xFF", 2));
  CHECK(values("c_guid").bytes_at(0) == text_order_guid("0DDF3B64E69211D1AB0600AA00BDD685"));

  // NULL is NULL, empty is empty.
  for (std::size_t c = 1; c < table.columns.size(); ++c) {
    INFO(table.columns[c].name);
    CHECK(batch.columns[c].nulls[1] == 1);
    CHECK(batch.columns[c].nulls[2] == 0);
  }
  for (const char* name : {"c_varchar", "c_text", "c_nvarchar", "c_ntext", "c_varbinary", "c_image",
                           "c_xml", "c_nvarchar_max", "c_varbinary_max"}) {
    INFO(name);
    CHECK(values(name).bytes_at(2).empty());
  }

  CHECK_FALSE(reader->next_page(10, batch));
}

TEST_CASE("keyset pages over 10,000 rows give every id once, in order", "[mssql][reader][sim]") {
  test::SimServer sim({.generate = {"bi_credores=10000:7"}});
  auto reader = make_mssql_source(sim.settings())->connect();
  SourceTable table = reader->describe("dbo.bi_credores", {});
  REQUIRE(table.key.size() == 1);
  CHECK(table.columns[table.key[0]].name == "id");
  CHECK(reader->count_rows() == 10000);

  std::vector<std::int64_t> ids;
  Batch batch;
  std::uint64_t pages = 0;
  while (reader->next_page(1000, batch)) {
    CHECK(batch.sequence == pages++);
    CHECK(batch.rows == 1000);
    const ColumnValues& id = batch.columns[table.key[0]];
    ids.insert(ids.end(), id.integers.begin(), id.integers.end());
    CHECK(batch.first_key == std::to_string(id.integers.front()));
    CHECK(batch.last_key == std::to_string(id.integers.back()));
  }
  CHECK(pages == 10);
  REQUIRE(ids.size() == 10000);
  for (std::size_t i = 1; i < ids.size(); ++i)
    REQUIRE(ids[i] > ids[i - 1]);
  CHECK(std::set<std::int64_t>(ids.begin(), ids.end()).size() == 10000);
}

TEST_CASE("composite-key pages over resumo_faixas neither skip nor repeat rows",
          "[mssql][reader][sim]") {
  test::SimServer sim({.generate = {"resumo_faixas=3000:11"}});
  auto reader = make_mssql_source(sim.settings())->connect();
  SourceTable table = reader->describe("dbo.resumo_faixas", {});
  REQUIRE(table.key.size() == 4);
  CHECK(table.columns[table.key[0]].name == "DATA_BASE");
  CHECK(table.columns[table.key[3]].name == "FAIXA_SALDO");
  std::uint64_t total = reader->count_rows();
  CHECK(total == 3000);

  std::set<std::string> keys;
  std::size_t rows = 0;
  Batch batch;
  while (reader->next_page(256, batch)) {
    for (std::size_t r = 0; r < batch.rows; ++r) {
      std::string key;
      for (std::size_t k : table.key)
        key += mssql::value_text(batch.columns[k], r, table.columns[k]) + "|";
      keys.insert(key);
    }
    rows += batch.rows;
  }
  CHECK(rows == total);
  CHECK(keys.size() == total);
}

TEST_CASE("a wrong password fails the login with 18456 and never shows the password",
          "[mssql][reader][sim]") {
  test::SimServer sim({});
  SourceSettings settings = sim.settings();
  settings.password = "not-the-Secret-42";
  try {
    make_mssql_source(settings)->connect();
    FAIL("the login succeeded");
  } catch (const DatabaseError& error) {
    CHECK(error.side() == Side::Source);
    CHECK(error.code() == "18456");
    CHECK_FALSE(error.retryable());
    CHECK(std::string(error.what()).find("not-the-Secret-42") == std::string::npos);
  }
}

TEST_CASE("an unknown database is named in the login error", "[mssql][reader][sim]") {
  test::SimServer sim({});
  SourceSettings settings = sim.settings();
  settings.database = "no_such_db";
  try {
    make_mssql_source(settings)->connect();
    FAIL("the login succeeded");
  } catch (const DatabaseError& error) {
    CHECK(error.code() == "18456");
    CHECK_THAT(std::string(error.what()), Catch::Contains("no_such_db"));
    CHECK_THAT(std::string(error.what()), Catch::Contains("Login failed for user"));
  }
}

TEST_CASE("a missing table is named in the error and the connection stays usable",
          "[mssql][reader][sim]") {
  test::SimServer sim({.generate = {"bi_credores=10"}});
  auto reader = make_mssql_source(sim.settings())->connect();
  try {
    reader->describe("dbo.nowhere", {});
    FAIL("describe succeeded");
  } catch (const DatabaseError& error) {
    CHECK(error.object() == "[dbo].[nowhere]");
  }
  try {
    reader->describe("dbo.bi_credores", {"no_such_column"});
    FAIL("describe succeeded");
  } catch (const DatabaseError& error) {
    CHECK(std::string(error.what()).find("no_such_column") != std::string::npos);
  }
  CHECK(reader->describe("dbo.bi_credores", {}).columns.size() == 21);
  CHECK(reader->count_rows() == 10);
}

TEST_CASE("a dropped connection is a retryable source error", "[mssql][reader][sim]") {
  test::SimServer sim({.generate = {"bi_credores=5000"}, .faults = {"drop_after_rows=1500"}});
  auto reader = make_mssql_source(sim.settings())->connect();
  reader->describe("bi_credores", {});
  Batch batch;
  try {
    while (reader->next_page(1000, batch)) {
    }
    FAIL("every page was read");
  } catch (const DatabaseError& error) {
    CHECK(error.side() == Side::Source);
    CHECK(error.retryable());
    CHECK_THAT(std::string(error.what()), Catch::Contains("connection to the server was lost"));
  }
}

TEST_CASE("an unreachable server is a retryable connection error", "[mssql][reader]") {
  SourceSettings settings;
  settings.host = "127.0.0.1";
  settings.port = 1;  // nothing listens on port 1 of loopback
  settings.user = "etl";
  settings.password = "x";
  settings.connect_timeout = std::chrono::seconds(2);
  try {
    make_mssql_source(settings)->connect();
    FAIL("connected to port 1");
  } catch (const DatabaseError& error) {
    CHECK(error.action() == "connect");
    CHECK(error.retryable());
  }
}

TEST_CASE("text keys outside Latin-1 page one row at a time without skipping",
          "[mssql][reader][sim]") {
  test::SimServer sim({.scripts = {R"sql(
CREATE TABLE dbo.words (word nvarchar(20) NOT NULL PRIMARY KEY, n int NOT NULL);
GO
INSERT INTO dbo.words VALUES (N'zeta', 1), (N'ação', 2), (N'Ábaco', 3), (N'😀 smile', 4),
  (N'Ωmega', 5), (N'abc', 6), (N'ação2', 7), (N'', 8);
GO
)sql"}});
  auto reader = make_mssql_source(sim.settings())->connect();
  SourceTable table = reader->describe("words", {});
  Batch batch;
  std::set<std::int64_t> seen;
  int pages = 0;
  while (reader->next_page(1, batch) && pages < 20) {
    ++pages;
    seen.insert(batch.columns[1].integers[0]);
  }
  CHECK(pages == 8);
  CHECK(seen.size() == 8);
}

TEST_CASE("the encryption setting reaches the login: off connects, require needs TLS",
          "[mssql][reader][sim]") {
  test::SimServer sim({.generate = {"bi_credores=1"}});  // the simulator offers no TLS
  SourceSettings settings = sim.settings();
  settings.encryption = "off";
  CHECK(make_mssql_source(settings)->connect()->describe("bi_credores", {}).key.size() == 1);

  settings.encryption = "require";
  CHECK_THROWS_WITH(make_mssql_source(settings)->connect(),
                    Catch::Contains("TLS encryption could not be negotiated"));

  settings.encryption = "sometimes";
  CHECK_THROWS_WITH(make_mssql_source(settings)->connect(),
                    Catch::Contains("encryption must be off, request or require"));
}

TEST_CASE("a lone UTF-16 surrogate arrives as its 3-byte sequence in every Unicode type, keys too",
          "[mssql][reader][sim]") {
  // FreeTDS alone would turn the lone surrogate into '?'; batch.h asks for ED A0 BD.
  test::SimServer sim({.scripts = {R"sql(
CREATE TABLE dbo.surrogates (k nvarchar(10) NOT NULL PRIMARY KEY, c nchar(4) NULL,
  nt ntext NULL, big nvarchar(max) NULL);
GO
INSERT INTO dbo.surrogates VALUES
  (N'a' + NCHAR(0xD83D) + N'b', N'x' + NCHAR(0xDE00), N'n' + NCHAR(0xD83D),
   REPLICATE(CAST(N'ab' AS nvarchar(max)), 16383) + N'a' + NCHAR(0xD83D) + NCHAR(0xDE00) + NCHAR(0xDC00)),
  (N'a' + NCHAR(0xD83D) + NCHAR(0xDE00) + N'b', N'😀', N'ok', N''),
  (N'a', NULL, NULL, NULL);
GO
)sql"}});
  auto reader = make_mssql_source(sim.settings())->connect();
  SourceTable table = reader->describe("dbo.surrogates", {});

  // One row per page: each later page passes the previous key, surrogate and all, back to
  // the server, so a key that did not survive the round trip would repeat or skip rows.
  std::vector<std::string> keys, fixed, ntext, big;
  std::vector<std::uint8_t> nulls;
  Batch batch;
  while (reader->next_page(1, batch) && keys.size() < 10) {
    REQUIRE(batch.rows == 1);
    keys.emplace_back(batch.columns[0].bytes_at(0));
    fixed.emplace_back(batch.columns[1].bytes_at(0));
    ntext.emplace_back(batch.columns[2].bytes_at(0));
    big.emplace_back(batch.columns[3].bytes_at(0));
    nulls.push_back(batch.columns[3].nulls[0]);
  }
  std::string repeated;
  for (int i = 0; i < 16383; ++i)
    repeated += "ab";
  repeated += "a";  // 32,767 code units: the pair's halves fall on either side of 64 KiB
  // SQL Server orders nvarchar by its collation; read in whatever order it gives, then check.
  REQUIRE(keys.size() == 3);
  std::map<std::string, std::size_t> row;
  for (std::size_t i = 0; i < keys.size(); ++i)
    row[keys[i]] = i;
  REQUIRE(row.size() == 3);
  REQUIRE(row.count("a\xED\xA0\xBD"
                    "b") == 1);
  REQUIRE(row.count("a\xF0\x9F\x98\x80"
                    "b") == 1);
  REQUIRE(row.count("a") == 1);

  std::size_t lone =
      row["a\xED\xA0\xBD"
          "b"];
  CHECK(fixed[lone] == "x\xED\xB8\x80  ");  // nchar(4) pads with spaces, as SQL Server does
  CHECK(ntext[lone] == "n\xED\xA0\xBD");
  // A pair straddling ct_get_data's chunks, then a lone low surrogate at the very end.
  CHECK(big[lone] == repeated + "\xF0\x9F\x98\x80\xED\xB0\x80");

  std::size_t pair =
      row["a\xF0\x9F\x98\x80"
          "b"];
  CHECK(fixed[pair] == "\xF0\x9F\x98\x80  ");
  CHECK(ntext[pair] == "ok");
  CHECK(big[pair].empty());
  CHECK(nulls[pair] == 0);
  CHECK(nulls[row["a"]] == 1);
}
