#include "utf8.h"

namespace etl::utf8 {
namespace {

bool is_continuation(unsigned char byte) {
  return (byte & 0xC0) == 0x80;
}

}  // namespace

Decoded decode(std::string_view text, std::size_t at) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t left = text.size() - at;
  const unsigned char lead = bytes[at];

  if (lead < 0x80) return {lead == 0 ? Unit::Nul : Unit::Valid, lead, 1};

  Decoded invalid{Unit::Invalid, lead, 1};
  std::size_t size = 0;
  char32_t value = 0;
  char32_t minimum = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    size = 2, value = lead & 0x1F, minimum = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    size = 3, value = lead & 0x0F, minimum = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    size = 4, value = lead & 0x07, minimum = 0x10000;
  } else {
    return invalid;
  }
  if (left < size) return invalid;
  for (std::size_t i = 1; i < size; ++i) {
    if (!is_continuation(bytes[at + i])) return invalid;
    value = (value << 6) | (bytes[at + i] & 0x3F);
  }

  // Overlong forms and values past U+10FFFF are not UTF-8; surrogates are reported as such.
  if (value < minimum || value > 0x10FFFF) return invalid;
  if (value >= 0xD800 && value <= 0xDFFF) return {Unit::Surrogate, value, size};
  return {Unit::Valid, value, size};
}

void append(std::string& out, char32_t code_point) {
  if (code_point < 0x80) {
    out.push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code_point >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

std::size_t count_code_points(std::string_view text) {
  std::size_t count = 0;
  for (char c : text)
    count += !is_continuation(static_cast<unsigned char>(c));
  return count;
}

}  // namespace etl::utf8
