#include "etl/errors.h"

namespace etl {
namespace {

std::string describe(Side side, const std::string& object, const std::string& action,
                     const std::string& detail, const std::string& code) {
  std::string text = side == Side::Source ? "source: " : "destination: ";
  text += action;
  if (!object.empty()) text += " " + object;
  text += " failed";
  if (!detail.empty()) text += ": " + detail;
  if (!code.empty()) text += " [" + code + "]";
  return text;
}

}  // namespace

DatabaseError::DatabaseError(Side side, std::string object, std::string action, std::string detail,
                             std::string code, bool retryable)
    : std::runtime_error(describe(side, object, action, detail, code)),
      side_(side),
      object_(std::move(object)),
      action_(std::move(action)),
      detail_(std::move(detail)),
      code_(std::move(code)),
      retryable_(retryable) {}

}  // namespace etl
