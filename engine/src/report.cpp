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
    case RunStatus::Interrupted:
      return "interrupted";
  }
  return "failed";
}

// "nul 2, too_long 1": the counts of one column, by reason.
std::string join_counts(const std::map<std::string, std::uint64_t>& counts) {
  std::string text;
  for (const auto& [reason, count] : counts) {
    if (!text.empty()) text += ", ";
    text += fmt::format("{} {}", reason, count);
  }
  return text;
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
  out["preflight_only"] = report.preflight_only;
  out["source_table"] = report.source_table;
  out["destination_table"] = report.destination_table;
  out["strategy"] = report.strategy;
  out["rows"] = {{"source", report.source_rows},     {"read", report.rows_read},
                 {"written", report.rows_written},   {"skipped", report.rows_skipped},
                 {"rejected", report.rows_rejected}, {"swept", report.rows_swept}};
  out["rejects_by_column"] = report.rejects_by_column;
  out["reject_reasons_by_column"] = report.reject_reasons_by_column;
  out["changes_by_column"] = report.changes_by_column;
  out["verification"] = {
      {"verified", report.verified},
      {"sent_rows", report.sent.rows},
      {"sent_checksum", fmt::format("{:016x}", report.sent.hash_sum)},
      {"destination_rows", report.destination.rows},
      {"destination_checksum", fmt::format("{:016x}", report.destination.hash_sum)}};
  out["preflight"] = {{"source_columns", report.source_columns},
                      {"destination_server", report.destination_server},
                      {"destination_table_exists", report.destination_table_exists},
                      {"free_connections", report.free_connections}};
  out["resume"] = {{"resumed_run", report.resumed_run},
                   {"batches", report.resumed_batches},
                   {"rows", report.resumed_rows}};
  out["retries"] = {{"batches", report.batches_retried},
                    {"source_reconnects", report.source_reconnects}};
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
      fmt::format("{}: {}{} ({} → {}, {})\n", report.pipeline, status_name(report.status),
                  report.dry_run ? " (dry run: nothing written)" : "", report.source_table,
                  report.destination_table, report.strategy);
  text += fmt::format("  rows: source {}, read {}, written {}, skipped {}, rejected {}, swept {}\n",
                      report.source_rows, report.rows_read, report.rows_written,
                      report.rows_skipped, report.rows_rejected, report.rows_swept);
  const char* rejected = report.dry_run ? "would reject" : "rejected";
  for (const auto& [column, count] : report.rejects_by_column) {
    auto reasons = report.reject_reasons_by_column.find(column);
    if (reasons == report.reject_reasons_by_column.end()) {
      text += fmt::format("  {} in {}: {}\n", rejected, column, count);
    } else {
      text += fmt::format("  {} in {}: {} ({})\n", rejected, column, count,
                          join_counts(reasons->second));
    }
  }
  for (const auto& [column, counts] : report.changes_by_column) {
    text += fmt::format("  {} in {}: {}\n", report.dry_run ? "would change" : "changed", column,
                        join_counts(counts));
  }
  if (report.dry_run && report.rejects_by_column.empty() && report.changes_by_column.empty() &&
      report.error.empty()) {
    text += "  no value would be rejected or changed\n";
  }
  if (!report.dry_run) {
    text += fmt::format(
        "  verified: {} (sent {} rows, checksum {:016x}; destination {} rows, "
        "checksum {:016x})\n",
        !report.verified                    ? "no"
        : report.destination == report.sent ? "yes"
                                            : "counts only (the table held rows before)",
        report.sent.rows, report.sent.hash_sum, report.destination.rows,
        report.destination.hash_sum);
  }
  if (!report.resumed_run.empty()) {
    text += fmt::format("  resumed run {}: {} batches ({} rows) were committed before\n",
                        report.resumed_run, report.resumed_batches, report.resumed_rows);
  }
  if (report.batches_retried != 0 || report.source_reconnects != 0) {
    text += fmt::format("  retried: {} batches, {} source reconnections\n", report.batches_retried,
                        report.source_reconnects);
  }
  text += fmt::format("  {:.1f} s, {:.0f} rows/s, {} writers, {} rows per batch\n", report.seconds,
                      report.rows_per_second, report.writers, report.batch_rows);
  if (!report.error.empty()) text += "  error: " + report.error + "\n";
  return text;
}

}  // namespace etl
