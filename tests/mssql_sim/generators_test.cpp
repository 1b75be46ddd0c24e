// The generated tables: schemas of DESIGN.md §8, realistic values, deterministic rows.
#include "generators.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <map>
#include <set>
#include <stdexcept>
#include <string>

#include "collation.h"
#include "gen_brazil_data.h"
#include "gen_resumo_faixas.h"

using namespace mssql_sim;

namespace {

constexpr std::uint64_t kTenMillion = 10'000'000;

// Column positions of dbo.bi_credores.
enum BiColumn : std::size_t {
  kId,
  kCpf,
  kDevedorId,
  kContId,
  kNumeroContrato,
  kAcordoId,
  kMinVencimento,
  kMaxVencimento,
  kDtPrimeiro,
  kDtUltimo,
  kSaldo,
  kSaldoDevTt,
  kPlano,
  kCidade,
  kUf,
  kTotalEsforco,
  kPnp,
  kPisitivas,
  kNegativas,
  kStatus,
  kBiDataBase,
};

// Column positions of dbo.resumo_faixas.
enum ResumoColumn : std::size_t {
  kDataBase,
  kRUf,
  kFaixaAtraso,
  kFaixaSaldo,
  kQtdContratos,
  kQtdDevedores,
  kSaldoTotal,
  kSaldoMedio,
  kRTotalEsforco,
  kPositivas,
  kRNegativas,
  kPctAcordo,
  kAtualizadoEm,
};

std::shared_ptr<const RowSet> rows_of(std::string_view name, std::uint64_t rows,
                                      std::uint64_t seed = 1) {
  return make_generated_table(name, rows, seed)->snapshot();
}

Row row_at(const RowSet& rows, std::uint64_t index) {
  Row row;
  rows.row(index, row);
  return row;
}

bool same_value(const Value& a, const Value& b) {
  return a.is_null == b.is_null && a.integer == b.integer && a.unscaled == b.unscaled &&
         a.real == b.real && a.days == b.days && a.ticks == b.ticks &&
         a.offset_minutes == b.offset_minutes && a.bytes == b.bytes;
}

bool same_row(const Row& a, const Row& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!same_value(a[i], b[i])) return false;
  }
  return true;
}

// The CPF rule as the Receita Federal publishes it, written apart from the generator's.
bool is_valid_cpf(const std::string& cpf) {
  if (cpf.size() != 11) return false;
  for (char c : cpf) {
    if (c < '0' || c > '9') return false;
  }
  if (cpf.find_first_not_of(cpf[0]) == std::string::npos) return false;
  for (int check = 0; check < 2; ++check) {
    const int length = 9 + check;
    int sum = 0;
    for (int i = 0; i < length; ++i)
      sum += (cpf[i] - '0') * (length + 1 - i);
    const int digit = (sum * 10) % 11 % 10;
    if (cpf[length] - '0' != digit) return false;
  }
  return true;
}

std::int32_t days(int year, unsigned month, unsigned day) {
  using namespace std::chrono;
  const sys_days date{std::chrono::year{year} / std::chrono::month{month} / std::chrono::day{day}};
  return static_cast<std::int32_t>(date.time_since_epoch().count()) + 719162;
}

std::size_t count_utf8_characters(const std::string& text) {
  std::size_t count = 0;
  for (unsigned char c : text)
    count += (c & 0xC0) != 0x80;
  return count;
}

}  // namespace

TEST_CASE("generator names are bi_credores, resumo_faixas and mixed_types", "[generators]") {
  const auto names = generator_names();
  REQUIRE(names.size() == 3);
  CHECK(names[0] == "bi_credores");
  CHECK(names[1] == "resumo_faixas");
  CHECK(names[2] == "mixed_types");
}

TEST_CASE("an unknown generator name is rejected with invalid_argument", "[generators]") {
  CHECK_THROWS_AS(make_generated_table("bi_devedores", 10, 1), std::invalid_argument);
  CHECK_THROWS_AS(make_generated_table("", 10, 1), std::invalid_argument);
}

TEST_CASE("bi_credores has the schema of DESIGN.md section 8", "[generators][bi_credores]") {
  const auto table = make_generated_table("bi_credores", 10, 1);
  const TableSchema& schema = table->schema();
  CHECK(schema.schema == "dbo");
  CHECK(schema.name == "bi_credores");
  REQUIRE(schema.columns.size() == 21);
  CHECK(schema.primary_key == std::vector<std::size_t>{0});
  CHECK_FALSE(schema.primary_key_name.empty());

  struct Expected {
    const char* name;
    TypeId id;
    std::int32_t length;
    std::uint8_t precision;
    std::uint8_t scale;
    bool nullable;
  };
  const Expected expected[] = {
      {"id", TypeId::BigInt, 0, 0, 0, false},
      {"CPF", TypeId::Char, 11, 0, 0, false},
      {"DEVEDOR_ID", TypeId::Int, 0, 0, 0, false},
      {"CONT_ID", TypeId::Int, 0, 0, 0, false},
      {"NUMERO_CONTRATO", TypeId::VarChar, 30, 0, 0, false},
      {"ACORDO_ID", TypeId::Int, 0, 0, 0, true},
      {"MIN_VENCIMENTO", TypeId::Date, 0, 0, 0, false},
      {"MAX_VENCIMENTO", TypeId::Date, 0, 0, 0, false},
      {"DT_PRIMEIRO_ACIONAMENTO", TypeId::DateTime, 0, 0, 0, true},
      {"DT_ULTIMO_ACIONAMENTO", TypeId::DateTime2, 0, 0, 3, true},
      {"SALDO", TypeId::Money, 0, 0, 0, false},
      {"SALDO_DEV_TT", TypeId::Decimal, 0, 18, 2, false},
      {"PLANO", TypeId::SmallInt, 0, 0, 0, true},
      {"CIDADE", TypeId::NVarChar, 100, 0, 0, true},
      {"UF", TypeId::Char, 2, 0, 0, true},
      {"TOTAL_ESFORÇO", TypeId::Int, 0, 0, 0, false},
      {"PNP", TypeId::Int, 0, 0, 0, false},
      {"PISITIVAS", TypeId::Int, 0, 0, 0, false},
      {"NEGATIVAS", TypeId::Int, 0, 0, 0, false},
      {"STATUS", TypeId::TinyInt, 0, 0, 0, false},
      {"DATA_BASE", TypeId::Date, 0, 0, 0, false},
  };
  for (std::size_t i = 0; i < schema.columns.size(); ++i) {
    const Column& column = schema.columns[i];
    INFO("column " << column.name);
    CHECK(column.name == expected[i].name);
    CHECK(column.type.id == expected[i].id);
    CHECK(column.type.length == expected[i].length);
    CHECK(column.type.precision == expected[i].precision);
    CHECK(column.type.scale == expected[i].scale);
    CHECK(column.type.collation == Collation{});
    CHECK(column.nullable == expected[i].nullable);
    CHECK(column.identity == (i == 0));
    CHECK_FALSE(column.default_value.has_value());
  }
}

TEST_CASE("resumo_faixas has the schema of DESIGN.md section 8", "[generators][resumo_faixas]") {
  const auto table = make_generated_table("resumo_faixas", 10, 1);
  const TableSchema& schema = table->schema();
  CHECK(schema.schema == "dbo");
  CHECK(schema.name == "resumo_faixas");
  REQUIRE(schema.columns.size() == 13);
  CHECK(schema.primary_key == std::vector<std::size_t>{0, 1, 2, 3});

  const std::pair<const char*, TypeId> expected[] = {
      {"DATA_BASE", TypeId::Date},          {"UF", TypeId::Char},
      {"FAIXA_ATRASO", TypeId::VarChar},    {"FAIXA_SALDO", TypeId::VarChar},
      {"QTD_CONTRATOS", TypeId::Int},       {"QTD_DEVEDORES", TypeId::Int},
      {"SALDO_TOTAL", TypeId::Money},       {"SALDO_MEDIO", TypeId::Decimal},
      {"TOTAL_ESFORCO", TypeId::BigInt},    {"POSITIVAS", TypeId::Int},
      {"NEGATIVAS", TypeId::Int},           {"PCT_ACORDO", TypeId::Decimal},
      {"ATUALIZADO_EM", TypeId::DateTime2},
  };
  for (std::size_t i = 0; i < schema.columns.size(); ++i) {
    INFO("column " << schema.columns[i].name);
    CHECK(schema.columns[i].name == expected[i].first);
    CHECK(schema.columns[i].type.id == expected[i].second);
    CHECK(schema.columns[i].nullable == (i == kPctAcordo));
    CHECK_FALSE(schema.columns[i].identity);
  }
  CHECK(schema.columns[kRUf].type.length == 2);
  CHECK(schema.columns[kFaixaAtraso].type.length == 20);
  CHECK(schema.columns[kFaixaSaldo].type.length == 20);
  CHECK(schema.columns[kSaldoMedio].type.precision == 18);
  CHECK(schema.columns[kSaldoMedio].type.scale == 2);
  CHECK(schema.columns[kPctAcordo].type.precision == 5);
  CHECK(schema.columns[kPctAcordo].type.scale == 2);
  CHECK(schema.columns[kAtualizadoEm].type.scale == 7);
}

TEST_CASE("a ten-million-row table is made instantly and reads its last row", "[generators]") {
  for (const char* name : {"bi_credores", "resumo_faixas"}) {
    INFO(name);
    const auto start = std::chrono::steady_clock::now();
    const auto table = make_generated_table(name, kTenMillion, 7);
    const auto rows = table->snapshot();
    const auto elapsed = std::chrono::steady_clock::now() - start;
    CHECK(elapsed < std::chrono::milliseconds(200));
    CHECK(rows->size() == kTenMillion);
    CHECK(rows->ordered_by_key());
    CHECK(table->snapshot() == rows);
    CHECK(row_at(*rows, kTenMillion - 1).size() == table->schema().columns.size());
  }
}

TEST_CASE("the same seed gives the same rows in any order", "[generators]") {
  for (const char* name : {"bi_credores", "resumo_faixas"}) {
    INFO(name);
    const auto first = rows_of(name, kTenMillion, 42);
    const auto second = rows_of(name, kTenMillion, 42);
    const std::uint64_t picks[] = {0, 1, 2, 1023, 1024, 5'000'000, 9'999'999, 3, 1023, 0};
    Row reused;
    for (std::uint64_t index : picks) {
      INFO("row " << index);
      // The reused row held another row before: nothing of it may leak into this one.
      second->row(index, reused);
      CHECK(same_row(row_at(*first, index), reused));
    }
    for (std::uint64_t index = 9'999'999; index > 9'999'000; --index) {
      second->row(index, reused);
      REQUIRE(same_row(row_at(*first, index), reused));
    }
  }
}

TEST_CASE("rows do not depend on the table's size", "[generators]") {
  for (const char* name : {"bi_credores", "resumo_faixas"}) {
    INFO(name);
    const auto small = rows_of(name, 100, 5);
    const auto large = rows_of(name, kTenMillion, 5);
    for (std::uint64_t index = 0; index < 100; ++index) {
      REQUIRE(same_row(row_at(*small, index), row_at(*large, index)));
    }
  }
}

TEST_CASE("different seeds give different rows", "[generators]") {
  for (const char* name : {"bi_credores", "resumo_faixas"}) {
    INFO(name);
    const auto one = rows_of(name, 1000, 1);
    const auto two = rows_of(name, 1000, 2);
    int differing = 0;
    for (std::uint64_t index = 0; index < 1000; ++index) {
      differing += !same_row(row_at(*one, index), row_at(*two, index));
    }
    CHECK(differing == 1000);
  }
}

TEST_CASE("bi_credores ids start at 1 and rise strictly, with few gaps",
          "[generators][bi_credores]") {
  const auto rows = rows_of("bi_credores", kTenMillion, 3);
  CHECK(row_at(*rows, 0)[kId].integer == 1);

  auto check_window = [&](std::uint64_t from, std::uint64_t to) {
    std::int64_t previous = row_at(*rows, from)[kId].integer;
    Row row;
    for (std::uint64_t index = from + 1; index < to; ++index) {
      rows->row(index, row);
      REQUIRE(row[kId].integer > previous);
      previous = row[kId].integer;
    }
  };
  check_window(0, 200'000);
  check_window(kTenMillion - 50'000, kTenMillion);

  // Gaps exist (as in a real identity column) but stay rare: at most 2 ids per 1024 rows.
  const std::int64_t last = row_at(*rows, kTenMillion - 1)[kId].integer;
  CHECK(last > static_cast<std::int64_t>(kTenMillion));
  CHECK(last <= static_cast<std::int64_t>(kTenMillion + 2 * (kTenMillion / 1024 + 1)));
}

TEST_CASE("bi_credores CPFs have valid check digits and belong to one debtor",
          "[generators][bi_credores]") {
  const auto rows = rows_of("bi_credores", kTenMillion, 1);
  std::map<std::int64_t, std::string> cpf_of_debtor;
  std::set<std::string> cpfs;
  Row row;
  for (std::uint64_t index = 0; index < 200'000; ++index) {
    rows->row(index, row);
    const std::string& cpf = row[kCpf].bytes;
    INFO("row " << index << " CPF " << cpf);
    REQUIRE(is_valid_cpf(cpf));
    const auto [it, inserted] = cpf_of_debtor.emplace(row[kDevedorId].integer, cpf);
    if (inserted) {
      REQUIRE(cpfs.insert(cpf).second);
    } else {
      REQUIRE(it->second == cpf);
    }
  }
  // Debtors hold one or two contracts.
  CHECK(cpf_of_debtor.size() > 100'000);
  CHECK(cpf_of_debtor.size() < 150'000);

  for (std::uint64_t index = kTenMillion - 1000; index < kTenMillion; ++index) {
    rows->row(index, row);
    REQUIRE(is_valid_cpf(row[kCpf].bytes));
  }
}

TEST_CASE("bi_credores dates are plausible and ordered", "[generators][bi_credores]") {
  const auto rows = rows_of("bi_credores", 100'000, 9);
  const std::int32_t first_allowed = days(2015, 1, 1);
  const std::int32_t last_allowed = days(2026, 12, 31);
  Row row;
  for (std::uint64_t index = 0; index < rows->size(); ++index) {
    rows->row(index, row);
    INFO("row " << index);
    const std::int32_t data_base = row[kBiDataBase].days;
    REQUIRE(data_base >= first_allowed);
    REQUIRE(data_base <= last_allowed);
    REQUIRE(row[kMinVencimento].days >= first_allowed);
    REQUIRE(row[kMinVencimento].days < data_base);
    REQUIRE(row[kMaxVencimento].days >= row[kMinVencimento].days);
    REQUIRE(row[kMaxVencimento].days <= last_allowed);

    const Value& first = row[kDtPrimeiro];
    const Value& last = row[kDtUltimo];
    REQUIRE(first.is_null == last.is_null);
    if (first.is_null) continue;
    // datetime: ticks of 1/300 s within the day; datetime2(3): 100 ns ticks on whole ms.
    REQUIRE(first.ticks >= 0);
    REQUIRE(first.ticks < 86'400 * 300);
    REQUIRE(last.ticks >= 0);
    REQUIRE(last.ticks < 864'000'000'000LL);
    REQUIRE(last.ticks % 10'000 == 0);
    REQUIRE(first.days > row[kMinVencimento].days);
    REQUIRE(last.days <= data_base);
    // Compare exactly, in units of 1/3 of 100 ns (1/300 s is 100000/3 of 100 ns).
    const __int128 first_thirds =
        (static_cast<__int128>(first.days) * 86'400 * 300 + first.ticks) * 100'000;
    const __int128 last_thirds =
        (static_cast<__int128>(last.days) * 864'000'000'000LL + last.ticks) * 3;
    REQUIRE(last_thirds >= first_thirds);
  }
}

TEST_CASE("bi_credores UF is the state of the city", "[generators][bi_credores]") {
  // Written here from geography, apart from the generator's table.
  const std::map<std::string, std::string> known = {
      {"São Paulo", "SP"},      {"Belém", "PA"},        {"Florianópolis", "SC"},
      {"Maceió", "AL"},         {"Goiânia", "GO"},      {"Rio de Janeiro", "RJ"},
      {"Belo Horizonte", "MG"}, {"Porto Alegre", "RS"}, {"Curitiba", "PR"},
      {"Salvador", "BA"},       {"Recife", "PE"},       {"Fortaleza", "CE"},
      {"Manaus", "AM"},         {"Brasília", "DF"},     {"São Luís", "MA"},
      {"Cuiabá", "MT"},         {"Campo Grande", "MS"}, {"João Pessoa", "PB"},
      {"Teresina", "PI"},       {"Natal", "RN"},        {"Aracaju", "SE"},
      {"Vitória", "ES"},        {"Palmas", "TO"},       {"Porto Velho", "RO"},
      {"Rio Branco", "AC"},     {"Macapá", "AP"},       {"Boa Vista", "RR"},
  };
  std::map<std::string, std::string> generated;
  for (const auto& city : gen::cities())
    generated.emplace(city.name, city.uf);

  const auto rows = rows_of("bi_credores", 100'000, 11);
  std::set<std::string> seen_cities;
  std::set<std::string> seen_states;
  std::size_t known_checked = 0;
  Row row;
  for (std::uint64_t index = 0; index < rows->size(); ++index) {
    rows->row(index, row);
    const Value& city = row[kCidade];
    const Value& uf = row[kUf];
    if (!uf.is_null) REQUIRE(uf.bytes.size() == 2);
    if (city.is_null) continue;
    INFO("row " << index << ": " << city.bytes << " / " << uf.bytes);
    REQUIRE_FALSE(uf.is_null);
    REQUIRE(generated.count(city.bytes) == 1);
    REQUIRE(generated.at(city.bytes) == uf.bytes);
    if (auto it = known.find(city.bytes); it != known.end()) {
      REQUIRE(it->second == uf.bytes);
      ++known_checked;
    }
    seen_cities.insert(city.bytes);
    seen_states.insert(uf.bytes);
  }
  CHECK(known_checked > 30'000);
  CHECK(seen_states.size() == 27);
  CHECK(seen_cities.size() >= 60);
  CHECK(seen_cities.count("São Paulo") == 1);
}

TEST_CASE("bi_credores NULLs appear only in nullable columns, at plausible rates",
          "[generators][bi_credores]") {
  const auto table = make_generated_table("bi_credores", 50'000, 13);
  const auto rows = table->snapshot();
  std::vector<std::size_t> nulls(table->schema().columns.size(), 0);
  Row row;
  for (std::uint64_t index = 0; index < rows->size(); ++index) {
    rows->row(index, row);
    for (std::size_t column = 0; column < row.size(); ++column)
      nulls[column] += row[column].is_null;
  }
  for (std::size_t column = 0; column < nulls.size(); ++column) {
    const Column& schema_column = table->schema().columns[column];
    INFO(schema_column.name << ": " << nulls[column] << " NULLs");
    if (!schema_column.nullable) {
      CHECK(nulls[column] == 0);
    } else {
      // Some, but a minority, except agreements, which most debts never reach.
      CHECK(nulls[column] > 500);
      CHECK(nulls[column] < (column == kAcordoId ? 40'000u : 25'000u));
    }
  }
}

TEST_CASE("bi_credores amounts, counts and texts are consistent", "[generators][bi_credores]") {
  const auto rows = rows_of("bi_credores", 50'000, 17);
  std::set<std::int64_t> contracts;
  Row row;
  for (std::uint64_t index = 0; index < rows->size(); ++index) {
    rows->row(index, row);
    INFO("row " << index);
    // money holds whole cents; the total due (decimal(18,2)) never falls below the balance.
    REQUIRE(row[kSaldo].unscaled > 0);
    REQUIRE(row[kSaldo].unscaled % 100 == 0);
    REQUIRE(row[kSaldoDevTt].unscaled * 100 >= row[kSaldo].unscaled);

    const std::int64_t total = row[kTotalEsforco].integer;
    REQUIRE(row[kPnp].integer >= 0);
    REQUIRE(row[kPisitivas].integer >= 0);
    REQUIRE(row[kNegativas].integer >= 0);
    REQUIRE(row[kPnp].integer + row[kPisitivas].integer + row[kNegativas].integer <= total);
    REQUIRE((total == 0) == row[kDtPrimeiro].is_null);

    REQUIRE(row[kStatus].integer >= 0);
    REQUIRE(row[kStatus].integer <= 255);
    if (!row[kPlano].is_null) REQUIRE(row[kPlano].integer > 0);
    REQUIRE(row[kContId].integer > 0);
    REQUIRE(row[kDevedorId].integer > 0);
    REQUIRE(contracts.insert(row[kContId].integer).second);

    const std::string& number = row[kNumeroContrato].bytes;
    REQUIRE_FALSE(number.empty());
    REQUIRE(number.size() <= 30);
    if (!row[kCidade].is_null) REQUIRE(count_utf8_characters(row[kCidade].bytes) <= 100);
  }
}

TEST_CASE("resumo_faixas band spellings sort as SQL Server sorts them",
          "[generators][resumo_faixas][collation]") {
  const Collation server_default;
  for (const auto bands : {gen::faixas_atraso(), gen::faixas_saldo()}) {
    for (std::size_t i = 1; i < bands.size(); ++i) {
      INFO(bands[i - 1] << " < " << bands[i]);
      CHECK(compare_text(bands[i - 1], bands[i], server_default) < 0);
      CHECK(compare_text(bands[i], bands[i - 1], server_default) > 0);
      // Also under a binary collation: the order never rests on case or accent rules.
      CHECK(bands[i - 1] < bands[i]);
    }
    for (const auto band : bands)
      CHECK(band.size() <= 20);
  }
  const auto states = gen::states();
  for (std::size_t i = 1; i < states.size(); ++i) {
    CHECK(compare_text(states[i - 1].uf, states[i].uf, server_default) < 0);
  }
}

TEST_CASE("resumo_faixas keys ascend strictly under the columns' collation",
          "[generators][resumo_faixas][collation]") {
  const auto rows = rows_of("resumo_faixas", kTenMillion, 1);
  const Collation collation;
  auto key_less = [&](const Row& a, const Row& b) {
    if (a[kDataBase].days != b[kDataBase].days) return a[kDataBase].days < b[kDataBase].days;
    for (std::size_t column : {kRUf, kFaixaAtraso, kFaixaSaldo}) {
      const int order = compare_text(a[column].bytes, b[column].bytes, collation);
      if (order != 0) return order < 0;
    }
    return false;
  };
  auto check_window = [&](std::uint64_t from, std::uint64_t to) {
    Row previous = row_at(*rows, from);
    Row row;
    for (std::uint64_t index = from + 1; index < to; ++index) {
      rows->row(index, row);
      INFO("row " << index);
      REQUIRE(key_less(previous, row));
      std::swap(previous, row);
    }
  };
  check_window(0, 5'000);
  check_window(kTenMillion - 3'000, kTenMillion);

  const Row first = row_at(*rows, 0);
  CHECK(first[kDataBase].days == gen::resumo_faixas_first_day());
  CHECK(first[kRUf].bytes == "AC");
  CHECK(first[kFaixaAtraso].bytes == "000-030");
}

TEST_CASE("resumo_faixas fills whole dates and leaves the last one partial",
          "[generators][resumo_faixas]") {
  const std::uint64_t per_date = 27 * gen::faixas_atraso().size() * gen::faixas_saldo().size();
  const auto rows = rows_of("resumo_faixas", per_date * 2 + 10, 1);
  const std::int32_t start = gen::resumo_faixas_first_day();
  std::map<std::int32_t, std::uint64_t> per_day;
  for (std::uint64_t index = 0; index < rows->size(); ++index) {
    ++per_day[row_at(*rows, index)[kDataBase].days];
  }
  CHECK(per_day == std::map<std::int32_t, std::uint64_t>{
                       {start, per_date}, {start + 1, per_date}, {start + 2, 10}});
  // A whole date holds every state, days band and balance band once.
  std::set<std::string> keys;
  for (std::uint64_t index = 0; index < per_date; ++index) {
    const Row row = row_at(*rows, index);
    keys.insert(row[kRUf].bytes + row[kFaixaAtraso].bytes + "|" + row[kFaixaSaldo].bytes);
  }
  CHECK(keys.size() == per_date);
}

TEST_CASE("resumo_faixas sums are consistent", "[generators][resumo_faixas]") {
  const auto rows = rows_of("resumo_faixas", 20'000, 23);
  std::size_t null_pct = 0;
  Row row;
  for (std::uint64_t index = 0; index < rows->size(); ++index) {
    rows->row(index, row);
    INFO("row " << index);
    const std::int64_t contracts = row[kQtdContratos].integer;
    REQUIRE(contracts >= 1);
    REQUIRE(row[kQtdDevedores].integer >= 1);
    REQUIRE(row[kQtdDevedores].integer <= contracts);

    // SALDO_MEDIO = SALDO_TOTAL / QTD_CONTRATOS rounded to cents, half away from zero.
    const __int128 total_cents = row[kSaldoTotal].unscaled / 100;
    REQUIRE(row[kSaldoTotal].unscaled % 100 == 0);
    const __int128 average = row[kSaldoMedio].unscaled;
    REQUIRE(2 * total_cents >= (2 * average - 1) * contracts);
    REQUIRE(2 * total_cents < (2 * average + 1) * contracts);

    REQUIRE(row[kPositivas].integer >= 0);
    REQUIRE(row[kRNegativas].integer >= 0);
    REQUIRE(row[kPositivas].integer + row[kRNegativas].integer <= row[kRTotalEsforco].integer);

    if (row[kPctAcordo].is_null) {
      ++null_pct;
    } else {
      REQUIRE(row[kPctAcordo].unscaled >= 0);
      REQUIRE(row[kPctAcordo].unscaled <= 10'000);
    }

    // datetime2(7): the night after DATA_BASE, with the seventh fractional digit in use.
    REQUIRE(row[kAtualizadoEm].days == row[kDataBase].days + 1);
    REQUIRE(row[kAtualizadoEm].ticks % 10 != 0);
    REQUIRE(row[kAtualizadoEm].ticks < 864'000'000'000LL);
  }
  CHECK(null_pct > 500);
  CHECK(null_pct < 4'000);
}

TEST_CASE("resumo_faixas refuses more rows than dates up to 9999 can hold",
          "[generators][resumo_faixas]") {
  CHECK_THROWS_AS(make_generated_table("resumo_faixas", 1ULL << 40, 1), std::invalid_argument);
  CHECK_NOTHROW(make_generated_table("resumo_faixas", 1'000'000'000, 1));
}
