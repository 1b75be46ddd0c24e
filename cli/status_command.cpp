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

//! One line of the table of runs; the error, last, may be long and is not padded.
void print_row(const std::vector<std::string>& cells) {
  std::string text = fmt::format("  {:<22} {:<19} {:<20} {:<20} {:>8} {:>12}", cells[0], cells[1],
                                 cells[2], cells[3], cells[4], cells[5]);
  if (!cells[6].empty()) text += "  " + cells[6];
  std::cout << text << '\n';
}

void print_runs(const PipelineConfig& pipeline, const std::vector<LedgerRun>& runs) {
  if (runs.empty()) {
    std::cout << fmt::format(
        "{}: no run recorded: the ledger (schema {} in {}) does not exist yet or holds no run of "
        "this pipeline; the first `etl run` records one\n",
        pipeline.name, pipeline.ledger_schema, mask_secrets(pipeline.destination_url));
    return;
  }
  std::cout << fmt::format(
      "{}: {}, newest first ({} → {})\n", pipeline.name,
      runs.size() == 1 ? std::string("the last run") : fmt::format("the last {} runs", runs.size()),
      pipeline.source_table, pipeline.destination_table);
  print_row({"run", "state", "started", "updated", "batches", "rows", "error"});
  for (const LedgerRun& run : runs) {
    print_row({run.run_id, run.state, run.started_at, run.updated_at, std::to_string(run.batches),
               std::to_string(run.rows), run.error});
  }
  // A run killed in the middle still says "running"; these are the states a run resumes from
  // (Sink::unfinished_run).
  const std::string& latest = runs.front().state;
  if (latest == "running" || latest == "interrupted" || latest == "failed") {
    std::cout << "  the latest run did not finish: `etl run` resumes it when the batch size is "
                 "the same; `etl run --fresh` starts afresh\n";
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
