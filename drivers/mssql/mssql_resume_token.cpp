#include "mssql/mssql_resume_token.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <string_view>

#include "etl/errors.h"
#include "identifiers.h"

namespace etl::mssql {
namespace {

// The values are ct-lib's structures as they lie in memory; every platform we build on is
// little-endian, and a token is only read on such a platform.
static_assert(std::endian::native == std::endian::little);

constexpr std::string_view kMagic = "mssql-keyset/1";

//! Printable ASCII with the separators escaped: '%' and every byte outside '!'..'~', plus
//! ';', ',' and '=', become %XX.
std::string escape(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte > 0x20 && byte < 0x7F && c != '%' && c != ';' && c != ',' && c != '=') {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    }
  }
  return out;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string to_hex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (char c : bytes) {
    auto byte = static_cast<unsigned char>(c);
    out += kHex[byte >> 4];
    out += kHex[byte & 0xF];
  }
  return out;
}

[[noreturn]] void not_a_token(const std::string& why) {
  throw ConfigError({}, "source: the resume token is not one of this SQL Server source's (" + why +
                            "); start afresh with `etl run --fresh`");
}

std::string unescape(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    int high = i + 2 < text.size() ? hex_digit(text[i + 1]) : -1;
    int low = i + 2 < text.size() ? hex_digit(text[i + 2]) : -1;
    if (high < 0 || low < 0) not_a_token("a bad %-escape");
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

std::string from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) not_a_token("a value of odd hex length");
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    int high = hex_digit(hex[i]);
    int low = hex_digit(hex[i + 1]);
    if (high < 0 || low < 0) not_a_token("a value that is not hex");
    out += static_cast<char>(high * 16 + low);
  }
  return out;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

std::int64_t to_number(std::string_view text) {
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) not_a_token("a bad number");
  return value;
}

bool same_name(std::string_view a, std::string_view b) {
  // SQL Server compares identifiers by the catalog's collation, case-insensitive by default.
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    return lower(x) == lower(y);
  });
}

struct ParamType {
  CS_INT datatype;
  const char* name;
  std::size_t size;  //!< 0 for variable-length types
};

constexpr ParamType kParamTypes[] = {
    {CS_BIGINT_TYPE, "bigint", sizeof(CS_BIGINT)},
    {CS_NUMERIC_TYPE, "numeric", sizeof(CS_NUMERIC)},
    {CS_MONEY_TYPE, "money", sizeof(CS_MONEY)},
    {CS_MONEY4_TYPE, "money4", sizeof(CS_MONEY4)},
    {CS_FLOAT_TYPE, "float", sizeof(CS_FLOAT)},
    {CS_DATETIME_TYPE, "datetime", sizeof(CS_DATETIME)},
    {CS_DATETIME4_TYPE, "datetime4", sizeof(CS_DATETIME4)},
    {CS_UNIQUE_TYPE, "unique", 16},
    {CS_BINARY_TYPE, "binary", 0},
    {CS_CHAR_TYPE, "char", 0},
};

const ParamType* param_type(CS_INT datatype) {
  for (const ParamType& type : kParamTypes)
    if (type.datatype == datatype) return &type;
  return nullptr;
}

const ParamType* param_type(std::string_view name) {
  for (const ParamType& type : kParamTypes)
    if (name == type.name) return &type;
  return nullptr;
}

std::string key_description(const SourceTable& table) {
  std::string text;
  for (std::size_t index : table.key) {
    const SourceColumn& column = table.columns[index];
    text += (text.empty() ? "" : ", ") + column.name + " " + column.declared_type;
  }
  return quote_mssql_qualified(table.schema, table.name) + " key (" + text + ")";
}

//! What a token names, before it is checked against the described table.
struct ParsedToken {
  std::string schema;
  std::string name;
  struct Column {
    std::string name;
    std::string declared_type;
    const ParamType* type = nullptr;
    std::int64_t precision = 0;
    std::int64_t scale = 0;
    std::string bytes;
  };
  std::vector<Column> columns;
  std::string key_text;

  std::string description() const {
    std::string text;
    for (const Column& column : columns)
      text += (text.empty() ? "" : ", ") + column.name + " " + column.declared_type;
    return quote_mssql_qualified(schema, name) + " key (" + text + ")";
  }
};

ParsedToken parse(const std::string& token) {
  std::vector<std::string_view> fields = split(token, ';');
  if (fields.empty() || fields[0] != kMagic)
    not_a_token("it does not start with " + std::string(kMagic));
  ParsedToken parsed;
  bool has_table = false;
  bool has_text = false;
  for (std::size_t i = 1; i < fields.size(); ++i) {
    std::size_t equals = fields[i].find('=');
    if (equals == std::string_view::npos) not_a_token("a field without '='");
    std::string_view field = fields[i].substr(0, equals);
    std::vector<std::string_view> parts = split(fields[i].substr(equals + 1), ',');

    if (field == "table" && parts.size() == 2 && !has_table) {
      parsed.schema = unescape(parts[0]);
      parsed.name = unescape(parts[1]);
      has_table = true;
    } else if (field == "col" && parts.size() == 6) {
      ParsedToken::Column column;
      column.name = unescape(parts[0]);
      column.declared_type = unescape(parts[1]);
      column.type = param_type(parts[2]);
      if (column.type == nullptr) not_a_token("an unknown parameter type");
      column.precision = to_number(parts[3]);
      column.scale = to_number(parts[4]);
      column.bytes = from_hex(parts[5]);
      parsed.columns.push_back(std::move(column));
    } else if (field == "text" && parts.size() == 1 && !has_text) {
      parsed.key_text = unescape(parts[0]);
      has_text = true;
    } else {
      not_a_token("an unexpected field '" + std::string(field) + "'");
    }
  }
  if (!has_table || !has_text || parsed.columns.empty()) not_a_token("a field is missing");
  return parsed;
}

}  // namespace

CS_INT key_param_datatype(SourceType type) {
  switch (type) {
    case SourceType::Bit:
    case SourceType::TinyInt:
    case SourceType::SmallInt:
    case SourceType::Int:
    case SourceType::BigInt:
      return CS_BIGINT_TYPE;
    case SourceType::Decimal:
      return CS_NUMERIC_TYPE;
    case SourceType::Money:
      return CS_MONEY_TYPE;
    case SourceType::SmallMoney:
      return CS_MONEY4_TYPE;
    case SourceType::Real:
    case SourceType::Float:
      return CS_FLOAT_TYPE;
    case SourceType::DateTime:
      return CS_DATETIME_TYPE;
    case SourceType::SmallDateTime:
      return CS_DATETIME4_TYPE;
    case SourceType::UniqueIdentifier:
      return CS_UNIQUE_TYPE;
    case SourceType::Binary:
    case SourceType::VarBinary:
    case SourceType::RowVersion:
    case SourceType::NChar:
    case SourceType::NVarChar:
      return CS_BINARY_TYPE;
    default:
      return CS_CHAR_TYPE;
  }
}

std::string encode_resume_token(const SourceTable& table, const std::vector<CtParam>& params,
                                const std::string& key_text) {
  std::string token(kMagic);
  token += ";table=" + escape(table.schema) + "," + escape(table.name);
  for (std::size_t i = 0; i < table.key.size() && i < params.size(); ++i) {
    const SourceColumn& column = table.columns[table.key[i]];
    const CtParam& param = params[i];
    const ParamType* type = param_type(param.datatype);
    if (type == nullptr)
      throw std::logic_error("encode_resume_token: key parameter of an unknown ct-lib type");
    token += ";col=" + escape(column.name) + "," + escape(column.declared_type) + "," + type->name +
             "," + std::to_string(param.precision) + "," + std::to_string(param.scale) + "," +
             to_hex(param.bytes);
  }
  return token + ";text=" + escape(key_text);
}

ResumePoint decode_resume_token(const SourceTable& table, const std::string& token) {
  ParsedToken parsed = parse(token);

  // Same table, same key columns in the same order, same declared types: otherwise the
  // position means nothing here, and reading on would skip or repeat rows.
  bool same = same_name(parsed.schema, table.schema) && same_name(parsed.name, table.name) &&
              parsed.columns.size() == table.key.size();
  for (std::size_t i = 0; same && i < parsed.columns.size(); ++i) {
    const SourceColumn& column = table.columns[table.key[i]];
    same = same_name(parsed.columns[i].name, column.name) &&
           same_name(parsed.columns[i].declared_type, column.declared_type);
  }
  if (!same)
    throw ConfigError({}, "source: the resume token is of another table or key: it names " +
                              parsed.description() + ", the source is " + key_description(table) +
                              "; start afresh with `etl run --fresh`");

  ResumePoint point;
  point.key_text = parsed.key_text;
  for (std::size_t i = 0; i < parsed.columns.size(); ++i) {
    const SourceColumn& column = table.columns[table.key[i]];
    ParsedToken::Column& part = parsed.columns[i];
    if (part.type->datatype != key_param_datatype(column.type))
      not_a_token("column " + column.name + " is sent as " + part.type->name);
    if (part.type->size != 0 && part.bytes.size() != part.type->size)
      not_a_token("the value of " + column.name + " has " + std::to_string(part.bytes.size()) +
                  " bytes, not " + std::to_string(part.type->size));
    if (part.type->datatype == CS_NUMERIC_TYPE &&
        (part.precision != column.precision || part.scale != column.scale ||
         static_cast<unsigned char>(part.bytes[0]) != column.precision ||
         static_cast<unsigned char>(part.bytes[1]) != column.scale))
      not_a_token("the decimal value of " + column.name + " has another precision or scale");

    CtParam param;
    param.datatype = part.type->datatype;
    param.bytes = std::move(part.bytes);
    param.precision = static_cast<CS_INT>(part.precision);
    param.scale = static_cast<CS_INT>(part.scale);
    point.params.push_back(std::move(param));
  }
  return point;
}

}  // namespace etl::mssql
