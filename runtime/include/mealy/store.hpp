// The event store: an interface with an SQLite backend (the embedded
// default), a PostgreSQL one (many processes on many machines), and an
// in-memory one for tests.
//
//   auto store = mealy::open_store("sqlite:///var/lib/shop/events.db");
//   if (!store) { print(store.status().message()); return 1; }
//   auto outcome = (*store)->append({.stream = "Order-...", .expected =
//                                    mealy::ExpectedVersion::no_stream(), .events = {...}});
//
// Contract of every backend:
//  1. append() is one transaction: all of its events and its snapshot, or
//     nothing. Its events get contiguous global positions.
//  2. Positions are gap-free and never reused; a reader of the log never skips
//     an event that commits after it read past its position.
//  3. A stream that does not meet the expected version gives a Conflict
//     carrying the current version, never an error and never a partial write.
//  4. Appending event ids that were appended before is idempotent only for
//     an exact retry: when every one of them was appended before, as one
//     earlier append (the same stream, the same order, all of its events
//     and no others) with the same types, schema versions and payloads,
//     the original Appended comes back marked `duplicate` and nothing is
//     written. Any other overlap (some ids only, a part of an earlier
//     append, ids spanning two appends, another stream, a changed type,
//     version or payload) is a Conflict. (Events of stores made before
//     format 2 carry no append boundaries: for them the boundaries are not
//     checked.) A nil event id, or one id twice in a request, is an
//     invalid_argument error; so is a payload or snapshot state that is not
//     one JSON object as strict as the decoders read it (json::validate).
//  5. Nothing is reported as appended that was not committed.
//  6. Commands apply once: an append carrying a command id that is recorded
//     already writes nothing and gives the first append's outcome (see
//     AppendRequest::command_id), across store objects and processes.
//
// Failures (an I/O error, a full disk, code that throws):
//  - An error Status from append() means nothing of that append was
//    written (but for a crash right after a failed sync with synchronous =
//    full: runtime/README.md, "What a failure does"); retrying it, with the
//    same event ids, is safe either way.
//  - No failure outlives its call: the transaction is rolled back, the write
//    lock freed, and later calls, from this process or others, work.
//  - Appends that share a transaction fail together when the transaction
//    fails (SQLite rolled it back after an I/O error or a full disk, or its
//    COMMIT failed); a conflict or a duplicate is refused alone.
//  - Host code's exceptions pass through: when a projection's `write`
//    throws, its transaction is rolled back and the exception leaves
//    project() as it came (a Subscription stops with "the subscriber threw:
//    <what()>"). The store's own (an SQLite store out of memory) roll the
//    transaction back and become an error Status of StatusCode::internal
//    for each append of it: "sqlite:///x.db: appending to Order-1: rolled
//    back: std::bad_alloc".
//
// Thread safety: one store object may be used from any number of threads at
// once. Appends that arrive together share one transaction (group commit),
// each with its own expected-version check: a conflicting append fails alone.
// On SQLite files, readers have their own connections and never wait for the
// writer.
#pragma once

#include <array>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "mealy/event.hpp"
#include "mealy/inventory.hpp"
#include "mealy/result.hpp"

namespace mealy {

// What append() gives when it did not fail: committed, or refused.
using AppendOutcome = std::variant<Appended, Conflict>;

// A parameter of an SQL statement run by a projection.
using SqlValue = std::variant<std::nullptr_t, std::int64_t, double, std::string_view>;

// The database a projection's statements run on, for what differs between
// them (column types: SQLite's INTEGER and TEXT, PostgreSQL's bigint and
// jsonb).
enum class SqlDialect { sqlite, postgresql };

// The transaction a projection writes its rows in (see EventStore::project).
// Statements use the numbered parameters $1, $2, ... in the order they appear,
// which SQLite and PostgreSQL both understand.
class SqlTransaction {
 public:
  virtual ~SqlTransaction() = default;
  // Runs a statement that returns no rows.
  virtual Status execute(std::string_view sql, std::span<const SqlValue> params = {}) = 0;
  // Runs a query and gives its first row, each column as text (nullopt for
  // NULL), or nullopt when there is no row.
  virtual Result<std::optional<std::vector<std::optional<std::string>>>> query_row(
      std::string_view sql, std::span<const SqlValue> params = {}) = 0;
  // Whether the store's database has a table named `name` (as seen inside
  // this transaction).
  virtual Result<bool> table_exists(std::string_view name) = 0;
  // The database the statements run on.
  [[nodiscard]] virtual SqlDialect dialect() const = 0;
};

// How EventStore::read_sql runs a query.
struct SqlReadOptions {
  // The most rows read; a query with more gives these and `truncated`.
  std::size_t max_rows = 1'000;
  // Longer than this (0: no limit), the query is interrupted and read_sql
  // fails with StatusCode::deadline_exceeded.
  std::chrono::milliseconds timeout{0};
  // Empty: a trusted query (the app's own). Otherwise the query is
  // untrusted (a notebook's SQL cell): it must be one SELECT statement, may
  // read only these tables, and may call no function that reaches outside
  // the database; anything else fails with invalid_argument, naming what
  // was refused. PostgreSQL: unsupported (untrusted SQL runs on SQLite).
  std::vector<std::string> allowed_tables{};
};

// What EventStore::read_sql read: the columns' names and the rows, each
// value in its text form (SQLite's and PostgreSQL's own: an SQLite blob as
// its bytes, which need not be UTF-8), nullopt for NULL.
struct SqlRows {
  std::vector<std::string> columns{};
  std::vector<std::vector<std::optional<std::string>>> rows{};
  bool truncated = false;  // the query had more than max_rows rows
};

// How a store is opened.
struct StoreOptions {
  // SQLite's `synchronous` in WAL mode. normal: a commit survives a crash of
  // the process, but the last commits before a power loss or an OS crash may
  // be lost (the database stays consistent). full: every commit is on disk
  // when append() returns.
  enum class Synchronous { normal, full };
  Synchronous synchronous = Synchronous::normal;
  // How long a write waits for another process's write lock before it fails.
  std::chrono::milliseconds busy_timeout{5000};
  // The most appends that share one transaction (at most 4096).
  std::size_t max_batch = 256;
  // Whether opening a store file that does not exist creates it. false: the
  // open fails, saying there is no store there (for tools that only read).
  // On PostgreSQL: whether opening a database without tables creates them.
  bool create = true;
  // PostgreSQL: the most connections the store opens to the server at once
  // (appends take one per batch; reads, checkpoints and projections one
  // each; callers beyond it wait for one). Unused by SQLite.
  std::size_t max_connections = 8;
  // The SQLite VFS the store's files are opened through: the name of one
  // registered with sqlite3_vfs_register; empty for SQLite's default. For
  // tests (a VFS that injects I/O errors) and special file systems.
  std::string sqlite_vfs{};
  // SQLite files: WAL checkpoints are the store's own, off the commit path
  // (runtime/README.md, "WAL checkpoints"). A thread of the store's, on a
  // connection of its own, checkpoints (PASSIVE) once the WAL holds this
  // many pages (SQLite's own threshold: 1,000 pages, 4 MB).
  std::size_t wal_checkpoint_pages = 1000;
  // SQLite files: the bound on the WAL. Past this many pages (when a reader
  // keeps a snapshot open, so that no checkpoint can take the WAL back),
  // appends wait for a checkpoint to bring it back (a TRUNCATE once readers
  // allow), at most busy_timeout, then fail as `unavailable` with nothing
  // written. At least wal_checkpoint_pages; 0 for no bound.
  std::size_t wal_limit_pages = 65536;
};

// The settings a store runs with, as it applies them (EventStore::settings):
// read back from the database where it keeps them (SQLite's PRAGMAs), and
// after the store's own bounds (max_batch at most 4096).
struct StoreSettings {
  // The backend: "sqlite", "postgresql" or "memory".
  std::string backend;
  // Where the store lives, as url() says: the file, or the server without
  // its password.
  std::string url;
  // SQLite: PRAGMA synchronous of the writer's connection (nullopt for
  // another value, which the store never sets). Other backends: nullopt.
  std::optional<StoreOptions::Synchronous> synchronous;
  // SQLite: how long a write waits for another process's lock (PRAGMA
  // busy_timeout). Other backends: nullopt.
  std::optional<std::chrono::milliseconds> busy_timeout;
  // The most appends that share one transaction (group commit); 0 for a
  // backend without it (memory).
  std::size_t max_batch = 0;
  // PostgreSQL: the most connections to the server; 0 elsewhere.
  std::size_t max_connections = 0;
  // SQLite: PRAGMA journal_mode ("wal" for a file, "memory" in memory);
  // empty elsewhere.
  std::string journal_mode;
  // SQLite files: the WAL and its checkpoints (StoreOptions::wal_*).
  struct Wal {
    std::size_t page_size = 0;             // bytes of a page (PRAGMA page_size)
    std::size_t autocheckpoint_pages = 0;  // PRAGMA wal_autocheckpoint: 0, SQLite's own are off
    std::size_t checkpoint_pages = 0;      // the store's checkpointer runs past this many pages
    std::size_t limit_pages = 0;           // appends wait past this many (0: no bound)
    std::int64_t journal_size_limit = 0;   // bytes the WAL file is cut back to when it restarts
  };
  std::optional<Wal> wal;
};

// What a store has done since it was opened (EventStore::counters), for
// operators and benchmarks: the group commit's batches and waits, and on
// SQLite files the WAL checkpoints. Counters only grow.
struct StoreCounters {
  // Appends that went through a batch, and the batches (transactions).
  std::uint64_t appends = 0;
  std::uint64_t batches = 0;
  // Batches by size: [0] one append, [1] 2-3, [2] 4-7, [3] 8-15, ...,
  // [7] 128 and more.
  std::array<std::uint64_t, 8> batch_sizes{};
  // Time appends spent waiting for another caller's batch (while it led),
  // summed over appends; and time spent committing batches, summed over
  // batches (leaders).
  std::chrono::nanoseconds waited_for_leader{0};
  std::chrono::nanoseconds committing{0};
  // SQLite files: pages in the WAL after the last commit.
  std::uint64_t wal_pages = 0;
  // SQLite files: checkpoints the store's checkpointer ran, those that
  // could not take every page back (a reader held a snapshot), and those
  // that failed (an I/O error: nothing is lost, the next one retries), with
  // the last failure's message.
  std::uint64_t checkpoints = 0;
  std::uint64_t checkpoints_incomplete = 0;
  // SQLite files: checkpoints that started the WAL over while appends
  // paused, under appends that never stop (runtime/README.md, "WAL
  // checkpoints"); counted in `checkpoints` too.
  std::uint64_t wal_restarts = 0;
  std::uint64_t checkpoint_errors = 0;
  std::string last_checkpoint_error;
  // SQLite files: batches that waited at wal_limit_pages, how long in all,
  // and those that failed there after busy_timeout.
  std::uint64_t held_at_wal_limit = 0;
  std::chrono::nanoseconds waited_at_wal_limit{0};
  std::uint64_t failed_at_wal_limit = 0;
};

// A stored event as visit_stream() hands it out: what replaying it needs.
// The views are valid only during the call that receives them.
struct StoredEventView {
  std::uint64_t position = 0;        // global
  std::uint64_t stream_version = 0;  // from 1 within the stream
  std::string_view type{};
  std::uint32_t schema_version = 1;
  std::string_view payload{};  // the JSON object as appended
};

// What visit_stream() calls for each event, with the caller's `state`.
using StoredEventVisitor = Status (*)(void* state, const StoredEventView& event);

class EventStore {
 public:
  virtual ~EventStore() = default;
  EventStore() = default;
  EventStore(const EventStore&) = delete;
  EventStore& operator=(const EventStore&) = delete;

  // Appends `request.events` to `request.stream` if it meets
  // `request.expected` (see the contract above). An error Status only when
  // the store failed (I/O, a full disk, a lock held past busy_timeout).
  virtual Result<AppendOutcome> append(const AppendRequest& request) = 0;

  // Up to `max_count` events of `stream` from stream version `from_version`
  // (1 for all), in order. An empty vector for a stream with no events.
  virtual Result<std::vector<RecordedEvent>> read_stream(std::string_view stream,
                                                         std::uint64_t from_version,
                                                         std::size_t max_count) = 0;

  // Calls `visit(state, event)` for each of up to `max_count` events of
  // `stream` from stream version `from_version` (1 for all), in order, and
  // stops at the first call that does not return ok: its Status is the
  // result. Otherwise ok, or the store's error. What replaying an aggregate
  // needs, without a RecordedEvent per event: a backend may hand out views
  // into the row it is on (SQLite files do), valid only during that call.
  // `visit` may call this store (SQLite then reads on another connection).
  // The default reads pages of read_stream() and visits their events.
  virtual Status visit_stream(std::string_view stream, std::uint64_t from_version,
                              std::size_t max_count, StoredEventVisitor visit, void* state);

  // The same with a callable, `Status visit(const StoredEventView&)`.
  template <typename Visit>
  requires std::is_invocable_r_v<Status, Visit&, const StoredEventView&> Status visit_stream(
      std::string_view stream, std::uint64_t from_version, std::size_t max_count, Visit&& visit) {
    return visit_stream(
        stream, from_version, max_count,
        [](void* state, const StoredEventView& event) -> Status {
          return (*static_cast<std::remove_reference_t<Visit>*>(state))(event);
        },
        static_cast<void*>(&visit));
  }

  // The stream's current version (0 when it has no events).
  virtual Result<std::uint64_t> stream_version(std::string_view stream) = 0;

  // The change feed: up to `max_count` events matching `filter` at positions
  // after `after` (0 for the start), and the cursor to resume from.
  virtual Result<Page> read_all(std::uint64_t after, const Filter& filter,
                                std::size_t max_count) = 0;

  // The position of the last committed event (0 when there is none).
  virtual Result<std::uint64_t> head() = 0;

  // The record of command `command_id` (see AppendRequest::command_id);
  // nullopt when no append carried it.
  virtual Result<std::optional<CommandRecord>> read_command(const Uuid& command_id) = 0;

  // The latest snapshot of `stream` taken with schema `fingerprint`;
  // nullopt when there is none (snapshots of other fingerprints are ignored).
  virtual Result<std::optional<Snapshot>> read_snapshot(std::string_view stream,
                                                        std::uint64_t fingerprint) = 0;

  // The position stored under `name`; nullopt when none is.
  virtual Result<std::optional<std::uint64_t>> read_checkpoint(std::string_view name) = 0;

  // Sets checkpoint `name` to `next` if it is now `expected` (nullopt: not
  // set yet). False, and nothing written, when it is not.
  virtual Result<bool> compare_and_set_checkpoint(std::string_view name,
                                                  std::optional<std::uint64_t> expected,
                                                  std::uint64_t next) = 0;

  // Runs `write` in one transaction with compare_and_set_checkpoint(name,
  // expected, next): the rows `write` writes and the checkpoint commit
  // together or not at all. False when the checkpoint was not `expected`
  // (nothing written, `write` not called). An error, after rolling back,
  // when `write` fails (its Status), or when a statement failed, even if
  // `write` went on and returned ok: once SQLite has rolled the transaction
  // back after an error, every later statement of `write` fails. When
  // `write` throws, the transaction is rolled back and the exception leaves
  // project(). An error, without calling `write`, when the backend has no
  // SQL (in-memory).
  virtual Result<bool> project(std::string_view name, std::optional<std::uint64_t> expected,
                               std::uint64_t next,
                               const std::function<Status(SqlTransaction&)>& write) = 0;

  // Runs a read-only query on the store's database (projections' tables,
  // say) and gives its rows: in a read transaction of its own, never
  // writing, whatever the SQL says (a statement that would write fails
  // with invalid_argument, as does text after the first statement).
  // Parameters are $1, $2, ... as in SqlTransaction. SQLite reads in a WAL
  // snapshot beside the writer (an in-memory SQLite database: on the
  // writer's connection, holding appends back while it runs), PostgreSQL in
  // a READ ONLY transaction. An error, without reading, when the backend
  // has no SQL (in-memory: unsupported, which is what this default gives).
  // runtime/README.md, "Reading with SQL", says the rest.
  virtual Result<SqlRows> read_sql(std::string_view sql, std::span<const SqlValue> params = {},
                                   const SqlReadOptions& options = {});

  // Inventory, for tools (inventory.hpp). Each call is one consistent read;
  // none of them is on the path of append() or read_stream().
  //
  // A page of the streams that have events, in name order, with their
  // versions and last events (see StreamQuery).
  virtual Result<StreamPage> list_streams(const StreamQuery& query) = 0;

  // Counts of events and streams per category and type, the head, and the
  // store's size. Reads every event's category and type: a scan of the log.
  virtual Result<StoreStatistics> statistics() = 0;

  // Every snapshot of `stream`, of any fingerprint, by fingerprint; empty
  // when it has none.
  virtual Result<std::vector<Snapshot>> list_snapshots(std::string_view stream) = 0;

  // Every checkpoint, by name.
  virtual Result<std::vector<Checkpoint>> list_checkpoints() = 0;

  // Copying a store (the `mealy copy` tool): the log as it is kept, and
  // written back as it was, positions included.
  //
  // Up to `max_count` events after position `after`, with their append
  // boundaries and the commands recorded with them (see LogPage).
  virtual Result<LogPage> read_log(std::uint64_t after, std::size_t max_count) = 0;

  // Writes `page`'s events and commands as they are (ids, positions, stream
  // versions, types, payloads, metadata, recorded times, append
  // boundaries) in one transaction, and gives how many events it wrote.
  // The page must continue this log: its events in position order, those
  // after the head numbered from head + 1 without a gap, each one version
  // after its stream's. Events at positions the log holds already must be
  // the very events there (the same ids) and are skipped, as are commands
  // recorded already: writing a page again writes nothing (a copy resumes
  // after an interruption by writing its last page again). Anything else is
  // an invalid_argument error and nothing is written. Waiters of
  // wait_for_commit() are woken as by an append.
  virtual Result<std::size_t> import_log(const LogPage& page) = 0;

  // Writes `snapshot` as it is, replacing the stream's snapshot of the same
  // fingerprint (for copies; apps write snapshots with their appends).
  virtual Status put_snapshot(const Snapshot& snapshot) = 0;

  // Where the store lives, for messages: "sqlite:///path/to.db".
  [[nodiscard]] virtual const std::string& url() const = 0;

  // The settings in effect (see StoreSettings): an error only when the
  // database cannot be asked.
  virtual Result<StoreSettings> settings() = 0;

  // What the store has done since it was opened (see StoreCounters).
  [[nodiscard]] virtual StoreCounters counters() const = 0;

  // Blocks until an append through this object commits an event after
  // position `after`, `timeout` passes, or close_waiters() is called; true
  // when such an event is known to be committed. On SQLite, commits by other
  // processes are not signalled: readers that care poll with a timeout. On
  // PostgreSQL they are (LISTEN/NOTIFY), usually within milliseconds.
  bool wait_for_commit(std::uint64_t after, std::chrono::milliseconds timeout);

  // Wakes every wait_for_commit() (subscriptions stopping).
  void close_waiters();

 protected:
  // Backends call this after each commit, with the last position it wrote.
  void notify_committed(std::uint64_t last_position);

 private:
  std::mutex commit_mutex_;
  std::condition_variable commit_signal_;
  std::uint64_t committed_head_ = 0;
  std::uint64_t wake_generation_ = 0;
};

// Opens the store at `url`:
//   sqlite:///path/to.db   an SQLite file, created (with its tables) if
//                          missing; the directory must exist
//   sqlite::memory:        a private SQLite database in memory
//   memory:                the in-memory backend (no SQL; for tests)
//   postgresql://user:password@host:port/db?param=value...  (or postgres://)
//                          a PostgreSQL database, through libpq (its URIs
//                          and parameters), its tables created if it has
//                          none; builds without PostgreSQL say so
//   host=db1 dbname=shop user=app ...
//                          the same, as a libpq keyword/value connection
//                          string (any text whose first word is a keyword
//                          followed by '=')
// Errors name the file and say why: a missing directory, no permission, a
// read-only file, a file that is not a database or is corrupt, a store made
// by a newer mealy, a lock held past busy_timeout. PostgreSQL errors name
// the URL without its password.
Result<std::unique_ptr<EventStore>> open_store(std::string_view url,
                                               const StoreOptions& options = {});

}  // namespace mealy
