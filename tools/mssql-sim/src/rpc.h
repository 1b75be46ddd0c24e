// RPC requests ([MS-TDS] 2.2.6.6): sp_executesql and the prepare/execute family, with
// typed parameters decoded into the simulator's values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "query_engine.h"
#include "value.h"

namespace mssql_sim::tds {

//! Well-known procedure ids ([MS-TDS] 2.2.6.6, ProcIDSwitch).
namespace proc_id {
inline constexpr std::uint16_t kExecuteSql = 10;
inline constexpr std::uint16_t kPrepare = 11;
inline constexpr std::uint16_t kExecute = 12;
inline constexpr std::uint16_t kPrepExec = 13;
inline constexpr std::uint16_t kUnprepare = 15;
}  // namespace proc_id

//! One parameter as the client sent it; `name` may be empty (FreeTDS sends positional
//! parameters to sp_executesql).
struct RpcParam {
  std::string name;
  bool output = false;
  TypedValue value;
};

struct RpcRequest {
  //! The procedure id, also when it was sent by name (0 for a procedure we do not know).
  std::uint16_t proc_id = 0;
  std::string proc_name;  //!< as sent, or the well-known name of the id
  std::vector<RpcParam> params;
};

//! Parses an RPC payload (ALL_HEADERS skipped). Only the first request of a batch is read.
//! Throws ProtocolError for malformed bytes and SqlError for a parameter type it does not
//! support.
RpcRequest parse_rpc(std::string_view payload);

//! The statement and the bound parameters of a call to sp_executesql (or sp_prepexec,
//! sp_execute after sp_prepare): each value gets the name of its position in the
//! parameter definition when it came without one.
struct StatementCall {
  std::string statement;
  std::vector<Param> params;
};

//! The parameter names of a definition string such as "@id int, @name nvarchar(10)".
std::vector<std::string> definition_names(std::string_view definition);

//! Binds `values` to the names of `definition` (by name when they have one, else by
//! position). Throws SqlError 8178 when a declared parameter has no value.
std::vector<Param> bind_params(std::string_view definition, const std::vector<RpcParam>& values);

//! The text value of an RPC parameter (nvarchar, ntext, varchar), for @stmt and @params.
std::string param_text(const RpcParam& param);

}  // namespace mssql_sim::tds
