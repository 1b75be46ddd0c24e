// UTF-8 decoding and encoding for the transform and identifiers: PostgreSQL accepts only
// well-formed UTF-8 without NUL, while the reader hands over lone UTF-16 surrogates as
// 3-byte sequences (ED A0 80–ED BF BF) so that the pipeline's policy can decide about them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace etl::utf8 {

//! What one step of decoding found.
enum class Unit : std::uint8_t {
  Valid,      //!< a well-formed scalar value other than NUL
  Nul,        //!< U+0000, which PostgreSQL text cannot hold
  Surrogate,  //!< U+D800–U+DFFF encoded in 3 bytes (a lone UTF-16 surrogate)
  Invalid,    //!< a byte that starts no well-formed sequence (it is consumed alone)
};

struct Decoded {
  Unit unit = Unit::Valid;
  char32_t code_point = 0;  //!< for Valid, Nul and Surrogate; the byte for Invalid
  std::size_t size = 1;     //!< bytes consumed (≥ 1)
};

//! Decodes the sequence starting at text[at] (at < text.size()).
Decoded decode(std::string_view text, std::size_t at);

//! Appends the UTF-8 form of a scalar value.
void append(std::string& out, char32_t code_point);

//! U+FFFD REPLACEMENT CHARACTER, encoded.
inline constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

//! Counts code points of text known to be well-formed (bytes that are not continuations).
std::size_t count_code_points(std::string_view text);

}  // namespace etl::utf8
