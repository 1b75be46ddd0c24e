// etl: migrate SQL Server tables into PostgreSQL.
//
//   etl run FILE… [--writers N] [--batch-rows N] [--dry-run] [--fresh] [--report FILE]
//                 [--progress auto|bar|plain|none]
//   etl check FILE… [--writers N] [--batch-rows N]
//   etl status FILE… [--limit N] [--json]
//
// Exit codes (README, "Exit codes"): 0 success, 1 failure, 2 usage or configuration error,
// 3 verification failed (nothing swept), 4 more rejected rows than max_rejects, 5 stopped by
// SIGINT or SIGTERM (the next run resumes); 130 or 143 when a second signal ended it at once.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <clocale>
#include <map>

#include "commands.h"
#include "stop_signals.h"

namespace {

using etl::cli::ProgressMode;

int usage_error() {
  return static_cast<int>(etl::RunStatus::UsageError);
}

}  // namespace

int main(int argc, char** argv) {
  // First, before any thread exists: every thread started later inherits the blocked signals,
  // so only the waiter sees them.
  etl::cli::StopSignals stop_signals;

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

  etl::cli::RunCommand run_args;
  CLI::App* run = app.add_subcommand("run", "Run pipelines, one after the other");
  run->add_option("pipeline", run_args.files, "Pipeline files (JSON)")
      ->required()
      ->check(CLI::ExistingFile);
  run->add_option("--writers", run_args.writers, "PostgreSQL writer connections")
      ->check(CLI::Range(1, 10000));
  run->add_option("--batch-rows", run_args.batch_rows, "Rows per batch (page)")
      ->check(CLI::Range(1, 10000000));
  run->add_flag("--dry-run", run_args.dry_run, "Read and convert everything, write nothing");
  run->add_flag("--fresh", run_args.fresh,
                "Start a new run instead of resuming the pipeline's unfinished one");
  run->add_option("--report", run_args.report_file, "Write the reports as JSON to this file");
  const std::map<std::string, ProgressMode> modes{{"auto", ProgressMode::Auto},
                                                  {"bar", ProgressMode::Bar},
                                                  {"plain", ProgressMode::Plain},
                                                  {"none", ProgressMode::None}};
  std::string progress = "auto";
  run->add_option("--progress", progress, "auto (a bar on a terminal), bar, plain or none")
      ->check(CLI::IsMember({"auto", "bar", "plain", "none"}));

  etl::cli::CheckCommand check_args;
  CLI::App* check =
      app.add_subcommand("check",
                         "Check pipelines without changing anything: configuration, both servers, "
                         "tables, types, connection slots, an unfinished run");
  check->add_option("pipeline", check_args.files, "Pipeline files (JSON)")
      ->required()
      ->check(CLI::ExistingFile);
  check->add_option("--writers", check_args.writers, "The writers `etl run` would be given")
      ->check(CLI::Range(1, 10000));
  check
      ->add_option("--batch-rows", check_args.batch_rows,
                   "The batch size `etl run` would be given (a run resumes only the same)")
      ->check(CLI::Range(1, 10000000));

  etl::cli::StatusCommand status_args;
  CLI::App* status =
      app.add_subcommand("status", "Show the last runs of pipelines from the destination's ledger");
  status->add_option("pipeline", status_args.files, "Pipeline files (JSON)")
      ->required()
      ->check(CLI::ExistingFile);
  status->add_option("--limit", status_args.limit, "How many runs per pipeline (default 10)")
      ->check(CLI::Range(1, 100000));
  status->add_flag("--json", status_args.json, "Print the runs as JSON");

  // --log-level is accepted after the subcommand too.
  for (CLI::App* subcommand : {run, check, status})
    subcommand->fallthrough();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    int code = app.exit(error);
    return code == 0 ? 0 : usage_error();
  }
  spdlog::set_level(spdlog::level::from_str(log_level));
  run_args.progress = modes.at(progress);

  if (run->parsed()) return etl::cli::run_command(run_args, stop_signals.flag());
  if (check->parsed()) return etl::cli::check_command(check_args, stop_signals.flag());
  if (status->parsed()) {
    stop_signals.exit_on_first_signal();
    return etl::cli::status_command(status_args);
  }
  return usage_error();
}
