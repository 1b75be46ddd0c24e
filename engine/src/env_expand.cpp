#include "env_expand.h"

#include "etl/errors.h"

namespace etl {

std::string expand_variables(std::string_view text, const Environment& environment,
                             const std::string& where) {
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (text.compare(pos, 3, "$${") == 0) {
      out += "${";
      pos += 3;
      continue;
    }
    if (text.compare(pos, 2, "${") != 0) {
      out += text[pos++];
      continue;
    }
    std::size_t close = text.find('}', pos + 2);
    if (close == std::string_view::npos) {
      throw ConfigError(where, "unclosed variable reference '" + std::string(text.substr(pos)) +
                                   "': write ${NAME} or ${NAME:-default}");
    }
    std::string_view body = text.substr(pos + 2, close - pos - 2);
    std::size_t dash = body.find(":-");
    std::string name(body.substr(0, dash));
    if (name.empty()) throw ConfigError(where, "empty variable name in '${}'");

    auto found = environment.find(name);
    if (found != environment.end() && !(dash != std::string_view::npos && found->second.empty())) {
      out += found->second;
    } else if (dash != std::string_view::npos) {
      out += body.substr(dash + 2);
    } else {
      throw ConfigError(where, "environment variable " + name + " is not set: set it, or write ${" +
                                   name + ":-default} in the pipeline");
    }
    pos = close + 1;
  }
  return out;
}

bool is_single_variable(std::string_view text) {
  return text.size() > 3 && text.substr(0, 2) == "${" && text.back() == '}' &&
         text.find('}') == text.size() - 1;
}

}  // namespace etl
