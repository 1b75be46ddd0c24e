// CPF numbers (the Brazilian individual taxpayer id): check digits, and a distinct,
// random-looking number for every debtor.
#pragma once

#include <cstdint>
#include <string>

namespace mssql_sim::gen {

//! Numbers of nine digits that may start a CPF: all of 0..999'999'999 except the ten with
//! one repeated digit (000000000, 111111111, …), which the Receita Federal never issues.
inline constexpr std::uint64_t kCpfBases = 1'000'000'000 - 10;

//! The two check digits (0..9 each) of the CPF that starts with the nine digits of `base`,
//! as the mod-11 rule computes them; returned as 10 × first + second.
int cpf_check_digits(std::uint32_t base);

//! Appends the eleven digits of the CPF that starts with `base` (zero-padded to nine).
void append_cpf(std::string& out, std::uint32_t base);

//! A CPF base for entity `index` under `key`: a permutation of the valid bases, so distinct
//! indexes below kCpfBases get distinct CPFs.
std::uint32_t cpf_base(std::uint64_t key, std::uint64_t index);

}  // namespace mssql_sim::gen
