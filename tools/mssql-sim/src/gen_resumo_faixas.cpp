// dbo.resumo_faixas: contracts summed per extract date, state, days-overdue and balance band.
#include "gen_resumo_faixas.h"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>

#include "gen_brazil_data.h"
#include "gen_dates.h"
#include "gen_random.h"
#include "gen_tables.h"
#include "gen_values.h"

namespace mssql_sim::gen {
namespace {

enum ResumoColumn : std::size_t {
  kDataBase,
  kUf,
  kFaixaAtraso,
  kFaixaSaldo,
  kQtdContratos,
  kQtdDevedores,
  kSaldoTotal,
  kSaldoMedio,
  kTotalEsforco,
  kPositivas,
  kNegativas,
  kPctAcordo,
  kAtualizadoEm,
  kColumnCount
};

enum Stream : std::uint32_t {
  kContracts,
  kDebtors,
  kAverage,
  kAverageCents,
  kEffort,
  kEffortRest,
  kPositives,
  kNegatives,
  kPctNull,
  kPct,
  kUpdatedAt,
};

constexpr std::array<std::string_view, 6> kAtraso = {"000-030", "031-060", "061-090",
                                                     "091-180", "181-360", "361+"};
// How many contracts fall in each days band, relative to the first.
constexpr std::array<double, 6> kAtrasoShare = {1.0, 0.55, 0.4, 0.6, 0.7, 1.3};
// Agreements get rarer as debts age: the highest share of agreements per days band, in %.
constexpr std::array<std::int64_t, 6> kAtrasoAgreementPct = {60, 45, 35, 25, 15, 8};

constexpr std::array<std::string_view, 6> kSaldo = {
    "000000-000500", "000500-001000", "001000-005000", "005000-020000", "020000-100000", "100000+"};
// Each balance band's bounds in cents; the open top band stops at R$ 500,000.00.
constexpr std::array<std::int64_t, 7> kSaldoBoundCents = {1'000,     50'000,     100'000,   500'000,
                                                          2'000'000, 10'000'000, 50'000'000};
constexpr std::array<double, 6> kSaldoShare = {1.2, 1.0, 1.4, 0.8, 0.35, 0.08};

constexpr std::int32_t kFirstDay = days_from_civil(2015, 1, 1);
constexpr std::int32_t kLastDay = days_from_civil(9999, 12, 31);
constexpr std::uint64_t kKeysPerDay = kStateCount * kAtraso.size() * kSaldo.size();

TableSchema resumo_faixas_schema() {
  TableSchema schema;
  schema.name = "resumo_faixas";
  schema.primary_key_name = "PK_resumo_faixas";
  schema.primary_key = {kDataBase, kUf, kFaixaAtraso, kFaixaSaldo};
  auto add = [&](std::string name, SqlType type, bool nullable) {
    schema.columns.push_back(Column{std::move(name), std::move(type), nullable, false, {}});
  };
  add("DATA_BASE", type_of(TypeId::Date), false);
  add("UF", type_of(TypeId::Char, 2), false);
  add("FAIXA_ATRASO", type_of(TypeId::VarChar, 20), false);
  add("FAIXA_SALDO", type_of(TypeId::VarChar, 20), false);
  add("QTD_CONTRATOS", type_of(TypeId::Int), false);
  add("QTD_DEVEDORES", type_of(TypeId::Int), false);
  add("SALDO_TOTAL", type_of(TypeId::Money), false);
  add("SALDO_MEDIO", type_of(TypeId::Decimal, 0, 18, 2), false);
  add("TOTAL_ESFORCO", type_of(TypeId::BigInt), false);
  add("POSITIVAS", type_of(TypeId::Int), false);
  add("NEGATIVAS", type_of(TypeId::Int), false);
  add("PCT_ACORDO", type_of(TypeId::Decimal, 0, 5, 2), true);
  add("ATUALIZADO_EM", type_of(TypeId::DateTime2, 0, 0, 7), false);
  return schema;
}

class ResumoFaixasRows final : public RowSet {
 public:
  ResumoFaixasRows(std::uint64_t rows, std::uint64_t seed)
      : rows_(rows), key_(seed_key(seed, 0x4e5fULL)) {}

  std::uint64_t size() const override { return rows_; }
  bool ordered_by_key() const override { return true; }

  void row(std::uint64_t index, Row& out) const override {
    out.resize(kColumnCount);
    const Draws draws(key_, index);

    // The key: row i is the i-th tuple of (date, state, days band, balance band).
    const auto day = static_cast<std::int32_t>(kFirstDay + index / kKeysPerDay);
    const std::uint64_t in_day = index % kKeysPerDay;
    const State& state = states()[in_day / (kAtraso.size() * kSaldo.size())];
    const std::size_t atraso = in_day / kSaldo.size() % kAtraso.size();
    const std::size_t saldo = in_day % kSaldo.size();
    put_date(out[kDataBase], day);
    put_text(out[kUf], state.uf);
    put_text(out[kFaixaAtraso], kAtraso[atraso]);
    put_text(out[kFaixaSaldo], kSaldo[saldo]);

    // Counts scale with the state's population; at least one contract, so the average exists.
    const double expected = state.population_thousands * 0.5 * kAtrasoShare[atraso] *
                            kSaldoShare[saldo] * (0.7 + 0.6 * draws.unit(kContracts));
    const std::int64_t contracts = std::max<std::int64_t>(1, static_cast<std::int64_t>(expected));
    const std::int64_t debtors =
        std::max<std::int64_t>(1, contracts * draws.between(kDebtors, 600, 1000) / 1000);
    put_integer(out[kQtdContratos], contracts);
    put_integer(out[kQtdDevedores], debtors);

    // The total keeps the average inside the balance band, even once rounded.
    const std::int64_t average =
        draws.between(kAverage, kSaldoBoundCents[saldo], kSaldoBoundCents[saldo + 1] - 2);
    const std::int64_t total = average * contracts + draws.between(kAverageCents, 0, contracts - 1);
    put_unscaled(out[kSaldoTotal], static_cast<__int128>(total) * 100);
    put_unscaled(out[kSaldoMedio], (2 * total + contracts) / (2 * contracts));

    const std::int64_t effort =
        contracts * draws.between(kEffort, 0, 40) + draws.between(kEffortRest, 0, contracts - 1);
    const std::int64_t positives = effort * draws.between(kPositives, 5, 25) / 100;
    const std::int64_t negatives = (effort - positives) * draws.between(kNegatives, 30, 70) / 100;
    put_integer(out[kTotalEsforco], effort);
    put_integer(out[kPositivas], positives);
    put_integer(out[kNegativas], negatives);

    if (draws.chance(kPctNull, 80)) {
      put_null(out[kPctAcordo]);
    } else {
      put_unscaled(out[kPctAcordo], draws.between(kPct, 0, kAtrasoAgreementPct[atraso] * 100));
    }

    // Refreshed in the night after the date, to the 100 ns, with a non-zero seventh digit.
    std::int64_t ticks =
        draws.between(kUpdatedAt, 2 * 3600 * 10'000'000LL, 6 * 3600 * 10'000'000LL - 1);
    if (ticks % 10 == 0) ticks += 1 + static_cast<std::int64_t>(draws.below(kUpdatedAt + 100, 9));
    put_date_time(out[kAtualizadoEm], day + 1, ticks);
  }

 private:
  std::uint64_t rows_;
  std::uint64_t key_;
};

}  // namespace

std::span<const std::string_view> faixas_atraso() {
  return kAtraso;
}

std::span<const std::string_view> faixas_saldo() {
  return kSaldo;
}

std::int32_t resumo_faixas_first_day() {
  return kFirstDay;
}

std::shared_ptr<Table> make_resumo_faixas(std::uint64_t rows, std::uint64_t seed) {
  // ATUALIZADO_EM is the day after DATA_BASE, so the last date is 9999-12-30.
  const std::uint64_t capacity = static_cast<std::uint64_t>(kLastDay - kFirstDay) * kKeysPerDay;
  if (rows > capacity) {
    throw std::invalid_argument("resumo_faixas: " + std::to_string(rows) +
                                " rows need dates past 9999-12-31; at most " +
                                std::to_string(capacity) + " rows");
  }
  return std::make_shared<GeneratedTable>(resumo_faixas_schema(),
                                          std::make_shared<ResumoFaixasRows>(rows, seed));
}

}  // namespace mssql_sim::gen
