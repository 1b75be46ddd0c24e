// The generated tables behind make_generated_table: a schema and a row maker per table.
#pragma once

#include <cstdint>
#include <memory>
#include <utility>

#include "table.h"

namespace mssql_sim::gen {

//! A table whose rows are made on demand by an immutable RowSet; every snapshot is that
//! same RowSet, since generated tables never change.
class GeneratedTable final : public Table {
 public:
  GeneratedTable(TableSchema schema, std::shared_ptr<const RowSet> rows)
      : schema_(std::move(schema)), rows_(std::move(rows)) {}

  const TableSchema& schema() const override { return schema_; }
  std::shared_ptr<const RowSet> snapshot() const override { return rows_; }

 private:
  TableSchema schema_;
  std::shared_ptr<const RowSet> rows_;
};

//! A column type with the server's default collation (used by character types only).
inline SqlType type_of(TypeId id, std::int32_t length = 0, std::uint8_t precision = 0,
                       std::uint8_t scale = 0) {
  SqlType type;
  type.id = id;
  type.length = length;
  type.precision = precision;
  type.scale = scale;
  return type;
}

//! dbo.bi_credores (DESIGN.md §8): one row per debt contract, ids ascending.
std::shared_ptr<Table> make_bi_credores(std::uint64_t rows, std::uint64_t seed);

//! dbo.resumo_faixas (DESIGN.md §8): row i is the i-th key (DATA_BASE, UF, FAIXA_ATRASO,
//! FAIXA_SALDO) in ascending order. Throws std::invalid_argument when `rows` would need
//! dates past 9999-12-31.
std::shared_ptr<Table> make_resumo_faixas(std::uint64_t rows, std::uint64_t seed);

//! dbo.mixed_types: a column of every type the simulator serves, row i with id i + 1.
std::shared_ptr<Table> make_mixed_types(std::uint64_t rows, std::uint64_t seed);

}  // namespace mssql_sim::gen
