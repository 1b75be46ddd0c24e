// The names --generate accepts, and the table each one makes.
#include "generators.h"

#include <stdexcept>
#include <string>

#include "gen_tables.h"

namespace mssql_sim {

std::vector<std::string_view> generator_names() {
  return {"bi_credores", "resumo_faixas", "mixed_types"};
}

std::shared_ptr<Table> make_generated_table(std::string_view name, std::uint64_t rows,
                                            std::uint64_t seed) {
  if (name == "bi_credores") return gen::make_bi_credores(rows, seed);
  if (name == "resumo_faixas") return gen::make_resumo_faixas(rows, seed);
  if (name == "mixed_types") return gen::make_mixed_types(rows, seed);
  throw std::invalid_argument("--generate: unknown table '" + std::string(name) +
                              "'; known tables: bi_credores, resumo_faixas, mixed_types");
}

}  // namespace mssql_sim
