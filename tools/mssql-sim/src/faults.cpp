// Test faults: parsing of --fault and firing per connection.
#include "faults.h"

#include <charconv>
#include <stdexcept>

namespace mssql_sim {

namespace {

std::uint64_t parse_number(std::string_view text, std::string_view spec) {
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    throw std::invalid_argument("--fault " + std::string(spec) + ": '" + std::string(text) +
                                "' is not a whole number");
  }
  return value;
}

}  // namespace

FaultSpec parse_fault(std::string_view spec) {
  FaultSpec fault;
  std::string_view rest = spec;
  bool first = true;
  while (!rest.empty() || first) {
    const auto comma = rest.find(',');
    const std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    const auto equals = item.find('=');
    if (equals == std::string_view::npos) {
      throw std::invalid_argument("--fault " + std::string(spec) +
                                  ": expected KIND=N[,times=K], for example drop_after_rows=1000");
    }
    const std::string_view key = item.substr(0, equals);
    const std::uint64_t value = parse_number(item.substr(equals + 1), spec);
    if (first) {
      if (key == "drop_after_rows") {
        fault.kind = FaultSpec::Kind::DropAfterRows;
      } else if (key == "error_after_rows") {
        fault.kind = FaultSpec::Kind::ErrorAfterRows;
      } else if (key == "delay_ms") {
        fault.kind = FaultSpec::Kind::DelayMs;
      } else {
        throw std::invalid_argument("--fault " + std::string(spec) + ": unknown fault '" +
                                    std::string(key) +
                                    "' (known: drop_after_rows, error_after_rows, delay_ms)");
      }
      fault.value = value;
      first = false;
    } else if (key == "times" && fault.kind != FaultSpec::Kind::DelayMs) {
      if (value == 0) throw std::invalid_argument("--fault " + std::string(spec) + ": times=0");
      fault.times = value;
    } else {
      throw std::invalid_argument("--fault " + std::string(spec) + ": unexpected '" +
                                  std::string(key) + "'");
    }
  }
  return fault;
}

void Faults::add(const FaultSpec& spec) {
  if (spec.kind == FaultSpec::Kind::DelayMs) {
    delay_ = std::chrono::milliseconds(spec.value);
    return;
  }
  auto rule = std::make_unique<Rule>();
  rule->spec = spec;
  rules_.push_back(std::move(rule));
}

bool Faults::claim(Rule& rule) {
  if (rule.spec.times == 0) return true;
  std::uint64_t fired = rule.fired.load();
  while (fired < rule.spec.times) {
    if (rule.fired.compare_exchange_weak(fired, fired + 1)) return true;
  }
  return false;
}

Faults::Action Faults::Connection::after_row() {
  ++rows_;
  if (faults_ == nullptr || faults_->rules_.empty()) return Action::None;
  fired_here_.resize(faults_->rules_.size(), false);
  for (std::size_t i = 0; i < faults_->rules_.size(); ++i) {
    Rule& rule = *faults_->rules_[i];
    if (fired_here_[i] || rows_ < rule.spec.value) continue;
    fired_here_[i] = true;  // decided once per connection, whether it fires or not
    if (!faults_->claim(rule)) continue;
    return rule.spec.kind == FaultSpec::Kind::DropAfterRows ? Action::Drop : Action::Error;
  }
  return Action::None;
}

}  // namespace mssql_sim
