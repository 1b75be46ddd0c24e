// etl check: each pipeline's preflight alone (RunOptions::preflight_only), printed as one line
// per fact it established. Nothing in either database changes.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <iostream>

#include "commands.h"
#include "etl/errors.h"

namespace etl::cli {
namespace {

//! Prints one line of the checklist: "  ok    what" or "  warn  what".
void line(const char* mark, const std::string& text) {
  std::cout << fmt::format("  {:<5} {}\n", mark, text);
}

//! The facts the preflight established, in the order it establishes them; a fact it did not
//! reach (it failed before) is left out, and the failure is printed after the last one.
void print_facts(const PipelineConfig& pipeline, const RunReport& report) {
  bool failed = report.status != RunStatus::Succeeded;
  bool source_done = report.source_columns > 0 || !failed;
  bool destination_done = !report.destination_server.empty();

  if (source_done) {
    line("ok", fmt::format("source: logged in to {}:{}, database {}, as {}", pipeline.source.host,
                           pipeline.source.port, pipeline.source.database, pipeline.source.user));
    line("ok", fmt::format("source table {}: {} columns, {} rows", pipeline.source_table,
                           report.source_columns, report.source_rows));
  }
  // The destination's columns are designed from the source's before the destination is asked:
  // reaching it means every source column has a PostgreSQL type.
  if (destination_done) {
    line("ok", fmt::format(
                   "types: all {} source columns map to PostgreSQL types{}", report.source_columns,
                   report.lossy_columns.empty()
                       ? ", none lossy"
                       : fmt::format(", {} may change values", report.lossy_columns.size())));
    for (const std::string& lossy : report.lossy_columns)
      line("warn", "lossy: " + lossy);
    line("ok", fmt::format("destination: {} reachable, PostgreSQL {}",
                           mask_secrets(pipeline.destination_url), report.destination_server));
    line("ok", fmt::format("destination table {}: {}", pipeline.destination_table,
                           report.destination_table_exists ? "exists, and its columns fit"
                                                           : "missing, `etl run` creates it"));
  }
  if (destination_done && report.writers > 0) {
    bool capped = report.writers < report.writers_requested;
    line(capped ? "warn" : "ok",
         fmt::format("connections: {} free slots; {} writers will be used{}",
                     report.free_connections, report.writers,
                     capped ? fmt::format(" (capped: {} asked; raise max_connections for more)",
                                          report.writers_requested)
                            : ""));
  }
  if (!failed) {
    if (report.resumed_run.empty()) {
      line("ok", "resume: no unfinished run; `etl run` starts a new one");
    } else {
      line("ok", fmt::format("resume: unfinished run {} committed {} batches ({} rows); "
                             "`etl run` resumes it, `etl run --fresh` starts afresh",
                             report.resumed_run, report.resumed_batches, report.resumed_rows));
    }
  }
  if (failed) line("FAIL", report.error);
}

}  // namespace

int check_command(const CheckCommand& command, const std::atomic<bool>& stop) {
  Environment environment = process_environment();
  int exit_code = 0;

  // Unlike `etl run`, a bad file does not stop the others: a check should list every problem.
  for (const std::string& file : command.files) {
    std::cout << "check " << file << '\n';
    if (stop) {
      line("FAIL", "skipped: etl was stopped");
      exit_code = worst(exit_code, static_cast<int>(RunStatus::Interrupted));
      continue;
    }

    PipelineConfig pipeline;
    try {
      pipeline = load_pipeline(file, environment);
    } catch (const ConfigError& error) {
      spdlog::error("{}", error.what());
      line("FAIL", error.what());
      std::cout << fmt::format("{}: not ready (exit code {})\n", file,
                               static_cast<int>(RunStatus::UsageError));
      exit_code = worst(exit_code, static_cast<int>(RunStatus::UsageError));
      continue;
    }
    line("ok", fmt::format("pipeline {}: valid, every variable present", pipeline.name));

    RunOptions options;
    options.preflight_only = true;
    options.writers = command.writers;
    options.batch_rows = command.batch_rows;
    options.stop = &stop;
    RunReport report = run_pipeline(pipeline, options);

    print_facts(pipeline, report);
    int code = static_cast<int>(report.status);
    if (code == 0) {
      std::cout << fmt::format("{}: ready\n", pipeline.name);
    } else {
      std::cout << fmt::format("{}: not ready (exit code {})\n", pipeline.name, code);
    }
    std::cout << std::flush;
    exit_code = worst(exit_code, code);
  }
  return exit_code;
}

}  // namespace etl::cli
