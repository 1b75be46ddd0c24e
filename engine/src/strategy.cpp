#include "etl/sink.h"

namespace etl {

std::string_view strategy_name(Strategy strategy) {
  switch (strategy) {
    case Strategy::Append:
      return "append";
    case Strategy::Ignore:
      return "ignore";
    case Strategy::Upsert:
      return "upsert";
    case Strategy::MarkSweep:
      return "mark_sweep";
  }
  return "unknown";
}

}  // namespace etl
