// Loading pipeline files: JSON → validated, expanded PipelineConfig.
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "env_expand.h"
#include "etl/errors.h"
#include "etl/pipeline.h"
#include "json_lines.h"
#include "pipeline_schema.h"

extern char** environ;

namespace etl {
namespace {

using nlohmann::json;

constexpr std::uint64_t kMaxWriters = 10000;

std::string percent_encode(const std::string& text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string conninfo_quote(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == '\'') out += '\\';
    out += c;
  }
  return out;
}

const char* kind_name(FieldKind kind) {
  switch (kind) {
    case FieldKind::String:
      return "a string";
    case FieldKind::Integer:
      return "a whole number";
    case FieldKind::StringArray:
      return "an array of strings";
    case FieldKind::Object:
      return "an object";
    case FieldKind::ScalarMap:
      return "an object of values";
    case FieldKind::StringMap:
      return "an object of strings";
  }
  return "a value";
}

const char* json_type_name(const json& value) {
  switch (value.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return "a boolean";
    case json::value_t::string:
      return "a string";
    case json::value_t::array:
      return "an array";
    case json::value_t::object:
      return "an object";
    default:
      return "a number";
  }
}

//! Reads one parsed document, checking each key against the schema as it goes, so that
//! every error names the file, line and key path.
class PipelineReader {
 public:
  PipelineReader(const std::string& text, std::string file, const Environment& environment)
      : file_(std::move(file)),
        environment_(environment),
        lines_(json_key_lines(text, &duplicates_)) {}

  PipelineConfig read(const json& document) {
    if (!document.is_object()) fail("", "a pipeline is a JSON object { … }");
    if (!duplicates_.empty()) {
      fail(duplicates_.front(), "key written twice in the same object: keep one");
    }
    check_section(document, "");

    PipelineConfig config;
    config.file = file_;
    config.name = text("name", document.at("name"));
    read_source(document.at("source"), config);
    read_destination(document.at("destination"), config);
    if (document.contains("transform")) read_transform(document.at("transform"), config);
    if (document.contains("load")) read_load(document.at("load"), config);
    if (document.contains("parallelism")) read_parallelism(document.at("parallelism"), config);
    if (document.contains("rejects")) config.rejects_file = text("rejects", document["rejects"]);
    if (config.rejects_file.empty()) config.rejects_file = "rejects/" + config.name + ".jsonl";
    if (document.contains("max_rejects")) {
      config.max_rejects = integer("max_rejects", document["max_rejects"]);
    }
    apply_seed_overrides(config);
    return config;
  }

 private:
  void read_source(const json& section, PipelineConfig& config) {
    check_section(section, "source");
    SourceSettings& source = config.source;
    source.driver = optional_text(section, "source", "driver", "mssql");
    if (source.driver != "mssql") {
      fail("source.driver", "unknown driver '" + source.driver + "': the source driver is mssql");
    }
    std::string server = text("source.server", section.at("server"));
    std::size_t separator = server.find_last_of(":,");
    source.host = server.substr(0, separator);
    if (separator != std::string::npos) {
      source.port = static_cast<std::uint16_t>(
          parse_integer("source.server", server.substr(separator + 1), 65535));
    }
    if (source.host.empty()) fail("source.server", "write the server as host:port");
    source.database = text("source.database", section.at("database"));
    source.user = text("source.user", section.at("user"));
    source.password = secret(section, "source");
    source.encryption = optional_text(section, "source", "encryption", "request");
    if (source.encryption != "off" && source.encryption != "request" &&
        source.encryption != "require") {
      fail("source.encryption", "'" + source.encryption + "' is not off, request or require");
    }
    if (section.contains("connect_timeout")) {
      source.connect_timeout =
          std::chrono::seconds(integer("source.connect_timeout", section["connect_timeout"]));
    }
    if (section.contains("read_timeout")) {
      source.read_timeout =
          std::chrono::seconds(positive("source.read_timeout", section["read_timeout"]));
    }
    if (section.contains("packet_size")) {
      source.packet_size =
          static_cast<std::uint32_t>(integer("source.packet_size", section["packet_size"]));
    }
    config.source_table = text("source.table", section.at("table"));
    if (section.contains("key")) config.source_key = strings("source.key", section["key"]);
  }

  void read_destination(const json& section, PipelineConfig& config) {
    check_section(section, "destination");
    std::string driver = optional_text(section, "destination", "driver", "postgres");
    if (driver != "postgres") {
      fail("destination.driver",
           "unknown driver '" + driver + "': the destination driver is postgres");
    }
    config.destination_url = text("destination.url", section.at("url"));
    if (section.contains("password_file")) {
      std::string password = read_password_file(
          "destination.password_file", text("destination.password_file", section["password_file"]));
      config.destination_url +=
          (config.destination_url.find("://") != std::string::npos)
              ? (config.destination_url.find('?') == std::string::npos ? "?password="
                                                                       : "&password=")
              : " password=";
      config.destination_url += config.destination_url.find("://") != std::string::npos
                                    ? percent_encode(password)
                                    : "'" + conninfo_quote(password) + "'";
    }
    config.destination_table = text("destination.table", section.at("table"));
    std::string create = optional_text(section, "destination", "create", "if_missing");
    if (create == "if_missing") {
      config.create = CreateMode::IfMissing;
    } else if (create == "never") {
      config.create = CreateMode::Never;
    } else {
      fail("destination.create", "'" + create + "' is not if_missing or never");
    }
    std::string identifiers = optional_text(section, "destination", "identifiers", "preserve");
    if (identifiers == "preserve") {
      config.identifiers = Identifiers::Preserve;
    } else if (identifiers == "lower") {
      config.identifiers = Identifiers::Lower;
    } else if (identifiers == "snake_case") {
      config.identifiers = Identifiers::SnakeCase;
    } else {
      fail("destination.identifiers", "'" + identifiers + "' is not preserve, lower or snake_case");
    }
    config.ledger_schema = optional_text(section, "destination", "ledger_schema", "etl");
    if (config.ledger_schema.empty()) fail("destination.ledger_schema", "must not be empty");
  }

  void read_transform(const json& section, PipelineConfig& config) {
    check_section(section, "transform");
    if (section.contains("set")) {
      for (const auto& [column, value] : section["set"].items()) {
        std::string where = "transform.set." + column;
        ConstantValue constant;
        if (value.is_string()) {
          constant = ConstantValue::string(expand(where, value.get<std::string>()));
        } else if (value.is_boolean()) {
          constant = ConstantValue::boolean(value.get<bool>());
        } else if (value.is_number()) {
          constant = ConstantValue::number(value.dump());
        }
        config.set[column] = constant;
      }
    }
    if (section.contains("rename")) {
      for (const auto& [column, value] : section["rename"].items()) {
        config.rename[column] = text("transform.rename." + column, value);
      }
    }
    std::string nul = optional_text(section, "transform", "nul", "reject");
    if (nul == "reject") {
      config.nul_policy = NulPolicy::Reject;
    } else if (nul == "strip") {
      config.nul_policy = NulPolicy::Strip;
    } else if (nul == "replace") {
      config.nul_policy = NulPolicy::Replace;
    } else {
      fail("transform.nul", "'" + nul + "' is not reject, strip or replace");
    }
  }

  void read_load(const json& section, PipelineConfig& config) {
    check_section(section, "load");
    std::string strategy = optional_text(section, "load", "strategy", "upsert");
    if (strategy == "append") {
      config.strategy = Strategy::Append;
    } else if (strategy == "ignore") {
      config.strategy = Strategy::Ignore;
    } else if (strategy == "upsert") {
      config.strategy = Strategy::Upsert;
    } else if (strategy == "mark_sweep") {
      config.strategy = Strategy::MarkSweep;
    } else {
      fail("load.strategy", "'" + strategy + "' is not append, ignore, upsert or mark_sweep");
    }
    config.status_column = optional_text(section, "load", "status_column", "STATUS");
    if (section.contains("retry")) {
      const json& retry = section["retry"];
      check_section(retry, "load.retry");
      if (retry.contains("attempts")) {
        config.retry_attempts = positive("load.retry.attempts", retry["attempts"]);
      }
      if (retry.contains("max_wait_ms")) {
        config.retry_max_wait =
            std::chrono::milliseconds(positive("load.retry.max_wait_ms", retry["max_wait_ms"]));
      }
    }
  }

  void read_parallelism(const json& section, PipelineConfig& config) {
    check_section(section, "parallelism");
    for (const char* key : {"writers", "CLUSTER_SIZE"}) {
      if (section.contains(key)) {
        config.writers = positive(std::string("parallelism.") + key, section[key]);
        if (config.writers > kMaxWriters) {
          fail(std::string("parallelism.") + key,
               "at most " + std::to_string(kMaxWriters) + " writers");
        }
      }
    }
    for (const char* key : {"batch_rows", "ITEMS_PER_PAGE"}) {
      if (section.contains(key)) {
        config.batch_rows = positive(std::string("parallelism.") + key, section[key]);
      }
    }
    if (section.contains("queue_batches")) {
      config.queue_batches = positive("parallelism.queue_batches", section["queue_batches"]);
    }
  }

  //! The seed's environment names win over the file, as its operators expect.
  void apply_seed_overrides(PipelineConfig& config) {
    if (auto found = environment_.find("CLUSTER_SIZE"); found != environment_.end()) {
      config.writers = parse_integer("environment CLUSTER_SIZE", found->second, kMaxWriters);
      if (config.writers == 0) fail("environment CLUSTER_SIZE", "needs at least one writer");
    }
    if (auto found = environment_.find("ITEMS_PER_PAGE"); found != environment_.end()) {
      config.batch_rows = parse_integer("environment ITEMS_PER_PAGE", found->second, 10000000);
      if (config.batch_rows == 0) fail("environment ITEMS_PER_PAGE", "needs at least one row");
    }
    if (config.writers == 0) fail("parallelism.writers", "needs at least one writer");
    if (config.batch_rows == 0) fail("parallelism.batch_rows", "needs at least one row");
  }

  //! A password comes from the environment (a ${VAR} reference) or from a file, never
  //! written in the pipeline itself.
  std::string secret(const json& section, const std::string& name) {
    std::string where = name + ".password";
    if (section.contains("password") && section.contains("password_file")) {
      fail(where, "give either password or password_file, not both");
    }
    if (section.contains("password_file")) {
      return read_password_file(name + ".password_file",
                                text(name + ".password_file", section["password_file"]));
    }
    if (!section.contains("password")) return {};
    const json& value = section["password"];
    if (!value.is_string())
      fail(where, std::string("must be a string, not ") + json_type_name(value));
    std::string raw = value.get<std::string>();
    if (!raw.empty() && (!is_single_variable(raw) || raw.find(":-") != std::string::npos)) {
      fail(where,
           "a password may not be written in the pipeline, not even as a ${VAR:-default}: write "
           "\"${MSSQL_PASSWORD}\" and set "
           "that variable, or use password_file");
    }
    std::string variable = raw.substr(2, raw.size() - 3);
    if (!raw.empty() && !environment_.count(variable)) {
      fail(where, "environment variable " + variable + " is not set: set it, or use password_file");
    }
    return expand(where, raw);
  }

  std::string read_password_file(const std::string& where, const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      int reason = errno;
      std::error_code ignored;
      std::filesystem::path absolute = std::filesystem::absolute(path, ignored);
      fail(where, "cannot read the password file " + absolute.string() + " (" +
                      std::strerror(reason) +
                      "); a relative path is read from the working directory");
    }
    std::string password((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    while (!password.empty() && (password.back() == '\n' || password.back() == '\r')) {
      password.pop_back();
    }
    return password;
  }

  void check_section(const json& section, std::string_view name) {
    std::string prefix = name.empty() ? "" : std::string(name) + ".";
    if (!section.is_object()) {
      fail(std::string(name), std::string("must be an object, not ") + json_type_name(section));
    }
    const std::vector<FieldSpec>& fields = pipeline_fields(name);
    for (const auto& [key, value] : section.items()) {
      auto spec = std::find_if(fields.begin(), fields.end(),
                               [&](const FieldSpec& field) { return field.key == key; });
      if (spec == fields.end()) {
        std::string message = "unknown key '" + key + "'";
        std::string_view nearest = nearest_key(key, fields);
        if (!nearest.empty()) message += ": did you mean '" + std::string(nearest) + "'?";
        fail(prefix + key, message);
      }
      check_kind(prefix + key, value, spec->kind);
    }
    for (const FieldSpec& field : fields) {
      if (field.required && !section.contains(field.key)) {
        fail(std::string(name),
             "missing key '" + std::string(field.key) + "' (" + kind_name(field.kind) + ")");
      }
    }
  }

  void check_kind(const std::string& where, const json& value, FieldKind kind) {
    bool ok = false;
    switch (kind) {
      case FieldKind::String:
        ok = value.is_string();
        break;
      case FieldKind::Integer:
        ok = value.is_number_integer() || value.is_string();
        break;
      case FieldKind::StringArray:
        ok = value.is_array() &&
             std::all_of(value.begin(), value.end(), [](const json& v) { return v.is_string(); });
        break;
      case FieldKind::Object:
        ok = value.is_object();
        break;
      case FieldKind::ScalarMap:
        ok = value.is_object() && std::all_of(value.begin(), value.end(),
                                              [](const json& v) { return v.is_primitive(); });
        break;
      case FieldKind::StringMap:
        ok = value.is_object() &&
             std::all_of(value.begin(), value.end(), [](const json& v) { return v.is_string(); });
        break;
    }
    if (!ok) {
      fail(where, std::string("must be ") + kind_name(kind) + ", not " + json_type_name(value));
    }
  }

  std::string text(const std::string& where, const json& value) {
    if (!value.is_string()) {
      fail(where, std::string("must be a string, not ") + json_type_name(value));
    }
    return expand(where, value.get<std::string>());
  }

  std::string optional_text(const json& section, const std::string& name, const char* key,
                            const char* fallback) {
    if (!section.contains(key)) return fallback;
    return text(name + "." + key, section[key]);
  }

  std::vector<std::string> strings(const std::string& where, const json& value) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < value.size(); ++i) {
      out.push_back(text(where + "[" + std::to_string(i) + "]", value[i]));
    }
    if (out.empty()) fail(where, "must name at least one column");
    return out;
  }

  std::uint64_t integer(const std::string& where, const json& value) {
    if (value.is_number_unsigned()) return value.get<std::uint64_t>();
    if (value.is_number_integer()) {
      fail(where, "must not be negative");
    }
    return parse_integer(where, text(where, value), UINT64_MAX);
  }

  std::size_t positive(const std::string& where, const json& value) {
    std::uint64_t number = integer(where, value);
    if (number == 0) fail(where, "must be at least 1");
    return number;
  }

  std::uint64_t parse_integer(const std::string& where, const std::string& digits,
                              std::uint64_t max) {
    std::uint64_t number = 0;
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
    if (error != std::errc() || end != digits.data() + digits.size() || number > max) {
      fail(where, "'" + digits + "' is not a whole number" +
                      (max == UINT64_MAX ? std::string() : " from 0 to " + std::to_string(max)));
    }
    return number;
  }

  std::string expand(const std::string& where, const std::string& value) {
    return expand_variables(value, environment_, locate(where));
  }

  [[noreturn]] void fail(const std::string& where, const std::string& message) {
    throw ConfigError(locate(where), message);
  }

  //! "file:line: key.path" for the nearest key of the path that the document holds.
  std::string locate(const std::string& where) const {
    std::string path = where;
    while (!path.empty() && !lines_.count(path)) {
      std::size_t cut = path.find_last_of(".[");
      path = cut == std::string::npos ? "" : path.substr(0, cut);
    }
    std::string location = file_;
    if (!path.empty()) location += ":" + std::to_string(lines_.at(path));
    if (!where.empty()) location += ": " + where;
    return location;
  }

  std::string file_;
  const Environment& environment_;
  std::vector<std::string> duplicates_;
  std::map<std::string, std::size_t> lines_;
};

}  // namespace

Environment process_environment() {
  Environment environment;
  for (char** entry = environ; entry && *entry; ++entry) {
    std::string_view pair(*entry);
    std::size_t equals = pair.find('=');
    if (equals != std::string_view::npos) {
      environment.emplace(pair.substr(0, equals), pair.substr(equals + 1));
    }
  }
  if (!environment.count("RUN_DATE")) {
    std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char date[16];
    std::strftime(date, sizeof date, "%Y-%m-%d", &local);
    environment["RUN_DATE"] = date;
  }
  return environment;
}

PipelineConfig parse_pipeline(const std::string& text, const std::string& file_name,
                              const Environment& environment) {
  json document;
  try {
    document = json::parse(text);
  } catch (const json::parse_error& error) {
    TextPosition at = position_of(text, error.byte == 0 ? 0 : error.byte - 1);
    std::string reason = error.what();
    std::size_t colon = reason.find(": ", reason.find("parse error"));
    reason = colon == std::string::npos ? reason : reason.substr(colon + 2);
    throw ConfigError(file_name + ":" + std::to_string(at.line) + ":" + std::to_string(at.column),
                      "malformed JSON: " + reason);
  }
  return PipelineReader(text, file_name, environment).read(document);
}

PipelineConfig load_pipeline(const std::filesystem::path& file, const Environment& environment) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ConfigError(file.string(), "cannot open the pipeline file");
  std::stringstream text;
  text << in.rdbuf();
  return parse_pipeline(text.str(), file.string(), environment);
}

}  // namespace etl
