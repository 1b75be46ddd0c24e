// Text values into binary COPY fields: the pipeline's policy for what PostgreSQL text cannot
// hold (NUL, lone UTF-16 surrogates, bytes that are not UTF-8), and the length rules of
// character(n) and character varying(n).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "etl/pipeline.h"
#include "value_change.h"

namespace etl {

//! How a text column is bounded in the destination.
struct TextShape {
  enum class Kind : std::uint8_t { Unbounded, Fixed, Varying } kind = Kind::Unbounded;
  std::int32_t length = 0;  //!< characters, for Fixed and Varying
};

//! Appends one text field (length word and UTF-8 bytes) to out, under the pipeline's
//! NulPolicy, which covers everything PostgreSQL text cannot hold: NUL, lone surrogates and
//! bytes that are not UTF-8 (Reject: the row is rejected; Strip: the character is removed;
//! Replace: it becomes U+FFFD). Fixed fields are padded with
//! spaces to their length; a value longer than its length loses trailing spaces only, as
//! PostgreSQL's own input does. On failure nothing is appended and the reason is returned
//! ("contains NUL (U+0000)", "value too long for character varying(30): 31 characters").
std::optional<std::string> append_text_field(std::string& out, std::string_view value,
                                             TextShape shape, NulPolicy policy);

//! The same, also telling why a value fails (its RejectCode) and adding to `changes` what
//! was done to a value that is loaded: characters stripped or replaced, trailing spaces cut,
//! padding added.
std::optional<FieldFailure> append_text_field(std::string& out, std::string_view value,
                                              TextShape shape, NulPolicy policy,
                                              ValueChanges& changes);

//! The largest field PostgreSQL accepts (1 GB − 1 byte).
inline constexpr std::size_t kMaxFieldBytes = 0x3FFF'FFFF;

}  // namespace etl
