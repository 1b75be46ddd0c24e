// The pieces a run is made of besides its phases: run ids, the phase log lines, the progress
// ticker and the reject file.
#pragma once

#include <spdlog/spdlog.h>

#include <chrono>
#include <condition_variable>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "etl/engine.h"

namespace etl {

using Clock = std::chrono::steady_clock;

inline std::string new_run_id() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &utc);
  std::random_device random;
  char suffix[8];
  std::snprintf(suffix, sizeof suffix, "%04x", random() & 0xFFFF);
  return std::string(stamp) + "-" + suffix;
}

//! Logs one INFO line as a phase starts and one as it ends.
class Phase {
 public:
  Phase(const std::string& pipeline, const char* name, std::string& current)
      : pipeline_(pipeline), name_(name), started_(Clock::now()) {
    current = name;
    spdlog::info("[{}] {}: start", pipeline_, name_);
  }
  ~Phase() {
    std::chrono::duration<double> took = Clock::now() - started_;
    spdlog::info("[{}] {}: {} ({:.2f} s)", pipeline_, name_,
                 std::uncaught_exceptions() ? "failed" : "done", took.count());
  }

 private:
  const std::string& pipeline_;
  const char* name_;
  Clock::time_point started_;
};

//! Calls the progress callback about four times a second while the load runs.
class ProgressTicker {
 public:
  ProgressTicker(const ProgressCallback& callback, std::function<Progress()> snapshot)
      : callback_(callback), snapshot_(std::move(snapshot)) {
    if (callback_) thread_ = std::thread([this] { loop(); });
  }
  ~ProgressTicker() {
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
    if (callback_) {
      Progress last = snapshot_();
      last.final = true;
      callback_(last);
    }
  }

 private:
  void loop() {
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, std::chrono::milliseconds(250), [this] { return done_; })) {
      lock.unlock();
      callback_(snapshot_());
      lock.lock();
    }
  }

  const ProgressCallback& callback_;
  std::function<Progress()> snapshot_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool done_ = false;
  std::thread thread_;
};

//! Appends rejected rows to the pipeline's reject file, creating it on the first reject.
//! Thread-safe: the transform's workers write to it.
class RejectFile {
 public:
  explicit RejectFile(std::string path) : path_(std::move(path)) {}
  void write(const std::vector<std::string>& lines) {
    if (lines.empty()) return;
    std::lock_guard lock(mutex_);
    if (!out_.is_open()) {
      std::filesystem::path parent = std::filesystem::path(path_).parent_path();
      if (!parent.empty()) std::filesystem::create_directories(parent);
      out_.open(path_, std::ios::app);
      if (!out_) throw std::runtime_error("cannot write the reject file " + path_);
    }
    for (const std::string& line : lines)
      out_ << line << '\n';
    out_.flush();
  }

 private:
  std::string path_;
  std::mutex mutex_;
  std::ofstream out_;
};

}  // namespace etl
