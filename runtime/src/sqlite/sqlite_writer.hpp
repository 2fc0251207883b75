// The write side of an SQLite store: one connection that commits batches of
// appends (see store/group_commit.hpp), checkpoints and projections. Private
// to the runtime.
//
// Invariants of a batch (design notes):
//  1. One BEGIN IMMEDIATE ... COMMIT per batch; with more than one append in
//     it, each append runs inside its own SAVEPOINT, so a refused append,
//     or one whose statement failed with the transaction still open, is
//     rolled back alone and the others still commit (note 7: when SQLite
//     closed the transaction, all fail). Unless no append needs it (note 9).
//  2. The expected version is checked and the stream's version moved by one
//     statement on `streams` (UPDATE ... WHERE version = expected, or an
//     INSERT that must not find the stream), so the hot path reads nothing
//     it does not write.
//  3. An append is refused when that statement changes no row, or an event
//     id or its command id is already in the log; only then is the log read
//     to tell an idempotent retry from a conflict (store/retries.hpp), and
//     to find the current version. Each event row keeps the stream versions
//     of its whole append (append_first, append_last) for that check; the
//     command id is recorded in `commands` by the append that carries it.
//  4. Positions come from AUTOINCREMENT inside the one write transaction,
//     so a batch's events, and each append's, are contiguous.
//  5. A job is settled Appended only once COMMIT returned SQLITE_OK; a failed
//     COMMIT makes every outcome of the batch an error: an Appended, and a
//     Conflict or a `duplicate` read inside the transaction, which may have
//     seen the batch's own uncommitted rows.
//  6. Every statement's result is checked: BEGIN, SAVEPOINT, RELEASE,
//     ROLLBACK TO and COMMIT as well as the appends'. When one of the
//     savepoint statements fails, the whole batch is rolled back and every
//     job fails with that error.
//  7. After an error SQLite may roll the whole transaction back on its own
//     (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM, ...): after every append the
//     writer asks (sqlite3_get_autocommit), and when the transaction is gone
//     every job of the batch fails and nothing more runs, so no statement
//     ever runs, and commits, outside the batch's transaction.
//  8. The transaction never outlives commit() or project(): a
//     TransactionGuard rolls it back when it ends uncommitted, by a failure
//     or an exception, so the write lock is released and the next BEGIN
//     works. A projection's statements refuse to run once SQLite has rolled
//     its transaction back (note 7), whatever the handler does with errors.
//
//  9. A batch is first tried without savepoints (commit_together): an
//     append refused by its expected version (the stream's row unchanged)
//     or with nothing to write has written nothing, so there is nothing to
//     roll back. Only when an append is refused or fails after writing (an
//     event id or command id already in the log: a retry; an I/O error), or
//     SQLite rolled the transaction back, is the whole transaction rolled
//     back, its outcomes forgotten, and the batch run again with a savepoint
//     per append (commit_each), which gives each append the outcome it
//     would have had. A SAVEPOINT and RELEASE per append cost 5-11% of the
//     raw writer's batched throughput (bench/, raw_batched_savepoints_ratio).
//
//             BEGIN IMMEDIATE                 COMMIT ok
//   idle -----------------------> batch open -----------> idle, outcomes stand
//                                   |     ^
//                         SAVEPOINT |     | RELEASE (appended), or
//                                   v     | ROLLBACK TO + RELEASE (refused, failed)
//                                 in an append
//
//   From any state but idle, on a failed SAVEPOINT, RELEASE, ROLLBACK TO or
//   COMMIT, SQLite rolling the transaction back (note 7) or a throw:
//     ROLLBACK (if still open) --> idle, every job of the batch an error.
//
//   transition                  where
//   idle -> batch open          TransactionGuard::begin
//   into and out of an append   Writer::commit_each (savepoint_, release_, rollback_to_)
//   batch open -> idle          TransactionGuard::commit; abandon() and lost() in
//                               Writer::commit; ~TransactionGuard on a throw
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "mealy/store.hpp"
#include "sqlite_handle.hpp"

namespace mealy::sqlite {

// An append waiting for, or settled by, a batch.
struct AppendJob {
  const AppendRequest* request = nullptr;
  std::optional<Result<AppendOutcome>> outcome;
};

class Writer {
 public:
  // Prepares the writer's statements on `connection`, which must outlive it.
  static Result<std::unique_ptr<Writer>> create(Connection& connection);

  // Commits `batch` in one transaction and settles each job. Returns the last
  // position written (0 when nothing was). When it throws (out of memory),
  // the transaction has been rolled back and no outcome of the batch holds.
  std::uint64_t commit(std::span<AppendJob* const> batch);

  Result<bool> compare_and_set_checkpoint(std::string_view name,
                                          std::optional<std::uint64_t> expected,
                                          std::uint64_t next);
  // EventStore::project on this connection. When `write` (or the writer,
  // out of memory) throws, the transaction is rolled back and the exception
  // goes on to the caller as it came.
  Result<bool> project(std::string_view name, std::optional<std::uint64_t> expected,
                       std::uint64_t next, const std::function<Status(SqlTransaction&)>& write);
  // The writer's connection, for the copy's writes (sqlite_copy.hpp), under
  // the same lock as the writer's own.
  Connection& connection() { return db_; }

 private:
  explicit Writer(Connection& connection) : db_(connection) {}
  enum class Attempt { appended, refused, failed };
  // Writes one append; `wrote`: whether it may have written anything
  // (false when refused by its expected version, or with no events).
  Attempt attempt(AppendJob& job, std::string_view recorded_at, std::uint64_t& last_position,
                  bool& wrote);
  // Note 9: the batch without savepoints; nullopt, with the transaction
  // rolled back, when an append needs one. commit_each: with them.
  std::optional<std::uint64_t> commit_together(std::span<AppendJob* const> batch);
  std::uint64_t commit_each(std::span<AppendJob* const> batch);
  Result<bool> move_stream(const AppendRequest& request, std::uint64_t& last_version);
  Result<AppendOutcome> resolve(const AppendRequest& request);
  Status run(Statement& statement, std::string_view what);
  // Ends the connection's transaction, if one is open (note 8). Never throws.
  void roll_back() noexcept;
  // What commit() and project() run in (note 8); in the .cpp file.
  class TransactionGuard;

  friend class WriterTransaction;
  Result<Statement*> cached(std::string_view sql);

  Connection& db_;
  Statement begin_, commit_, rollback_, savepoint_, release_, rollback_to_;
  Statement advance_stream_, create_stream_, extend_stream_, insert_event_, put_snapshot_;
  Statement find_event_, stream_version_, insert_checkpoint_, update_checkpoint_;
  Statement insert_command_, find_command_;
  std::map<std::string, Statement, std::less<>> projection_statements_;
  std::string metadata_json_;
};

}  // namespace mealy::sqlite
