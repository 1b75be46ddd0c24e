// Brazilian states and cities for the generated tables, with their accents as written.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace mssql_sim::gen {

//! Brazil has 26 states and the Federal District.
inline constexpr std::size_t kStateCount = 27;

struct State {
  std::string_view uf;                 //!< two capital letters, e.g. "SP"
  std::string_view name;               //!< UTF-8, e.g. "São Paulo"
  std::uint32_t population_thousands;  //!< approximate (2022 census); a weight
};

struct City {
  std::string_view name;               //!< UTF-8, e.g. "Florianópolis"
  std::string_view uf;                 //!< the state the city is in
  std::uint32_t population_thousands;  //!< approximate (2022 census); a weight
};

//! The 27 federative units, in ascending order of their codes.
std::span<const State> states();

//! Real cities of every state (capitals and large cities).
std::span<const City> cities();

//! A city picked with probability proportional to its population; `draw` is uniform in
//! [0, 2^64).
const City& city_by_population(std::uint64_t draw);

}  // namespace mssql_sim::gen
