// Text comparison under a collation. The order is a total order, and = agrees with it:
// texts compare level by level — letters (case and accents folded), then accents (unless
// _AI), then case (unless _CI) — so keyset pages over a text key neither skip nor repeat.
// Known shortcoming: Windows word sort (ignorable hyphens and apostrophes), expansions such
// as ß = ss, kana and width sensitivity, and per-language orders (Czech ch, Swedish å) are
// not modelled, so rows sort as SQL Server sorts them only for plain Latin text.
#include <cstdint>

#include "collation.h"

namespace mssql_sim {
namespace {

char32_t decode(std::string_view text, std::size_t& i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  if (lead < 0x80) {
    ++i;
    return lead;
  }
  std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  if (length == 1 || i + length > text.size()) {
    ++i;
    return 0xFFFD;
  }
  char32_t code = lead & (0x7F >> length);
  for (std::size_t k = 1; k < length; ++k) {
    code = (code << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
  }
  i += length;
  return code;
}

std::string_view trim_trailing_spaces(std::string_view text) {
  std::size_t end = text.size();
  while (end > 0 && text[end - 1] == ' ')
    --end;
  return text.substr(0, end);
}

char32_t to_lower(char32_t c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
  if (c >= 0x100 && c <= 0x17F) {
    if (c == 0x130) return 'i';
    if (c == 0x178) return 0xFF;
    // Latin Extended-A pairs upper/lower on even/odd, shifted by one in 0x139–0x148 and
    // 0x179–0x17E.
    const bool shifted = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
    if (c == 0x138 || c == 0x149 || c == 0x17F) return c;
    if (shifted) return (c % 2 == 1) ? c + 1 : c;
    return (c % 2 == 0) ? c + 1 : c;
  }
  if (c >= 0x391 && c <= 0x3AB && c != 0x3A2) return c + 32;  // Greek
  if (c >= 0x386 && c <= 0x38F) {
    if (c == 0x386) return 0x3AC;
    if (c >= 0x388 && c <= 0x38A) return c + 37;
    if (c == 0x38C) return 0x3CC;
    if (c == 0x38E || c == 0x38F) return c + 63;
  }
  if (c >= 0x410 && c <= 0x42F) return c + 32;  // Cyrillic
  if (c >= 0x400 && c <= 0x40F) return c + 80;
  if (c >= 0x460 && c <= 0x4FF && c % 2 == 0) return c + 1;
  if (c >= 0x1E00 && c <= 0x1EFF && c % 2 == 0) return c + 1;  // Latin Extended Additional
  if (c >= 0xFF21 && c <= 0xFF3A) return c + 32;               // fullwidth A–Z
  return c;
}

// Base letters of Latin-1 and Latin Extended-A ('.' keeps the character): accents folded.
constexpr std::string_view kLatin1Base =
    "AAAAAA.CEEEEIIIIDNOOOOO.OUUUUY..aaaaaa.ceeeeiiiidnooooo.ouuuuy.y";
constexpr std::string_view kLatinExtendedABase =
    "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIi..JjKk.LlLlLlLlLlNnNnNn...OoOoOo..RrRrRrSs"
    "SsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZz.";

char32_t strip_accent(char32_t c) {
  if (c >= 0xC0 && c <= 0xFF) {
    const char base = kLatin1Base[c - 0xC0];
    return base == '.' ? c : static_cast<char32_t>(base);
  }
  if (c >= 0x100 && c <= 0x17F) {
    const char base = kLatinExtendedABase[c - 0x100];
    return base == '.' ? c : static_cast<char32_t>(base);
  }
  // Greek letters with tonos fold to their plain letters.
  switch (c) {
    case 0x3AC:
      return 0x3B1;
    case 0x3AD:
      return 0x3B5;
    case 0x3AE:
      return 0x3B7;
    case 0x3AF:
      return 0x3B9;
    case 0x3CC:
      return 0x3BF;
    case 0x3CD:
      return 0x3C5;
    case 0x3CE:
      return 0x3C9;
    default:
      return c;
  }
}

bool is_combining_mark(char32_t c) {
  return c >= 0x300 && c <= 0x36F;
}

// Punctuation and symbols sort before digits, digits before letters, as in dictionary order.
std::uint32_t primary_weight(char32_t c) {
  const char32_t folded = strip_accent(to_lower(c));
  std::uint32_t group = 2;
  if (folded < 0x80) {
    if (folded >= '0' && folded <= '9') {
      group = 1;
    } else if (!(folded >= 'a' && folded <= 'z')) {
      group = 0;
    }
  } else if ((folded >= 0x80 && folded <= 0xBF) || folded == 0xD7 || folded == 0xF7 ||
             (folded >= 0x2000 && folded <= 0x2BFF)) {
    group = 0;
  }
  return (group << 24) | static_cast<std::uint32_t>(folded);
}

// One level of the comparison: the sequence of weights `weight` gives each character;
// characters weighted 0 (combining marks at the primary level) are skipped.
template <typename Weight>
int compare_level(std::string_view a, std::string_view b, Weight weight) {
  std::size_t i = 0;
  std::size_t j = 0;
  while (true) {
    std::uint32_t wa = 0;
    std::uint32_t wb = 0;
    while (i < a.size() && wa == 0)
      wa = weight(decode(a, i));
    while (j < b.size() && wb == 0)
      wb = weight(decode(b, j));
    if (wa != wb) return wa < wb ? -1 : 1;
    if (wa == 0) return 0;  // both ended
  }
}

// UTF-16 code-unit order, as binary collations compare nvarchar data. Known shortcoming:
// varchar under a binary collation is compared the same way, not by code-page bytes.
std::uint32_t utf16_order(char32_t c) {
  if (c >= 0x10000) return 0xD800 + ((c - 0x10000) >> 10);  // the high surrogate decides
  return c;
}

int compare_binary(std::string_view a, std::string_view b) {
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() && j < b.size()) {
    const char32_t ca = decode(a, i);
    const char32_t cb = decode(b, j);
    if (ca == cb) continue;
    const std::uint32_t oa = utf16_order(ca);
    const std::uint32_t ob = utf16_order(cb);
    if (oa != ob) return oa < ob ? -1 : 1;
    return ca < cb ? -1 : 1;  // same high surrogate: the low one orders like the code point
  }
  if (i < a.size()) return 1;
  if (j < b.size()) return -1;
  return 0;
}

}  // namespace

char32_t fold_character(char32_t c, const Collation& collation) {
  if ((collation.flags & (Collation::kBinary | Collation::kBinary2)) != 0) return c;
  if ((collation.flags & Collation::kIgnoreCase) != 0) c = to_lower(c);
  if ((collation.flags & Collation::kIgnoreAccent) != 0) c = strip_accent(c);
  return c;
}

int compare_text(std::string_view a, std::string_view b, const Collation& collation) {
  a = trim_trailing_spaces(a);
  b = trim_trailing_spaces(b);
  if ((collation.flags & (Collation::kBinary | Collation::kBinary2)) != 0) {
    return compare_binary(a, b);
  }
  const bool ignore_case = (collation.flags & Collation::kIgnoreCase) != 0;
  const bool ignore_accent = (collation.flags & Collation::kIgnoreAccent) != 0;

  // ASCII fast path for the common case-insensitive collations: one pass, no decoding.
  if (ignore_case) {
    bool ascii = true;
    const std::size_t n = std::min(a.size(), b.size());
    for (std::size_t k = 0; k < n; ++k) {
      const auto ca = static_cast<unsigned char>(a[k]);
      const auto cb = static_cast<unsigned char>(b[k]);
      if (ca >= 0x80 || cb >= 0x80) {
        ascii = false;
        break;
      }
      if (ca == cb) continue;
      const std::uint32_t wa = primary_weight(ca);
      const std::uint32_t wb = primary_weight(cb);
      if (wa != wb) return wa < wb ? -1 : 1;
    }
    if (ascii) {
      bool rest_ascii = true;
      for (std::size_t k = n; k < a.size(); ++k)
        rest_ascii &= static_cast<unsigned char>(a[k]) < 0x80;
      for (std::size_t k = n; k < b.size(); ++k)
        rest_ascii &= static_cast<unsigned char>(b[k]) < 0x80;
      if (rest_ascii) return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
    }
  }

  int result = compare_level(a, b, [](char32_t c) -> std::uint32_t {
    return is_combining_mark(c) ? 0 : primary_weight(c) + 1;
  });
  if (result != 0) return result;
  if (!ignore_accent) {
    result = compare_level(a, b, [](char32_t c) -> std::uint32_t {
      return static_cast<std::uint32_t>(to_lower(c)) + 1;
    });
    if (result != 0) return result;
  }
  if (!ignore_case) {
    // Lower case sorts before upper case at the case level.
    result =
        compare_level(a, b, [](char32_t c) -> std::uint32_t { return to_lower(c) == c ? 1 : 2; });
    if (result != 0) return result;
  }
  return 0;
}

}  // namespace mssql_sim
