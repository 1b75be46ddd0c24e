// Values of every column type for dbo.mixed_types: each maker fills a Value in value.h's
// representation, at the low end of the type's range, at its high end, or anywhere in it.
#pragma once

#include <cstdint>
#include <string>

#include "gen_random.h"
#include "value.h"

namespace mssql_sim::gen {

//! Where in a type's range a value is drawn.
enum class Extreme : std::uint8_t {
  Low,     //!< the smallest value (the most negative number, the earliest date, '', 0x)
  High,    //!< the largest value (the greatest number, the latest date, a full-length text)
  Random,  //!< anywhere, magnitudes and lengths spread over the whole range
};

//! A small random sequence for the many draws of one value (the characters of a text, the
//! bytes of a binary). It starts from one draw of the row, so the value is still a function
//! of (seed, row, column).
class Sequence {
 public:
  explicit constexpr Sequence(std::uint64_t start) : state_(start) {}

  constexpr std::uint64_t next() {
    state_ += 0x9e3779b97f4a7c15ULL;
    return mix64(state_);
  }
  //! A number in [0, bound), bound > 0.
  constexpr std::uint64_t below(std::uint64_t bound) {
    return static_cast<std::uint64_t>((static_cast<unsigned __int128>(next()) * bound) >> 64);
  }

 private:
  std::uint64_t state_;
};

//! Largest code point a generated text uses: U+10FFFD, the last one that is neither a
//! noncharacter nor a surrogate.
inline constexpr char32_t kTopCodePoint = 0x10FFFD;

//! A value of `type` (any TypeId but SqlVariant and RowVersion, which the table makes
//! itself). Text is WTF-8 without NUL or lone surrogates; char and varchar texts use only
//! characters of their collation's code page; xml is a well-formed fragment. A `large` value
//! of a (max), text, ntext, image or xml type is tens of kilobytes long.
void put_typed(const SqlType& type, Extreme extreme, bool large, Sequence& random, Value& out);

//! Appends `units` UTF-16 code units' worth of random Unicode text (surrogate pairs count
//! two) to `out`, as WTF-8; `xml_safe` leaves out the control characters XML 1.0 forbids.
void append_unicode(std::string& out, std::size_t units, Sequence& random, bool xml_safe);

//! Appends `count` random characters of the code page of collation `code_page` (1252 or
//! 1251) to `out`, as UTF-8.
void append_code_page_text(std::string& out, std::size_t count, int code_page, Sequence& random);

}  // namespace mssql_sim::gen
