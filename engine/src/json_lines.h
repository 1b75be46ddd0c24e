// Where each key of a JSON document stands, so that configuration errors can name a line.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace etl {

//! Maps key paths ("source.key[1]", "parallelism.writers") of a well-formed JSON document to
//! the 1-based line where the key (or array element) begins. A key written twice in one
//! object keeps its first line; with `duplicates`, the paths of the second ones are added
//! there (JSON parsers keep the last value silently, which hides a typo).
std::map<std::string, std::size_t> json_key_lines(std::string_view text,
                                                  std::vector<std::string>* duplicates = nullptr);

//! 1-based line and column of a byte offset.
struct TextPosition {
  std::size_t line = 1;
  std::size_t column = 1;
};
TextPosition position_of(std::string_view text, std::size_t offset);

}  // namespace etl
