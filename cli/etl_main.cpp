// etl: migrate SQL Server tables into PostgreSQL.
//
//   etl run pipelines/bi_credores.json [more.json…] [--writers N] [--batch-rows N]
//           [--dry-run] [--report FILE] [--progress auto|bar|plain|none]
//
// Exit codes (README, "Exit codes"): 0 success, 1 failure, 2 usage or configuration error,
// 3 verification failed (nothing swept), 4 more rejected rows than max_rejects.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <clocale>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "etl/engine.h"
#include "etl/errors.h"
#include "progress_display.h"

namespace {

struct RunCommand {
  std::vector<std::string> files;
  std::optional<std::size_t> writers;
  std::optional<std::size_t> batch_rows;
  bool dry_run = false;
  std::string report_file;
  etl::cli::ProgressMode progress = etl::cli::ProgressMode::Auto;
};

int worst(int current, int next) {
  return current != 0 ? current : next;
}

int run_pipelines(const RunCommand& command) {
  etl::Environment environment = etl::process_environment();

  // Every file is checked before the first one runs: a typo in the last pipeline should not
  // surface after an hour of loading the first.
  std::vector<etl::PipelineConfig> pipelines;
  for (const std::string& file : command.files) {
    try {
      pipelines.push_back(etl::load_pipeline(file, environment));
    } catch (const etl::ConfigError& error) {
      spdlog::error("{}", error.what());
      return static_cast<int>(etl::RunStatus::UsageError);
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
      return static_cast<int>(etl::RunStatus::UsageError);
    }
  }

  etl::cli::ProgressDisplay display(command.progress);
  nlohmann::json reports = nlohmann::json::array();
  int exit_code = 0;
  for (const etl::PipelineConfig& pipeline : pipelines) {
    etl::RunOptions options;
    options.dry_run = command.dry_run;
    options.writers = command.writers;
    options.batch_rows = command.batch_rows;
    options.progress = [&display](const etl::Progress& progress) { display.update(progress); };
    etl::RunReport report = etl::run_pipeline(pipeline, options);
    display.finish();
    std::cout << etl::report_text(report) << std::flush;
    reports.push_back(nlohmann::json::parse(etl::report_json(report)));
    exit_code = worst(exit_code, static_cast<int>(report.status));
  }

  if (report_out.is_open()) {
    report_out << reports.dump(2) << '\n';
    report_out.flush();
    if (!report_out) {
      spdlog::error("cannot write the report to {}", command.report_file);
      return worst(exit_code, static_cast<int>(etl::RunStatus::Failed));
    }
  }
  return exit_code;
}

}  // namespace

int main(int argc, char** argv) {
  // FreeTDS converts text to the locale's character set: make it UTF-8.
  if (!std::setlocale(LC_ALL, "C.UTF-8")) std::setlocale(LC_ALL, "");
  spdlog::set_default_logger(spdlog::stderr_color_mt("etl"));
  spdlog::set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ %v");

  CLI::App app{"etl: migrates SQL Server tables into PostgreSQL, exactly and in parallel"};
  app.set_version_flag("--version", std::string("etl ") + ETL_VERSION);
  app.require_subcommand(1);
  std::string log_level = "info";
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}));

  RunCommand command;
  CLI::App* run = app.add_subcommand("run", "Run pipelines, one after the other");
  run->add_option("pipeline", command.files, "Pipeline files (JSON)")
      ->required()
      ->check(CLI::ExistingFile);
  run->add_option("--writers", command.writers, "PostgreSQL writer connections")
      ->check(CLI::Range(1, 10000));
  run->add_option("--batch-rows", command.batch_rows, "Rows per batch (page)")
      ->check(CLI::Range(1, 10000000));
  run->add_flag("--dry-run", command.dry_run, "Read and convert everything, write nothing");
  run->add_option("--report", command.report_file, "Write the reports as JSON to this file");
  const std::map<std::string, etl::cli::ProgressMode> modes{
      {"auto", etl::cli::ProgressMode::Auto},
      {"bar", etl::cli::ProgressMode::Bar},
      {"plain", etl::cli::ProgressMode::Plain},
      {"none", etl::cli::ProgressMode::None}};
  std::string progress = "auto";
  run->add_option("--progress", progress, "auto (a bar on a terminal), bar, plain or none")
      ->check(CLI::IsMember({"auto", "bar", "plain", "none"}));
  // --log-level is accepted after `run` too.
  run->fallthrough();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    int code = app.exit(error);
    return code == 0 ? 0 : static_cast<int>(etl::RunStatus::UsageError);
  }
  spdlog::set_level(spdlog::level::from_str(log_level));
  command.progress = modes.at(progress);

  if (run->parsed()) return run_pipelines(command);
  return static_cast<int>(etl::RunStatus::UsageError);
}
