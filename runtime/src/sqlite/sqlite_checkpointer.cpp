#include "sqlite_checkpointer.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <utility>

namespace mealy::sqlite {
namespace {

// The WAL file's length for `pages` pages: a 32-byte header, and a 24-byte
// header per frame.
std::int64_t wal_bytes(std::size_t pages, std::int64_t page_size) {
  return 32 + static_cast<std::int64_t>(pages) * (page_size + 24);
}

}  // namespace

Result<std::unique_ptr<Checkpointer>> Checkpointer::start(const std::string& path,
                                                          const StoreOptions& options,
                                                          Connection& writer) {
  auto connection = Connection::open(path, SQLITE_OPEN_READWRITE, options.sqlite_vfs);
  if (!connection) return connection.status();
  // A connection opens its WAL at its first read; until then a checkpoint
  // on it does nothing and says so with log = copied = -1. (That read waits
  // for a lock as the store's other connections do.)
  sqlite3_busy_timeout((*connection)->get(), static_cast<int>(options.busy_timeout.count()));
  if (Status status =
          (*connection)->exec("SELECT count(*) FROM sqlite_schema", "opening the checkpointer");
      !status.ok()) {
    return status;
  }
  // No busy handler: a checkpoint never sleeps in SQLite (note 5).
  sqlite3_busy_timeout((*connection)->get(), 0);
  std::int64_t page_size = 4096;
  {
    auto statement = writer.prepare("PRAGMA page_size");
    if (!statement) return statement.status();
    Use use(*statement);
    const int code = use->step();
    if (code != SQLITE_ROW) return writer.error(code, "opening: reading the page size");
    page_size = use->int64(0);
  }
  const std::size_t checkpoint_pages = std::max<std::size_t>(options.wal_checkpoint_pages, 1);
  const std::int64_t limit = wal_bytes(4 * checkpoint_pages, page_size);  // note 3
  const std::string pragma = "PRAGMA journal_size_limit = " + std::to_string(limit);
  if (Status status = writer.exec(pragma.c_str(), "opening"); !status.ok()) return status;
  std::unique_ptr<Checkpointer> checkpointer(
      new Checkpointer(std::move(*connection), writer, options, limit));
  // Replaces SQLite's automatic checkpoint (note 1).
  sqlite3_wal_hook(writer.get(), &Checkpointer::on_commit, checkpointer.get());
  checkpointer->thread_ = std::thread([self = checkpointer.get()] { self->run(); });
  return checkpointer;
}

Checkpointer::Checkpointer(std::unique_ptr<Connection> connection, Connection& writer,
                           const StoreOptions& options, std::int64_t journal_size_limit)
    : connection_(std::move(connection)),
      writer_(writer),
      checkpoint_pages_(std::max<std::size_t>(options.wal_checkpoint_pages, 1)),
      limit_pages_(
          options.wal_limit_pages == 0 ? 0 : std::max(options.wal_limit_pages, checkpoint_pages_)),
      journal_size_limit_(journal_size_limit),
      busy_timeout_(options.busy_timeout),
      restarts_wal_(options.synchronous == StoreOptions::Synchronous::full) {}

Checkpointer::~Checkpointer() {
  sqlite3_wal_hook(writer_.get(), nullptr, nullptr);
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  room_.notify_all();
  if (thread_.joinable()) thread_.join();
  connection_.reset();
}

int Checkpointer::on_commit(void* self, sqlite3*, const char*, int pages) {
  auto& checkpointer = *static_cast<Checkpointer*>(self);
  const auto count = static_cast<std::uint64_t>(std::max(pages, 0));
  checkpointer.wal_pages_.store(count, std::memory_order_relaxed);
  if (checkpointer.over_limit(count)) checkpointer.held_.store(true);
  // Pages no checkpoint has copied yet (note 2); a WAL shorter than what was
  // copied has started over.
  const std::uint64_t copied = checkpointer.copied_.load(std::memory_order_relaxed);
  const std::uint64_t behind = count >= copied ? count - copied : count;
  if (behind < checkpointer.checkpoint_pages_ && !checkpointer.held_.load()) return SQLITE_OK;
  if (!checkpointer.requested_.exchange(true)) {
    std::lock_guard lock(checkpointer.mutex_);  // so that the thread cannot miss the wake-up
    checkpointer.wake_.notify_one();
  }
  return SQLITE_OK;
}

void Checkpointer::run() {
  // Below the appends' threads (note 8): a thread's own nice value on Linux.
  errno = 0;
  const int nice = ::getpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()));
  if (errno == 0)
    ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), std::min(nice + kNicer, 19));
  std::unique_lock lock(mutex_);
  for (;;) {
    if (held_.load()) {
      wake_.wait_for(lock, kRetry, [&] { return stopping_; });
    } else {
      // While a batch's leader is asked to restart the WAL, the thread does
      // not checkpoint: the two would take each other's checkpoint lock
      // (note 4b).
      wake_.wait(lock, [&] {
        return stopping_ || held_.load() || (requested_.load() && !restart_asked_.load());
      });
    }
    if (stopping_) return;
    const bool truncate = held_.load();
    requested_.store(false);
    lock.unlock();
    const bool whole = checkpoint(truncate);
    // A WAL that did not start over after the last checkpoint (note 4b).
    if (restarts_wal_ && !truncate && past_restart_bound()) restart_asked_.store(true);
    lock.lock();
    if (truncate && whole) {
      // The WAL is empty: appends go on (note 5).
      wal_pages_.store(0, std::memory_order_relaxed);
      held_.store(false);
      room_.notify_all();
    } else if (!whole) {
      wake_.wait_for(lock, kRetry, [&] { return stopping_; });  // note 4, 6
    }
  }
}

bool Checkpointer::checkpoint(bool truncate) {
  int log = -1;
  int copied = -1;
  const int code = sqlite3_wal_checkpoint_v2(
      connection_->get(), nullptr,
      truncate ? SQLITE_CHECKPOINT_TRUNCATE : SQLITE_CHECKPOINT_PASSIVE, &log, &copied);
  std::lock_guard lock(mutex_);
  ++checkpoints_;
  if (code == SQLITE_BUSY) {
    // TRUNCATE: a reader still uses the WAL; PASSIVE: another process checkpoints.
    ++incomplete_;
    return false;
  }
  if (code != SQLITE_OK) {
    ++errors_;
    last_error_ = connection_->error(code, "checkpointing the WAL").message();
    return false;
  }
  if (log < 0) {
    // Not in WAL mode (it cannot change under an open store): nothing was done.
    ++errors_;
    last_error_ = connection_->url() + ": checkpointing the WAL: the connection is not in WAL mode";
    return false;
  }
  copied_.store(static_cast<std::uint64_t>(copied), std::memory_order_relaxed);
  if (log != copied) {
    ++incomplete_;
    return false;
  }
  return true;
}

void Checkpointer::restart_if_asked() {
  if (!restart_asked_.load(std::memory_order_relaxed) || !restart_asked_.exchange(false)) return;
  if (!past_restart_bound()) {
    // The WAL started over since the thread asked: nothing to do.
    std::lock_guard lock(mutex_);
    wake_.notify_one();
    return;
  }
  sqlite3* const db = writer_.get();
  sqlite3_busy_timeout(db, 0);  // never sleep on the commit path (note 4b)
  int log = -1;
  int copied = -1;
  const int code = sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_RESTART, &log, &copied);
  sqlite3_busy_timeout(db, static_cast<int>(busy_timeout_.count()));
  std::lock_guard lock(mutex_);
  wake_.notify_one();  // the thread may checkpoint again
  ++checkpoints_;
  if (code == SQLITE_OK) {
    ++restarts_;
    copied_.store(0, std::memory_order_relaxed);  // the next commit starts the WAL over
  } else if (code == SQLITE_BUSY && log < 0) {
    // The thread's own checkpoint was running: the next batch tries again.
    restart_asked_.store(true);
  } else if (code == SQLITE_BUSY) {
    ++incomplete_;  // a reader still uses the WAL: the thread asks again later
  } else {
    ++errors_;
    last_error_ = writer_.error(code, "checkpointing the WAL").message();
  }
}

Status Checkpointer::wait_for_room() {
  if (!held_.load()) return {};
  std::unique_lock lock(mutex_);
  ++held_count_;
  const auto start = std::chrono::steady_clock::now();
  const bool room =
      room_.wait_until(lock, start + busy_timeout_, [&] { return !held_.load() || stopping_; });
  held_time_ += std::chrono::steady_clock::now() - start;
  if (room && !stopping_) return {};
  ++failed_at_limit_;
  std::string message =
      writer_.url() + ": appending: the WAL holds " +
      std::to_string(wal_pages_.load(std::memory_order_relaxed)) +
      " pages, past the store's limit of " + std::to_string(limit_pages_) +
      " (wal_limit_pages), and no checkpoint could take it back within busy_timeout (" +
      std::to_string(busy_timeout_.count()) +
      " ms): a reader keeps an old snapshot open (a long read transaction)";
  if (!last_error_.empty()) message += "; the last checkpoint error: " + last_error_;
  return {StatusCode::unavailable, std::move(message)};
}

void Checkpointer::add_counters(StoreCounters& counters) const {
  counters.wal_pages = wal_pages_.load(std::memory_order_relaxed);
  std::lock_guard lock(mutex_);
  counters.checkpoints += checkpoints_;
  counters.checkpoints_incomplete += incomplete_;
  counters.wal_restarts += restarts_;
  counters.checkpoint_errors += errors_;
  counters.last_checkpoint_error = last_error_;
  counters.held_at_wal_limit += held_count_;
  counters.waited_at_wal_limit += held_time_;
  counters.failed_at_wal_limit += failed_at_limit_;
}

}  // namespace mealy::sqlite
