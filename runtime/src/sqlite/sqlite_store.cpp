#include "sqlite_store.hpp"

#include <unistd.h>

#include <filesystem>
#include <system_error>

#include "sqlite_copy.hpp"
#include "sqlite_inventory.hpp"
#include "sqlite_schema.hpp"
#include "sqlite_sql_read.hpp"
#include "store/retries.hpp"
#include "store/thrown.hpp"

namespace mealy::sqlite {
namespace {

// Says why a file cannot be a store before SQLite gives a vaguer message.
Status check_file(const std::string& path, bool create) {
  namespace fs = std::filesystem;
  const std::string url = "sqlite://" + path;
  const fs::path file(path);
  const fs::path directory = file.has_parent_path() ? file.parent_path() : fs::path(".");
  std::error_code error;
  if (!fs::is_directory(directory, error)) {
    return {StatusCode::io_error,
            url + ": cannot open: the directory " + directory.string() + " does not exist"};
  }
  if (fs::exists(file, error)) {
    if (fs::is_directory(file, error))
      return {StatusCode::io_error, url + ": cannot open: it is a directory"};
    if (::access(path.c_str(), R_OK | W_OK) != 0) {
      return {StatusCode::io_error,
              url + ": cannot open for writing: the file is read-only or not ours (" +
                  std::error_code(errno, std::generic_category()).message() + ")"};
    }
  } else if (!create) {
    return {StatusCode::not_found,
            url + ": cannot open: there is no store (the file does not exist)"};
  } else if (::access(directory.c_str(), W_OK | X_OK) != 0) {
    return {StatusCode::io_error, url + ": cannot create the file: the directory " +
                                      directory.string() + " is not writable (" +
                                      std::error_code(errno, std::generic_category()).message() +
                                      ")"};
  }
  return {};
}

// The first column of `sql`'s first row, on `connection`.
Result<std::string> pragma_text(Connection& connection, const char* sql) {
  auto statement = connection.prepare(sql);
  if (!statement) return statement.status();
  Use use(*statement);
  const int code = use->step();
  if (code != SQLITE_ROW) return connection.error(code, std::string("reading ") + sql);
  return std::string(use->text(0));
}

Result<std::int64_t> pragma_number(Connection& connection, const char* sql) {
  auto text = pragma_text(connection, sql);
  if (!text) return text.status();
  return std::stoll(*text);
}

}  // namespace

SqliteStore::SqliteStore(std::string path, const StoreOptions& options)
    : path_(std::move(path)),
      url_(path_ == ":memory:" ? "sqlite::memory:" : "sqlite://" + path_),
      options_(options),
      in_memory_(path_ == ":memory:"),
      group_commit_(options.max_batch) {}

SqliteStore::~SqliteStore() {
  close_waiters();
  // Its thread stops first, and its connection closes before the writer's,
  // whose close then checkpoints the WAL and removes it.
  checkpointer_.reset();
  // Readers first: their statements belong to their connections.
  pool_.clear();
  memory_reader_.reset();
  writer_.reset();
  writer_connection_.reset();
}

Result<std::unique_ptr<EventStore>> SqliteStore::open(const std::string& path,
                                                      const StoreOptions& options) {
  const bool in_memory = path == ":memory:";
  if (!in_memory) {
    if (Status status = check_file(path, options.create); !status.ok()) return status;
  }
  std::unique_ptr<SqliteStore> store(new SqliteStore(path, options));
  auto connection = Connection::open(
      path, SQLITE_OPEN_READWRITE | (options.create ? SQLITE_OPEN_CREATE : 0), options.sqlite_vfs);
  if (!connection) return connection.status();
  store->writer_connection_ = std::move(*connection);
  if (Status status = prepare_store(*store->writer_connection_, options, in_memory); !status.ok())
    return status;
  auto writer = Writer::create(*store->writer_connection_);
  if (!writer) return writer.status();
  store->writer_ = std::move(*writer);
  if (in_memory) {
    auto reader = Reader::create(*store->writer_connection_);
    if (!reader) return reader.status();
    store->memory_reader_ = std::move(*reader);
  } else {
    // Open one reader now, so that an unreadable file fails here.
    auto reader = store->new_reader();
    if (!reader) return reader.status();
    store->pool_.push_back(std::move(*reader));
    auto checkpointer = Checkpointer::start(path, options, *store->writer_connection_);
    if (!checkpointer) return checkpointer.status();
    store->checkpointer_ = std::move(*checkpointer);
  }
  return std::unique_ptr<EventStore>(std::move(store));
}

Result<std::unique_ptr<SqliteStore::PooledReader>> SqliteStore::new_reader() {
  auto connection = Connection::open(path_, SQLITE_OPEN_READWRITE, options_.sqlite_vfs);
  if (!connection) return connection.status();
  if (Status status = prepare_reader(**connection, options_); !status.ok()) return status;
  auto reader = Reader::create(**connection);
  if (!reader) return reader.status();
  auto pooled = std::make_unique<PooledReader>();
  pooled->connection = std::move(*connection);
  pooled->reader = std::move(*reader);
  return pooled;
}

template <typename Read>
auto SqliteStore::with_reader(Read&& read) -> decltype(read(std::declval<Reader&>())) {
  if (in_memory_) {
    std::lock_guard lock(writer_mutex_);
    return read(*memory_reader_);
  }
  std::unique_ptr<PooledReader> pooled;
  {
    std::lock_guard lock(pool_mutex_);
    if (!pool_.empty()) {
      pooled = std::move(pool_.back());
      pool_.pop_back();
    }
  }
  if (!pooled) {
    auto created = new_reader();
    if (!created) return created.status();
    pooled = std::move(*created);
  }
  auto result = read(*pooled->reader);
  std::lock_guard lock(pool_mutex_);
  pool_.push_back(std::move(pooled));
  return result;
}

Result<AppendOutcome> SqliteStore::append(const AppendRequest& request) {
  if (Status status = detail::check_request(request); !status.ok()) return status;
  AppendJob job{&request, std::nullopt};
  try {
    group_commit_.run(job, [&](std::span<AppendJob* const> batch) {
      if (checkpointer_) {
        if (Status room = checkpointer_->wait_for_room(); !room.ok()) {
          for (AppendJob* each : batch)
            each->outcome.emplace(room);
          return;
        }
      }
      std::uint64_t last_position = 0;
      {
        std::lock_guard lock(writer_mutex_);
        if (checkpointer_) checkpointer_->restart_if_asked();
        last_position = writer_->commit(batch);
      }
      if (last_position > 0) notify_committed(last_position);
    });
  } catch (...) {
    // The batch was rolled back (Writer::commit); every append of it fails.
    return detail::thrown_status(url_ + ": appending to " + request.stream + ": rolled back");
  }
  return std::move(*job.outcome);
}

Result<StoreSettings> SqliteStore::settings() {
  StoreSettings settings;
  settings.backend = "sqlite";
  settings.url = url_;
  settings.max_batch = group_commit_.max_batch();
  std::lock_guard lock(writer_mutex_);
  Connection& db = *writer_connection_;
  auto synchronous = pragma_number(db, "PRAGMA synchronous");
  if (!synchronous) return synchronous.status();
  if (*synchronous == 1) settings.synchronous = StoreOptions::Synchronous::normal;
  if (*synchronous == 2) settings.synchronous = StoreOptions::Synchronous::full;
  auto busy_timeout = pragma_number(db, "PRAGMA busy_timeout");
  if (!busy_timeout) return busy_timeout.status();
  settings.busy_timeout = std::chrono::milliseconds(*busy_timeout);
  auto journal_mode = pragma_text(db, "PRAGMA journal_mode");
  if (!journal_mode) return journal_mode.status();
  settings.journal_mode = std::move(*journal_mode);
  if (checkpointer_) {
    StoreSettings::Wal wal;
    auto page_size = pragma_number(db, "PRAGMA page_size");
    if (!page_size) return page_size.status();
    wal.page_size = static_cast<std::size_t>(*page_size);
    auto autocheckpoint = pragma_number(db, "PRAGMA wal_autocheckpoint");
    if (!autocheckpoint) return autocheckpoint.status();
    wal.autocheckpoint_pages = static_cast<std::size_t>(*autocheckpoint);
    auto journal_size_limit = pragma_number(db, "PRAGMA journal_size_limit");
    if (!journal_size_limit) return journal_size_limit.status();
    wal.journal_size_limit = *journal_size_limit;
    wal.checkpoint_pages = checkpointer_->checkpoint_pages();
    wal.limit_pages = checkpointer_->limit_pages();
    settings.wal = wal;
  }
  return settings;
}

StoreCounters SqliteStore::counters() const {
  StoreCounters counters;
  group_commit_.add_counters(counters);
  if (checkpointer_) checkpointer_->add_counters(counters);
  return counters;
}

Result<std::vector<RecordedEvent>> SqliteStore::read_stream(std::string_view stream,
                                                            std::uint64_t from_version,
                                                            std::size_t max_count) {
  return with_reader(
      [&](Reader& reader) { return reader.read_stream(stream, from_version, max_count); });
}

Status SqliteStore::visit_stream(std::string_view stream, std::uint64_t from_version,
                                 std::size_t max_count, StoredEventVisitor visit, void* state) {
  // In memory the one connection is read under writer_mutex_: a visitor
  // that called the store would wait for itself, so it gets copies, read
  // with the lock released before it is called.
  if (in_memory_) return EventStore::visit_stream(stream, from_version, max_count, visit, state);
  return with_reader([&](Reader& reader) {
    return reader.visit_stream(stream, from_version, max_count, visit, state);
  });
}

Result<std::uint64_t> SqliteStore::stream_version(std::string_view stream) {
  return with_reader([&](Reader& reader) { return reader.stream_version(stream); });
}

Result<Page> SqliteStore::read_all(std::uint64_t after, const Filter& filter,
                                   std::size_t max_count) {
  return with_reader([&](Reader& reader) { return reader.read_all(after, filter, max_count); });
}

Result<std::uint64_t> SqliteStore::head() {
  return with_reader([&](Reader& reader) { return reader.head(); });
}

Result<std::optional<Snapshot>> SqliteStore::read_snapshot(std::string_view stream,
                                                           std::uint64_t fingerprint) {
  return with_reader([&](Reader& reader) { return reader.read_snapshot(stream, fingerprint); });
}

Result<std::optional<std::uint64_t>> SqliteStore::read_checkpoint(std::string_view name) {
  return with_reader([&](Reader& reader) { return reader.read_checkpoint(name); });
}

Result<std::optional<CommandRecord>> SqliteStore::read_command(const Uuid& command_id) {
  return with_reader([&](Reader& reader) { return reader.read_command(command_id); });
}

Result<bool> SqliteStore::compare_and_set_checkpoint(std::string_view name,
                                                     std::optional<std::uint64_t> expected,
                                                     std::uint64_t next) {
  std::lock_guard lock(writer_mutex_);
  return writer_->compare_and_set_checkpoint(name, expected, next);
}

Result<bool> SqliteStore::project(std::string_view name, std::optional<std::uint64_t> expected,
                                  std::uint64_t next,
                                  const std::function<Status(SqlTransaction&)>& write) {
  std::lock_guard lock(writer_mutex_);
  return writer_->project(name, expected, next, write);  // a throw from `write` passes, rolled back
}

Result<SqlRows> SqliteStore::read_sql(std::string_view sql, std::span<const SqlValue> params,
                                      const SqlReadOptions& options) {
  return with_reader(
      [&](Reader& reader) { return sqlite::read_sql(reader.connection(), sql, params, options); });
}

Result<StreamPage> SqliteStore::list_streams(const StreamQuery& query) {
  return with_reader(
      [&](Reader& reader) { return sqlite::list_streams(reader.connection(), query); });
}

Result<StoreStatistics> SqliteStore::statistics() {
  return with_reader([&](Reader& reader) { return sqlite::statistics(reader.connection()); });
}

Result<std::vector<Snapshot>> SqliteStore::list_snapshots(std::string_view stream) {
  return with_reader(
      [&](Reader& reader) { return sqlite::list_snapshots(reader.connection(), stream); });
}

Result<std::vector<Checkpoint>> SqliteStore::list_checkpoints() {
  return with_reader([&](Reader& reader) { return sqlite::list_checkpoints(reader.connection()); });
}

Result<LogPage> SqliteStore::read_log(std::uint64_t after, std::size_t max_count) {
  return with_reader(
      [&](Reader& reader) { return sqlite::read_log(reader.connection(), after, max_count); });
}

Result<std::size_t> SqliteStore::import_log(const LogPage& page) {
  std::uint64_t last_position = 0;
  Result<std::size_t> written = std::size_t{0};
  {
    std::lock_guard lock(writer_mutex_);
    written = sqlite::import_log(writer_->connection(), page, last_position);
  }
  if (written && *written > 0) notify_committed(last_position);
  return written;
}

Status SqliteStore::put_snapshot(const Snapshot& snapshot) {
  std::lock_guard lock(writer_mutex_);
  return sqlite::put_snapshot(writer_->connection(), snapshot);
}

}  // namespace mealy::sqlite
