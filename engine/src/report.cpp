#include "etl/report.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace etl {
namespace {

const char* status_name(RunStatus status) {
  switch (status) {
    case RunStatus::Succeeded:
      return "succeeded";
    case RunStatus::Failed:
      return "failed";
    case RunStatus::UsageError:
      return "usage_error";
    case RunStatus::VerificationFailed:
      return "verification_failed";
    case RunStatus::TooManyRejects:
      return "too_many_rejects";
  }
  return "failed";
}

}  // namespace

std::string report_json(const RunReport& report) {
  nlohmann::ordered_json out;
  out["pipeline"] = report.pipeline;
  out["run_id"] = report.run_id;
  out["status"] = status_name(report.status);
  out["exit_code"] = static_cast<int>(report.status);
  if (!report.error.empty()) out["error"] = report.error;
  out["dry_run"] = report.dry_run;
  out["source_table"] = report.source_table;
  out["destination_table"] = report.destination_table;
  out["strategy"] = report.strategy;
  out["rows"] = {{"source", report.source_rows},     {"read", report.rows_read},
                 {"written", report.rows_written},   {"skipped", report.rows_skipped},
                 {"rejected", report.rows_rejected}, {"swept", report.rows_swept}};
  out["rejects_by_column"] = report.rejects_by_column;
  out["verification"] = {
      {"verified", report.verified},
      {"sent_rows", report.sent.rows},
      {"sent_checksum", fmt::format("{:016x}", report.sent.hash_sum)},
      {"destination_rows", report.destination.rows},
      {"destination_checksum", fmt::format("{:016x}", report.destination.hash_sum)}};
  out["writers_requested"] = report.writers_requested;
  out["writers"] = report.writers;
  out["batch_rows"] = report.batch_rows;
  nlohmann::ordered_json writers = nlohmann::ordered_json::array();
  for (const WriterStats& stats : report.writer_stats) {
    writers.push_back({{"batches_ok", stats.batches_ok},
                       {"batches_failed", stats.batches_failed},
                       {"rows", stats.rows}});
  }
  out["writer_stats"] = writers;
  out["seconds"] = report.seconds;
  out["rows_per_second"] = report.rows_per_second;
  return out.dump(2);
}

std::string report_text(const RunReport& report) {
  std::string text =
      fmt::format("{}: {} ({} → {}, {})\n", report.pipeline, status_name(report.status),
                  report.source_table, report.destination_table, report.strategy);
  text += fmt::format("  rows: source {}, read {}, written {}, skipped {}, rejected {}, swept {}\n",
                      report.source_rows, report.rows_read, report.rows_written,
                      report.rows_skipped, report.rows_rejected, report.rows_swept);
  for (const auto& [column, count] : report.rejects_by_column) {
    text += fmt::format("  rejected in {}: {}\n", column, count);
  }
  if (!report.dry_run) {
    text += fmt::format(
        "  verified: {} (sent {} rows, checksum {:016x}; destination {} rows, "
        "checksum {:016x})\n",
        report.verified ? "yes" : "no", report.sent.rows, report.sent.hash_sum,
        report.destination.rows, report.destination.hash_sum);
  }
  text += fmt::format("  {:.1f} s, {:.0f} rows/s, {} writers, {} rows per batch\n", report.seconds,
                      report.rows_per_second, report.writers, report.batch_rows);
  if (!report.error.empty()) text += "  error: " + report.error + "\n";
  return text;
}

}  // namespace etl
