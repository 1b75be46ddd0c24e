// etl run: every pipeline file is validated, then each pipeline runs in turn.
#include <spdlog/spdlog.h>

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "etl/errors.h"

namespace etl::cli {
namespace {

//! The report of a pipeline that never started because the operator stopped etl before.
RunReport skipped_report(const PipelineConfig& pipeline, const RunCommand& command) {
  RunReport report;
  report.pipeline = pipeline.name;
  report.status = RunStatus::Interrupted;
  report.error = "skipped: etl was stopped before this pipeline started";
  report.source_table = pipeline.source_table;
  report.destination_table = pipeline.destination_table;
  report.strategy = std::string(strategy_name(pipeline.strategy));
  report.writers_requested = command.writers.value_or(pipeline.writers);
  report.batch_rows = command.batch_rows.value_or(pipeline.batch_rows);
  return report;
}

}  // namespace

int run_command(const RunCommand& command, const std::atomic<bool>& stop) {
  Environment environment = process_environment();

  // Every file is checked before the first one runs: a typo in the last pipeline should not
  // surface after an hour of loading the first.
  std::vector<PipelineConfig> pipelines;
  for (const std::string& file : command.files) {
    try {
      pipelines.push_back(load_pipeline(file, environment));
    } catch (const ConfigError& error) {
      spdlog::error("{}", error.what());
      return static_cast<int>(RunStatus::UsageError);
    }
  }

  // The report's file is opened before any load: a path that cannot be written should not
  // surface after the destination has changed.
  std::ofstream report_out;
  if (!command.report_file.empty()) {
    report_out.open(command.report_file);
    if (!report_out) {
      spdlog::error("--report: cannot write {}: check that its folder exists and is writable",
                    command.report_file);
      return static_cast<int>(RunStatus::UsageError);
    }
  }

  ProgressDisplay display(command.progress);
  nlohmann::json reports = nlohmann::json::array();
  int exit_code = 0;
  for (const PipelineConfig& pipeline : pipelines) {
    RunReport report;
    if (stop) {
      spdlog::warn("[{}] skipped: etl was stopped before this pipeline started", pipeline.name);
      report = skipped_report(pipeline, command);
    } else {
      RunOptions options;
      options.dry_run = command.dry_run;
      options.fresh = command.fresh;
      options.writers = command.writers;
      options.batch_rows = command.batch_rows;
      options.stop = &stop;
      options.progress = [&display](const Progress& progress) { display.update(progress); };
      report = run_pipeline(pipeline, options);
      display.finish();
    }
    std::cout << report_text(report) << std::flush;
    reports.push_back(nlohmann::json::parse(report_json(report)));
    exit_code = worst(exit_code, static_cast<int>(report.status));
  }

  if (report_out.is_open()) {
    report_out << reports.dump(2) << '\n';
    report_out.flush();
    if (!report_out) {
      spdlog::error("cannot write the report to {}", command.report_file);
      return worst(exit_code, static_cast<int>(RunStatus::Failed));
    }
  }
  return exit_code;
}

}  // namespace etl::cli
