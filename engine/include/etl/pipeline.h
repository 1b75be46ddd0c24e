// A pipeline: what to read, where to write it, and how. Loaded from a JSON file
// (pipelines/*.json, DESIGN.md §5) or built in code by a program that embeds the engine.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "etl/batch.h"
#include "etl/constant.h"
#include "etl/schema.h"
#include "etl/sink.h"
#include "etl/source.h"

namespace etl {

enum class Identifiers { Preserve, Lower, SnakeCase };
enum class NulPolicy { Reject, Strip, Replace };

//! A hook of an embedding program: sees each batch after it is read and before it is
//! converted, and may change values in place (not the row count or the columns).
using BatchHook = std::function<void(const SourceTable& table, Batch& batch)>;

struct PipelineConfig {
  std::string name;
  std::string file;  //!< where it was loaded from, for messages; empty when built in code

  SourceSettings source;
  std::string source_table;             //!< "[schema.]name", e.g. dbo.bi_credores
  std::vector<std::string> source_key;  //!< empty: the table's primary key

  std::string destination_url;    //!< libpq URL or conninfo; may hold a password: never log
  std::string destination_table;  //!< "[schema.]name", e.g. public.bi_credores_paralelo
  CreateMode create = CreateMode::IfMissing;
  Identifiers identifiers = Identifiers::Preserve;

  std::map<std::string, ConstantValue> set;   //!< destination column → constant
  std::map<std::string, std::string> rename;  //!< source column → destination column
  NulPolicy nul_policy = NulPolicy::Reject;
  BatchHook batch_hook;

  Strategy strategy = Strategy::Upsert;
  std::string status_column = "STATUS";

  std::size_t writers = 8;
  std::size_t batch_rows = 4000;
  std::size_t queue_batches = 0;  //!< batches in flight at most; 0: writers + 2

  std::string rejects_file;  //!< JSON Lines; empty: rejects/<name>.jsonl
  std::uint64_t max_rejects = 0;
  std::string ledger_schema = "etl";  //!< destination.ledger_schema
  //! A batch or a source read that fails with a retryable error (connection lost, server
  //! restarting, serialization failure, deadlock) is tried again up to this many times in
  //! all, waiting longer each time (load.retry.attempts).
  std::size_t retry_attempts = 8;
  std::chrono::milliseconds retry_max_wait{8000};  //!< load.retry.max_wait_ms: longest wait
};

//! Values the pipeline file's ${VAR} and ${VAR:-default} expand from.
using Environment = std::map<std::string, std::string>;

//! The process environment, plus RUN_DATE (today, YYYY-MM-DD) when it is not set.
Environment process_environment();

//! Loads and validates a pipeline file. Throws ConfigError naming the file, line and key path
//! of the first problem (malformed JSON with line and column, unknown key with the nearest
//! valid one, wrong type, missing value, missing variable) — and never its secrets.
//! `CLUSTER_SIZE` and `ITEMS_PER_PAGE` in the environment override writers and batch_rows.
PipelineConfig load_pipeline(const std::filesystem::path& file, const Environment& environment);

//! The same from text (the file name is used in messages only).
PipelineConfig parse_pipeline(const std::string& text, const std::string& file_name,
                              const Environment& environment);

//! "postgresql://etl:secret@host/db" → "postgresql://etl:***@host/db"; also password=… in
//! a conninfo string.
std::string mask_secrets(const std::string& url);

}  // namespace etl
