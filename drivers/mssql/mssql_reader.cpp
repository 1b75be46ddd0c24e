#include "mssql/mssql_reader.h"

#include "identifiers.h"
#include "mssql/mssql_catalog.h"
#include "mssql/mssql_resume_token.h"
#include "utf8.h"

namespace etl::mssql {
namespace {

//! Key types passed as ISO text and cast on the server: ct-lib would send CS_DATE and
//! CS_BIGDATETIME as Sybase types, which SQL Server does not take.
bool passed_as_text(SourceType type) {
  return type == SourceType::Date || type == SourceType::Time || type == SourceType::DateTime2 ||
         type == SourceType::DateTimeOffset;
}

//! Unicode keys are passed as their UTF-16LE bytes and cast back to the column's type:
//! ct-lib sends character parameters in the server's code page, where characters outside
//! it (Greek, emoji…) would not survive.
bool passed_as_utf16(SourceType type) {
  return type == SourceType::NChar || type == SourceType::NVarChar;
}

//! UTF-8 (with lone surrogates as 3-byte sequences, batch.h) to UTF-16LE.
std::string utf16le(std::string_view text) {
  std::string out;
  auto unit = [&](std::uint32_t value) {
    out += static_cast<char>(value & 0xFF);
    out += static_cast<char>(value >> 8);
  };
  for (std::size_t at = 0; at < text.size();) {
    utf8::Decoded decoded = utf8::decode(text, at);
    at += decoded.size;
    std::uint32_t code_point = decoded.unit == utf8::Unit::Invalid ? 0xFFFD : decoded.code_point;
    if (code_point >= 0x10000) {
      code_point -= 0x10000;
      unit(0xD800 + (code_point >> 10));
      unit(0xDC00 + (code_point & 0x3FF));
    } else {
      unit(code_point);
    }
  }
  return out;
}

std::string key_param_name(std::size_t index) {
  return "@k" + std::to_string(index + 1);
}

std::string key_param_expression(const SourceColumn& column, std::size_t index) {
  if (passed_as_text(column.type) || passed_as_utf16(column.type))
    return "CAST(" + key_param_name(index) + " AS " + column.declared_type + ")";
  return key_param_name(index);
}

//! A bound estimate of one row's bytes in the fetch arrays, to size them.
std::size_t estimated_row_bytes(const SourceTable& table, const SelectPlan& plan) {
  std::size_t total = 0;
  for (const SelectItem& item : plan.items) {
    const SourceColumn& column = table.columns[item.column];
    std::size_t bytes = 40;
    if (item.role == SelectItem::Role::Value && column.length > 0) {
      bool text = column.type == SourceType::Char || column.type == SourceType::VarChar ||
                  column.type == SourceType::NChar || column.type == SourceType::NVarChar;
      bytes = static_cast<std::size_t>(column.length) * (text ? 4 : 1);
    }
    total += bytes + sizeof(CS_INT) + sizeof(CS_SMALLINT);
  }
  return total;
}

std::string key_text(const SourceTable& table, const Batch& batch, std::size_t row) {
  std::string text;
  for (std::size_t index : table.key) {
    if (!text.empty()) text += ", ";
    text += value_text(batch.columns[index], row, table.columns[index]);
  }
  return text;
}

}  // namespace

std::string page_sql(const SourceTable& table, const SelectPlan& plan, bool first_page) {
  std::string sql = "SELECT TOP (@n) " + plan.select_list() + " FROM " +
                    quote_mssql_qualified(table.schema, table.name);

  if (!first_page) {
    // (k1 > @k1) OR (k1 = @k1 AND k2 > @k2) OR … : the tuple (k1, k2, …) > (@k1, @k2, …).
    std::string predicate;
    for (std::size_t i = 0; i < table.key.size(); ++i) {
      std::string term;
      for (std::size_t j = 0; j < i; ++j) {
        const SourceColumn& equal = table.columns[table.key[j]];
        term +=
            quote_mssql_identifier(equal.name) + " = " + key_param_expression(equal, j) + " AND ";
      }
      const SourceColumn& greater = table.columns[table.key[i]];
      term += quote_mssql_identifier(greater.name) + " > " + key_param_expression(greater, i);
      predicate += (predicate.empty() ? "(" : " OR (") + term + ")";
    }
    sql += " WHERE " + predicate;
  }

  std::string order;
  for (std::size_t index : table.key)
    order += (order.empty() ? "" : ", ") + quote_mssql_identifier(table.columns[index].name);
  return sql + " ORDER BY " + order;
}

std::vector<CtParam> key_params(const SourceTable& table, const Batch& batch, std::size_t row) {
  std::vector<CtParam> params;
  for (std::size_t i = 0; i < table.key.size(); ++i) {
    const SourceColumn& column = table.columns[table.key[i]];
    const ColumnValues& values = batch.columns[table.key[i]];
    std::string name = key_param_name(i);
    if (values.nulls[row] != 0)
      throw DatabaseError(
          Side::Source, quote_mssql_qualified(table.schema, table.name), "read",
          "key column " + column.name + " is NULL in a row; keyset pages need a key without NULLs");

    switch (column.type) {
      case SourceType::Bit:
      case SourceType::TinyInt:
      case SourceType::SmallInt:
      case SourceType::Int:
      case SourceType::BigInt:
        params.push_back(CtParam::integer(name, values.integers[row]));
        break;
      case SourceType::Decimal: {
        CtParam param =
            CtParam::binary(name, CS_NUMERIC_TYPE,
                            encode_numeric(values.decimals[row], column.precision, column.scale));
        param.precision = column.precision;
        param.scale = column.scale;
        params.push_back(std::move(param));
        break;
      }
      case SourceType::Money:
        params.push_back(CtParam::binary(name, CS_MONEY_TYPE, encode_money(values.integers[row])));
        break;
      case SourceType::SmallMoney: {
        CS_MONEY4 money{static_cast<CS_INT>(values.integers[row])};
        params.push_back(CtParam::binary(name, CS_MONEY4_TYPE, money));
        break;
      }
      case SourceType::Real:
      case SourceType::Float:
        params.push_back(
            CtParam::binary(name, CS_FLOAT_TYPE, static_cast<CS_FLOAT>(values.reals[row])));
        break;
      case SourceType::DateTime: {
        CS_DATETIME value{static_cast<CS_INT>(values.integers[row] - kDays0001To1900),
                          static_cast<CS_INT>(values.ticks[row])};
        params.push_back(CtParam::binary(name, CS_DATETIME_TYPE, value));
        break;
      }
      case SourceType::SmallDateTime: {
        CS_DATETIME4 value{static_cast<CS_USHORT>(values.integers[row] - kDays0001To1900),
                           static_cast<CS_USHORT>(values.ticks[row])};
        params.push_back(CtParam::binary(name, CS_DATETIME4_TYPE, value));
        break;
      }
      case SourceType::UniqueIdentifier: {
        std::string_view text_order = values.bytes_at(row);
        unsigned char wire[16];
        guid_to_wire_order(reinterpret_cast<const unsigned char*>(text_order.data()), wire);
        CtParam param;
        param.name = name;
        param.datatype = CS_UNIQUE_TYPE;
        param.bytes.assign(reinterpret_cast<const char*>(wire), 16);
        params.push_back(std::move(param));
        break;
      }
      case SourceType::Binary:
      case SourceType::VarBinary:
      case SourceType::RowVersion: {
        CtParam param = CtParam::text(name, std::string(values.bytes_at(row)));
        param.datatype = CS_BINARY_TYPE;
        params.push_back(std::move(param));
        break;
      }
      case SourceType::NChar:
      case SourceType::NVarChar: {
        CtParam param = CtParam::text(name, utf16le(values.bytes_at(row)));
        param.datatype = CS_BINARY_TYPE;
        params.push_back(std::move(param));
        break;
      }
      default:
        // Character keys travel as text (limitation: ct-lib converts them to the server's
        // default code page, so a varchar key in another code page can fail to convert); date and
        // time keys as the ISO text the CAST in page_sql turns back into the column's type.
        params.push_back(CtParam::text(name, passed_as_text(column.type)
                                                 ? value_text(values, row, column)
                                                 : std::string(values.bytes_at(row))));
        break;
    }
  }
  return params;
}

MssqlReader::MssqlReader(const SourceSettings& settings) : session_(settings) {}

SourceTable MssqlReader::describe(const std::string& table, const std::vector<std::string>& key) {
  table_ = describe_table(session_, table, key);
  qualified_ = quote_mssql_qualified(table_.schema, table_.name);
  plan_ = plan_select(table_);
  last_key_.clear();
  last_key_text_.clear();
  finished_ = false;
  sequence_ = 0;
  return table_;
}

std::uint64_t MssqlReader::count_rows() {
  auto rows =
      query_text(session_, "SELECT COUNT_BIG(*) FROM " + qualified_, {}, qualified_, "count");
  if (rows.empty() || rows[0].empty() || !rows[0][0]) fail("count", "COUNT_BIG(*) gave no row");
  return std::stoull(*rows[0][0]);
}

void MssqlReader::fail(const std::string& action, const std::string& detail) {
  DatabaseError error = session_.error(qualified_, action, detail);
  // Leave the connection clean for whoever handles the error (or closes it).
  session_.abandon();
  throw error;
}

bool MssqlReader::next_page(std::size_t limit, Batch& out) {
  if (finished_ || table_.columns.empty()) return false;
  limit = std::max<std::size_t>(limit, 1);

  out.rows = 0;
  out.columns.resize(table_.columns.size());
  for (ColumnValues& values : out.columns)
    reset_values(values);
  out.first_key.clear();
  out.last_key.clear();
  out.resume_token.clear();

  bool first_page = last_key_.empty();
  std::vector<CtParam> params = {CtParam::int32("@n", static_cast<std::int32_t>(limit))};
  params.insert(params.end(), last_key_.begin(), last_key_.end());
  std::string action =
      first_page ? "read the first page of" : "read the page after key (" + last_key_text_ + ") of";
  send_command(session_, page_sql(table_, plan_, first_page), params, qualified_, action);

  CS_COMMAND* command = session_.command();
  CS_INT result_type = 0;
  CS_RETCODE code;
  bool failed = false;
  std::string error;
  while ((code = ct_results(command, &result_type)) == CS_SUCCEED) {
    if (result_type == CS_CMD_FAIL) failed = true;
    if (result_type != CS_ROW_RESULT) {
      if (result_type == CS_STATUS_RESULT || result_type == CS_PARAM_RESULT ||
          result_type == CS_COMPUTE_RESULT)
        ct_cancel(nullptr, command, CS_CANCEL_CURRENT);
      continue;
    }

    std::size_t array_rows = plan_.large_columns ? 1
                                                 : ResultBinder::rows_per_fetch(
                                                       estimated_row_bytes(table_, plan_), limit);
    if (!binder_.bind(command, table_, plan_, array_rows, error)) fail(action, error);

    CS_INT rows_read = 0;
    while ((code = ct_fetch(command, CS_UNUSED, CS_UNUSED, CS_UNUSED, &rows_read)) == CS_SUCCEED) {
      if (!binder_.append_rows(command, static_cast<std::size_t>(rows_read), out, error))
        fail(action, error);
    }
    if (code == CS_ROW_FAIL)
      fail(action, "a value did not fit its bound buffer or could not be converted");
    if (code != CS_END_DATA) fail(action, "fetching the rows failed");
  }
  // A server error fails the page even when no result type said so: reading on as if the
  // table had ended would lose every row after it.
  if (code != CS_END_RESULTS || failed || session_.server_error_seen())
    fail(action, "the query failed");

  out.rows = out.columns[0].nulls.size();
  if (out.rows == 0) {
    finished_ = true;
    return false;
  }
  out.sequence = sequence_++;
  out.first_key = key_text(table_, out, 0);
  out.last_key = key_text(table_, out, out.rows - 1);
  last_key_text_ = out.last_key;
  last_key_ = key_params(table_, out, out.rows - 1);
  out.resume_token = encode_resume_token(table_, last_key_, last_key_text_);
  // A short page is the last one: no need to ask the server again.
  if (out.rows < limit) finished_ = true;
  return true;
}

void MssqlReader::seek_after(const std::string& resume_token) {
  if (table_.columns.empty())
    throw std::logic_error("MssqlReader::seek_after: call describe() first");

  finished_ = false;
  if (resume_token.empty()) {
    last_key_.clear();
    last_key_text_.clear();
    return;
  }
  ResumePoint point = decode_resume_token(table_, resume_token);
  for (std::size_t i = 0; i < point.params.size(); ++i)
    point.params[i].name = key_param_name(i);
  last_key_ = std::move(point.params);
  last_key_text_ = std::move(point.key_text);
}

}  // namespace etl::mssql
