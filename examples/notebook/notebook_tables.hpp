// The notebook's read model: the tables EventBook's seed names, kept from the
// log by one projection, and what the views and SQL cells read.
//
//   notebooks  (id, title, owner, members, archived, created_at, changed_by,
//               changed_at, version, position, aggregate)
//   cells      (id, notebook, kind, source, position_index, state,
//               execution_count, last_run, deleted, changed_by, changed_at,
//               version, position, aggregate)
//   executions (id, cell, notebook, status, requested_by, kernel, outputs,
//               error, requested_at, started_at, finished_at, elapsed_ms,
//               position)
//
// Design notes:
//  1. One projection ("notebook.tables", subscription.hpp) applies the
//     Notebook and Cell events in log order and commits each page's rows
//     with its checkpoint: the tables always show a prefix of the log, and
//     every event is applied exactly once, across crashes too.
//  2. A notebook's and a cell's row keeps the aggregate itself (its
//     snapshot form, `aggregate`), evolved by the generated code and the
//     host's hooks, so the columns are what the machine says, never a second
//     reading of the events.
//  3. `position` is the log position of the last event applied to the row.
//     Because pages commit whole and in order, a reader that sees a row at
//     position p sees every event up to p of the same notebook: the views'
//     deltas ("cells changed after cursor c") rest on it.
//  4. A deleted cell keeps its row (deleted = 1), so that a client holding
//     the cell learns of its deletion from a delta.
//  5. Text columns hold timestamps as RFC 3339 and lists and records as
//     JSON. position_index sorts byte-wise (COLLATE "C" on PostgreSQL), as
//     fractional indexes must.
//  6. The tables carry a fingerprint of their layout and of both machines
//     (in the store's state_tables); another fingerprint at start drops and
//     rebuilds them from the log.
#pragma once

#include <memory>

#include "mealy/subscription.hpp"
#include "notebook_host.hpp"

namespace eventbook::notebook {

class NotebookTables {
 public:
  // Creates or rebuilds the tables (design note 6); the store must have SQL.
  static mealy::Status prepare(mealy::EventStore& store);

  // Follows the log on a thread of its own (prepare() first). The hosts
  // must outlive the subscription.
  static mealy::Result<std::unique_ptr<mealy::Subscription>> start(
      mealy::EventStore& store, NotebookHost& notebook_host, CellHost& cell_host,
      mealy::SubscriptionOptions options = {});

  // Brings the tables up to date on the calling thread; the position reached.
  static mealy::Result<std::uint64_t> run(mealy::EventStore& store, NotebookHost& notebook_host,
                                          CellHost& cell_host);

  // The tables an SQL cell may read.
  static const std::vector<std::string>& readable_tables();

  // The projection's checkpoint name.
  static constexpr std::string_view kName = "notebook.tables";
};

}  // namespace eventbook::notebook
