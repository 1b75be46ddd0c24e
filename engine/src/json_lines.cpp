#include "json_lines.h"

#include <cctype>

namespace etl {
namespace {

//! A recursive walk over a document that the JSON parser has already accepted, so it only
//! needs to find where things start, not to validate.
class KeyLineScanner {
 public:
  KeyLineScanner(std::string_view text, std::vector<std::string>* duplicates)
      : text_(text), duplicates_(duplicates) {}

  std::map<std::string, std::size_t> scan() {
    skip_space();
    value("");
    return std::move(lines_);
  }

 private:
  void value(const std::string& path) {
    skip_space();
    if (at_end()) return;
    char c = text_[pos_];
    if (c == '{') {
      object(path);
    } else if (c == '[') {
      array(path);
    } else if (c == '"') {
      string();
    } else {
      while (!at_end() && !std::isspace(static_cast<unsigned char>(text_[pos_])) &&
             text_[pos_] != ',' && text_[pos_] != '}' && text_[pos_] != ']') {
        advance();
      }
    }
  }

  void object(const std::string& path) {
    advance();  // {
    skip_space();
    while (!at_end() && text_[pos_] != '}') {
      std::size_t line = line_;
      std::string key = string();
      std::string key_path = path.empty() ? key : path + "." + key;
      if (!lines_.emplace(key_path, line).second && duplicates_) {
        duplicates_->push_back(key_path);
      }
      skip_space();
      advance();  // :
      value(key_path);
      skip_space();
      if (!at_end() && text_[pos_] == ',') advance();
      skip_space();
    }
    advance();  // }
  }

  void array(const std::string& path) {
    advance();  // [
    skip_space();
    for (std::size_t index = 0; !at_end() && text_[pos_] != ']'; ++index) {
      std::string element_path = path + "[" + std::to_string(index) + "]";
      lines_.emplace(element_path, line_);
      value(element_path);
      skip_space();
      if (!at_end() && text_[pos_] == ',') advance();
      skip_space();
    }
    advance();  // ]
  }

  //! Reads a string token; escapes other than \" and \\ are kept as written, which is
  //! enough to name keys in messages.
  std::string string() {
    std::string out;
    advance();  // opening quote
    while (!at_end() && text_[pos_] != '"') {
      if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) {
        advance();
        if (text_[pos_] != '"' && text_[pos_] != '\\') out += '\\';
      }
      out += text_[pos_];
      advance();
    }
    advance();  // closing quote
    return out;
  }

  void skip_space() {
    while (!at_end() && std::isspace(static_cast<unsigned char>(text_[pos_])))
      advance();
  }
  void advance() {
    if (at_end()) return;
    if (text_[pos_] == '\n') ++line_;
    ++pos_;
  }
  bool at_end() const { return pos_ >= text_.size(); }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  std::vector<std::string>* duplicates_;
  std::map<std::string, std::size_t> lines_;
};

}  // namespace

std::map<std::string, std::size_t> json_key_lines(std::string_view text,
                                                  std::vector<std::string>* duplicates) {
  return KeyLineScanner(text, duplicates).scan();
}

TextPosition position_of(std::string_view text, std::size_t offset) {
  TextPosition position;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++position.line;
      position.column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++position.column;
    }
  }
  return position;
}

}  // namespace etl
