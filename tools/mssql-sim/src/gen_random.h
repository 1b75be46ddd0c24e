// A counter-based random source for the generated tables: every value of row i comes from
// hash(seed, i, stream), so any row can be made on its own, in any order, in O(1).
#pragma once

#include <cstdint>

namespace mssql_sim::gen {

//! The 64-bit finalizer of SplitMix64: a bijection whose output bits each depend on every
//! input bit, so consecutive counters give unrelated values.
constexpr std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

//! Turns a user seed into the key that all rows of one table derive from. `table_salt`
//! keeps two tables made with the same seed from sharing their random streams.
constexpr std::uint64_t seed_key(std::uint64_t seed, std::uint64_t table_salt) {
  return mix64(mix64(seed ^ 0x6a09e667f3bcc909ULL) ^ table_salt);
}

//! The random streams of one entity (a row, a debtor, a block of rows). Each draw names its
//! stream, so the value of a column never depends on which other columns were drawn first.
class Draws {
 public:
  constexpr Draws(std::uint64_t key, std::uint64_t counter)
      : key_(mix64(key + (counter + 1) * 0x9e3779b97f4a7c15ULL)) {}

  //! 64 random bits of `stream`.
  constexpr std::uint64_t bits(std::uint32_t stream) const {
    return mix64(key_ ^ ((stream + 1ULL) * 0xd1b54a32d192ed03ULL));
  }

  //! A number in [0, bound), bound > 0 (multiply-high mapping; its bias is below 2^-32
  //! for every bound the generators use).
  constexpr std::uint64_t below(std::uint32_t stream, std::uint64_t bound) const {
    return static_cast<std::uint64_t>((static_cast<unsigned __int128>(bits(stream)) * bound) >> 64);
  }

  //! A number in [low, high], low ≤ high.
  constexpr std::int64_t between(std::uint32_t stream, std::int64_t low, std::int64_t high) const {
    return low +
           static_cast<std::int64_t>(below(stream, static_cast<std::uint64_t>(high - low) + 1));
  }

  //! True with probability `per_mille` / 1000.
  constexpr bool chance(std::uint32_t stream, std::uint32_t per_mille) const {
    return below(stream, 1000) < per_mille;
  }

  //! A double in [0, 1) with 53 random bits.
  constexpr double unit(std::uint32_t stream) const {
    return static_cast<double>(bits(stream) >> 11) * 0x1.0p-53;
  }

 private:
  std::uint64_t key_;
};

}  // namespace mssql_sim::gen
