#include "mssql/ct_query.h"

#include <algorithm>
#include <cstring>

namespace etl::mssql {

CtParam CtParam::text(std::string name, std::string value) {
  CtParam param;
  param.name = std::move(name);
  param.datatype = CS_CHAR_TYPE;
  param.bytes = std::move(value);
  return param;
}

CtParam CtParam::integer(std::string name, std::int64_t value) {
  return binary(std::move(name), CS_BIGINT_TYPE, static_cast<CS_BIGINT>(value));
}

CtParam CtParam::int32(std::string name, std::int32_t value) {
  return binary(std::move(name), CS_INT_TYPE, static_cast<CS_INT>(value));
}

void send_command(CtSession& session, const std::string& sql, const std::vector<CtParam>& params,
                  const std::string& object, const std::string& action) {
  session.clear_messages();
  CS_COMMAND* command = session.command();
  session.check(
      ct_command(command, CS_LANG_CMD, const_cast<char*>(sql.c_str()), CS_NULLTERM, CS_UNUSED),
      object, action);

  for (const CtParam& param : params) {
    CS_DATAFMT format{};
    std::size_t name_length = std::min(param.name.size(), sizeof(format.name) - 1);
    std::memcpy(format.name, param.name.data(), name_length);
    format.namelen = static_cast<CS_INT>(name_length);
    format.datatype = param.datatype;
    format.status = CS_INPUTVALUE;
    format.precision = param.precision;
    format.scale = param.scale;
    bool variable = param.datatype == CS_CHAR_TYPE || param.datatype == CS_BINARY_TYPE;
    // An empty string is still a value, not NULL: give ct-lib a length of at least one
    // byte of room and the real length separately.
    format.maxlength = variable ? std::max<CS_INT>(static_cast<CS_INT>(param.bytes.size()), 1)
                                : static_cast<CS_INT>(param.bytes.size());
    // ct-lib sizes fixed types itself, except CS_NUMERIC: without its length it sends an empty
    // value and crashes while writing it.
    bool numeric = param.datatype == CS_NUMERIC_TYPE || param.datatype == CS_DECIMAL_TYPE;
    CS_INT length = variable || numeric ? static_cast<CS_INT>(param.bytes.size()) : CS_UNUSED;
    session.check(ct_param(command, &format, const_cast<char*>(param.bytes.data()), length, 0),
                  object, action + " (parameter " + param.name + ")");
  }
  session.check(ct_send(command), object, action);
}

std::vector<TextRow> query_text(CtSession& session, const std::string& sql,
                                const std::vector<CtParam>& params, const std::string& object,
                                const std::string& action) {
  send_command(session, sql, params, object, action);
  CS_COMMAND* command = session.command();

  std::vector<TextRow> rows;
  bool failed = false;
  CS_INT result_type = 0;
  CS_RETCODE code;
  while ((code = ct_results(command, &result_type)) == CS_SUCCEED) {
    if (result_type == CS_CMD_FAIL) failed = true;
    if (result_type != CS_ROW_RESULT) {
      if (result_type == CS_STATUS_RESULT || result_type == CS_PARAM_RESULT ||
          result_type == CS_COMPUTE_RESULT)
        ct_cancel(nullptr, command, CS_CANCEL_CURRENT);
      continue;
    }

    CS_INT columns = 0;
    session.check(ct_res_info(command, CS_NUMDATA, &columns, CS_UNUSED, nullptr), object, action);
    constexpr CS_INT kWidth = 1024;  // catalog names are at most 128 characters
    std::vector<std::vector<char>> buffers(static_cast<std::size_t>(columns),
                                           std::vector<char>(kWidth));
    std::vector<CS_INT> lengths(static_cast<std::size_t>(columns));
    std::vector<CS_SMALLINT> indicators(static_cast<std::size_t>(columns));
    for (CS_INT i = 0; i < columns; ++i) {
      CS_DATAFMT format{};
      format.datatype = CS_CHAR_TYPE;
      format.maxlength = kWidth;
      format.count = 1;
      format.format = CS_FMT_UNUSED;
      auto index = static_cast<std::size_t>(i);
      session.check(ct_bind(command, i + 1, &format, buffers[index].data(), &lengths[index],
                            &indicators[index]),
                    object, action);
    }

    CS_INT rows_read = 0;
    while ((code = ct_fetch(command, CS_UNUSED, CS_UNUSED, CS_UNUSED, &rows_read)) == CS_SUCCEED) {
      TextRow row;
      for (std::size_t i = 0; i < buffers.size(); ++i) {
        if (indicators[i] == CS_NULLDATA)
          row.emplace_back(std::nullopt);
        else
          row.emplace_back(std::string(buffers[i].data(), static_cast<std::size_t>(lengths[i])));
      }
      rows.push_back(std::move(row));
    }
    if (code != CS_END_DATA) {
      DatabaseError error = session.error(object, action, "fetching the rows failed");
      session.abandon();
      throw error;
    }
  }
  if (code != CS_END_RESULTS || failed || session.server_error_seen()) {
    DatabaseError error = session.error(object, action, "the query failed");
    session.abandon();
    throw error;
  }
  return rows;
}

}  // namespace etl::mssql
