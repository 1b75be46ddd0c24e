#include "text_field.h"

#include <cstring>

#include "copy_binary.h"
#include "utf8.h"

namespace etl {
namespace {

// The offset of the first byte that is NUL or not ASCII, or text.size() when there is none.
// Eight bytes at a time: the common case, plain ASCII, costs one pass and no decoding.
std::size_t first_special(std::string_view text) {
  constexpr std::uint64_t kLow = 0x0101010101010101;
  constexpr std::uint64_t kHigh = 0x8080808080808080;
  std::size_t at = 0;
  for (; at + 8 <= text.size(); at += 8) {
    std::uint64_t word;
    std::memcpy(&word, text.data() + at, 8);
    const bool has_zero = ((word - kLow) & ~word & kHigh) != 0;
    if (has_zero || (word & kHigh) != 0) break;
  }
  for (; at < text.size(); ++at) {
    const auto byte = static_cast<unsigned char>(text[at]);
    if (byte == 0 || byte >= 0x80) return at;
  }
  return at;
}

FieldFailure describe(const utf8::Decoded& unit) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string text;
  switch (unit.unit) {
    case utf8::Unit::Nul:
      return {RejectCode::Nul, "contains NUL (U+0000), which PostgreSQL text cannot hold"};
    case utf8::Unit::Surrogate:
      text = "contains a lone UTF-16 surrogate U+";
      for (int shift = 12; shift >= 0; shift -= 4)
        text += kHex[(unit.code_point >> shift) & 0xF];
      return {RejectCode::LoneSurrogate, text};
    case utf8::Unit::Invalid:
    case utf8::Unit::Valid:
      break;
  }
  text = "is not valid UTF-8 (byte 0x";
  text += kHex[(unit.code_point >> 4) & 0xF];
  text += kHex[unit.code_point & 0xF];
  return {RejectCode::InvalidUtf8, text + ")"};
}

// What stripping or replacing a unit that is not loadable as it is changes.
ValueChange change_for(utf8::Unit unit, NulPolicy policy) {
  const bool strip = policy == NulPolicy::Strip;
  switch (unit) {
    case utf8::Unit::Nul:
      return strip ? ValueChange::NulStripped : ValueChange::NulReplaced;
    case utf8::Unit::Surrogate:
      return strip ? ValueChange::SurrogateStripped : ValueChange::SurrogateReplaced;
    case utf8::Unit::Invalid:
    case utf8::Unit::Valid:
      break;
  }
  return strip ? ValueChange::InvalidUtf8Stripped : ValueChange::InvalidUtf8Replaced;
}

// Copies value into out under the policy; returns the reason when the policy rejects.
std::optional<FieldFailure> append_clean(std::string& out, std::string_view value, NulPolicy policy,
                                         ValueChanges& changes) {
  std::size_t copied = 0;  // value[copied, at) is clean and not yet appended
  std::size_t at = first_special(value);
  while (at < value.size()) {
    const auto byte = static_cast<unsigned char>(value[at]);
    if (byte != 0 && byte < 0x80) {
      ++at;
      continue;
    }
    const utf8::Decoded unit = utf8::decode(value, at);
    if (unit.unit == utf8::Unit::Valid) {
      at += unit.size;
      continue;
    }
    if (policy == NulPolicy::Reject) return describe(unit);
    add_change(changes, change_for(unit.unit, policy));

    out.append(value.substr(copied, at - copied));
    if (policy == NulPolicy::Replace) out.append(utf8::kReplacement);
    at += unit.size;
    copied = at;
  }
  out.append(value.substr(copied));
  return std::nullopt;
}

FieldFailure too_long(TextShape shape, std::size_t characters) {
  std::string text = "value too long for ";
  text += shape.kind == TextShape::Kind::Fixed ? "character(" : "character varying(";
  text += std::to_string(shape.length) + "): " + std::to_string(characters) + " characters";
  return {RejectCode::TooLong, text};
}

// Fits the field's text (out[from, end)) to its declared length, as bpchar and varchar
// input do: excess trailing spaces are cut, other excess is an error; character(n) is
// padded. Counting characters is needed only when the bytes could exceed the length.
std::optional<FieldFailure> fit_length(std::string& out, std::size_t from, TextShape shape,
                                       ValueChanges& changes) {
  if (shape.kind == TextShape::Kind::Unbounded) return std::nullopt;
  const auto limit = static_cast<std::size_t>(shape.length);
  const std::size_t bytes = out.size() - from;
  if (bytes <= limit && shape.kind == TextShape::Kind::Varying) return std::nullopt;

  const std::string_view text(out.data() + from, bytes);
  const std::size_t characters = bytes <= limit ? bytes : utf8::count_code_points(text);
  if (characters > limit) {
    // Byte offset where character number `limit` begins.
    std::size_t cut = 0;
    for (std::size_t seen = 0; cut < text.size(); ++cut) {
      if ((static_cast<unsigned char>(text[cut]) & 0xC0) != 0x80 && seen++ == limit) break;
    }
    if (text.find_first_not_of(' ', cut) != std::string_view::npos) {
      return too_long(shape, characters);
    }
    out.resize(from + cut);
    add_change(changes, ValueChange::TrailingSpacesTrimmed);
    return std::nullopt;
  }
  if (shape.kind == TextShape::Kind::Fixed) {
    // Bytes and characters differ only when the text is not ASCII.
    const std::size_t real_count =
        first_special(text) == text.size() ? bytes : utf8::count_code_points(text);
    if (real_count < limit) {
      out.append(limit - real_count, ' ');
      add_change(changes, ValueChange::Padded);
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<FieldFailure> append_text_field(std::string& out, std::string_view value,
                                              TextShape shape, NulPolicy policy,
                                              ValueChanges& changes) {
  const std::size_t length_at = copy_binary::begin_field(out);
  ValueChanges made = 0;  // counted only when the value is loaded
  std::optional<FieldFailure> failure = append_clean(out, value, policy, made);
  if (!failure) failure = fit_length(out, length_at + 4, shape, made);
  if (!failure && out.size() - length_at - 4 > kMaxFieldBytes) {
    failure = FieldFailure{RejectCode::TooLarge, "value larger than PostgreSQL's 1 GB field limit"};
  }
  if (failure) {
    out.resize(length_at);
    return failure;
  }
  copy_binary::finish_field(out, length_at);
  changes = static_cast<ValueChanges>(changes | made);
  return std::nullopt;
}

std::optional<std::string> append_text_field(std::string& out, std::string_view value,
                                             TextShape shape, NulPolicy policy) {
  ValueChanges changes = 0;
  std::optional<FieldFailure> failure = append_text_field(out, value, shape, policy, changes);
  if (!failure) return std::nullopt;
  return std::move(failure->reason);
}

}  // namespace etl
