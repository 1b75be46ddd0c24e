// One client connection: login, then requests (SQL batches, RPC, transaction manager,
// attention) answered with result streams as SQL Server sends them.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "faults.h"
#include "login.h"
#include "query_engine.h"
#include "tds_packet.h"

namespace mssql_sim::tds {

//! What every session of one server shares.
struct ServerContext {
  QueryEngine& engine;
  Catalog& catalog;
  Credentials credentials;
  Faults& faults;
};

class Session {
 public:
  Session(Transport& transport, ServerContext& context, std::uint16_t spid);

  //! Serves the client until it closes the connection, fails its login, breaks the
  //! protocol or a drop fault fires. Throws only what the transport throws.
  void run();

 private:
  bool login();
  void reset_connection();
  void handle_batch(const Message& message);
  void handle_rpc(const Message& message);
  void handle_trans_mgr(const Message& message);

  std::vector<StatementOutcome> execute(std::string_view sql, const std::vector<Param>& params);
  //! Streams the outcomes; false when the request was cut short (attention, error fault),
  //! in which case the final token has been written already.
  bool stream(std::vector<StatementOutcome>& outcomes, bool in_procedure);
  enum class RowsetEnd { Done, Attention, Aborted };
  RowsetEnd stream_rowset(StatementOutcome& outcome, std::uint16_t more, std::uint8_t done_token);
  //! An OUTPUT handle parameter returned by sp_prepare and sp_prepexec.
  struct ReturnedHandle {
    std::uint16_t ordinal = 0;
    std::string name;
    std::int32_t value = 0;
  };
  //! RETURNSTATUS, the handle's RETURNVALUE and DONEPROC that end an RPC.
  void finish_procedure(bool ok, const std::optional<ReturnedHandle>& handle);
  bool check_attention(std::uint64_t packets_before);
  //! Ends the interrupted response and starts the DONE (ATTN) message; the caller ends it.
  void acknowledge_attention();

  Transport& transport_;
  ServerContext& context_;
  PacketReader reader_;
  PacketWriter writer_;
  SessionState state_;
  SessionState login_state_;
  Faults::Connection faults_;
  Row row_;
  std::uint64_t transaction_ = 0;  // current transaction descriptor, 0 when none
  std::uint64_t next_transaction_ = 1;
  struct Prepared {
    std::string definition;
    std::string statement;
  };
  std::map<std::int32_t, Prepared> prepared_;
  std::int32_t next_handle_ = 1;
};

}  // namespace mssql_sim::tds
