// The destination side of a pipeline: what a sink driver (drivers/postgres) implements.
#pragma once

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace etl {

enum class Strategy { Append, Ignore, Upsert, MarkSweep };

//! The strategy as pipeline files spell it: append, ignore, upsert, mark_sweep.
std::string_view strategy_name(Strategy strategy);
enum class CreateMode { IfMissing, Never };

//! A destination column: its final identifier and PostgreSQL type.
struct DestinationColumn {
  std::string name;     //!< as it will be quoted in SQL, e.g. InvoiceLineId or invoice_line_id
  std::string pg_type;  //!< "numeric(19,4)", "timestamp(3) without time zone", "text"…
  bool nullable = true;
};

//! What the sink must make of the destination, derived from the pipeline and the source.
struct LoadPlan {
  std::string pipeline;
  std::string run_id;
  std::string schema;                      //!< destination schema, e.g. public
  std::string table;                       //!< destination table name
  std::vector<DestinationColumn> columns;  //!< in COPY order
  std::vector<std::size_t> key;            //!< indexes into columns
  Strategy strategy = Strategy::Upsert;
  CreateMode create = CreateMode::IfMissing;
  std::string status_column;  //!< mark_sweep: the column set to 0 (stale) and 1 (loaded)
};

//! A batch in PostgreSQL's binary COPY format: the tuples only (no file header or trailer);
//! the sink adds them.
struct EncodedBatch {
  std::uint64_t sequence = 0;
  std::uint64_t rows = 0;
  std::string tuples;
  std::string first_key;  //!< for messages: "ids 120001–124000"
  std::string last_key;
};

struct BatchResult {
  std::uint64_t sequence = 0;
  std::uint64_t rows = 0;
  std::uint64_t written = 0;  //!< inserted or updated
  std::uint64_t skipped = 0;  //!< duplicates skipped (ignore)
  std::size_t writer = 0;     //!< which connection wrote it
  std::exception_ptr error;   //!< set when the batch failed (its transaction rolled back)
};

//! An order-independent digest of a set of rows: the count and the sum of every row's
//! 64-bit hash of its binary COPY tuple (etl/checksum.h).
struct RowsDigest {
  std::uint64_t rows = 0;
  std::uint64_t hash_sum = 0;
  bool operator==(const RowsDigest&) const = default;
};

//! Facts gathered before anything changes.
struct SinkPreflight {
  std::string server_version;
  bool table_exists = false;
  std::size_t free_connections = 0;  //!< max_connections minus reserved minus in use
};

class Sink {
 public:
  virtual ~Sink() = default;

  //! Connects once, reads the server version, whether the table exists (and checks its
  //! columns against the plan), and the free connection slots. Changes nothing.
  //! Throws DatabaseError (errors.h) with what to change.
  virtual SinkPreflight preflight(const LoadPlan& plan) = 0;

  //! Creates the table when missing (per plan.create) and, for mark_sweep, marks every row
  //! stale. The first step that changes the destination.
  virtual void prepare(const LoadPlan& plan) = 0;

  //! Opens `count` writer connections, each driven without blocking by the sink's I/O thread.
  virtual void open_writers(std::size_t count) = 0;

  //! Queues a batch for the next free writer and returns at once; `done` is called once, on
  //! the sink's I/O thread, when its transaction committed or failed. Thread-safe.
  virtual void submit(std::shared_ptr<const EncodedBatch> batch,
                      std::function<void(BatchResult)> done) = 0;

  //! Waits until every submitted batch is done, then closes the writers.
  virtual void close_writers() = 0;

  //! Reads the loaded rows back (for mark_sweep: those with status 1) as binary COPY and
  //! digests them with the same hash the engine applied to the rows it sent.
  virtual RowsDigest digest_destination(const LoadPlan& plan) = 0;

  //! mark_sweep: deletes the rows still stale; returns how many. Other strategies: 0.
  virtual std::uint64_t finalize(const LoadPlan& plan) = 0;
};

}  // namespace etl
