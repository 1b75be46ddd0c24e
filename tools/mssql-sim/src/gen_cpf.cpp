// CPF check digits and a keyed permutation of CPF numbers.
#include "gen_cpf.h"

#include "gen_random.h"
#include "gen_values.h"

namespace mssql_sim::gen {
namespace {

constexpr std::uint32_t kRepeatedDigits = 111'111'111;

bool is_repeated_digit(std::uint32_t base) {
  return base % kRepeatedDigits == 0;
}

// A 4-round Feistel network on 30 bits (two halves of 15): a keyed bijection of
// [0, 2^30), a range just above the 10^9 nine-digit numbers.
std::uint32_t feistel30(std::uint64_t key, std::uint32_t x) {
  std::uint32_t left = x >> 15;
  std::uint32_t right = x & 0x7fff;
  for (std::uint64_t round = 0; round < 4; ++round) {
    const auto f = static_cast<std::uint32_t>(mix64(key ^ (round << 32) ^ right) & 0x7fff);
    const std::uint32_t next_right = left ^ f;
    left = right;
    right = next_right;
  }
  return (left << 15) | right;
}

int check_digit(int weighted_sum) {
  const int remainder = weighted_sum % 11;
  return remainder < 2 ? 0 : 11 - remainder;
}

}  // namespace

int cpf_check_digits(std::uint32_t base) {
  int digits[9];
  for (int i = 8; i >= 0; --i) {
    digits[i] = static_cast<int>(base % 10);
    base /= 10;
  }

  int first_sum = 0;
  int second_sum = 0;
  for (int i = 0; i < 9; ++i) {
    first_sum += digits[i] * (10 - i);
    second_sum += digits[i] * (11 - i);
  }
  const int first = check_digit(first_sum);
  const int second = check_digit(second_sum + first * 2);
  return first * 10 + second;
}

void append_cpf(std::string& out, std::uint32_t base) {
  append_digits(out, base, 9);
  append_digits(out, static_cast<std::uint64_t>(cpf_check_digits(base)), 2);
}

std::uint32_t cpf_base(std::uint64_t key, std::uint64_t index) {
  // The index-th valid base in ascending order: step over the repeated-digit numbers.
  auto x = static_cast<std::uint32_t>(index % kCpfBases);
  for (std::uint32_t digit = 0; digit <= 9; ++digit) {
    if (x >= digit * kRepeatedDigits) ++x;
  }

  // Cycle-walking: apply the permutation until it lands on a valid base again. Restricted
  // to the valid bases this is itself a permutation, so distinct indexes stay distinct.
  const std::uint64_t round_key = mix64(key ^ 0x43504600ULL);
  do {
    x = feistel30(round_key, x);
  } while (x >= 1'000'000'000 || is_repeated_digit(x));
  return x;
}

}  // namespace mssql_sim::gen
