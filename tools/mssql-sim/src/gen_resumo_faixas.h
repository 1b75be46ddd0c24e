// The bands of dbo.resumo_faixas, exposed so tests can check their collation order.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace mssql_sim::gen {

//! FAIXA_ATRASO values (days overdue) in ascending key order. They differ within their
//! leading digits, so every collation sorts them alike.
std::span<const std::string_view> faixas_atraso();

//! FAIXA_SALDO values (balance in reais) in ascending key order, spelled like the days
//! bands: zero-padded lower and upper bounds, distinct within their leading digits.
std::span<const std::string_view> faixas_saldo();

//! The first DATA_BASE of the table: row 0's date. Each later date is one day after.
std::int32_t resumo_faixas_first_day();

}  // namespace mssql_sim::gen
