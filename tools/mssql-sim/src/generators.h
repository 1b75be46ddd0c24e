// Deterministic generated tables: the two BI tables of DESIGN.md §8, made row by row.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "table.h"

namespace mssql_sim {

//! Names accepted by --generate.
std::vector<std::string_view> generator_names();

//! A table of `rows` rows whose row i depends only on (seed, i): the same seed gives the
//! same rows, and no row is held in memory. Rows are in primary-key order. Throws
//! std::invalid_argument for an unknown name.
std::shared_ptr<Table> make_generated_table(std::string_view name, std::uint64_t rows,
                                            std::uint64_t seed);

}  // namespace mssql_sim
