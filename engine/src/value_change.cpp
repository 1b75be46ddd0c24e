#include "value_change.h"

namespace etl {

const char* change_name(ValueChange change) {
  switch (change) {
    case ValueChange::FractionTruncated:
      return "fraction_truncated";
    case ValueChange::NulStripped:
      return "nul_stripped";
    case ValueChange::NulReplaced:
      return "nul_replaced";
    case ValueChange::SurrogateStripped:
      return "surrogate_stripped";
    case ValueChange::SurrogateReplaced:
      return "surrogate_replaced";
    case ValueChange::InvalidUtf8Stripped:
      return "invalid_utf8_stripped";
    case ValueChange::InvalidUtf8Replaced:
      return "invalid_utf8_replaced";
    case ValueChange::TrailingSpacesTrimmed:
      return "trailing_spaces_trimmed";
    case ValueChange::Padded:
      return "padded";
  }
  return "changed";
}

const char* reject_code_name(RejectCode code) {
  switch (code) {
    case RejectCode::Nul:
      return "nul";
    case RejectCode::LoneSurrogate:
      return "lone_surrogate";
    case RejectCode::InvalidUtf8:
      return "invalid_utf8";
    case RejectCode::TooLong:
      return "too_long";
    case RejectCode::TooLarge:
      return "too_large";
    case RejectCode::BadUuid:
      return "bad_uuid";
  }
  return "rejected";
}

}  // namespace etl
