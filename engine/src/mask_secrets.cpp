// Passwords out of connection strings, for every message and log line.
#include <algorithm>
#include <string_view>

#include "etl/pipeline.h"

namespace etl {
namespace {

constexpr std::string_view kMask = "***";

bool starts_with_uri_scheme(std::string_view url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

// Masks the password in postgresql://user:password@host…: the user information ends at the
// last '@' before the query, so that a password with an unencoded '@' (which libpq refuses)
// is masked whole all the same.
std::string mask_uri_user_info(std::string_view url) {
  std::size_t start = url.find("://") + 3;
  std::size_t end = url.substr(0, url.find('?', start)).rfind('@');
  if (end == std::string_view::npos || end < start) return std::string(url);
  std::size_t colon = url.find(':', start);
  if (colon == std::string_view::npos || colon > end) return std::string(url);
  return std::string(url.substr(0, colon + 1)) + std::string(kMask) + std::string(url.substr(end));
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Masks the value of every `password=` parameter, in a URL's query (ends at '&') or in a
// keyword/value string (a quoted value with backslash escapes, or a bare word).
std::string mask_password_parameters(std::string text) {
  constexpr std::string_view kKeyword = "password";
  std::size_t from = 0;
  while ((from = text.find(kKeyword, from)) != std::string::npos) {
    bool word_start =
        from == 0 || is_space(text[from - 1]) || text[from - 1] == '?' || text[from - 1] == '&';
    std::size_t at = from + kKeyword.size();
    while (at < text.size() && is_space(text[at]))
      ++at;
    if (!word_start || at >= text.size() || text[at] != '=') {
      from += kKeyword.size();
      continue;
    }
    ++at;
    while (at < text.size() && is_space(text[at]))
      ++at;

    std::size_t end = at;
    if (end < text.size() && text[end] == '\'') {
      for (++end; end < text.size() && text[end] != '\''; ++end) {
        if (text[end] == '\\') ++end;
      }
      end = std::min(end + 1, text.size());
    } else {
      while (end < text.size() && !is_space(text[end]) && text[end] != '&')
        ++end;
    }
    text.replace(at, end - at, kMask);
    from = at + kMask.size();
  }
  return text;
}

}  // namespace

std::string mask_secrets(const std::string& url) {
  std::string masked = starts_with_uri_scheme(url) ? mask_uri_user_info(url) : url;
  return mask_password_parameters(std::move(masked));
}

}  // namespace etl
