#include "load_graph.h"

#include <tbb/flow_graph.h>
#include <tbb/global_control.h>
#include <tbb/task_arena.h>

#include <mutex>
#include <thread>

#include "etl/errors.h"
#include "retry_timer.h"

namespace etl {
namespace {

using BatchPtr = std::shared_ptr<Batch>;

//! A message from the transform to the writers: the converted batch, or the failure that
//! stopped it from being converted.
struct Converted {
  std::shared_ptr<ConvertedBatch> batch;
  std::exception_ptr error;
};

struct Written {
  std::shared_ptr<ConvertedBatch> batch;
  BatchResult result;
};

//! Batches are reused: at most queue_batches + 1 exist, whatever the table size.
class BatchPool {
 public:
  BatchPtr acquire() {
    std::lock_guard lock(mutex_);
    if (free_.empty()) return std::make_shared<Batch>();
    BatchPtr batch = std::move(free_.back());
    free_.pop_back();
    return batch;
  }
  void release(BatchPtr batch) {
    std::lock_guard lock(mutex_);
    free_.push_back(std::move(batch));
  }

 private:
  std::mutex mutex_;
  std::vector<BatchPtr> free_;
};

//! Whether a failed batch may be tried again: only what the driver says may pass with time.
bool retryable(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const DatabaseError& database) {
    return database.retryable();
  } catch (...) {
    return false;
  }
}

}  // namespace

std::vector<WriterStats> LoadCounters::writer_stats() const {
  std::vector<WriterStats> stats;
  for (const WriterCounters& writer : writers) {
    stats.push_back({writer.batches_ok, writer.batches_failed, writer.rows});
  }
  return stats;
}

LoadOutcome run_load_graph(const LoadStages& stages, std::size_t queue_batches,
                           LoadCounters& counters, std::atomic<bool>& stop) {
  LoadOutcome outcome;
  std::mutex error_mutex;
  auto fail = [&](std::exception_ptr error) {
    std::lock_guard lock(error_mutex);
    if (!outcome.error) outcome.error = error;
    stop = true;
  };
  BatchPool pool;
  RetryTimer retry_timer(stop);

  // The reader blocks on the network: one arena slot more than the cores keeps the
  // transform's CPU work from waiting behind it.
  int slots = static_cast<int>(std::thread::hardware_concurrency()) + 1;
  tbb::global_control parallelism(tbb::global_control::max_allowed_parallelism, slots);
  tbb::task_arena arena(slots);
  arena.execute([&] {
    namespace flow = tbb::flow;
    flow::graph graph;
    using WriterNode = flow::async_node<Converted, Written>;

    flow::input_node<BatchPtr> reader(graph, [&](tbb::flow_control& control) -> BatchPtr {
      if (stop) {
        control.stop();
        return {};
      }
      BatchPtr batch = pool.acquire();
      try {
        batch->clear();
        if (!stages.read(*batch)) {
          control.stop();
          return {};
        }
      } catch (...) {
        fail(std::current_exception());
        control.stop();
        return {};
      }
      counters.rows_read += batch->rows;
      return batch;
    });

    flow::limiter_node<BatchPtr> in_flight(graph, queue_batches);

    flow::function_node<BatchPtr, Converted> transform(
        graph, flow::unlimited, [&](const BatchPtr& batch) {
          Converted converted;
          try {
            converted.batch = std::make_shared<ConvertedBatch>(stages.convert(*batch));
          } catch (...) {
            converted.error = std::current_exception();
          }
          pool.release(batch);
          return converted;
        });

    // A batch on its way to the destination: submitted, and again after a retryable failure,
    // until it commits or its attempts are spent; then it goes on through the gateway.
    struct Flight {
      WriterNode::gateway_type* gateway;
      Written written;
      std::size_t attempt = 1;
    };
    std::function<void(std::shared_ptr<Flight>)> send = [&](std::shared_ptr<Flight> flight) {
      stages.sink->submit(flight->written.batch->encoded, [&, flight](BatchResult result) {
        auto pass_on = [flight](BatchResult final_result) {
          flight->written.result = std::move(final_result);
          flight->gateway->try_put(flight->written);
          flight->gateway->release_wait();
        };
        if (result.error && !stop && flight->attempt < stages.retry_attempts &&
            retryable(result.error)) {
          ++flight->attempt;
          auto wait = retry_backoff(flight->attempt, stages.retry_max_wait);
          if (stages.retrying) {
            stages.retrying(*flight->written.batch->encoded, result.error, flight->attempt, wait);
          }
          ++counters.batches_retried;
          retry_timer.schedule(
              wait, [&, flight] { send(flight); },
              [pass_on, result]() mutable { pass_on(std::move(result)); });
          return;
        }
        pass_on(std::move(result));
      });
    };

    WriterNode writer(graph, flow::unlimited,
                      [&](const Converted& converted, WriterNode::gateway_type& gateway) {
                        Written written{converted.batch, {}};
                        if (converted.error || !stages.sink) {
                          written.result.error = converted.error;
                          if (converted.batch) written.result.rows = converted.batch->encoded->rows;
                          gateway.try_put(written);
                          return;
                        }
                        gateway.reserve_wait();
                        send(std::make_shared<Flight>(Flight{&gateway, written}));
                      });

    flow::function_node<Written, flow::continue_msg> account(
        graph, flow::serial, [&](const Written& written) {
          const BatchResult& result = written.result;
          WriterCounters& stats =
              counters.writers[std::min(result.writer, counters.writers.size() - 1)];
          if (result.error) {
            ++stats.batches_failed;
            fail(result.error);
            return flow::continue_msg();
          }
          ++stats.batches_ok;
          stats.rows += result.rows;
          counters.rows_written +=
              result.already_applied ? written.batch->encoded->rows : result.written;
          counters.rows_skipped += result.skipped;
          counters.rows_rejected += written.batch->reject_lines.size();
          ++counters.batches_done;
          outcome.committed.rows += written.batch->digest.rows;
          outcome.committed.hash_sum += written.batch->digest.hash_sum;
          try {
            stages.committed(*written.batch, result);
          } catch (...) {
            fail(std::current_exception());
          }
          return flow::continue_msg();
        });

    flow::make_edge(reader, in_flight);
    flow::make_edge(in_flight, transform);
    flow::make_edge(transform, writer);
    flow::make_edge(writer, account);
    flow::make_edge(account, in_flight.decrementer());

    reader.activate();
    graph.wait_for_all();
  });
  return outcome;
}

}  // namespace etl
