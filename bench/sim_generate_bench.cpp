// How fast the simulator makes generated rows: rows per second of bi_credores (and
// resumo_faixas), in key order and at random positions. Prints figures; never fails on a time.
//
// Usage: sim_generate_bench [ROWS] [SEED]   (ROWS defaults to 2,000,000)
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "generators.h"

namespace {

// Folds a row into a number, so the compiler cannot drop the work and runs can be compared.
std::uint64_t fold(const mssql_sim::Row& row) {
  std::uint64_t sum = 0;
  for (const auto& value : row) {
    sum = sum * 31 + static_cast<std::uint64_t>(value.integer) + value.days +
          static_cast<std::uint64_t>(value.ticks) + static_cast<std::uint64_t>(value.unscaled) +
          value.bytes.size() + value.is_null;
  }
  return sum;
}

void measure(const char* table, const char* order, std::uint64_t rows, std::uint64_t seed) {
  // The table is as large as the run's reads, so positions are spread over all of it.
  const auto snapshot = mssql_sim::make_generated_table(table, rows, seed)->snapshot();
  mssql_sim::Row row;
  std::uint64_t checksum = 0;
  const bool random = std::string(order) == "random";

  const auto start = std::chrono::steady_clock::now();
  for (std::uint64_t i = 0; i < rows; ++i) {
    // A multiplicative step visits positions in a scattered order.
    const std::uint64_t index = random ? (i * 0x9e3779b97f4a7c15ULL) % rows : i;
    snapshot->row(index, row);
    checksum += fold(row);
  }
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;

  std::printf("%-14s %-8s %12llu rows %8.3f s %12.0f rows/s  checksum %016llx\n", table, order,
              static_cast<unsigned long long>(rows), elapsed.count(),
              static_cast<double>(rows) / elapsed.count(),
              static_cast<unsigned long long>(checksum));
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t rows = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 2'000'000;
  const std::uint64_t seed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1;
  if (rows == 0) {
    std::fprintf(stderr, "sim_generate_bench: ROWS must be a positive number\n");
    return 2;
  }

  std::printf("sim_generate_bench: making %llu rows per run, seed %llu, one thread\n",
              static_cast<unsigned long long>(rows), static_cast<unsigned long long>(seed));
  measure("bi_credores", "in-order", rows, seed);
  measure("bi_credores", "random", rows, seed);
  measure("resumo_faixas", "in-order", rows, seed);
  return 0;
}
