// The destination side of a pipeline: what a sink driver (drivers/postgres) implements.
#pragma once

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
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
  std::string source_table;   //!< recorded in the ledger: a run resumes only the same load
  std::uint64_t batch_rows = 0;
  std::string ledger_schema = "etl";  //!< the ledger's own schema in the destination database
  //! What the rows are made of — destination columns and types, key, constants (such as a
  //! RUN_DATE), text policy — as one hash: a run resumes only a run with the same fingerprint,
  //! so that no table mixes rows of two different transforms.
  std::string fingerprint;
  //! This run resumes the unfinished run `run_id` (Sink::unfinished_run): prepare() records
  //! it running again and does not mark rows stale a second time.
  bool resume = false;
};

//! An order-independent digest of a set of rows: the count and the sum of every row's
//! 64-bit hash of its binary COPY tuple (etl/checksum.h).
struct RowsDigest {
  std::uint64_t rows = 0;
  std::uint64_t hash_sum = 0;
  bool operator==(const RowsDigest&) const = default;
};

//! A batch in PostgreSQL's binary COPY format: the tuples only (no file header or trailer);
//! the sink adds them.
struct EncodedBatch {
  std::uint64_t sequence = 0;
  std::uint64_t rows = 0;
  std::string tuples;
  std::string first_key;  //!< for messages: "ids 120001–124000"
  std::string last_key;
  std::string resume_token;    //!< Batch::resume_token of the page, for the ledger
  std::uint64_t rejected = 0;  //!< rows of the page the transform rejected, for the ledger
  RowsDigest digest;           //!< of `tuples`, for the ledger
};

struct BatchResult {
  std::uint64_t sequence = 0;
  std::uint64_t rows = 0;
  std::uint64_t written = 0;  //!< inserted or updated
  std::uint64_t skipped = 0;  //!< duplicates skipped (ignore)
  std::size_t writer = 0;     //!< which connection wrote it
  std::exception_ptr error;   //!< set when the batch failed (its transaction rolled back)
  //! The ledger already held this batch of this run: an earlier attempt committed it (its
  //! COMMIT's answer was lost with the connection), so this one rolled back, and the batch
  //! counts as committed once. `written` and `skipped` are 0.
  bool already_applied = false;
};

//! One committed batch as the destination's ledger holds it (DESIGN.md §4). The ledger row
//! is written in the batch's own transaction.
struct LedgerBatch {
  std::uint64_t sequence = 0;
  std::string first_key;
  std::string last_key;
  std::string resume_token;
  std::uint64_t rejected = 0;
  RowsDigest digest;  //!< the rows loaded and their checksum
};

//! A run as the ledger holds it.
struct LedgerRun {
  std::string pipeline;
  std::string run_id;
  //! running, interrupted, failed, verification_failed, too_many_rejects or succeeded. A process
  //! killed in the middle leaves "running".
  std::string state;
  std::string started_at;  //!< ISO 8601, UTC
  std::string updated_at;
  std::string source_table;
  std::string destination_table;
  std::string strategy;
  std::uint64_t batch_rows = 0;
  std::string fingerprint;     //!< LoadPlan::fingerprint of the run
  bool table_created = false;  //!< this run created the destination table
  bool marked = false;         //!< mark_sweep: this run marked the rows stale
  std::uint64_t batches = 0;   //!< committed batches
  std::uint64_t rows = 0;      //!< committed rows
  std::string error;           //!< how it failed, when it did
};

//! An unfinished run to resume: the run and its committed batches in sequence order.
struct ResumePoint {
  LedgerRun run;
  std::vector<LedgerBatch> batches;
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

  //! The latest run of plan.pipeline when it did not finish (state running, interrupted or
  //! failed) and loaded the same source table into the same table with the same strategy,
  //! batch_rows and fingerprint, with its committed batches; nullopt otherwise, and when the ledger
  //! does not exist yet. Changes nothing.
  virtual std::optional<ResumePoint> unfinished_run(const LoadPlan& plan) = 0;

  //! The first step that changes the destination. Creates the ledger's schema and tables on
  //! first use, the table when missing (per plan.create), records the run as running (a new
  //! row, or the resumed one again) and, for mark_sweep, marks every row stale in the same
  //! transaction that records the run as marked — not again when a resumed run had.
  virtual void prepare(const LoadPlan& plan) = 0;

  //! Opens `count` writer connections, each driven without blocking by the sink's I/O thread.
  virtual void open_writers(std::size_t count) = 0;

  //! Queues a batch for the next free writer and returns at once; `done` is called once, on
  //! the sink's I/O thread, when its transaction committed or failed. The transaction also
  //! writes the batch's ledger row (plan.run_id, batch.sequence); when that row exists already
  //! the batch rolls back and reports already_applied. A writer whose connection is lost is
  //! replaced in the background, with backoff; batches wait for a writer meanwhile. A lost
  //! connection fails its batch with a retryable DatabaseError; the caller may submit the
  //! batch again. Thread-safe, and callable from `done`.
  virtual void submit(std::shared_ptr<const EncodedBatch> batch,
                      std::function<void(BatchResult)> done) = 0;

  //! Waits until every submitted batch is done, then closes the writers.
  virtual void close_writers() = 0;

  //! Reads the loaded rows back (for mark_sweep: those with status 1) as binary COPY and
  //! digests them with the same hash the engine applied to the rows it sent.
  virtual RowsDigest digest_destination(const LoadPlan& plan) = 0;

  //! mark_sweep: deletes the rows still stale and returns how many (other strategies: 0), in
  //! the transaction that records the run as succeeded.
  virtual std::uint64_t finalize(const LoadPlan& plan) = 0;

  //! Records how the run ended when it did not succeed (interrupted, failed,
  //! verification_failed) with its error, in a transaction of its own. Never throws: the
  //! destination may be the reason the run failed.
  virtual void record_run_end(const LoadPlan& plan, const std::string& state,
                              const std::string& error) noexcept = 0;

  //! The last `limit` runs of a pipeline, newest first, with their committed batches and
  //! rows counted; empty when the ledger does not exist yet (`etl status`).
  virtual std::vector<LedgerRun> runs(const std::string& pipeline, const std::string& ledger_schema,
                                      std::size_t limit) = 0;
};

}  // namespace etl
