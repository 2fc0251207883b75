// The in-memory backend of EventStore: the same contract as SQLite, kept in
// plain containers under one reader/writer lock. For tests and tools; it has
// no SQL, so project() is unsupported. Private to the runtime: apps get one
// from open_store("memory:").
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <vector>

#include "mealy/store.hpp"

namespace mealy::memory {

class MemoryStore final : public EventStore {
 public:
  MemoryStore() = default;
  ~MemoryStore() override { close_waiters(); }

  Result<AppendOutcome> append(const AppendRequest& request) override;
  Result<std::vector<RecordedEvent>> read_stream(std::string_view stream,
                                                 std::uint64_t from_version,
                                                 std::size_t max_count) override;
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
  Result<StreamPage> list_streams(const StreamQuery& query) override;
  Result<StoreStatistics> statistics() override;
  Result<std::vector<Snapshot>> list_snapshots(std::string_view stream) override;
  Result<std::vector<Checkpoint>> list_checkpoints() override;
  Result<LogPage> read_log(std::uint64_t after, std::size_t max_count) override;
  Result<std::size_t> import_log(const LogPage& page) override;
  Status put_snapshot(const Snapshot& snapshot) override;
  [[nodiscard]] const std::string& url() const override { return url_; }
  Result<StoreSettings> settings() override;
  // Every append is a transaction of its own: appends, batches and
  // batch_sizes[0] are the appends that were checked; the rest is 0.
  [[nodiscard]] StoreCounters counters() const override;

 private:
  // What append() finds when the stream or the ids refuse it.
  AppendOutcome resolve(const AppendRequest& request, std::uint64_t current) const;
  [[nodiscard]] std::uint64_t version_locked(std::string_view stream) const;

  std::string url_ = "memory:";
  std::atomic<std::uint64_t> appends_count_{0};
  mutable std::shared_mutex mutex_;
  std::vector<RecordedEvent> log_;  // log_[i].position == i + 1
  // The stream versions of the append that wrote log_[i]: first and last.
  std::vector<std::pair<std::uint64_t, std::uint64_t>> appends_;
  std::map<Uuid, CommandRecord> commands_;
  std::map<std::string, std::vector<std::size_t>, std::less<>> streams_;  // indexes into log_
  std::map<Uuid, std::size_t> by_id_;
  std::map<std::pair<std::string, std::uint64_t>, Snapshot> snapshots_;
  std::map<std::string, std::uint64_t, std::less<>> checkpoints_;
};

}  // namespace mealy::memory
