#include "progress_display.h"

#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>

namespace etl::cli {
namespace {

std::size_t terminal_width() {
  winsize size{};
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 20) return size.ws_col;
  return 100;
}

struct Rates {
  double percent = 0;
  double rows_per_second = 0;
  double eta_seconds = -1;
};

Rates rates_of(const Progress& progress) {
  Rates rates;
  double elapsed = progress.elapsed.count();
  if (progress.rows_total > 0) {
    rates.percent = 100.0 * progress.rows_written / static_cast<double>(progress.rows_total);
  }
  if (elapsed > 0) rates.rows_per_second = progress.rows_written / elapsed;
  if (rates.rows_per_second > 0 && progress.rows_total >= progress.rows_written) {
    rates.eta_seconds = (progress.rows_total - progress.rows_written) / rates.rows_per_second;
  }
  return rates;
}

}  // namespace

std::string format_duration(double seconds) {
  if (seconds < 0 || !std::isfinite(seconds)) return "--";
  auto total = static_cast<long long>(seconds + 0.5);
  if (total >= 3600) return fmt::format("{}h{:02}m", total / 3600, total % 3600 / 60);
  if (total >= 60) return fmt::format("{}m{:02}s", total / 60, total % 60);
  return fmt::format("{}s", total);
}

ProgressDisplay::ProgressDisplay(ProgressMode mode) : mode_(mode) {
  if (mode_ == ProgressMode::Auto) {
    mode_ = isatty(STDERR_FILENO) ? ProgressMode::Bar : ProgressMode::Plain;
  }
}

void ProgressDisplay::update(const Progress& progress) {
  std::lock_guard lock(mutex_);
  if (progress.phase != "load") return;
  if (mode_ == ProgressMode::Bar) {
    draw_bar(progress);
    // Log lines that follow start below the bar, not on its last line.
    if (progress.final) {
      std::fputs("\n", stderr);
      lines_drawn_ = 0;
    }
  } else if (mode_ == ProgressMode::Plain) {
    auto now = std::chrono::steady_clock::now();
    if (progress.final || now - last_line_ >= std::chrono::seconds(5)) {
      last_line_ = now;
      print_line(progress);
    }
  }
}

void ProgressDisplay::finish() {
  std::lock_guard lock(mutex_);
  if (mode_ == ProgressMode::Bar && lines_drawn_ > 0) std::fputs("\n", stderr);
  lines_drawn_ = 0;
}

//! The bar, then one cell per writer with its committed and failed batches, wrapped to the
//! terminal's width; redrawn in place.
void ProgressDisplay::draw_bar(const Progress& progress) {
  Rates rates = rates_of(progress);
  std::size_t width = terminal_width();
  std::string status = fmt::format(" {}/{} rows {:5.1f}% {:.0f} rows/s ETA {}",
                                   progress.rows_written, progress.rows_total, rates.percent,
                                   rates.rows_per_second, format_duration(rates.eta_seconds));
  // The numbers matter more than the bar: on a narrow terminal the bar goes first.
  std::string frame = progress.pipeline + status;
  std::size_t room = width > frame.size() + 3 ? width - frame.size() - 3 : 0;
  if (room >= 10) {
    std::size_t bar_width = std::min<std::size_t>(room, 50);
    auto filled = static_cast<std::size_t>(bar_width * std::min(rates.percent, 100.0) / 100.0);
    frame = fmt::format("{} [{}{}]{}", progress.pipeline, std::string(filled, '#'),
                        std::string(bar_width - filled, '.'), status);
  }
  if (frame.size() > width) frame.resize(width);

  std::string writers = "writers ok/failed:";
  std::vector<std::string> lines{frame};
  for (std::size_t i = 0; i < progress.writers.size(); ++i) {
    const WriterStats& stats = progress.writers[i];
    std::string cell = fmt::format(" {:>2}:{}/{}", i + 1, stats.batches_ok, stats.batches_failed);
    if (writers.size() + cell.size() > width) {
      lines.push_back(writers);
      writers.clear();
    }
    writers += cell;
  }
  lines.push_back(writers);

  std::string out;
  if (lines_drawn_ > 1) out += fmt::format("\x1b[{}A", lines_drawn_ - 1);
  out += "\r";
  for (std::size_t i = 0; i < lines.size(); ++i) {
    out += lines[i] + "\x1b[K";
    if (i + 1 < lines.size()) out += "\n";
  }
  std::fputs(out.c_str(), stderr);
  std::fflush(stderr);
  lines_drawn_ = lines.size();
}

void ProgressDisplay::print_line(const Progress& progress) {
  Rates rates = rates_of(progress);
  std::uint64_t ok = 0;
  std::uint64_t failed = 0;
  for (const WriterStats& stats : progress.writers) {
    ok += stats.batches_ok;
    failed += stats.batches_failed;
  }
  std::fprintf(stderr,
               "[%s] load: %llu/%llu rows (%.1f%%), %.0f rows/s, ETA %s, %zu writers, batches "
               "ok %llu failed %llu, rejected %llu\n",
               progress.pipeline.c_str(), static_cast<unsigned long long>(progress.rows_written),
               static_cast<unsigned long long>(progress.rows_total), rates.percent,
               rates.rows_per_second, format_duration(rates.eta_seconds).c_str(),
               progress.writers.size(), static_cast<unsigned long long>(ok),
               static_cast<unsigned long long>(failed),
               static_cast<unsigned long long>(progress.rows_rejected));
  std::fflush(stderr);
}

}  // namespace etl::cli
