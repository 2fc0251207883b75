// The notebook server's executor: a process manager that follows
// ExecutionRequested and drives the cell's execution through commands.
//
// Design notes:
//  1. Every step is a command on the Cell aggregate: StartExecution, then
//     CompleteExecution or FailExecution. So every step is an event, and
//     the machine decides whether it still applies (a cancelled execution's
//     result is rejected as stale).
//  2. It is a catch-up subscription (checkpoint "notebook.executor"): after
//     a crash it sees again the requests of the page it had not
//     checkpointed. Its commands carry ids derived from the execution id and
//     the step, so a step taken before the crash is not taken twice: the
//     repository answers the first outcome (duplicate) instead. A request
//     whose cell is no longer Queued for it (started, cancelled, deleted) is
//     passed over; one that was started but not finished runs again.
//  3. Sql cells run their source with EventStore::read_sql as untrusted SQL:
//     one SELECT over the tables notebooks, cells and executions only (never
//     the store's own), in a read transaction, within `time_limit` and
//     `row_limit`; the result is one output of type
//     application/vnd.mealy.table+json: {"columns":[...],"rows":[[...]],
//     "truncated":bool}, values as text or null. Anything the store refuses
//     (a write, another table, a syntax error, the time limit) fails the
//     execution with an ExecutionError naming it. Other kinds of cell fail
//     with `NoKernel`: no kernel runs them here. Nothing a cell says can
//     write to the store or to the file system.
#pragma once

#include <chrono>
#include <memory>

#include "mealy/subscription.hpp"
#include "notebook_access.hpp"

namespace eventbook::notebook {

struct ExecutorOptions {
  std::chrono::milliseconds time_limit{2'000};
  std::size_t row_limit = 1'000;
  std::string kernel = "mealy-sql/1 (SQLite, read-only)";
};

class Executor {
 public:
  // Follows the log on a thread of its own; `store`, `cells` must outlive it.
  static mealy::Result<std::unique_ptr<mealy::Subscription>> start(
      mealy::EventStore& store, CellRepository& cells, ExecutorOptions options = {},
      mealy::SubscriptionOptions subscription = {});

  // Runs one requested execution to its end (design notes 1 and 2); errors
  // only when the store fails.
  static mealy::Status run(mealy::EventStore& store, CellRepository& cells,
                           const ExecutorOptions& options, std::string_view cell_id,
                           const mealy::Uuid& execution_id);

  // The command id of step `step` of an execution (design note 2).
  static mealy::Uuid step_id(const mealy::Uuid& execution_id, std::string_view step);

  static constexpr std::string_view kName = "notebook.executor";
};

}  // namespace eventbook::notebook
