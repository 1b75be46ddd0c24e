// Sending SQL with typed parameters through ct-lib, and small queries whose answers are read
// as text (catalog lookups, counts). At TDS 7.x ct-lib sends a language command with
// parameters as an RPC to sp_executesql, with the parameters' declarations built from
// their types: the values never pass through SQL text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mssql/ct_context.h"

namespace etl::mssql {

//! One input parameter: its name with '@', its ct-lib type and its value's bytes.
struct CtParam {
  std::string name;
  CS_INT datatype = CS_CHAR_TYPE;
  std::string bytes;  //!< the value in the type's binary layout (text for CS_CHAR)
  CS_INT precision = 0;
  CS_INT scale = 0;

  static CtParam text(std::string name, std::string value);
  static CtParam integer(std::string name, std::int64_t value);  //!< CS_BIGINT
  static CtParam int32(std::string name, std::int32_t value);    //!< CS_INT
  template <typename T>
  static CtParam binary(std::string name, CS_INT datatype, const T& value) {
    CtParam param;
    param.name = std::move(name);
    param.datatype = datatype;
    param.bytes.assign(reinterpret_cast<const char*>(&value), sizeof(T));
    return param;
  }
};

//! Sets up and sends a language command with its parameters; results are then read with
//! ct_results. Throws DatabaseError naming `object` and `action` on failure.
void send_command(CtSession& session, const std::string& sql, const std::vector<CtParam>& params,
                  const std::string& object, const std::string& action);

using TextRow = std::vector<std::optional<std::string>>;

//! Runs a query and returns every row of its result sets with each value converted to text
//! by ct-lib (for integers and names, where conversion is exact). Throws DatabaseError.
std::vector<TextRow> query_text(CtSession& session, const std::string& sql,
                                const std::vector<CtParam>& params, const std::string& object,
                                const std::string& action);

}  // namespace etl::mssql
