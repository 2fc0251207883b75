// WAL checkpoints off the commit path: a thread of the store's own, on a
// connection of its own. Private to the runtime.
//
// Design notes:
//  1. Why. SQLite's automatic checkpoint runs inside the committing call
//     once the WAL holds wal_autocheckpoint pages (1,000): every ~50
//     commits one append copies the WAL into the database file and syncs
//     both, milliseconds instead of tens of microseconds. That was the p99.9
//     of one writer (bench/, handle_latency_*). The store's writer connection
//     has it off (PRAGMA wal_autocheckpoint = 0, by installing its own WAL
//     hook, which replaces SQLite's).
//  2. Trigger. The hook (sqlite3_wal_hook) runs after each commit of the
//     writer's connection with the WAL's page count: it stores the count and,
//     once checkpoint_pages have come since what the last checkpoint copied,
//     wakes the thread (an atomic flag, so the mutex is taken once per
//     checkpoint, not per commit). Counting from what was copied, not from
//     the WAL's start, matters when the WAL cannot start over (readers keep
//     old snapshots, as busy threads do): asking at every commit past the
//     threshold ran ~2,400 checkpoints for 10,000 appends of 8 threads at
//     synchronous = FULL, each syncing both files (bench/).
//  3. The checkpoint. PASSIVE: it copies what no reader still needs and
//     takes no lock that writers wait for, so appends go on while it runs;
//     it syncs on this thread. Once every page is copied, SQLite's own
//     writer starts the WAL over from the beginning at its next transaction
//     (a RESTART in effect, without taking the write lock from the
//     appends), and PRAGMA journal_size_limit (four times checkpoint_pages)
//     cuts the file back when it does: the WAL file stays a few times
//     checkpoint_pages long. Four times, above the WAL's usual reach (twice
//     checkpoint_pages and a batch, note 4b): a bound at twice cut the file
//     back at nearly every restart under sustained appends, and the file
//     then grew again a block at a time, each commit's sync paying for the
//     allocation (bench/: at synchronous = FULL, nine alternated runs each,
//     group_commit_ratio_vs_raw_batched with 32 threads 0.76-0.83 with
//     twice, 0.77-0.88 with four times, medians 0.79 and 0.84; with 8
//     threads medians 0.87 and 0.89).
//  4. A long reader. A read transaction (another process, the sqlite3 shell)
//     pins its snapshot: no checkpoint may copy pages written after it, and
//     the WAL cannot start over, so it grows with every append. Each
//     checkpoint then reports pages left behind (checkpoints_incomplete);
//     the thread retries at most every kRetry while appends keep asking.
//  4b. Appends that never stop. A PASSIVE checkpoint cannot copy the frames
//     appended while it runs, so under appends that never pause no
//     checkpoint ends with every page copied and the WAL never starts over:
//     it grew to tens of megabytes in a test, and with synchronous = FULL
//     each commit then synced newly allocated blocks of the file (on ext4,
//     a journal commit each time): half the speed of a raw writer whose
//     automatic checkpoint, run inside its commits, lets the WAL start over
//     (bench/, group_commit_ratio_vs_raw_batched_sync_full). So once the WAL
//     is past twice checkpoint_pages and a PASSIVE
//     checkpoint left pages behind, the thread asks the next batch's leader
//     to run a RESTART checkpoint on the writer's connection before its
//     BEGIN (restart_if_asked): no append is under way then, the PASSIVE one
//     has copied all but the last frames, so it copies those, syncs the
//     database file and makes the next commit start the WAL over, on the
//     commit path of one batch per 2 x checkpoint_pages pages (the raw
//     writer's autocheckpoint copies everything there, once per
//     checkpoint_pages). It never sleeps: the writer's busy handler is off
//     for it, and a reader that still uses the WAL makes it give up
//     (SQLITE_BUSY, counted as incomplete) until the next ask. While the
//     leader is asked, the thread does not checkpoint (the two took each
//     other's checkpoint lock: every restart failed). Only with
//     synchronous = FULL: there each commit syncs anyway and the growth
//     halved the speed (group commit at 0.50-0.61 of the raw writer's
//     batches, 0.77-0.93 with restarts); with NORMAL commits do not sync,
//     growth cost nothing measurable, and the restart's sync of the database
//     file on the commit path took the one-thread p99.9 from 0.2-0.8 ms to
//     4-5 ms, so there the WAL grows up to wal_limit_pages (note 5) under
//     appends that never stop, and starts over whenever they pause.
//  5. The bound. Past limit_pages (after a commit), the next batch waits
//     before BEGIN (wait_for_room) while the thread runs TRUNCATE
//     checkpoints every kRetry: writers are waiting anyway, so taking the
//     write lock costs nothing more, and once the reader is gone the WAL is
//     copied and cut to zero bytes, and the batch goes on. When that takes
//     longer than busy_timeout (the reader stays), the batch fails as
//     `unavailable`, nothing written, with a message that names the cause;
//     the next batch waits again. So the WAL never holds much more than
//     limit_pages plus one batch. (SQLite's own TRUNCATE waits for readers in
//     its busy handler; this connection has none, so a blocked TRUNCATE
//     returns at once and the retry is ours.)
//  6. Failures. A checkpoint that fails (an I/O error, a full disk) loses
//     nothing: the WAL keeps every committed page and the next checkpoint
//     copies them again. It is counted, its message kept, and retried on
//     the next request (not sooner than kRetry). Appends never see it,
//     unless the WAL reaches the bound and stays there (note 5).
//  7. Stopping. The destructor sets `stopping_`, wakes the thread and joins
//     it: a checkpoint under way ends first (PASSIVE never waits on a lock;
//     TRUNCATE has no busy handler), then the connection is closed. Waiters
//     in wait_for_room are released with an error. The store destroys the
//     checkpointer before its reader and writer connections, so that the
//     writer's close, the last, does SQLite's final checkpoint and removes
//     the WAL.
//  8. Priority. The thread runs kNicer nice levels below the process (Linux
//     keeps a nice value per thread): on a machine with few cores a
//     checkpoint then waits for the appends' threads instead of taking the
//     core from one of them mid-commit. Starved for long, it lets the WAL
//     reach the bound, where appends wait and it runs (note 5).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "mealy/store.hpp"
#include "sqlite_handle.hpp"

namespace mealy::sqlite {

class Checkpointer {
 public:
  // Opens the checkpointer's connection to `path` (through options'
  // sqlite_vfs), turns the writer's automatic checkpoints off, installs the
  // hook on `writer` (which must outlive the checkpointer) and starts the
  // thread.
  static Result<std::unique_ptr<Checkpointer>> start(const std::string& path,
                                                     const StoreOptions& options,
                                                     Connection& writer);
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Called before each batch's BEGIN: returns at once unless the WAL is
  // past limit_pages; then waits for a checkpoint to take it back, at most
  // busy_timeout, and fails as `unavailable` when none could (note 5).
  Status wait_for_room();

  // The WAL's settings as applied (StoreSettings::Wal, but page_size).
  [[nodiscard]] std::size_t checkpoint_pages() const { return checkpoint_pages_; }
  [[nodiscard]] std::size_t limit_pages() const { return limit_pages_; }
  [[nodiscard]] std::int64_t journal_size_limit() const { return journal_size_limit_; }

  // Called by a batch's leader under the writer's mutex, before BEGIN: runs
  // the RESTART checkpoint the thread asked for, if it did (note 4b).
  void restart_if_asked();

  // Adds the WAL's counters to `counters`.
  void add_counters(StoreCounters& counters) const;

  // The least time between two checkpoints that left pages behind or failed.
  static constexpr std::chrono::milliseconds kRetry{5};
  // How much nicer the thread is than the process (note 8).
  static constexpr int kNicer = 5;

 private:
  Checkpointer(std::unique_ptr<Connection> connection, Connection& writer,
               const StoreOptions& options, std::int64_t journal_size_limit);
  static int on_commit(void* self, sqlite3* db, const char* schema, int pages);
  void run();
  // One checkpoint; true when every page of the WAL was copied.
  bool checkpoint(bool truncate);
  // The WAL did not start over after the last checkpoint (note 4b).
  [[nodiscard]] bool past_restart_bound() const {
    return wal_pages_.load(std::memory_order_relaxed) > 2 * checkpoint_pages_;
  }
  [[nodiscard]] bool over_limit(std::uint64_t pages) const {
    return limit_pages_ > 0 && pages > limit_pages_;
  }

  std::unique_ptr<Connection> connection_;
  Connection& writer_;
  const std::size_t checkpoint_pages_;
  const std::size_t limit_pages_;
  const std::int64_t journal_size_limit_;
  const std::chrono::milliseconds busy_timeout_;
  const bool restarts_wal_;  // synchronous = FULL (note 4b)

  std::atomic<std::uint64_t> wal_pages_{0};  // after the last commit (note 2)
  std::atomic<std::uint64_t> copied_{0};     // pages the last checkpoint had copied (note 2)
  std::atomic<bool> requested_{false};       // a checkpoint is asked for (note 2)
  std::atomic<bool> held_{false};            // writers wait at the limit (note 5)
  std::atomic<bool> restart_asked_{false};   // the next batch restarts the WAL (note 4b)

  mutable std::mutex mutex_;
  std::condition_variable wake_;  // the thread waits here
  std::condition_variable room_;  // writers at the limit wait here
  bool stopping_ = false;
  // Counters (under mutex_).
  std::uint64_t checkpoints_ = 0;
  std::uint64_t incomplete_ = 0;
  std::uint64_t restarts_ = 0;
  std::uint64_t errors_ = 0;
  std::string last_error_;
  std::uint64_t held_count_ = 0;
  std::chrono::nanoseconds held_time_{0};
  std::uint64_t failed_at_limit_ = 0;

  std::thread thread_;  // last: started once everything above is ready
};

}  // namespace mealy::sqlite
