#include "load_plan.h"

#include <algorithm>
#include <cctype>

#include "constant_value.h"
#include "etl/errors.h"
#include "identifiers.h"

namespace etl {
namespace {

IdentifierStyle style_of(Identifiers identifiers) {
  switch (identifiers) {
    case Identifiers::Preserve:
      return IdentifierStyle::Preserve;
    case Identifiers::Lower:
      return IdentifierStyle::Lower;
    case Identifiers::SnakeCase:
      return IdentifierStyle::SnakeCase;
  }
  return IdentifierStyle::Preserve;
}

bool same_name(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string unquote(std::string part) {
  if (part.size() >= 2 && ((part.front() == '"' && part.back() == '"') ||
                           (part.front() == '[' && part.back() == ']'))) {
    const std::string doubled(2, part.back());
    part = part.substr(1, part.size() - 2);
    // Inside the delimiters a doubled closing character stands for one: "a""b" is a"b.
    for (std::size_t at = part.find(doubled); at != std::string::npos;
         at = part.find(doubled, at + 1))
      part.erase(at, 1);
  }
  return part;
}

}  // namespace

std::pair<std::string, std::string> split_table_name(const std::string& qualified,
                                                     const std::string& default_schema) {
  // The separating dot is the first one outside quotes or brackets.
  char closing = 0;
  for (std::size_t i = 0; i < qualified.size(); ++i) {
    char c = qualified[i];
    if (closing) {
      if (c == closing && i + 1 < qualified.size() && qualified[i + 1] == closing)
        ++i;  // a doubled closing character does not close: [a]].b] is one name
      else if (c == closing)
        closing = 0;
    } else if (c == '"') {
      closing = '"';
    } else if (c == '[') {
      closing = ']';
    } else if (c == '.') {
      return {unquote(qualified.substr(0, i)), unquote(qualified.substr(i + 1))};
    }
  }
  return {default_schema, unquote(qualified)};
}

LoadDesign design_load(const PipelineConfig& config, const SourceTable& source,
                       const std::string& run_id) {
  LoadDesign design;
  LoadPlan& plan = design.plan;
  plan.pipeline = config.name;
  plan.run_id = run_id;
  std::tie(plan.schema, plan.table) = split_table_name(config.destination_table, "public");
  plan.strategy = config.strategy;
  plan.create = config.create;
  plan.source_table = config.source_table;
  plan.batch_rows = config.batch_rows;
  plan.ledger_schema = config.ledger_schema;
  IdentifierStyle style = style_of(config.identifiers);

  for (const auto& [from, to] : config.rename) {
    bool found = std::any_of(source.columns.begin(), source.columns.end(),
                             [&](const SourceColumn& column) { return column.name == from; });
    if (!found) {
      throw ConfigError(config.file + ": transform.rename." + from,
                        "the source table has no column '" + from + "'");
    }
  }

  for (std::size_t i = 0; i < source.columns.size(); ++i) {
    const SourceColumn& column = source.columns[i];
    auto renamed = config.rename.find(column.name);
    DestinationColumn destination;
    destination.name = renamed != config.rename.end() ? renamed->second
                                                      : apply_identifier_style(column.name, style);
    ColumnOrigin origin;
    origin.source_column = i;
    origin.type = map_column_type(column);
    destination.pg_type = origin.type.sql();
    destination.nullable = column.nullable;
    plan.columns.push_back(destination);
    design.origins.push_back(origin);
  }

  // A constant names a destination column (or the source column it comes from).
  std::map<std::string, ConstantValue> constants = config.set;
  if (config.strategy == Strategy::MarkSweep) {
    plan.status_column = config.status_column;
    constants[config.status_column] = ConstantValue::number("1");
  }
  for (const auto& [name, constant] : constants) {
    std::optional<std::size_t> match;
    for (std::size_t index = 0; index < source.columns.size() && !match; ++index) {
      const std::string& destination_name = plan.columns[index].name;
      if (destination_name == name || source.columns[index].name == name ||
          same_name(destination_name, name)) {
        match = index;
      }
    }
    if (match) {
      design.origins[*match].source_column.reset();
      design.origins[*match].constant = constant;
      if (name == config.status_column) plan.status_column = plan.columns[*match].name;
      continue;
    }
    if (constant.kind == ConstantValue::Kind::Null) {
      throw ConfigError(config.file + ": transform.set." + name,
                        "null can only replace a source column's values; the source table "
                        "has no column '" +
                            name + "'");
    }
    DestinationColumn destination;
    destination.name = name;
    ColumnOrigin origin;
    origin.constant = constant;
    origin.type = name == config.status_column && config.strategy == Strategy::MarkSweep
                      ? PgColumnType{PgType::SmallInt}
                      : infer_constant_type(constant);
    destination.pg_type = origin.type.sql();
    destination.nullable = constant.kind == ConstantValue::Kind::Null;
    plan.columns.push_back(destination);
    design.origins.push_back(origin);
  }

  for (std::size_t key : source.key)
    plan.key.push_back(key);
  for (std::size_t key : plan.key) {
    if (design.origins[key].constant) {
      throw ConfigError(config.file + ": transform.set." + source.columns[key].name,
                        "a key column cannot be set to a constant");
    }
  }
  if (plan.key.empty() && config.strategy != Strategy::Append) {
    throw ConfigError(config.file + ": source.key",
                      "the source table " + config.source_table +
                          " has no primary key: name its key columns in source.key");
  }
  return design;
}

}  // namespace etl
