// Built-in scalar functions: NULL handling, text, numbers, dates, session and variant
// properties.
#include "eval_functions.h"

#include <cctype>
#include <chrono>
#include <cmath>
#include <ctime>
#include <random>

#include "collation.h"
#include "eval_arithmetic.h"
#include "eval_internal.h"
#include "sql_errors.h"

namespace mssql_sim::detail {
namespace {

using ast::Expr;

TypedValue typed(TypeId id, Value value, std::int32_t length = 0) {
  TypedValue result;
  result.type.id = id;
  result.type.length = length;
  result.value = std::move(value);
  return result;
}

TypedValue integer(std::int64_t v) {
  return typed(TypeId::Int, Value::of_integer(v));
}

TypedValue nvarchar(std::string text, std::int32_t length = 128) {
  return typed(TypeId::NVarChar, Value::of_bytes(std::move(text)), length);
}

void expect_arguments(const Expr& call, std::size_t low, std::size_t high) {
  if (call.args.size() < low || call.args.size() > high) {
    throw_sql_error(
        174, "The " + call.name[0] + " function requires " + std::to_string(low) + " argument(s).",
        15, call.line);
  }
}

// A value as text for the string functions (numbers and dates as CAST writes them).
TypedValue as_text(TypedValue value) {
  if (is_character(value.type.id) || value.value.is_null) return value;
  const SqlType text = make_type(TypeId::NVarChar, SqlType::kMax);
  return TypedValue{text, convert(value, text)};
}

std::u32string code_points(std::string_view text) {
  std::u32string out;
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    if (i + length > text.size()) length = 1;
    char32_t code = length == 1 ? lead : lead & (0x7F >> length);
    for (std::size_t k = 1; k < length; ++k) {
      code = (code << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    }
    out.push_back(code);
    i += length;
  }
  return out;
}

std::string from_code_points(const std::u32string& codes) {
  std::string out;
  for (char32_t c : codes)
    append_code_point(out, c);
  return out;
}

char32_t upper_of(char32_t c) {
  if (c >= 'a' && c <= 'z') return c - 32;
  if (c >= 0xE0 && c <= 0xFE && c != 0xF7) return c - 32;
  if (c >= 0x3B1 && c <= 0x3C9 && c != 0x3C2) return c - 32;
  if (c >= 0x430 && c <= 0x44F) return c - 32;
  if (c >= 0x450 && c <= 0x45F) return c - 80;
  if (c >= 0x100 && c <= 0x17F && c % 2 == 1 && !(c >= 0x139 && c <= 0x148) &&
      !(c >= 0x179 && c <= 0x17E)) {
    return c - 1;
  }
  return c;
}

char32_t lower_of(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
  if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) return c + 32;
  if (c >= 0x410 && c <= 0x42F) return c + 32;
  if (c >= 0x400 && c <= 0x40F) return c + 80;
  if (c >= 0x100 && c <= 0x17F && c % 2 == 0 && !(c >= 0x139 && c <= 0x148) &&
      !(c >= 0x179 && c <= 0x17E)) {
    return c + 1;
  }
  return c;
}

std::int64_t data_length(const TypedValue& value) {
  const Value& v = value.value;
  switch (value.type.id) {
    case TypeId::Bit:
    case TypeId::TinyInt:
      return 1;
    case TypeId::SmallInt:
      return 2;
    case TypeId::Int:
    case TypeId::SmallMoney:
    case TypeId::Real:
    case TypeId::SmallDateTime:
      return 4;
    case TypeId::BigInt:
    case TypeId::Money:
    case TypeId::Float:
    case TypeId::DateTime:
      return 8;
    case TypeId::Decimal:
    case TypeId::Numeric: {
      const int p = value.type.precision;
      return p <= 9 ? 5 : p <= 19 ? 9 : p <= 28 ? 13 : 17;
    }
    case TypeId::Date:
      return 3;
    case TypeId::Time:
      return value.type.scale <= 2 ? 3 : value.type.scale <= 4 ? 4 : 5;
    case TypeId::DateTime2:
      return value.type.scale <= 2 ? 6 : value.type.scale <= 4 ? 7 : 8;
    case TypeId::DateTimeOffset:
      return value.type.scale <= 2 ? 8 : value.type.scale <= 4 ? 9 : 10;
    case TypeId::UniqueIdentifier:
      return 16;
    case TypeId::NChar:
    case TypeId::NVarChar:
    case TypeId::NText:
    case TypeId::Xml:
      return utf16_length(v.bytes) * 2;
    case TypeId::Char:
    case TypeId::VarChar:
    case TypeId::Text:
      return static_cast<std::int64_t>(encode_code_page(v.bytes, value.type.collation).size());
    case TypeId::SqlVariant:
      return v.variant ? data_length(*v.variant) : 0;
    default:
      return static_cast<std::int64_t>(v.bytes.size());
  }
}

std::string upper_name(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

TypedValue variant_property(const TypedValue& value, std::string_view property) {
  if (value.value.is_null) return typed(TypeId::SqlVariant, Value::null());
  const TypedValue& base =
      value.type.id == TypeId::SqlVariant && value.value.variant ? *value.value.variant : value;
  const std::string name = upper_name(property);
  TypedValue answer;
  if (name == "BASETYPE") {
    answer = nvarchar(type_keyword(base.type.id));
  } else if (name == "PRECISION") {
    int precision = 0;
    switch (base.type.id) {
      case TypeId::Decimal:
      case TypeId::Numeric:
        precision = base.type.precision;
        break;
      case TypeId::TinyInt:
        precision = 3;
        break;
      case TypeId::SmallInt:
        precision = 5;
        break;
      case TypeId::Int:
        precision = 10;
        break;
      case TypeId::BigInt:
        precision = 19;
        break;
      case TypeId::Money:
        precision = 19;
        break;
      case TypeId::SmallMoney:
        precision = 10;
        break;
      case TypeId::Float:
        precision = 53;
        break;
      case TypeId::Real:
        precision = 24;
        break;
      case TypeId::DateTime:
        precision = 23;
        break;
      case TypeId::DateTime2:
        precision = 20 + base.type.scale - (base.type.scale == 0 ? 1 : 0);
        break;
      case TypeId::Date:
        precision = 10;
        break;
      default:
        precision = 0;
        break;
    }
    answer = integer(precision);
  } else if (name == "SCALE") {
    const int scale = is_decimal(base.type.id) || base.type.id == TypeId::DateTime2 ||
                              base.type.id == TypeId::Time || base.type.id == TypeId::DateTimeOffset
                          ? base.type.scale
                      : is_money(base.type.id)           ? 4
                      : base.type.id == TypeId::DateTime ? 3
                                                         : 0;
    answer = integer(scale);
  } else if (name == "MAXLENGTH") {
    std::int64_t length = data_length(TypedValue{base.type, Value::of_bytes("")});
    if (is_character(base.type.id) || is_binary(base.type.id)) {
      length = base.type.length * (is_unicode(base.type.id) ? 2 : 1);
    }
    answer = integer(length);
  } else if (name == "TOTALBYTES") {
    answer = integer(data_length(base) + 2);
  } else if (name == "COLLATION") {
    if (!is_character(base.type.id)) return typed(TypeId::SqlVariant, Value::null());
    answer = nvarchar(base.type.collation.name);
  } else {
    return typed(TypeId::SqlVariant, Value::null());
  }
  return typed(TypeId::SqlVariant, convert(answer, detail::make_type(TypeId::SqlVariant)));
}

}  // namespace

TypedValue call_function(const Expr& call, const Scope& scope) {
  const std::string& name = call.name[0];
  const auto arg = [&](std::size_t i) { return evaluate(*call.args.at(i), scope); };

  if (name == "ISNULL") {
    expect_arguments(call, 2, 2);
    TypedValue first = arg(0);
    if (!first.value.is_null) return first;
    const TypedValue second = arg(1);
    // NULL literals are typed int; ISNULL(NULL, x) takes x's type.
    if (call.args[0]->kind == Expr::Kind::Literal) return second;
    first.value = convert(second, first.type);
    return first;
  }
  if (name == "COALESCE") {
    if (call.args.size() < 2) expect_arguments(call, 2, 2);
    std::vector<TypedValue> values;
    SqlType type = arg(0).type;
    bool typed_yet = false;
    for (std::size_t i = 0; i < call.args.size(); ++i) {
      values.push_back(arg(i));
      if (call.args[i]->kind == Expr::Kind::Literal && values.back().value.is_null) continue;
      if (!typed_yet || precedence(values.back().type.id) > precedence(type.id)) {
        type = values.back().type;
        typed_yet = true;
      }
    }
    for (const TypedValue& value : values) {
      if (!value.value.is_null) return TypedValue{type, convert(value, type)};
    }
    return TypedValue{type, Value::null()};
  }
  if (name == "NULLIF") {
    expect_arguments(call, 2, 2);
    TypedValue first = arg(0);
    const TypedValue second = arg(1);
    if (!first.value.is_null && !second.value.is_null && compare(first, second) == 0) {
      first.value = Value::null();
    }
    return first;
  }
  if (name == "LEN") {
    expect_arguments(call, 1, 1);
    const TypedValue value = as_text(arg(0));
    const bool big = value.type.length == SqlType::kMax;
    TypedValue result = typed(big ? TypeId::BigInt : TypeId::Int, Value::null());
    if (value.value.is_null) return result;
    std::string_view text = value.value.bytes;
    while (!text.empty() && text.back() == ' ')
      text.remove_suffix(1);
    result.value = Value::of_integer(utf16_length(text));
    return result;
  }
  if (name == "DATALENGTH") {
    expect_arguments(call, 1, 1);
    const TypedValue value = arg(0);
    const bool big = is_large(value.type);
    TypedValue result = typed(big ? TypeId::BigInt : TypeId::Int, Value::null());
    if (!value.value.is_null) result.value = Value::of_integer(data_length(value));
    return result;
  }
  if (name == "UPPER" || name == "LOWER") {
    expect_arguments(call, 1, 1);
    TypedValue value = as_text(arg(0));
    if (value.value.is_null) return value;
    std::u32string codes = code_points(value.value.bytes);
    for (char32_t& c : codes)
      c = name == "UPPER" ? upper_of(c) : lower_of(c);
    value.value.bytes = from_code_points(codes);
    return value;
  }
  if (name == "LTRIM" || name == "RTRIM" || name == "TRIM") {
    expect_arguments(call, 1, 1);
    TypedValue value = as_text(arg(0));
    if (value.value.is_null) return value;
    std::string_view text = value.value.bytes;
    if (name != "RTRIM") {
      while (!text.empty() && text.front() == ' ')
        text.remove_prefix(1);
    }
    if (name != "LTRIM") {
      while (!text.empty() && text.back() == ' ')
        text.remove_suffix(1);
    }
    value.value.bytes = std::string(text);
    if (value.type.id == TypeId::Char) value.type.id = TypeId::VarChar;
    if (value.type.id == TypeId::NChar) value.type.id = TypeId::NVarChar;
    return value;
  }
  // Known shortcoming: positions count code points, where SQL Server counts UTF-16 units
  // under collations without _SC, so text beyond the BMP is cut differently.
  if (name == "SUBSTRING" || name == "LEFT" || name == "RIGHT") {
    expect_arguments(call, name == "SUBSTRING" ? 3 : 2, name == "SUBSTRING" ? 3 : 2);
    TypedValue value = as_text(arg(0));
    const TypedValue first = arg(1);
    const TypedValue second = name == "SUBSTRING" ? arg(2) : first;
    if (value.type.id == TypeId::Char) value.type.id = TypeId::VarChar;
    if (value.type.id == TypeId::NChar) value.type.id = TypeId::NVarChar;
    if (value.value.is_null || first.value.is_null || second.value.is_null) {
      value.value = Value::null();
      return value;
    }
    const std::u32string codes = code_points(value.value.bytes);
    const auto size = static_cast<std::int64_t>(codes.size());
    std::int64_t start = 0;
    std::int64_t count = 0;
    const std::int64_t n = convert(second, detail::make_type(TypeId::BigInt)).integer;
    if (n < 0)
      throw_sql_error(536, "Invalid length parameter passed to the " + name + " function.");
    if (name == "LEFT") {
      count = n;
    } else if (name == "RIGHT") {
      start = std::max<std::int64_t>(0, size - n);
      count = n;
    } else {
      const std::int64_t from = convert(first, detail::make_type(TypeId::BigInt)).integer;
      start = std::max<std::int64_t>(from - 1, 0);
      count = std::max<std::int64_t>(0, from - 1 + n - start);
    }
    start = std::min(start, size);
    count = std::min(count, size - start);
    value.value.bytes = from_code_points(
        codes.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(count)));
    return value;
  }
  if (name == "REPLICATE") {
    expect_arguments(call, 2, 2);
    TypedValue value = as_text(arg(0));
    const TypedValue count = arg(1);
    if (value.type.id == TypeId::Char) value.type.id = TypeId::VarChar;
    if (value.type.id == TypeId::NChar) value.type.id = TypeId::NVarChar;
    if (value.value.is_null || count.value.is_null) {
      value.value = Value::null();
      return value;
    }
    const std::int64_t times = convert(count, detail::make_type(TypeId::BigInt)).integer;
    if (times < 0) {
      value.value = Value::null();
      return value;
    }
    std::string text;
    for (std::int64_t i = 0; i < times; ++i)
      append_wtf8(text, value.value.bytes);
    value.value.bytes = std::move(text);
    // Without a (max) argument the result stops at 8,000 bytes, as SQL Server's does.
    if (value.type.length != SqlType::kMax) {
      const std::int64_t limit = is_unicode(value.type.id) ? 4000 : 8000;
      SqlType bounded = value.type;
      bounded.length = static_cast<std::int32_t>(limit);
      value.value = convert(value, bounded);
      value.type.length = static_cast<std::int32_t>(limit);
    }
    return value;
  }
  if (name == "REPLACE") {
    expect_arguments(call, 3, 3);
    TypedValue value = as_text(arg(0));
    const TypedValue from = as_text(arg(1));
    const TypedValue to = as_text(arg(2));
    if (value.value.is_null || from.value.is_null || to.value.is_null) {
      value.value = Value::null();
      return value;
    }
    std::string text = value.value.bytes;
    if (!from.value.bytes.empty()) {
      std::string out;
      std::size_t position = 0;
      while (true) {
        const std::size_t found = text.find(from.value.bytes, position);
        out += text.substr(position, found - position);
        if (found == std::string::npos) break;
        out += to.value.bytes;
        position = found + from.value.bytes.size();
      }
      text = out;
    }
    value.value.bytes = std::move(text);
    return value;
  }
  if (name == "CONCAT") {
    TypedValue result = typed(TypeId::VarChar, Value::of_bytes(""), SqlType::kMax);
    std::string text;
    for (std::size_t i = 0; i < call.args.size(); ++i) {
      const TypedValue value = as_text(arg(i));
      if (is_unicode(value.type.id)) result.type.id = TypeId::NVarChar;
      if (!value.value.is_null) append_wtf8(text, value.value.bytes);
    }
    result.value.bytes = std::move(text);
    return result;
  }
  if (name == "NCHAR" || name == "CHAR") {
    expect_arguments(call, 1, 1);
    const TypedValue code = arg(0);
    TypedValue result = typed(name == "NCHAR" ? TypeId::NChar : TypeId::Char, Value::null(), 1);
    if (code.value.is_null) return result;
    const std::int64_t n = convert(code, detail::make_type(TypeId::BigInt)).integer;
    std::string text;
    if (name == "NCHAR") {
      if (n < 0 || n > 0x10FFFF) return result;
      append_code_point(text, static_cast<char32_t>(n));  // a lone surrogate stays one
      if (n > 0xFFFF) result.type.length = 2;
    } else {
      if (n < 0 || n > 255) return result;
      text = decode_code_page(std::string(1, static_cast<char>(n)), result.type.collation);
    }
    result.value = Value::of_bytes(std::move(text));
    return result;
  }
  if (name == "UNICODE" || name == "ASCII") {
    expect_arguments(call, 1, 1);
    const TypedValue value = as_text(arg(0));
    TypedValue result = typed(TypeId::Int, Value::null());
    if (value.value.is_null || value.value.bytes.empty()) return result;
    if (name == "UNICODE") {
      result.value = Value::of_integer(code_points(value.value.bytes)[0]);
    } else {
      const std::string bytes = encode_code_page(value.value.bytes, value.type.collation);
      result.value = Value::of_integer(static_cast<unsigned char>(bytes[0]));
    }
    return result;
  }
  if (name == "ABS") {
    expect_arguments(call, 1, 1);
    const TypedValue value = arg(0);
    if (value.value.is_null) return value;
    const bool negative = is_approximate(value.type.id) ? value.value.real < 0
                          : is_integer(value.type.id)   ? value.value.integer < 0
                                                        : value.value.unscaled < 0;
    return negative ? negate("-", value) : value;
  }
  if (name == "GETDATE" || name == "CURRENT_TIMESTAMP" || name == "GETUTCDATE") {
    const Clock clock = now(name == "GETUTCDATE");
    SqlType type = make_type(TypeId::DateTime2, 0, 0, 7);
    const TypedValue exact{type, Value::of_datetime(clock.days, clock.ticks)};
    return TypedValue{detail::make_type(TypeId::DateTime),
                      convert(exact, detail::make_type(TypeId::DateTime))};
  }
  if (name == "SYSDATETIME" || name == "SYSUTCDATETIME") {
    const Clock clock = now(name == "SYSUTCDATETIME");
    return TypedValue{detail::make_type(TypeId::DateTime2, 0, 0, 7),
                      Value::of_datetime(clock.days, clock.ticks)};
  }
  if (name == "SYSDATETIMEOFFSET") {
    const Clock clock = now(true);
    Value value = Value::of_datetime(clock.days, clock.ticks);
    value.offset_minutes = now(false).offset_minutes;
    return TypedValue{detail::make_type(TypeId::DateTimeOffset, 0, 0, 7), value};
  }
  if (name == "NEWID") {
    thread_local std::mt19937_64 random{std::random_device{}()};
    std::string bytes(16, '\0');
    for (char& b : bytes)
      b = static_cast<char>(random() & 0xFF);
    bytes[6] = static_cast<char>((bytes[6] & 0x0F) | 0x40);  // version 4
    bytes[8] = static_cast<char>((bytes[8] & 0x3F) | 0x80);
    return typed(TypeId::UniqueIdentifier, Value::of_bytes(std::move(bytes)));
  }
  if (name == "YEAR" || name == "MONTH" || name == "DAY") {
    expect_arguments(call, 1, 1);
    const TypedValue value = arg(0);
    if (value.value.is_null) return typed(TypeId::Int, Value::null());
    return integer(datepart(name, value));
  }
  if (name == "DATEPART") {
    expect_arguments(call, 2, 2);
    const std::string part = datepart_name(*call.args[0]);
    const TypedValue value = arg(1);
    if (value.value.is_null) return typed(TypeId::Int, Value::null());
    return integer(datepart(part, value));
  }
  if (name == "DATEADD") {
    expect_arguments(call, 3, 3);
    const std::string part = datepart_name(*call.args[0]);
    const TypedValue amount = arg(1);
    const TypedValue value = arg(2);
    if (amount.value.is_null || value.value.is_null) {
      return TypedValue{
          is_character(value.type.id) ? detail::make_type(TypeId::DateTime) : value.type,
          Value::null()};
    }
    return date_add(part, convert(amount, detail::make_type(TypeId::BigInt)).integer, value);
  }
  if (name == "DATEDIFF") {
    expect_arguments(call, 3, 3);
    const std::string part = datepart_name(*call.args[0]);
    const TypedValue start = arg(1);
    const TypedValue end = arg(2);
    if (start.value.is_null || end.value.is_null) return typed(TypeId::Int, Value::null());
    return integer(date_diff(part, start, end));
  }
  if (name == "SQL_VARIANT_PROPERTY") {
    expect_arguments(call, 2, 2);
    const TypedValue property = as_text(arg(1));
    return variant_property(arg(0), property.value.bytes);
  }
  if (name == "DB_NAME" || name == "SUSER_SNAME" || name == "SUSER_NAME" || name == "USER_NAME" ||
      name == "CURRENT_USER" || name == "SESSION_USER" || name == "SYSTEM_USER" || name == "USER" ||
      name == "HOST_NAME" || name == "APP_NAME" || name == "SCHEMA_NAME" ||
      name == "ORIGINAL_LOGIN") {
    if (std::optional<TypedValue> answer = scope.global(name)) return *answer;
    if (name == "USER_NAME" || name == "CURRENT_USER" || name == "USER" || name == "SESSION_USER" ||
        name == "SCHEMA_NAME") {
      return nvarchar("dbo");
    }
    return typed(TypeId::NVarChar, Value::null(), 128);
  }
  if (name == "COUNT" || name == "COUNT_BIG" || name == "SUM" || name == "MIN" || name == "MAX" ||
      name == "AVG") {
    throw_sql_error(147,
                    "An aggregate may not appear in the WHERE clause unless it is in a subquery "
                    "contained in a HAVING clause or a select list, and the column being "
                    "aggregated is an outer reference.",
                    15, call.line);
  }
  throw_sql_error(195, "'" + name + "' is not a recognized built-in function name.", 15, call.line);
}

}  // namespace mssql_sim::detail
