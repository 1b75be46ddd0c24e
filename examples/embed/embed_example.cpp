// Embedding etl: migrate dbo.bi_credores with a pipeline built in code, masking each CPF
// (a privacy rule of this program, not of etl) and printing progress as it goes.
//
//   MSSQL_PORT=1433 MSSQL_PASSWORD=… PG_URL=postgresql://… embed_example
//
// Exits with the run's status code (0 on success).
#include <clocale>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include "etl/engine.h"

namespace {

std::string environment(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value && *value ? value : fallback;
}

//! Keeps the first three and the last two digits of each CPF: 123.***.***-09 in spirit.
void mask_cpf(const etl::SourceTable& table, etl::Batch& batch) {
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    if (table.columns[c].name != "CPF") continue;
    etl::ColumnValues& cpf = batch.columns[c];
    for (std::size_t row = 0; row < batch.rows; ++row) {
      if (cpf.nulls[row]) continue;
      std::uint64_t begin = row == 0 ? 0 : cpf.ends[row - 1];
      for (std::uint64_t i = begin + 3; i + 2 < cpf.ends[row]; ++i)
        cpf.bytes[i] = '*';
    }
  }
}

}  // namespace

int main() {
  std::setlocale(LC_ALL, "C.UTF-8");

  etl::PipelineConfig pipeline;
  pipeline.name = "bi_credores_masked";
  pipeline.source.host = environment("MSSQL_HOST", "127.0.0.1");
  pipeline.source.port = static_cast<std::uint16_t>(std::stoi(environment("MSSQL_PORT", "1433")));
  pipeline.source.database = environment("MSSQL_DATABASE", "cobranca");
  pipeline.source.user = environment("MSSQL_USER", "etl");
  pipeline.source.password = environment("MSSQL_PASSWORD", "");
  pipeline.source_table = "dbo.bi_credores";
  pipeline.destination_url = environment("PG_URL", "postgresql://127.0.0.1:5432/etl");
  pipeline.destination_table = "public.bi_credores_masked";
  pipeline.strategy = etl::Strategy::Upsert;
  pipeline.writers = 8;
  pipeline.batch_rows = 4000;
  pipeline.rejects_file = "rejects/bi_credores_masked.jsonl";
  pipeline.batch_hook = mask_cpf;

  etl::RunOptions options;
  options.progress = [](const etl::Progress& progress) {
    if (progress.phase != "load") return;
    std::fprintf(stderr, "\r%s: %llu of %llu rows", progress.pipeline.c_str(),
                 static_cast<unsigned long long>(progress.rows_written),
                 static_cast<unsigned long long>(progress.rows_total));
  };

  etl::RunReport report = etl::run_pipeline(pipeline, options);
  std::cerr << '\n' << etl::report_text(report);
  return static_cast<int>(report.status);
}
