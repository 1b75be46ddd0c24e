// Collations: names, code pages, text encoding and comparison.
#pragma once

#include <string>
#include <string_view>

#include "sql_type.h"

namespace mssql_sim {

//! A collation from its name, Windows ("Latin1_General_100_CI_AS_SC_UTF8",
//! "Cyrillic_General_CI_AS") or SQL ("SQL_Latin1_General_CP1_CI_AS"). Throws SqlError 448
//! "Invalid collation 'x'." for a name it does not know.
Collation collation_from_name(std::string_view name);

//! The code page of char, varchar and text data under the collation: 1252, 1251, 932…,
//! or 65001 for the UTF-8 collations.
int code_page(const Collation& collation);

//! WTF-8 text to the collation's code page; a character the code page lacks becomes '?'
//! as SQL Server stores it.
std::string encode_code_page(std::string_view text, const Collation& collation);
//! The collation's code-page bytes to WTF-8.
std::string decode_code_page(std::string_view bytes, const Collation& collation);

//! Appends one code point as WTF-8 (UTF-8, with a lone surrogate as its 3-byte form).
void append_code_point(std::string& out, char32_t code);

//! WTF-8 to UTF-16LE bytes (lone surrogates kept) and back.
std::string to_utf16le(std::string_view text);
std::string from_utf16le(std::string_view bytes);

//! Compares two texts as SQL Server does under the collation: trailing spaces ignored,
//! case ignored for _CI_, accents for _AI_, code-point order for _BIN/_BIN2. Returns <0, 0, >0.
int compare_text(std::string_view a, std::string_view b, const Collation& collation);

//! A character as the collation's equality sees it: lower case under _CI_, without its
//! accent under _AI_, unchanged under binary collations. LIKE matches on these.
char32_t fold_character(char32_t c, const Collation& collation);

}  // namespace mssql_sim
