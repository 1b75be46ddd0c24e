// etl status: the last runs of each pipeline as the destination's ledger records them.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "etl/errors.h"

namespace etl::cli {
namespace {

nlohmann::ordered_json run_json(const LedgerRun& run) {
  return {{"run_id", run.run_id},
          {"state", run.state},
          {"started_at", run.started_at},
          {"updated_at", run.updated_at},
          {"batches", run.batches},
          {"rows", run.rows},
          {"error", run.error},
          {"source_table", run.source_table},
          {"destination_table", run.destination_table},
          {"strategy", run.strategy}};
}

void print_runs(const PipelineConfig& pipeline, const std::vector<LedgerRun>& runs) {
  if (runs.empty()) {
    std::cout << fmt::format(
        "{}: no run recorded: the ledger (schema {} in {}) does not exist yet or holds no run of "
        "this pipeline; the first `etl run` records one\n",
        pipeline.name, pipeline.ledger_schema, mask_secrets(pipeline.destination_url));
    return;
  }
  std::cout << fmt::format("{}: the last {} runs, newest first ({} → {})\n", pipeline.name,
                           runs.size(), pipeline.source_table, pipeline.destination_table);
  std::cout << fmt::format("  {:<22} {:<20} {:<20} {:<20} {:>8} {:>12}  {}\n", "run", "state",
                           "started", "updated", "batches", "rows", "error");
  for (const LedgerRun& run : runs) {
    std::cout << fmt::format("  {:<22} {:<20} {:<20} {:<20} {:>8} {:>12}  {}\n", run.run_id,
                             run.state, run.started_at, run.updated_at, run.batches, run.rows,
                             run.error);
  }
  // A run killed in the middle still says "running"; the next `etl run` resumes it.
  if (runs.front().state != "succeeded") {
    std::cout << fmt::format(
        "  the latest run did not finish: `etl run` resumes it, `etl run --fresh` starts "
        "afresh\n");
  }
}

}  // namespace

int status_command(const StatusCommand& command) {
  Environment environment = process_environment();
  nlohmann::ordered_json all = nlohmann::ordered_json::array();
  int exit_code = 0;

  for (const std::string& file : command.files) {
    PipelineConfig pipeline;
    try {
      pipeline = load_pipeline(file, environment);
    } catch (const ConfigError& error) {
      spdlog::error("{}", error.what());
      exit_code = worst(exit_code, static_cast<int>(RunStatus::UsageError));
      continue;
    }

    std::vector<LedgerRun> runs;
    try {
      runs = pipeline_runs(pipeline, command.limit);
    } catch (const std::exception& error) {
      spdlog::error("[{}] status: {}", pipeline.name, error.what());
      exit_code = worst(exit_code, static_cast<int>(RunStatus::Failed));
      continue;
    }

    if (command.json) {
      nlohmann::ordered_json entry;
      entry["pipeline"] = pipeline.name;
      entry["runs"] = nlohmann::ordered_json::array();
      for (const LedgerRun& run : runs)
        entry["runs"].push_back(run_json(run));
      all.push_back(entry);
    } else {
      print_runs(pipeline, runs);
    }
  }

  if (command.json) std::cout << all.dump(2) << '\n';
  std::cout << std::flush;
  return exit_code;
}

}  // namespace etl::cli
