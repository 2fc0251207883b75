#include "memory_store.hpp"

#include <algorithm>
#include <mutex>

#include "store/conflicts.hpp"
#include "store/retries.hpp"

namespace mealy::memory {

std::uint64_t MemoryStore::version_locked(std::string_view stream) const {
  auto found = streams_.find(stream);
  return found == streams_.end() ? 0 : found->second.size();
}

AppendOutcome MemoryStore::resolve(const AppendRequest& request, std::uint64_t current) const {
  if (!request.command_id.is_nil()) {
    if (auto found = commands_.find(request.command_id); found != commands_.end()) {
      return detail::command_outcome(request, found->second, current);
    }
  }
  if (request.events.empty() && request.expected.admits(current)) {
    return Appended{0, current + 1, current, 0, false};
  }
  std::vector<std::optional<detail::PriorEvent>> prior(request.events.size());
  for (std::size_t i = 0; i < request.events.size(); ++i) {
    auto hit = by_id_.find(request.events[i].id);
    if (hit == by_id_.end()) continue;
    const RecordedEvent& event = log_[hit->second];
    const auto [append_first, append_last] = appends_[hit->second];
    prior[i] =
        detail::PriorEvent{event.stream, event.stream_version, event.position,       append_first,
                           append_last,  event.type,           event.schema_version, event.payload};
  }
  return detail::resolve_refused(request, prior, current);
}

Result<StoreSettings> MemoryStore::settings() {
  StoreSettings settings;
  settings.backend = "memory";
  settings.url = url_;
  return settings;
}

StoreCounters MemoryStore::counters() const {
  StoreCounters counters;
  counters.appends = counters.batches = counters.batch_sizes[0] =
      appends_count_.load(std::memory_order_relaxed);
  return counters;
}

Result<AppendOutcome> MemoryStore::append(const AppendRequest& request) {
  if (Status status = detail::check_request(request); !status.ok()) return status;
  appends_count_.fetch_add(1, std::memory_order_relaxed);
  std::uint64_t last_position = 0;
  AppendOutcome outcome;
  {
    std::unique_lock lock(mutex_);
    const std::uint64_t current = version_locked(request.stream);
    const bool ids_known =
        std::any_of(request.events.begin(), request.events.end(),
                    [&](const NewEvent& event) { return by_id_.contains(event.id); });
    const bool command_known =
        !request.command_id.is_nil() && commands_.contains(request.command_id);
    if (!request.expected.admits(current) || ids_known || command_known)
      return resolve(request, current);
    if (request.events.empty()) return AppendOutcome(Appended{0, current + 1, current, 0, false});
    const Timestamp now = SystemClock().now();
    auto& indexes = streams_[request.stream];
    const std::uint64_t first_position = log_.size() + 1;
    const std::uint64_t last_version = current + request.events.size();
    for (const NewEvent& event : request.events) {
      RecordedEvent& recorded = log_.emplace_back();
      recorded.position = log_.size();
      recorded.stream = request.stream;
      recorded.stream_version = indexes.size() + 1;
      recorded.id = event.id;
      recorded.type = event.type;
      recorded.schema_version = event.schema_version;
      recorded.payload = event.payload;
      recorded.metadata = request.metadata;
      recorded.recorded_at = now;
      appends_.emplace_back(current + 1, last_version);
      indexes.push_back(log_.size() - 1);
      by_id_.emplace(event.id, log_.size() - 1);
    }
    if (request.snapshot != nullptr) {
      snapshots_[{request.stream, request.snapshot->fingerprint}] = *request.snapshot;
    }
    if (!request.command_id.is_nil()) {
      commands_.emplace(request.command_id,
                        CommandRecord{request.command_id, request.stream, first_position,
                                      current + 1, last_version});
    }
    last_position = log_.size();
    outcome = Appended{first_position, current + 1, last_version, request.events.size(), false};
  }
  notify_committed(last_position);
  return outcome;
}

Result<std::vector<RecordedEvent>> MemoryStore::read_stream(std::string_view stream,
                                                            std::uint64_t from_version,
                                                            std::size_t max_count) {
  std::shared_lock lock(mutex_);
  std::vector<RecordedEvent> events;
  auto found = streams_.find(stream);
  if (found == streams_.end()) return events;
  const auto& indexes = found->second;
  for (std::size_t i = std::max<std::uint64_t>(from_version, 1) - 1;
       i < indexes.size() && events.size() < max_count; ++i) {
    events.push_back(log_[indexes[i]]);
  }
  return events;
}

Result<std::uint64_t> MemoryStore::stream_version(std::string_view stream) {
  std::shared_lock lock(mutex_);
  return version_locked(stream);
}

Result<Page> MemoryStore::read_all(std::uint64_t after, const Filter& filter,
                                   std::size_t max_count) {
  std::shared_lock lock(mutex_);
  Page page;
  std::size_t index = after;
  for (; index < log_.size() && page.events.size() < max_count; ++index) {
    if (filter.matches(log_[index])) page.events.push_back(log_[index]);
  }
  page.at_end = page.events.size() < max_count || max_count == 0;
  if (page.at_end) index = std::max<std::size_t>(log_.size(), after);
  page.next_position = page.at_end ? index : page.events.back().position;
  return page;
}

Result<std::uint64_t> MemoryStore::head() {
  std::shared_lock lock(mutex_);
  return static_cast<std::uint64_t>(log_.size());
}

Result<std::optional<Snapshot>> MemoryStore::read_snapshot(std::string_view stream,
                                                           std::uint64_t fingerprint) {
  std::shared_lock lock(mutex_);
  auto found = snapshots_.find({std::string(stream), fingerprint});
  if (found == snapshots_.end()) return std::optional<Snapshot>();
  return std::optional<Snapshot>(found->second);
}

Result<std::optional<std::uint64_t>> MemoryStore::read_checkpoint(std::string_view name) {
  std::shared_lock lock(mutex_);
  auto found = checkpoints_.find(name);
  if (found == checkpoints_.end()) return std::optional<std::uint64_t>();
  return std::optional<std::uint64_t>(found->second);
}

Result<std::optional<CommandRecord>> MemoryStore::read_command(const Uuid& command_id) {
  std::shared_lock lock(mutex_);
  auto found = commands_.find(command_id);
  if (found == commands_.end()) return std::optional<CommandRecord>();
  return std::optional<CommandRecord>(found->second);
}

Result<bool> MemoryStore::compare_and_set_checkpoint(std::string_view name,
                                                     std::optional<std::uint64_t> expected,
                                                     std::uint64_t next) {
  std::unique_lock lock(mutex_);
  auto found = checkpoints_.find(name);
  const std::optional<std::uint64_t> current =
      found == checkpoints_.end() ? std::nullopt : std::optional<std::uint64_t>(found->second);
  if (current != expected) return false;
  checkpoints_.insert_or_assign(std::string(name), next);
  return true;
}

Result<bool> MemoryStore::project(std::string_view name, std::optional<std::uint64_t>,
                                  std::uint64_t, const std::function<Status(SqlTransaction&)>&) {
  return Status(StatusCode::unsupported, "memory: projection " + std::string(name) +
                                             " needs SQL; the in-memory store has none");
}

}  // namespace mealy::memory
