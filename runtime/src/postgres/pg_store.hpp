// The PostgreSQL backend of EventStore. Private to the runtime: apps get one
// from open_store("postgresql://user@host:port/db?...").
//
// Connections come from a pool of at most StoreOptions::max_connections.
// Appends go through the group commit: the leader of a batch takes a
// connection and commits the batch on it in one transaction (pg_writer.hpp
// says how positions stay gap-free and in commit order across processes).
// Reads, checkpoints and projections take a connection each; a read that
// finds its connection broken (a server restart) runs again once on a new
// one. A Listener (a thread and a connection of its own) wakes
// wait_for_commit() when other processes commit (LISTEN/NOTIFY).
#pragma once

#include <memory>
#include <string>

#include "mealy/store.hpp"
#include "pg_listener.hpp"
#include "pg_pool.hpp"
#include "pg_writer.hpp"
#include "store/group_commit.hpp"

namespace mealy::postgres {

class PgStore final : public EventStore {
 public:
  // `url`: a libpq URI (postgresql://...) or key=value string.
  static Result<std::unique_ptr<EventStore>> open(std::string_view url,
                                                  const StoreOptions& options);
  ~PgStore() override;

  Result<AppendOutcome> append(const AppendRequest& request) override;
  Result<std::vector<RecordedEvent>> read_stream(std::string_view stream,
                                                 std::uint64_t from_version,
                                                 std::size_t max_count) override;
  Result<std::uint64_t> stream_version(std::string_view stream) override;
  Result<Page> read_all(std::uint64_t after, const Filter& filter, std::size_t max_count) override;
  Result<std::uint64_t> head() override;
  Result<std::optional<CommandRecord>> read_command(const Uuid& command_id) override;
  Result<std::optional<Snapshot>> read_snapshot(std::string_view stream,
                                                std::uint64_t fingerprint) override;
  Result<std::optional<std::uint64_t>> read_checkpoint(std::string_view name) override;
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
  PgStore(std::string_view url, const StoreOptions& options);
  // Runs `read(Connection&)` on a pooled connection; once more on a new
  // connection when it failed because its connection broke.
  template <typename Read>
  auto with_connection(Read&& read) -> decltype(read(std::declval<Connection&>()));

  std::string url_;  // without the password
  std::size_t max_connections_;
  Pool pool_;
  mutable detail::GroupCommit<AppendJob> group_commit_;
  std::unique_ptr<Listener> listener_;  // commits by other processes
};

}  // namespace mealy::postgres
