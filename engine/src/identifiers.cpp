#include "identifiers.h"

#include <stdexcept>
#include <vector>

#include "utf8.h"

namespace etl {
namespace {

// The small-letter partner of a capital, or 0 when the code point is not a capital this
// table knows: ASCII, Latin-1, Latin Extended-A, basic Greek and Cyrillic. Names in our
// sources are Portuguese and English; other scripts keep their case rather than guess.
char32_t lower_partner(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 0x20;
  if (c < 0xC0) return 0;
  if (c <= 0xDE) return c == 0xD7 ? 0 : c + 0x20;  // À–Þ except ×
  if (c >= 0x100 && c <= 0x137) return c % 2 == 0 ? c + 1 : 0;
  if (c >= 0x139 && c <= 0x148) return c % 2 == 1 ? c + 1 : 0;
  if (c >= 0x14A && c <= 0x177) return c % 2 == 0 ? c + 1 : 0;
  if (c == 0x178) return 0xFF;  // Ÿ
  if (c >= 0x179 && c <= 0x17E) return c % 2 == 1 ? c + 1 : 0;
  if (c >= 0x391 && c <= 0x3A9) return c == 0x3A2 ? 0 : c + 0x20;
  if (c >= 0x400 && c <= 0x40F) return c + 0x50;
  if (c >= 0x410 && c <= 0x42F) return c + 0x20;
  return 0;
}

enum class CharClass { Capital, Small, Digit, Separator, Other };

CharClass classify(char32_t c) {
  if (c >= '0' && c <= '9') return CharClass::Digit;
  if (c == ' ' || c == '-' || c == '.' || c == '_') return CharClass::Separator;
  if (lower_partner(c) != 0) return CharClass::Capital;
  if ((c >= 'a' && c <= 'z') || c >= 0xC0) return CharClass::Small;  // letters without case too
  return CharClass::Other;
}

// One decoded code point of a name; bytes that are not UTF-8 pass through unchanged.
struct NameChar {
  char32_t code_point;
  std::string_view bytes;
  bool valid;
};

template <typename Visit>
void for_each_char(std::string_view name, Visit&& visit) {
  for (std::size_t at = 0; at < name.size();) {
    utf8::Decoded decoded = utf8::decode(name, at);
    visit(NameChar{decoded.code_point, name.substr(at, decoded.size),
                   decoded.unit == utf8::Unit::Valid});
    at += decoded.size;
  }
}

void append_lowered(std::string& out, const NameChar& c) {
  char32_t lowered = c.valid ? lower_partner(c.code_point) : 0;
  if (lowered != 0) {
    utf8::append(out, lowered);
  } else {
    out.append(c.bytes);
  }
}

}  // namespace

std::optional<IdentifierStyle> parse_identifier_style(std::string_view text) {
  if (text == "preserve") return IdentifierStyle::Preserve;
  if (text == "lower") return IdentifierStyle::Lower;
  if (text == "snake_case") return IdentifierStyle::SnakeCase;
  return std::nullopt;
}

std::string_view identifier_style_name(IdentifierStyle style) {
  switch (style) {
    case IdentifierStyle::Preserve:
      return "preserve";
    case IdentifierStyle::Lower:
      return "lower";
    case IdentifierStyle::SnakeCase:
      return "snake_case";
  }
  return "preserve";
}

std::string apply_identifier_style(std::string_view name, IdentifierStyle style) {
  switch (style) {
    case IdentifierStyle::Preserve:
      return std::string(name);
    case IdentifierStyle::Lower:
      return to_lower_identifier(name);
    case IdentifierStyle::SnakeCase:
      return to_snake_case(name);
  }
  return std::string(name);
}

std::string to_lower_identifier(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for_each_char(name, [&](const NameChar& c) { append_lowered(out, c); });
  return out;
}

std::string to_snake_case(std::string_view name) {
  std::vector<NameChar> chars;
  for_each_char(name, [&](const NameChar& c) { chars.push_back(c); });

  auto class_at = [&](std::size_t i) {
    return chars[i].valid ? classify(chars[i].code_point) : CharClass::Other;
  };

  std::string out;
  out.reserve(name.size() + 8);
  for (std::size_t i = 0; i < chars.size(); ++i) {
    const CharClass current = class_at(i);
    if (current == CharClass::Separator) {
      // Underscores the source wrote stay; other separators become one underscore.
      if (chars[i].code_point == '_') {
        out.push_back('_');
      } else if (!out.empty() && out.back() != '_') {
        out.push_back('_');
      }
      continue;
    }

    if (current == CharClass::Capital && i > 0 && !out.empty() && out.back() != '_') {
      const CharClass previous = class_at(i - 1);
      const bool after_word = previous == CharClass::Small || previous == CharClass::Digit;
      const bool ends_acronym = previous == CharClass::Capital && i + 1 < chars.size() &&
                                class_at(i + 1) == CharClass::Small;
      if (after_word || ends_acronym) out.push_back('_');
    }
    append_lowered(out, chars[i]);
  }
  return out;
}

std::string quote_pg_identifier(std::string_view name) {
  std::string out;
  out.reserve(name.size() + 2);
  out.push_back('"');
  for (char c : name) {
    if (c == '\0') throw std::invalid_argument("a PostgreSQL identifier cannot contain NUL");
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string quote_pg_qualified(std::string_view schema, std::string_view name) {
  if (schema.empty()) return quote_pg_identifier(name);
  return quote_pg_identifier(schema) + "." + quote_pg_identifier(name);
}

std::string quote_mssql_identifier(std::string_view name) {
  std::string out;
  out.reserve(name.size() + 2);
  out.push_back('[');
  for (char c : name) {
    if (c == ']') out.push_back(']');
    out.push_back(c);
  }
  out.push_back(']');
  return out;
}

std::string quote_mssql_qualified(std::string_view schema, std::string_view name) {
  if (schema.empty()) return quote_mssql_identifier(name);
  return quote_mssql_identifier(schema) + "." + quote_mssql_identifier(name);
}

}  // namespace etl
