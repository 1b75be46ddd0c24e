// dbo.bi_credores: one row per debt contract of a collection agency's BI extract.
#include <algorithm>
#include <array>
#include <cmath>

#include "gen_brazil_data.h"
#include "gen_cpf.h"
#include "gen_dates.h"
#include "gen_random.h"
#include "gen_tables.h"
#include "gen_values.h"

namespace mssql_sim::gen {
namespace {

// Column positions, in schema order.
enum BiColumn : std::size_t {
  kId,
  kCpf,
  kDevedorId,
  kContId,
  kNumeroContrato,
  kAcordoId,
  kMinVencimento,
  kMaxVencimento,
  kDtPrimeiroAcionamento,
  kDtUltimoAcionamento,
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
  kDataBase,
  kColumnCount
};

// Random streams, one per decision, so no value depends on the order of the draws.
enum Stream : std::uint32_t {
  kGapPosition,
  kGapSize,
  kContJitter,
  kPortfolio,
  kAcordoNull,
  kAcordoValue,
  kMinDay,
  kInstallments,
  kMaxJitter,
  kFirstNull,
  kFirstDelay,
  kFirstTime,
  kLastSameDay,
  kLastDay,
  kLastTime,
  kSaldoSize,
  kInterest,
  kPlanoNull,
  kPlanoValue,
  kCityNull,
  kCity,
  kUfWithoutCity,
  kUfPick,
  kEffort,
  kPositives,
  kNegatives,
  kNotFound,
  kStatusPick,
};

// Every row is a contract seen on one extract date; the dates of its history come before it.
constexpr std::int32_t kExtractDay = days_from_civil(2026, 1, 31);
constexpr std::int32_t kFirstDueDate = days_from_civil(2015, 1, 1);
constexpr std::int32_t kLastDueDate = days_from_civil(2026, 12, 31);

// Identity values skip a few numbers, as rolled-back inserts leave them: every block of
// 1024 rows advances the id by 1026 in all, with one gap of 0–2 inside the block and the
// rest at its end. The gaps of a block never depend on other blocks, so id(i) is O(1).
constexpr std::uint64_t kGapBlockBits = 10;
constexpr std::uint64_t kGapPerBlock = 2;

constexpr std::array<std::uint16_t, 6> kPortfolios = {101, 102, 205, 310, 415, 520};
constexpr std::array<std::int16_t, 10> kPlans = {1, 3, 6, 10, 12, 18, 24, 36, 48, 60};

TableSchema bi_credores_schema() {
  TableSchema schema;
  schema.name = "bi_credores";
  schema.primary_key_name = "PK_bi_credores";
  schema.primary_key = {kId};
  auto add = [&](std::string name, SqlType type, bool nullable) {
    schema.columns.push_back(Column{std::move(name), std::move(type), nullable, false, {}});
  };
  add("id", type_of(TypeId::BigInt), false);
  schema.columns.back().identity = true;
  add("CPF", type_of(TypeId::Char, 11), false);
  add("DEVEDOR_ID", type_of(TypeId::Int), false);
  add("CONT_ID", type_of(TypeId::Int), false);
  add("NUMERO_CONTRATO", type_of(TypeId::VarChar, 30), false);
  add("ACORDO_ID", type_of(TypeId::Int), true);
  add("MIN_VENCIMENTO", type_of(TypeId::Date), false);
  add("MAX_VENCIMENTO", type_of(TypeId::Date), false);
  add("DT_PRIMEIRO_ACIONAMENTO", type_of(TypeId::DateTime), true);
  add("DT_ULTIMO_ACIONAMENTO", type_of(TypeId::DateTime2, 0, 0, 3), true);
  add("SALDO", type_of(TypeId::Money), false);
  add("SALDO_DEV_TT", type_of(TypeId::Decimal, 0, 18, 2), false);
  add("PLANO", type_of(TypeId::SmallInt), true);
  add("CIDADE", type_of(TypeId::NVarChar, 100), true);
  add("UF", type_of(TypeId::Char, 2), true);
  add("TOTAL_ESFORÇO", type_of(TypeId::Int), false);
  add("PNP", type_of(TypeId::Int), false);
  add("PISITIVAS", type_of(TypeId::Int), false);
  add("NEGATIVAS", type_of(TypeId::Int), false);
  add("STATUS", type_of(TypeId::TinyInt), false);
  add("DATA_BASE", type_of(TypeId::Date), false);
  return schema;
}

// A mod-11 verifier digit for contract numbers, as banks append them.
std::uint64_t mod11_digit(std::uint64_t number) {
  std::uint64_t sum = 0;
  for (std::uint64_t weight = 2; number != 0; number /= 10, weight = weight == 9 ? 2 : weight + 1) {
    sum += (number % 10) * weight;
  }
  const std::uint64_t digit = 11 - sum % 11;
  return digit >= 10 ? 0 : digit;
}

class BiCredoresRows final : public RowSet {
 public:
  BiCredoresRows(std::uint64_t rows, std::uint64_t seed)
      : rows_(rows),
        row_key_(seed_key(seed, 0xb1c0ULL)),
        debtor_key_(seed_key(seed, 0xde00ULL)),
        gap_key_(seed_key(seed, 0x9a90ULL)) {}

  std::uint64_t size() const override { return rows_; }
  bool ordered_by_key() const override { return true; }

  void row(std::uint64_t index, Row& out) const override {
    out.resize(kColumnCount);
    const Draws draws(row_key_, index);

    put_integer(out[kId], identity(index));
    put_debtor(index, out);
    put_dates_and_effort(draws, out);
    put_contract(index, draws, out);
    put_balances(draws, out);

    if (draws.chance(kPlanoNull, 350)) {
      put_null(out[kPlano]);
    } else {
      put_integer(out[kPlano], kPlans[draws.below(kPlanoValue, kPlans.size())]);
    }

    const std::uint64_t status = draws.below(kStatusPick, 100);
    put_integer(out[kStatus], status < 88 ? 1 : status < 95 ? 0 : 2);
    put_date(out[kDataBase], kExtractDay);
  }

 private:
  std::int64_t identity(std::uint64_t index) const {
    const std::uint64_t block = index >> kGapBlockBits;
    const std::uint64_t offset = index & ((1ULL << kGapBlockBits) - 1);
    const Draws gap(gap_key_, block);
    const std::uint64_t position = 1 + gap.below(kGapPosition, (1ULL << kGapBlockBits) - 1);
    const std::uint64_t inner = gap.below(kGapSize, kGapPerBlock + 1);
    return static_cast<std::int64_t>(index + 1 + block * kGapPerBlock +
                                     (offset >= position ? inner : 0));
  }

  // A debtor holds one or two consecutive contracts (8 rows per 5 debtors); the CPF and the
  // address belong to the debtor, so they repeat on that debtor's rows.
  void put_debtor(std::uint64_t index, Row& out) const {
    const std::uint64_t debtor = index * 5 / 8;
    const Draws draws(debtor_key_, debtor);

    reset(out[kCpf]);
    append_cpf(out[kCpf].bytes, cpf_base(debtor_key_, debtor));
    put_integer(out[kDevedorId], static_cast<std::int64_t>(1'000'001 + debtor % 2'000'000'000));

    if (draws.chance(kCityNull, 40)) {
      put_null(out[kCidade]);
      if (draws.chance(kUfWithoutCity, 500)) {
        put_null(out[kUf]);
      } else {
        put_text(out[kUf], states()[draws.below(kUfPick, states().size())].uf);
      }
      return;
    }
    const City& city = city_by_population(draws.bits(kCity));
    put_text(out[kCidade], city.name);
    put_text(out[kUf], city.uf);
  }

  void put_contract(std::uint64_t index, const Draws& draws, Row& out) const {
    const std::uint64_t contract = 2'000'000 + index * 3 + draws.below(kContJitter, 3);
    const auto cont_id = static_cast<std::int64_t>(contract % 2'147'483'647);
    put_integer(out[kContId], cont_id);

    // NUMERO_CONTRATO: portfolio, year of the first due date, number and verifier digit,
    // e.g. "205-2019-002345678-4" (20 characters).
    const std::uint64_t portfolio = kPortfolios[draws.below(kPortfolio, kPortfolios.size())];
    // Multiplying by a number prime to 10 permutes the nine-digit numbers: distinct
    // contracts get distinct, unpatterned numbers.
    const std::uint64_t number =
        static_cast<std::uint64_t>(cont_id) * 740'181'379ULL % 1'000'000'000;
    std::string& text = out[kNumeroContrato].bytes;
    reset(out[kNumeroContrato]);
    append_digits(text, portfolio, 3);
    text.push_back('-');
    append_digits(text, static_cast<std::uint64_t>(civil_from_days(out[kMinVencimento].days).year),
                  4);
    text.push_back('-');
    append_digits(text, number, 9);
    text.push_back('-');
    append_digits(text, mod11_digit(portfolio * 1'000'000'000 + number), 1);

    if (draws.chance(kAcordoNull, 620)) {
      put_null(out[kAcordoId]);
    } else {
      put_integer(out[kAcordoId], draws.between(kAcordoValue, 300'000, 899'999'999));
    }
  }

  void put_dates_and_effort(const Draws& draws, Row& out) const {
    // Due dates: the first one at least a month before the extract, then monthly instalments.
    const auto min_due =
        static_cast<std::int32_t>(draws.between(kMinDay, kFirstDueDate, kExtractDay - 30));
    const std::int64_t instalments =
        draws.between(kInstallments, 0, std::min<std::int64_t>(60, (kLastDueDate - min_due) / 31));
    const auto max_due = static_cast<std::int32_t>(std::min<std::int64_t>(
        kLastDueDate, min_due + instalments * 30 + draws.between(kMaxJitter, 0, instalments)));
    put_date(out[kMinVencimento], min_due);
    put_date(out[kMaxVencimento], max_due);

    if (draws.chance(kFirstNull, 120)) {
      // Never contacted: no contact dates and no effort.
      put_null(out[kDtPrimeiroAcionamento]);
      put_null(out[kDtUltimoAcionamento]);
      for (std::size_t column : {kTotalEsforco, kPnp, kPisitivas, kNegativas}) {
        put_integer(out[column], 0);
      }
      return;
    }

    // First contact: 1–120 days after the first due date, in business hours (08:00–20:00),
    // in datetime's 1/300 s ticks.
    const auto first_day = static_cast<std::int32_t>(
        std::min<std::int64_t>(kExtractDay, min_due + draws.between(kFirstDelay, 1, 120)));
    const std::int64_t first_tick = draws.between(kFirstTime, 8 * 3600 * 300, 20 * 3600 * 300 - 1);
    put_date_time(out[kDtPrimeiroAcionamento], first_day, first_tick);

    // Last contact: never before the first, which in milliseconds is the first rounded up.
    const std::int64_t first_ms = (first_tick * 10 + 2) / 3;
    std::int32_t last_day = first_day;
    std::int64_t last_ms = first_ms;
    if (!draws.chance(kLastSameDay, 150)) {
      last_day = static_cast<std::int32_t>(draws.between(kLastDay, first_day, kExtractDay));
      last_ms = draws.between(kLastTime, 8 * 3600 * 1000, 20 * 3600 * 1000 - 1);
      if (last_day == first_day) last_ms = std::max(last_ms, first_ms);
    }
    put_date_time(out[kDtUltimoAcionamento], last_day, last_ms * kTicksPerMillisecond);

    // Effort: contact attempts, split into positive, negative and person-not-found outcomes.
    const double spread = draws.unit(kEffort);
    const auto total = static_cast<std::int64_t>(1 + spread * spread * 250);
    const std::int64_t positives = draws.between(kPositives, 0, total / 4);
    const std::int64_t negatives = draws.between(kNegatives, 0, (total - positives) / 2);
    const std::int64_t not_found = draws.between(kNotFound, 0, total - positives - negatives);
    put_integer(out[kTotalEsforco], total);
    put_integer(out[kPnp], not_found);
    put_integer(out[kPisitivas], positives);
    put_integer(out[kNegativas], negatives);
  }

  void put_balances(const Draws& draws, Row& out) const {
    // Balances spread log-uniformly from R$ 20.00 to R$ 150,000.00, in cents.
    static const double kLowCents = std::log(2'000.0);
    static const double kHighCents = std::log(15'000'000.0);
    const auto cents = static_cast<std::int64_t>(
        std::exp(kLowCents + draws.unit(kSaldoSize) * (kHighCents - kLowCents)));
    put_unscaled(out[kSaldo], static_cast<__int128>(cents) * 100);

    // The total due adds 0–150% of interest and fees to the balance.
    const std::int64_t total_cents = cents + cents * draws.between(kInterest, 0, 1500) / 1000;
    put_unscaled(out[kSaldoDevTt], total_cents);
  }

  std::uint64_t rows_;
  std::uint64_t row_key_;
  std::uint64_t debtor_key_;
  std::uint64_t gap_key_;
};

}  // namespace

std::shared_ptr<Table> make_bi_credores(std::uint64_t rows, std::uint64_t seed) {
  return std::make_shared<GeneratedTable>(bi_credores_schema(),
                                          std::make_shared<BiCredoresRows>(rows, seed));
}

}  // namespace mssql_sim::gen
