// Collations: names to the TDS collation, code pages, WTF-8 ↔ UTF-16LE, and a total
// text order consistent with equality.
#include "collation.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <vector>

#include "query_engine.h"

using namespace mssql_sim;

namespace {

std::string hex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char b : bytes) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 15]);
  }
  return out;
}

std::string wire(std::string_view name) {
  const auto bytes = collation_from_name(name).wire_bytes();
  return hex(std::string(bytes.begin(), bytes.end()));
}

int sign(int v) {
  return v < 0 ? -1 : v > 0 ? 1 : 0;
}

}  // namespace

TEST_CASE("collation names give the five bytes TDS sends", "[collation]") {
  CHECK(wire("SQL_Latin1_General_CP1_CI_AS") == "0904D00034");
  CHECK(wire("Latin1_General_100_CI_AS_SC_UTF8") == "0904D02400");
  CHECK(wire("Latin1_General_CI_AS") == "0904D00000");
  CHECK(wire("SQL_Latin1_General_CP1_CS_AS") == "0904C00033");
  CHECK(Collation{}.wire_bytes() ==
        collation_from_name("SQL_Latin1_General_CP1_CI_AS").wire_bytes());
  CHECK(collation_from_name("Latin1_General_BIN2").flags == Collation::kBinary2);
  CHECK(collation_from_name("Japanese_XJIS_140_CI_AS").version == 3);
  CHECK(collation_from_name("Cyrillic_General_CI_AS").lcid == 0x0419);
}

TEST_CASE("collations carry their code pages", "[collation]") {
  const auto page = [](std::string_view name) { return code_page(collation_from_name(name)); };
  CHECK(page("SQL_Latin1_General_CP1_CI_AS") == 1252);
  CHECK(page("Cyrillic_General_CI_AS") == 1251);
  CHECK(page("Greek_CI_AS") == 1253);
  CHECK(page("Polish_CI_AS") == 1250);
  CHECK(page("Czech_CI_AS") == 1250);
  CHECK(page("Hebrew_CI_AS") == 1255);
  CHECK(page("Arabic_CI_AS") == 1256);
  CHECK(page("Turkish_CI_AS") == 1254);
  CHECK(page("Japanese_CI_AS") == 932);
  CHECK(page("Chinese_PRC_CI_AS") == 936);
  CHECK(page("Korean_Wansung_CI_AS") == 949);
  CHECK(page("Chinese_Taiwan_Stroke_CI_AS") == 950);
  CHECK(page("Thai_CI_AS") == 874);
  CHECK(page("Vietnamese_CI_AS") == 1258);
  CHECK(page("SQL_Latin1_General_CP1251_CI_AS") == 1251);
  CHECK(page("Latin1_General_100_CI_AS_SC_UTF8") == 65001);
}

TEST_CASE("an unknown collation name is error 448", "[collation]") {
  try {
    collation_from_name("Klingon_CI_AS");
    FAIL("no error");
  } catch (const SqlError& error) {
    CHECK(error.message().number == 448);
    CHECK(error.message().text == "Invalid collation 'Klingon_CI_AS'.");
  }
  CHECK_THROWS_AS(collation_from_name("Latin1_General_XX_AS"), SqlError);
}

TEST_CASE("text encodes to the collation's code page and back", "[collation][codepage]") {
  const Collation cyrillic = collation_from_name("Cyrillic_General_CI_AS");
  CHECK(hex(encode_code_page("Привет", cyrillic)) == "CFF0E8E2E5F2");
  CHECK(decode_code_page(encode_code_page("Привет", cyrillic), cyrillic) == "Привет");
  const Collation japanese = collation_from_name("Japanese_CI_AS");
  CHECK(hex(encode_code_page("日本", japanese)) == "93FA967B");
  CHECK(decode_code_page("\x93\xFA\x96\x7B", japanese) == "日本");
  CHECK(encode_code_page("日本", Collation{}) == "??");
  CHECK(hex(encode_code_page("ção€", Collation{})) == "E7E36F80");
  const Collation utf8 = collation_from_name("Latin1_General_100_CI_AS_SC_UTF8");
  CHECK(encode_code_page("ção", utf8) == "ção");
  CHECK(encode_code_page("\xED\xA0\xBD", utf8) == "?");  // a lone surrogate cannot be UTF-8
  const Collation greek = collation_from_name("Greek_CI_AS");
  CHECK(decode_code_page(encode_code_page("Ωμέγα", greek), greek) == "Ωμέγα");
}

TEST_CASE("WTF-8 and UTF-16LE convert both ways, lone surrogates included", "[collation][utf16]") {
  CHECK(hex(to_utf16le("a😀")) == "61003DD800DE");
  CHECK(from_utf16le(std::string("\x61\x00\x3D\xD8\x00\xDE", 6)) == "a😀");
  const std::string lone("\x3D\xD8\x61\x00", 4);
  CHECK(from_utf16le(lone) ==
        "\xED\xA0\xBD"
        "a");
  CHECK(to_utf16le(from_utf16le(lone)) == lone);
  const std::string low_first("\x00\xDE\x3D\xD8", 4);
  CHECK(to_utf16le(from_utf16le(low_first)) == low_first);
  CHECK(to_utf16le(std::string("a\0b", 3)) == std::string("a\0\0\0b\0", 6));
}

TEST_CASE("compare_text ignores trailing spaces, case under _CI_, accents under _AI_",
          "[collation][compare]") {
  const Collation ci_as = collation_from_name("Latin1_General_CI_AS");
  const Collation cs_as = collation_from_name("Latin1_General_CS_AS");
  const Collation ci_ai = collation_from_name("Latin1_General_CI_AI");
  const Collation bin2 = collation_from_name("Latin1_General_BIN2");
  CHECK(compare_text("abc", "ABC", ci_as) == 0);
  CHECK(compare_text("abc", "abc   ", cs_as) == 0);
  CHECK(compare_text("abc", "ABC", cs_as) < 0);  // lower case first at the case level
  CHECK(compare_text("ABC", "abd", cs_as) < 0);  // letters decide before case
  CHECK(compare_text("café", "cafe", ci_as) > 0);
  CHECK(compare_text("café", "CAFE", ci_ai) == 0);
  CHECK(compare_text("café", "cafg", ci_as) < 0);
  CHECK(compare_text("B", "a", bin2) < 0);  // code point order
  CHECK(compare_text("a", "B", ci_as) < 0);
  CHECK(compare_text("a-b", "a1", ci_as) < 0);  // punctuation before digits
  CHECK(compare_text("9", "a", ci_as) < 0);     // digits before letters
  CHECK(compare_text("Привет", "привет", ci_as) == 0);
  CHECK(compare_text("\xEF\xBF\xBF", "😀", bin2) > 0);  // UTF-16 order: U+FFFF after a pair
}

TEST_CASE("compare_text is a total order consistent with equality", "[collation][compare]") {
  const std::vector<std::string> words = {
      "a", "A",    "á",    "Á",    "b",  "B",  "ab", "aB", "Ab", "abc", "abc ", "ABC",
      "é", "e",    "E",    "f",    "_x", "-x", "1",  "10", "9",  "",    " ",    "z",
      "Z", "ação", "acao", "AÇÃO", "ß",  "ss", "😀",  "ÿ",  "Ÿ",  "Ω",   "ω",    "ж"};
  for (const char* name : {"Latin1_General_CI_AS", "Latin1_General_CS_AS", "Latin1_General_CI_AI",
                           "Latin1_General_BIN2", "SQL_Latin1_General_CP1_CI_AS"}) {
    const Collation collation = collation_from_name(name);
    std::vector<std::string> sorted = words;
    std::sort(sorted.begin(), sorted.end(), [&](const std::string& x, const std::string& y) {
      return compare_text(x, y, collation) < 0;
    });
    for (std::size_t i = 0; i < sorted.size(); ++i) {
      for (std::size_t j = 0; j < sorted.size(); ++j) {
        const int forward = sign(compare_text(sorted[i], sorted[j], collation));
        const int backward = sign(compare_text(sorted[j], sorted[i], collation));
        CHECK(forward == -backward);
        if (i < j) CHECK(forward <= 0);
      }
    }
  }
}
