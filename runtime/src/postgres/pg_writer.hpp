// The write side of a PostgreSQL store: batches of appends (see
// store/group_commit.hpp), each one transaction. Private to the runtime.
//
// Design notes: a change feed that never skips.
//
// On PostgreSQL, numbers drawn from a sequence are not handed out in commit
// order: transaction A may draw position 10, transaction B position 11, and
// B commit first. A reader that then reads "after 9" sees 11, moves its
// cursor past it, and never sees 10 when A commits. The store avoids this by
// serializing the assignment of positions instead of repairing it on reads:
//
//  1. Positions come from the one row of `log_head`. A batch locks that row
//     first (SELECT ... FOR UPDATE), numbers its events from the position it
//     read, writes them, sets the row to its last position and commits; the
//     row lock is held until the commit (or rollback) ends the transaction.
//  2. So the transactions that write events commit one after another, in
//     position order: a writer cannot take positions until the previous
//     writer has committed (and is visible to every snapshot taken after)
//     or rolled back (and its positions are taken again). Committed
//     positions are always exactly 1 .. log_head.position: gap-free.
//  3. A reader reads the events after its cursor and log_head in one
//     statement (one snapshot): every position up to the head it saw is
//     committed and in that snapshot, so the cursor never passes an event
//     that commits later, and an append rolled back leaves no gap to wait on.
//  4. Stream rows are written only under the head lock, so the expected
//     version is checked by a conditional statement on `streams` without a
//     check-then-insert race, and two batches never deadlock on stream rows.
//  5. Each append is one statement: it moves its stream only when the
//     expectation holds and none of its event ids is in the log, and only
//     then moves log_head and inserts the events (data-modifying WITH
//     queries that hang on the stream's row). A refused append writes
//     nothing, so the batch goes on without savepoints; the whole batch
//     (BEGIN, the head's lock, every append, NOTIFY, COMMIT) is sent in one
//     libpq pipeline: one round trip. Refused appends are told apart
//     (idempotent retry, conflict) by reading the log after the commit. A
//     statement that fails (bad JSON, a lost connection) aborts the whole
//     transaction: then each append of the batch runs again alone, so a
//     failing append fails alone.
//  6. A job is settled Appended only when COMMIT succeeded; a failed COMMIT
//     turns every fresh Appended of the batch into an error (the outcome of
//     a commit whose connection was lost is unknown: retrying with the same
//     event ids is safe, it comes back as a duplicate if it had committed).
//
// Trade-offs (measured in bench/, see the runtime README):
//  - Throughput: appends to the whole store, from every process, commit one
//    transaction at a time, for the time a batch holds the head row (its
//    statements and its commit, including the WAL flush). Group commit
//    amortizes that over up to max_batch appends of one process; processes
//    that write at once take turns. A transaction-id horizon or a high-water
//    mark would let writers overlap, at the price of readers waiting for, or
//    re-reading, positions that may still commit.
//  - A long-open transaction: only a batch holds the head lock, and never
//    while waiting for application code; a stuck writer (a client paused
//    mid-batch) stops every append until its connection's statement or idle
//    timeout ends it. Readers never wait: they read a snapshot.
//  - A crashed writer: the server rolls its transaction back when the
//    connection drops, releasing the lock; its positions are taken by the
//    next writer. Nothing half-written is ever visible.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "mealy/store.hpp"
#include "pg_connection.hpp"

namespace mealy::postgres {

// An append waiting for, or settled by, a batch.
struct AppendJob {
  const AppendRequest* request = nullptr;
  std::optional<Result<AppendOutcome>> outcome;
};

// Commits `batch` on `connection` in one transaction and settles each job.
// Returns the last position written (0 when nothing was).
std::uint64_t commit_batch(Connection& connection, std::span<AppendJob* const> batch);

}  // namespace mealy::postgres
