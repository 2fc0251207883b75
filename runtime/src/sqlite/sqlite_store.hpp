// The SQLite backend of EventStore. Private to the runtime: apps get one from
// open_store("sqlite:///path/to.db") or open_store("sqlite::memory:").
//
// A file store has one writer connection, used by the group commit's
// leader (and by checkpoints and projections) under writer_mutex_, a pool
// of reader connections, one per concurrent reader, so that readers never
// wait for the writer (WAL), and a checkpointer with a connection and a
// thread of its own that keeps WAL checkpoints off the commit path
// (sqlite_checkpointer.hpp). An in-memory database is private to its
// connection, so there the one connection serves reads too, under the same
// mutex, and there is no WAL (so there a read_sql holds appends back while
// it runs: at most its timeout).
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "mealy/store.hpp"
#include "sqlite_checkpointer.hpp"
#include "sqlite_handle.hpp"
#include "sqlite_reader.hpp"
#include "sqlite_writer.hpp"
#include "store/group_commit.hpp"

namespace mealy::sqlite {

class SqliteStore final : public EventStore {
 public:
  // `path` is a file path, or ":memory:".
  static Result<std::unique_ptr<EventStore>> open(const std::string& path,
                                                  const StoreOptions& options);
  ~SqliteStore() override;

  Result<AppendOutcome> append(const AppendRequest& request) override;
  Result<std::vector<RecordedEvent>> read_stream(std::string_view stream,
                                                 std::uint64_t from_version,
                                                 std::size_t max_count) override;
  using EventStore::visit_stream;
  Status visit_stream(std::string_view stream, std::uint64_t from_version, std::size_t max_count,
                      StoredEventVisitor visit, void* state) override;
  Result<std::uint64_t> stream_version(std::string_view stream) override;
  Result<Page> read_all(std::uint64_t after, const Filter& filter, std::size_t max_count) override;
  Result<std::uint64_t> head() override;
  Result<std::optional<Snapshot>> read_snapshot(std::string_view stream,
                                                std::uint64_t fingerprint) override;
  Result<std::optional<std::uint64_t>> read_checkpoint(std::string_view name) override;
  Result<std::optional<CommandRecord>> read_command(const Uuid& command_id) override;
  Result<bool> compare_and_set_checkpoint(std::string_view name,
                                          std::optional<std::uint64_t> expected,
                                          std::uint64_t next) override;
  Result<bool> project(std::string_view name, std::optional<std::uint64_t> expected,
                       std::uint64_t next,
                       const std::function<Status(SqlTransaction&)>& write) override;
  Result<SqlRows> read_sql(std::string_view sql, std::span<const SqlValue> params,
                           const SqlReadOptions& options) override;
  Result<StreamPage> list_streams(const StreamQuery& query) override;
  Result<StoreStatistics> statistics() override;
  Result<std::vector<Snapshot>> list_snapshots(std::string_view stream) override;
  Result<std::vector<Checkpoint>> list_checkpoints() override;
  Result<LogPage> read_log(std::uint64_t after, std::size_t max_count) override;
  Result<std::size_t> import_log(const LogPage& page) override;
  Status put_snapshot(const Snapshot& snapshot) override;
  [[nodiscard]] const std::string& url() const override { return url_; }
  Result<StoreSettings> settings() override;
  [[nodiscard]] StoreCounters counters() const override;

 private:
  SqliteStore(std::string path, const StoreOptions& options);

  // A reader connection with its queries.
  struct PooledReader {
    std::unique_ptr<Connection> connection;  // null in memory: the writer's is used
    std::unique_ptr<Reader> reader;
  };
  // Runs `read(Reader&)` on a pooled reader (file) or the shared connection
  // under writer_mutex_ (memory).
  template <typename Read>
  auto with_reader(Read&& read) -> decltype(read(std::declval<Reader&>()));
  Result<std::unique_ptr<PooledReader>> new_reader();

  std::string path_;
  std::string url_;
  StoreOptions options_;
  bool in_memory_;
  std::mutex writer_mutex_;
  std::unique_ptr<Connection> writer_connection_;
  std::unique_ptr<Writer> writer_;
  mutable detail::GroupCommit<AppendJob> group_commit_;
  std::unique_ptr<Checkpointer> checkpointer_;  // files only
  std::mutex pool_mutex_;
  std::vector<std::unique_ptr<PooledReader>> pool_;
  std::unique_ptr<Reader> memory_reader_;
};

}  // namespace mealy::sqlite
