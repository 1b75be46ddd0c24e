// One client connection: login, requests and streamed results.
#include "session.h"

#include <iostream>

#include "collation.h"
#include "rpc.h"
#include "tds_tokens.h"

namespace mssql_sim::tds {

namespace {

//! A drop fault fired: the connection closes without another byte.
struct ConnectionDropped {};

constexpr std::int64_t kDefaultTextSize = 4096;

//! TransMgr request types ([MS-TDS] 2.2.6.9).
constexpr std::uint16_t kTmBegin = 5;
constexpr std::uint16_t kTmCommit = 7;
constexpr std::uint16_t kTmRollback = 8;
constexpr std::uint16_t kTmSave = 9;

SqlMessage make_message(std::int32_t number, std::uint8_t severity, std::string text,
                        std::uint8_t state = 1) {
  SqlMessage message;
  message.number = number;
  message.severity = severity;
  message.state = state;
  message.text = std::move(text);
  return message;
}

StatementOutcome error_outcome(SqlMessage message) {
  StatementOutcome outcome;
  outcome.kind = StatementOutcome::Kind::Error;
  outcome.message = std::move(message);
  return outcome;
}

//! Skips ALL_HEADERS ([MS-TDS] 2.2.5.3) when present: its DWORD length includes itself.
std::string_view skip_all_headers(std::string_view payload) {
  if (payload.size() < 4) return payload;
  const std::uint32_t total = static_cast<std::uint8_t>(payload[0]) |
                              (static_cast<std::uint8_t>(payload[1]) << 8) |
                              (static_cast<std::uint8_t>(payload[2]) << 16) |
                              (std::uint32_t{static_cast<std::uint8_t>(payload[3])} << 24);
  if (total < 4 || total > payload.size()) return payload;
  return payload.substr(total);
}

std::string descriptor_bytes(std::uint64_t descriptor) {
  std::string bytes(8, '\0');
  for (int i = 0; i < 8; ++i)
    bytes[i] = static_cast<char>(descriptor >> (8 * i));
  return bytes;
}

}  // namespace

Session::Session(Transport& transport, ServerContext& context, std::uint16_t spid)
    : transport_(transport),
      context_(context),
      reader_(transport),
      writer_(transport, spid),
      faults_(context.faults.connection()) {
  state_.spid = spid;
  writer_.set_packet_delay(context.faults.packet_delay());
}

void Session::run() {
  try {
    if (!login()) return;
    while (auto message = reader_.read_message()) {
      if (message->status & (kStatusResetConnection | kStatusResetConnectionSkipTran)) {
        reset_connection();
      }
      switch (message->type) {
        case PacketType::SqlBatch:
          handle_batch(*message);
          break;
        case PacketType::Rpc:
          handle_rpc(*message);
          break;
        case PacketType::TransMgr:
          handle_trans_mgr(*message);
          break;
        case PacketType::Attention:
          // The request had already finished: acknowledge all the same.
          write_done(writer_, done::kAttn, kCurCmdNone, 0);
          writer_.end_message();
          break;
        case PacketType::BulkLoad:
          write_message(writer_, make_message(4804, 16, "mssql-sim does not support bulk load."));
          write_done(writer_, done::kError, kCurCmdNone, 0);
          writer_.end_message();
          break;
        default:
          throw ProtocolError("unexpected message after login");
      }
    }
  } catch (const ConnectionDropped&) {
    // The drop fault: leave without a word, as a broken network would.
  } catch (const ProtocolError& error) {
    std::cerr << "mssql-sim: connection " << state_.spid << ": " << error.what() << '\n';
  }
}

bool Session::login() {
  auto message = reader_.read_message();
  if (message && message->type == PacketType::Prelogin) {
    writer_.bytes(prelogin_reply_payload());
    writer_.end_message();
    message = reader_.read_message();
  }
  if (!message) return false;
  if (message->type != PacketType::Login7) throw ProtocolError("expected LOGIN7");
  const Login7 login = parse_login7(message->payload);
  const LoginDecision decision = decide_login(login, context_.credentials, context_.catalog);
  if (!decision.accepted) {
    write_login_failure(writer_, decision.errors);
    writer_.end_message();
    return false;
  }
  const std::uint32_t packet_size = negotiated_packet_size(login.packet_size);
  write_login_response(writer_, login, decision.database, packet_size);
  writer_.end_message();
  writer_.set_packet_size(packet_size);

  state_.database = decision.database;
  state_.user = login.user_name;
  state_.packet_size = static_cast<std::int32_t>(packet_size);
  // fODBC clients start with TEXTSIZE unlimited; the others with 4096 ([MS-TDS] 2.2.6.4).
  state_.textsize = login.odbc() ? -1 : kDefaultTextSize;
  login_state_ = state_;
  return true;
}

void Session::reset_connection() {
  const std::string database = state_.database;
  state_ = login_state_;
  prepared_.clear();
  write_envchange_bytes(writer_, env::kResetConnectionAck, {}, {});
  // Tell the client too when the reset took it back to the login's database.
  if (database != state_.database) {
    write_envchange_text(writer_, env::kDatabase, state_.database, database);
  }
}

std::vector<StatementOutcome> Session::execute(std::string_view sql,
                                               const std::vector<Param>& params) {
  std::vector<StatementOutcome> outcomes;
  try {
    outcomes = context_.engine.execute(state_, sql, params);
  } catch (const SqlError& error) {
    outcomes.clear();
    outcomes.push_back(error_outcome(error.message()));
  } catch (const std::exception& error) {
    outcomes.clear();
    outcomes.push_back(error_outcome(
        make_message(50000, 16, std::string("mssql-sim internal error: ") + error.what())));
  }
  return outcomes;
}

void Session::handle_batch(const Message& message) {
  const std::string_view text = skip_all_headers(message.payload);
  const std::string sql = from_utf16le(text.substr(0, text.size() & ~std::size_t{1}));
  std::vector<StatementOutcome> outcomes = execute(sql, {});
  stream(outcomes, false);
  writer_.end_message();
}

void Session::acknowledge_attention() {
  // The interrupted response ends here, at a token boundary; the acknowledgement is a message
  // of its own, which is where tedious looks for it (FreeTDS reads on until it finds it).
  writer_.end_message();
  write_done(writer_, done::kAttn, kCurCmdNone, 0);
}

bool Session::check_attention(std::uint64_t packets_before) {
  if (writer_.packets_sent() == packets_before) return false;
  return reader_.attention_pending();
}

bool Session::stream(std::vector<StatementOutcome>& outcomes, bool in_procedure) {
  using Kind = StatementOutcome::Kind;
  const std::uint8_t done_token = in_procedure ? token::kDoneInProc : token::kDone;
  std::ptrdiff_t last_done = -1;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    if (outcomes[i].kind != Kind::Info) last_done = static_cast<std::ptrdiff_t>(i);
  }
  // Messages after the last DONE would follow the end of the response, where clients stop
  // reading: then every statement's DONE says MORE and a final DONE closes the response.
  const bool final_done =
      outcomes.empty() || last_done + 1 < static_cast<std::ptrdiff_t>(outcomes.size());
  if (final_done) last_done = static_cast<std::ptrdiff_t>(outcomes.size());
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    StatementOutcome& outcome = outcomes[i];
    const std::uint64_t packets_before = writer_.packets_sent();
    const std::uint16_t more =
        (in_procedure || static_cast<std::ptrdiff_t>(i) < last_done) ? done::kMore : 0;
    switch (outcome.kind) {
      case Kind::Info:
        write_message(writer_, outcome.message);
        break;
      case Kind::Error:
        write_message(writer_, outcome.message);
        write_done(writer_, done::kError | more, kCurCmdNone, 0, done_token);
        break;
      case Kind::DatabaseChanged:
        write_envchange_text(writer_, env::kDatabase, outcome.new_database, outcome.old_database);
        write_message(
            writer_,
            make_message(5701, 0, "Changed database context to '" + outcome.new_database + "'."));
        write_done(writer_, more, kCurCmdNone, 0, done_token);
        break;
      case Kind::Done: {
        std::uint16_t status = more;
        if (outcome.row_count && !state_.nocount) status |= done::kCount;
        write_done(writer_, status, kCurCmdNone, outcome.row_count.value_or(0), done_token);
        break;
      }
      case Kind::Rowset: {
        const RowsetEnd end = stream_rowset(outcome, more, done_token);
        if (end != RowsetEnd::Done) return false;
        break;
      }
    }
    writer_.maybe_flush();
    if (check_attention(packets_before)) {
      acknowledge_attention();
      return false;
    }
  }
  if (final_done && !in_procedure) write_done(writer_, done::kFinal, kCurCmdNone, 0);
  return true;
}

Session::RowsetEnd Session::stream_rowset(StatementOutcome& outcome, std::uint16_t more,
                                          std::uint8_t done_token) {
  std::int64_t textsize = outcome.textsize;
  if (textsize == 0) textsize = kDefaultTextSize;  // SET TEXTSIZE 0 restores the default
  const RowsetWriter rowset(outcome.columns, textsize);
  rowset.write_colmetadata(writer_);

  std::uint64_t count = 0;
  std::uint16_t status = more;
  if (outcome.rows) {
    try {
      while (outcome.rows->next(row_)) {
        const std::uint64_t packets_before = writer_.packets_sent();
        rowset.write_row(writer_, row_);
        ++count;
        writer_.maybe_flush();
        const Faults::Action action = faults_.after_row();
        if (action == Faults::Action::Drop) {
          writer_.flush_without_eom();
          throw ConnectionDropped{};
        }
        if (action == Faults::Action::Error) {
          write_message(writer_,
                        make_message(1205, 13,
                                     "Transaction (Process ID " + std::to_string(state_.spid) +
                                         ") was deadlocked on lock resources with another "
                                         "process and has been chosen as the deadlock victim. "
                                         "Rerun the transaction.",
                                     51));
          write_done(writer_, done::kError, kCurCmdSelect, count, done_token);
          return RowsetEnd::Aborted;
        }
        if (check_attention(packets_before)) {
          acknowledge_attention();
          return RowsetEnd::Attention;
        }
      }
    } catch (const SqlError& error) {
      write_message(writer_, error.message());
      status |= done::kError;
    } catch (const std::logic_error& error) {
      write_message(
          writer_,
          make_message(50000, 16, std::string("mssql-sim internal error: ") + error.what()));
      status |= done::kError;
    }
    if (!state_.nocount) status |= done::kCount;
  }
  write_done(writer_, status, kCurCmdSelect, count, done_token);
  return RowsetEnd::Done;
}

void Session::finish_procedure(bool ok, const std::optional<ReturnedHandle>& handle) {
  if (ok) write_return_status(writer_, 0);
  if (ok && handle) write_return_value_int(writer_, handle->ordinal, handle->name, handle->value);
  write_done(writer_, ok ? done::kFinal : done::kError, kCurCmdNone, 0, token::kDoneProc);
}

void Session::handle_rpc(const Message& message) {
  RpcRequest request;
  try {
    request = parse_rpc(message.payload);
  } catch (const SqlError& error) {
    write_message(writer_, error.message());
    write_done(writer_, done::kError, kCurCmdNone, 0, token::kDoneProc);
    writer_.end_message();
    return;
  }
  const auto& params = request.params;
  const auto text = [&](std::size_t i) { return i < params.size() ? param_text(params[i]) : ""; };
  const auto rest = [&](std::size_t from) {
    return std::vector<RpcParam>(params.begin() + std::min(from, params.size()), params.end());
  };
  const auto fail = [&](SqlMessage error) {
    write_message(writer_, error);
    finish_procedure(false, std::nullopt);
    writer_.end_message();
  };

  std::string statement;
  std::string definition;
  std::vector<RpcParam> values;
  std::optional<ReturnedHandle> handle;
  switch (request.proc_id) {
    case proc_id::kExecuteSql:
      statement = text(0);
      definition = text(1);
      values = rest(2);
      break;
    case proc_id::kPrepare:
    case proc_id::kPrepExec: {
      const std::int32_t id = next_handle_++;
      prepared_[id] = Prepared{text(1), text(2)};
      handle = ReturnedHandle{0, params.empty() ? "" : params[0].name, id};
      if (request.proc_id == proc_id::kPrepare) {
        finish_procedure(true, handle);
        writer_.end_message();
        return;
      }
      definition = text(1);
      statement = text(2);
      values = rest(3);
      break;
    }
    case proc_id::kExecute:
    case proc_id::kUnprepare: {
      const std::int32_t id = params.empty() || params[0].value.value.is_null
                                  ? -1
                                  : static_cast<std::int32_t>(params[0].value.value.integer);
      const auto found = prepared_.find(id);
      if (found == prepared_.end()) {
        return fail(make_message(
            8179, 16, "Could not find prepared statement with handle " + std::to_string(id) + "."));
      }
      if (request.proc_id == proc_id::kUnprepare) {
        prepared_.erase(found);
        finish_procedure(true, std::nullopt);
        writer_.end_message();
        return;
      }
      definition = found->second.definition;
      statement = found->second.statement;
      values = rest(1);
      break;
    }
    default:
      return fail(
          make_message(2812, 16, "Could not find stored procedure '" + request.proc_name + "'."));
  }

  std::vector<Param> bound;
  try {
    bound = bind_params(definition, values);
  } catch (const SqlError& error) {
    return fail(error.message());
  }
  std::vector<StatementOutcome> outcomes = execute(statement, bound);
  bool ok = true;
  for (const auto& outcome : outcomes)
    ok = ok && outcome.kind != StatementOutcome::Kind::Error;
  if (stream(outcomes, true)) finish_procedure(ok, handle);
  writer_.end_message();
}

void Session::handle_trans_mgr(const Message& message) {
  const std::string_view body = skip_all_headers(message.payload);
  if (body.size() < 2) throw ProtocolError("TransMgr request without a type");
  const std::uint16_t request =
      static_cast<std::uint8_t>(body[0]) | (static_cast<std::uint8_t>(body[1]) << 8);
  switch (request) {
    case kTmBegin:
      if (transaction_ == 0) transaction_ = next_transaction_++;
      write_envchange_bytes(writer_, env::kBeginTransaction, descriptor_bytes(transaction_), {});
      break;
    case kTmCommit:
    case kTmRollback: {
      if (transaction_ == 0) {
        write_message(writer_,
                      request == kTmCommit
                          ? make_message(3902, 16,
                                         "The COMMIT TRANSACTION request has no corresponding "
                                         "BEGIN TRANSACTION.")
                          : make_message(3903, 16,
                                         "The ROLLBACK TRANSACTION request has no corresponding "
                                         "BEGIN TRANSACTION."));
        write_done(writer_, done::kError, kCurCmdNone, 0);
        writer_.end_message();
        return;
      }
      write_envchange_bytes(
          writer_, request == kTmCommit ? env::kCommitTransaction : env::kRollbackTransaction, {},
          descriptor_bytes(transaction_));
      transaction_ = 0;
      // fBeginXact follows the (B_VARCHAR) transaction name: start the next one at once.
      const std::size_t name_bytes = body.size() > 2 ? static_cast<std::uint8_t>(body[2]) * 2u : 0;
      if (body.size() > 3 + name_bytes && body[3 + name_bytes] != 0) {
        transaction_ = next_transaction_++;
        write_envchange_bytes(writer_, env::kBeginTransaction, descriptor_bytes(transaction_), {});
      }
      break;
    }
    case kTmSave:
      break;
    default:
      write_message(writer_, make_message(8509, 16,
                                          "mssql-sim does not support distributed "
                                          "transactions (TransMgr request " +
                                              std::to_string(request) + ")."));
      write_done(writer_, done::kError, kCurCmdNone, 0);
      writer_.end_message();
      return;
  }
  write_done(writer_, done::kFinal, kCurCmdNone, 0);
  writer_.end_message();
}

}  // namespace mssql_sim::tds
