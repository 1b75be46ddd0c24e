// What the transform did to a value on its way to PostgreSQL: the changes it made to a value
// it could load (counted per column, so that `etl run --dry-run` tells users about loss
// before they load), and the reasons it could not load one (rejects).
#pragma once

#include <cstdint>
#include <string>

namespace etl {

//! A change made to a value that is still loaded. A value may undergo several.
enum class ValueChange : std::uint8_t {
  FractionTruncated,      //!< a 7th fractional digit of time, datetime2, datetimeoffset dropped
  NulStripped,            //!< NUL removed (transform.nul = strip)
  NulReplaced,            //!< NUL became U+FFFD (transform.nul = replace)
  SurrogateStripped,      //!< a lone UTF-16 surrogate removed
  SurrogateReplaced,      //!< a lone UTF-16 surrogate became U+FFFD
  InvalidUtf8Stripped,    //!< a byte that is not UTF-8 removed
  InvalidUtf8Replaced,    //!< a byte that is not UTF-8 became U+FFFD
  TrailingSpacesTrimmed,  //!< spaces past character(n) or character varying(n) cut
  Padded,                 //!< spaces added up to character(n)
};
inline constexpr std::size_t kValueChangeKinds = 9;

//! The changes made to one value, one bit per ValueChange.
using ValueChanges = std::uint16_t;

constexpr void add_change(ValueChanges& changes, ValueChange change) {
  changes = static_cast<ValueChanges>(changes | (1U << static_cast<unsigned>(change)));
}
constexpr bool has_change(ValueChanges changes, ValueChange change) {
  return (changes >> static_cast<unsigned>(change)) & 1U;
}

//! The name reports use: "fraction_truncated", "nul_stripped", "trailing_spaces_trimmed"…
const char* change_name(ValueChange change);

//! Why a value could not be loaded (its row goes to the reject file).
enum class RejectCode : std::uint8_t {
  Nul,            //!< NUL under transform.nul = reject
  LoneSurrogate,  //!< a lone UTF-16 surrogate under transform.nul = reject
  InvalidUtf8,    //!< bytes that are not UTF-8 under transform.nul = reject
  TooLong,        //!< more characters than character(n) or character varying(n)
  TooLarge,       //!< over PostgreSQL's 1 GB field limit
  BadUuid,        //!< a uniqueidentifier that is not 16 bytes
};

//! The name reports and reject lines use: "nul", "lone_surrogate", "too_long"…
const char* reject_code_name(RejectCode code);

//! A value that cannot be loaded: the code reports count by, and the operator's sentence.
struct FieldFailure {
  RejectCode code = RejectCode::Nul;
  std::string reason;  //!< "contains NUL (U+0000), which PostgreSQL text cannot hold"
};

}  // namespace etl
