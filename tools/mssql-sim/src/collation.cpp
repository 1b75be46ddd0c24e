// Collation names: Windows collations (designator, version, options) and SQL collations
// (a fixed list with their sort ids), as SQL Server and [MS-TDS] 2.2.5.1.2 define them.
#include "collation.h"

#include <cctype>
#include <string>
#include <vector>

#include "sql_errors.h"

namespace mssql_sim {
namespace {

struct Designator {
  std::string_view name;
  std::uint32_t lcid;
  int code_page;
};

// Windows collation designators: the locale each sorts for and its code page for non-Unicode
// data (SQL Server documentation, "Windows collation name").
constexpr Designator kDesignators[] = {
    {"Latin1_General", 0x0409, 1252},
    {"Albanian", 0x041C, 1250},
    {"Arabic", 0x0401, 1256},
    {"Azeri_Cyrillic", 0x082C, 1251},
    {"Azeri_Latin", 0x042C, 1254},
    {"Chinese_PRC", 0x0804, 936},
    {"Chinese_PRC_Stroke", 0x20804, 936},
    {"Chinese_Simplified_Pinyin", 0x0804, 936},
    {"Chinese_Simplified_Stroke_Order", 0x20804, 936},
    {"Chinese_Taiwan_Stroke", 0x0404, 950},
    {"Chinese_Taiwan_Bopomofo", 0x30404, 950},
    {"Chinese_Traditional_Stroke_Count", 0x0404, 950},
    {"Chinese_Traditional_Bopomofo", 0x30404, 950},
    {"Chinese_Traditional_Pinyin", 0x0C04, 950},
    {"Chinese_Traditional_Stroke_Order", 0x21404, 950},
    {"Chinese_Hong_Kong_Stroke", 0x0C04, 950},
    {"Croatian", 0x041A, 1250},
    {"Cyrillic_General", 0x0419, 1251},
    {"Czech", 0x0405, 1250},
    {"Danish_Greenlandic", 0x0406, 1252},
    {"Danish_Norwegian", 0x0406, 1252},
    {"Estonian", 0x0425, 1257},
    {"Finnish_Swedish", 0x040B, 1252},
    {"French", 0x040C, 1252},
    {"German_PhoneBook", 0x10407, 1252},
    {"Greek", 0x0408, 1253},
    {"Hebrew", 0x040D, 1255},
    {"Hungarian", 0x040E, 1250},
    {"Hungarian_Technical", 0x1040E, 1250},
    {"Icelandic", 0x040F, 1252},
    {"Japanese", 0x0411, 932},
    {"Japanese_Bushu_Kakusu", 0x40411, 932},
    {"Japanese_Unicode", 0x10411, 932},
    {"Japanese_XJIS", 0x0411, 932},
    {"Kazakh", 0x043F, 1251},
    {"Korean", 0x0412, 949},
    {"Korean_Wansung", 0x0412, 949},
    {"Latvian", 0x0426, 1257},
    {"Lithuanian", 0x0427, 1257},
    {"Macedonian_FYROM", 0x042F, 1251},
    {"Modern_Spanish", 0x0C0A, 1252},
    {"Persian", 0x0429, 1256},
    {"Polish", 0x0415, 1250},
    {"Romanian", 0x0418, 1250},
    {"Serbian_Cyrillic", 0x0C1A, 1251},
    {"Serbian_Latin", 0x081A, 1250},
    {"Slovak", 0x041B, 1250},
    {"Slovenian", 0x0424, 1250},
    {"Tatar", 0x0444, 1251},
    {"Thai", 0x041E, 874},
    {"Traditional_Spanish", 0x040A, 1252},
    {"Turkish", 0x041F, 1254},
    {"Ukrainian", 0x0422, 1251},
    {"Uzbek_Latin", 0x0443, 1254},
    {"Vietnamese", 0x042A, 1258},
};

struct SqlCollation {
  std::string_view name;
  std::uint8_t sort_id;
  std::uint32_t lcid;
  int code_page;
};

// SQL collations by sort id ([MS-TDS] SortId; SQL Server's "SQL Server collation name").
constexpr SqlCollation kSqlCollations[] = {
    {"SQL_Latin1_General_CP437_BIN", 30, 0x0409, 437},
    {"SQL_Latin1_General_CP437_CS_AS", 31, 0x0409, 437},
    {"SQL_Latin1_General_CP437_CI_AS", 32, 0x0409, 437},
    {"SQL_Latin1_General_Pref_CP437_CI_AS", 33, 0x0409, 437},
    {"SQL_Latin1_General_CP437_CI_AI", 34, 0x0409, 437},
    {"SQL_Latin1_General_CP437_BIN2", 35, 0x0409, 437},
    {"SQL_Latin1_General_CP850_BIN", 40, 0x0409, 850},
    {"SQL_Latin1_General_CP850_CS_AS", 41, 0x0409, 850},
    {"SQL_Latin1_General_CP850_CI_AS", 42, 0x0409, 850},
    {"SQL_Latin1_General_Pref_CP850_CI_AS", 43, 0x0409, 850},
    {"SQL_Latin1_General_CP850_CI_AI", 44, 0x0409, 850},
    {"SQL_Latin1_General_CP850_BIN2", 45, 0x0409, 850},
    {"SQL_1xCompat_CP850_CI_AS", 49, 0x0409, 850},
    {"SQL_Latin1_General_CP1_CS_AS", 51, 0x0409, 1252},
    {"SQL_Latin1_General_CP1_CI_AS", 52, 0x0409, 1252},
    {"SQL_Latin1_General_Pref_CP1_CI_AS", 53, 0x0409, 1252},
    {"SQL_Latin1_General_CP1_CI_AI", 54, 0x0409, 1252},
    {"SQL_AltDiction_CP850_CS_AS", 55, 0x0409, 850},
    {"SQL_AltDiction_Pref_CP850_CI_AS", 56, 0x0409, 850},
    {"SQL_AltDiction_CP850_CI_AI", 57, 0x0409, 850},
    {"SQL_Scandinavian_Pref_CP850_CI_AS", 58, 0x0409, 850},
    {"SQL_Scandinavian_CP850_CS_AS", 59, 0x0409, 850},
    {"SQL_Scandinavian_CP850_CI_AS", 60, 0x0409, 850},
    {"SQL_AltDiction_CP850_CI_AS", 61, 0x0409, 850},
    {"SQL_Latin1_General_CP1250_CS_AS", 81, 0x0405, 1250},
    {"SQL_Latin1_General_CP1250_CI_AS", 82, 0x0405, 1250},
    {"SQL_Czech_CP1250_CS_AS", 83, 0x0405, 1250},
    {"SQL_Czech_CP1250_CI_AS", 84, 0x0405, 1250},
    {"SQL_Hungarian_CP1250_CS_AS", 85, 0x040E, 1250},
    {"SQL_Hungarian_CP1250_CI_AS", 86, 0x040E, 1250},
    {"SQL_Polish_CP1250_CS_AS", 87, 0x0415, 1250},
    {"SQL_Polish_CP1250_CI_AS", 88, 0x0415, 1250},
    {"SQL_Romanian_CP1250_CS_AS", 89, 0x0418, 1250},
    {"SQL_Romanian_CP1250_CI_AS", 90, 0x0418, 1250},
    {"SQL_Croatian_CP1250_CS_AS", 91, 0x041A, 1250},
    {"SQL_Croatian_CP1250_CI_AS", 92, 0x041A, 1250},
    {"SQL_Slovak_CP1250_CS_AS", 93, 0x041B, 1250},
    {"SQL_Slovak_CP1250_CI_AS", 94, 0x041B, 1250},
    {"SQL_Slovenian_CP1250_CS_AS", 95, 0x0424, 1250},
    {"SQL_Slovenian_CP1250_CI_AS", 96, 0x0424, 1250},
    {"SQL_Latin1_General_CP1251_CS_AS", 105, 0x0419, 1251},
    {"SQL_Latin1_General_CP1251_CI_AS", 106, 0x0419, 1251},
    {"SQL_Ukrainian_CP1251_CS_AS", 107, 0x0422, 1251},
    {"SQL_Ukrainian_CP1251_CI_AS", 108, 0x0422, 1251},
    {"SQL_Latin1_General_CP1253_CS_AS", 113, 0x0408, 1253},
    {"SQL_Latin1_General_CP1253_CI_AS", 114, 0x0408, 1253},
    {"SQL_MixDiction_CP1253_CS_AS", 120, 0x0408, 1253},
    {"SQL_AltDiction_CP1253_CS_AS", 121, 0x0408, 1253},
    {"SQL_AltDiction2_CP1253_CS_AS", 122, 0x0408, 1253},
    {"SQL_Latin1_General_CP1253_CI_AI", 124, 0x0408, 1253},
    {"SQL_Latin1_General_CP1254_CS_AS", 129, 0x041F, 1254},
    {"SQL_Latin1_General_CP1254_CI_AS", 130, 0x041F, 1254},
    {"SQL_Latin1_General_CP1255_CS_AS", 137, 0x040D, 1255},
    {"SQL_Latin1_General_CP1255_CI_AS", 138, 0x040D, 1255},
    {"SQL_Latin1_General_CP1256_CS_AS", 145, 0x0401, 1256},
    {"SQL_Latin1_General_CP1256_CI_AS", 146, 0x0401, 1256},
    {"SQL_Latin1_General_CP1257_CS_AS", 153, 0x0425, 1257},
    {"SQL_Latin1_General_CP1257_CI_AS", 154, 0x0425, 1257},
    {"SQL_Estonian_CP1257_CS_AS", 155, 0x0425, 1257},
    {"SQL_Estonian_CP1257_CI_AS", 156, 0x0425, 1257},
    {"SQL_Latvian_CP1257_CS_AS", 157, 0x0426, 1257},
    {"SQL_Latvian_CP1257_CI_AS", 158, 0x0426, 1257},
    {"SQL_Lithuanian_CP1257_CS_AS", 159, 0x0427, 1257},
    {"SQL_Lithuanian_CP1257_CI_AS", 160, 0x0427, 1257},
    {"SQL_Danish_Pref_CP1_CI_AS", 183, 0x0406, 1252},
    {"SQL_SwedishPhone_Pref_CP1_CI_AS", 184, 0x040B, 1252},
    {"SQL_SwedishStd_Pref_CP1_CI_AS", 185, 0x040B, 1252},
    {"SQL_Icelandic_Pref_CP1_CI_AS", 186, 0x040F, 1252},
    {"SQL_EBCDIC037_CP1_CS_AS", 210, 0x0409, 1252},
    {"SQL_EBCDIC273_CP1_CS_AS", 211, 0x0407, 1252},
    {"SQL_EBCDIC277_CP1_CS_AS", 212, 0x0406, 1252},
    {"SQL_EBCDIC278_CP1_CS_AS", 213, 0x040B, 1252},
    {"SQL_EBCDIC280_CP1_CS_AS", 214, 0x0410, 1252},
    {"SQL_EBCDIC284_CP1_CS_AS", 215, 0x0C0A, 1252},
    {"SQL_EBCDIC285_CP1_CS_AS", 216, 0x0809, 1252},
    {"SQL_EBCDIC297_CP1_CS_AS", 217, 0x040C, 1252},
};

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::vector<std::string_view> split(std::string_view name) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t underscore = name.find('_', start);
    parts.push_back(name.substr(start, underscore - start));
    if (underscore == std::string_view::npos) return parts;
    start = underscore + 1;
  }
}

[[noreturn]] void invalid(std::string_view name) {
  throw_sql_error(448, "Invalid collation '" + std::string(name) + "'.");
}

// Ignore flags from the options a name spells: CI/CS, AI/AS, KS, WS, BIN, BIN2, UTF8.
std::uint8_t parse_options(const std::vector<std::string_view>& options, std::string_view name,
                           bool& has_case) {
  std::uint8_t flags = Collation::kIgnoreKana | Collation::kIgnoreWidth;
  bool case_seen = false;
  bool accent_seen = false;
  for (std::string_view option : options) {
    if (iequals(option, "CI")) {
      flags |= Collation::kIgnoreCase;
      case_seen = true;
    } else if (iequals(option, "CS")) {
      case_seen = true;
    } else if (iequals(option, "AI")) {
      flags |= Collation::kIgnoreAccent;
      accent_seen = true;
    } else if (iequals(option, "AS")) {
      accent_seen = true;
    } else if (iequals(option, "KS")) {
      flags &= ~Collation::kIgnoreKana;
    } else if (iequals(option, "WS")) {
      flags &= ~Collation::kIgnoreWidth;
    } else if (iequals(option, "BIN")) {
      flags = Collation::kBinary;
      case_seen = accent_seen = true;
    } else if (iequals(option, "BIN2")) {
      flags = Collation::kBinary2;
      case_seen = accent_seen = true;
    } else if (iequals(option, "UTF8")) {
      flags |= Collation::kUtf8;
    } else if (iequals(option, "SC") || iequals(option, "VSS")) {
      // Supplementary characters and variation selectors change no flag bit.
    } else {
      invalid(name);
    }
  }
  if (!case_seen || !accent_seen) invalid(name);
  has_case = case_seen;
  return flags;
}

Collation windows_collation(std::string_view name) {
  const std::vector<std::string_view> parts = split(name);
  // The designator is the longest prefix of parts that names one.
  const Designator* designator = nullptr;
  std::size_t used = 0;
  for (const Designator& candidate : kDesignators) {
    const std::vector<std::string_view> words = split(candidate.name);
    if (words.size() > parts.size() || words.size() <= used) continue;
    bool match = true;
    for (std::size_t i = 0; i < words.size() && match; ++i)
      match = iequals(words[i], parts[i]);
    if (match) {
      designator = &candidate;
      used = words.size();
    }
  }
  if (designator == nullptr) invalid(name);

  Collation collation;
  collation.lcid = designator->lcid;
  collation.sort_id = 0;
  collation.version = 0;
  std::size_t next = used;
  if (next < parts.size() && !parts[next].empty() &&
      std::isdigit(static_cast<unsigned char>(parts[next][0]))) {
    const std::string_view version = parts[next];
    if (version == "80") {
      collation.version = 0;
    } else if (version == "90") {
      collation.version = 1;
    } else if (version == "100") {
      collation.version = 2;
    } else if (version == "140") {
      collation.version = 3;
    } else {
      invalid(name);
    }
    ++next;
  }
  const std::vector<std::string_view> options(parts.begin() + static_cast<std::ptrdiff_t>(next),
                                              parts.end());
  bool has_case = false;
  collation.flags = parse_options(options, name, has_case);
  collation.name = std::string(name);
  return collation;
}

int designator_code_page(std::uint32_t lcid) {
  for (const Designator& designator : kDesignators) {
    if (designator.lcid == lcid) return designator.code_page;
  }
  return 1252;
}

}  // namespace

Collation collation_from_name(std::string_view name) {
  for (const SqlCollation& sql : kSqlCollations) {
    if (iequals(sql.name, name)) {
      Collation collation;
      collation.lcid = sql.lcid;
      collation.sort_id = sql.sort_id;
      collation.version = 0;
      const std::string_view suffix = name.substr(name.rfind("CP"));
      bool has_case = false;
      std::vector<std::string_view> options = split(suffix);
      options.erase(options.begin());  // the CPnnn part
      collation.flags = parse_options(options, name, has_case);
      collation.name = std::string(sql.name);
      return collation;
    }
  }
  if (name.size() > 4 && iequals(name.substr(0, 4), "SQL_")) invalid(name);
  return windows_collation(name);
}

int code_page(const Collation& collation) {
  if ((collation.flags & Collation::kUtf8) != 0) return 65001;
  if (collation.sort_id != 0) {
    for (const SqlCollation& sql : kSqlCollations) {
      if (sql.sort_id == collation.sort_id) return sql.code_page;
    }
  }
  return designator_code_page(collation.lcid);
}

}  // namespace mssql_sim
