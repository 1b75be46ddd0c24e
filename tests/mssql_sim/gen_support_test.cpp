// The facts and arithmetic the generated tables rest on: places, CPF digits, the calendar.
#include <catch2/catch.hpp>
#include <chrono>
#include <set>
#include <string>

#include "gen_brazil_data.h"
#include "gen_cpf.h"
#include "gen_dates.h"

using namespace mssql_sim;

namespace {

std::int32_t chrono_days(int year, unsigned month, unsigned day) {
  using namespace std::chrono;
  const sys_days date{std::chrono::year{year} / std::chrono::month{month} / std::chrono::day{day}};
  return static_cast<std::int32_t>(date.time_since_epoch().count()) + 719162;
}

}  // namespace

TEST_CASE("Brazilian places cover every state with accented city names", "[generators][data]") {
  const auto states = gen::states();
  REQUIRE(states.size() == 27);
  std::set<std::string> codes;
  for (std::size_t i = 0; i < states.size(); ++i) {
    CHECK(states[i].uf.size() == 2);
    CHECK_FALSE(states[i].name.empty());
    if (i > 0) CHECK(states[i - 1].uf < states[i].uf);
    codes.insert(std::string(states[i].uf));
  }

  std::set<std::string> covered;
  std::set<std::string> names;
  for (const auto& city : gen::cities()) {
    CHECK_FALSE(city.name.empty());
    CHECK(city.population_thousands > 0);
    CHECK(codes.count(std::string(city.uf)) == 1);
    covered.insert(std::string(city.uf));
    names.insert(std::string(city.name));
  }
  CHECK(gen::cities().size() >= 60);
  CHECK(names.size() == gen::cities().size());
  CHECK(covered == codes);
  for (const char* name : {"São Paulo", "Belém", "Florianópolis", "Maceió", "Goiânia"}) {
    CHECK(names.count(name) == 1);
  }
}

TEST_CASE("CPF check digits follow the mod-11 rule on published examples", "[generators][cpf]") {
  // Check digits worked by hand: 123.456.789 → 09 and 111.444.777 → 35.
  CHECK(gen::cpf_check_digits(123'456'789) == 9);
  CHECK(gen::cpf_check_digits(111'444'777) == 35);
  std::string text;
  gen::append_cpf(text, 1'234'567);
  CHECK(text.size() == 11);
  CHECK(text.substr(0, 9) == "001234567");
}

TEST_CASE("CPF bases are a permutation that never yields a repeated digit", "[generators][cpf]") {
  std::set<std::uint32_t> seen;
  for (std::uint64_t index = 0; index < 100'000; ++index) {
    const std::uint32_t base = gen::cpf_base(77, index);
    REQUIRE(base < 1'000'000'000);
    REQUIRE(base % 111'111'111 != 0);
    REQUIRE(seen.insert(base).second);
  }
  CHECK(gen::cpf_base(77, 5) != gen::cpf_base(78, 5));
}

TEST_CASE("generator calendar agrees with std::chrono", "[generators][dates]") {
  for (int year : {1, 4, 100, 400, 1582, 1900, 2000, 2015, 2024, 2026, 9999}) {
    for (unsigned month = 1; month <= 12; ++month) {
      for (unsigned day : {1u, 28u}) {
        const std::int32_t expected = chrono_days(year, month, day);
        CHECK(gen::days_from_civil(year, month, day) == expected);
        CHECK(gen::civil_from_days(expected) == gen::CivilDate{year, month, day});
      }
    }
  }
  CHECK(gen::days_from_civil(9999, 12, 31) == 3'652'058);
}
