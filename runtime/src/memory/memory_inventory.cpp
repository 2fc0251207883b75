// The inventory calls of the in-memory store (mealy/inventory.hpp), under
// its shared lock.
#include <algorithm>
#include <map>
#include <mutex>

#include "memory_store.hpp"

namespace mealy::memory {

Result<StreamPage> MemoryStore::list_streams(const StreamQuery& query) {
  std::shared_lock lock(mutex_);
  StreamPage page;
  for (auto it = streams_.upper_bound(query.after); it != streams_.end(); ++it) {
    if (!query.category.empty() && category_of(it->first) != query.category) continue;
    if (page.streams.size() == query.max_count) {
      page.next_after = page.streams.empty() ? query.after : page.streams.back().stream;
      return page;
    }
    const RecordedEvent& last = log_[it->second.back()];
    page.streams.push_back({it->first, it->second.size(), last.position, last.recorded_at});
  }
  page.at_end = true;
  page.next_after = page.streams.empty() ? query.after : page.streams.back().stream;
  return page;
}

Result<StoreStatistics> MemoryStore::statistics() {
  std::shared_lock lock(mutex_);
  StoreStatistics out;
  out.head = log_.size();
  out.events = log_.size();
  out.streams = streams_.size();
  std::map<std::string, CategoryCount, std::less<>> categories;
  std::map<std::pair<std::string, std::string>, std::uint64_t> types;
  for (const auto& [stream, indexes] : streams_) {
    const std::string category(category_of(stream));
    CategoryCount& counts = categories[category];
    counts.category = category;
    counts.streams += 1;
    counts.events += indexes.size();
  }
  for (const RecordedEvent& event : log_) {
    ++types[{std::string(category_of(event.stream)), event.type}];
    out.size_bytes += event.stream.size() + event.type.size() + event.payload.size() +
                      event.metadata.actor.size();
    for (const auto& [key, value] : event.metadata.extra)
      out.size_bytes += key.size() + value.size();
  }
  for (auto& [name, counts] : categories)
    out.categories.push_back(std::move(counts));
  for (auto& [key, events] : types)
    out.types.push_back({key.first, key.second, events});
  out.snapshots = snapshots_.size();
  for (const auto& [key, snapshot] : snapshots_)
    out.size_bytes += snapshot.stream.size() + snapshot.state.size();
  out.checkpoints = checkpoints_.size();
  for (const auto& [name, position] : checkpoints_)
    out.size_bytes += name.size();
  return out;
}

Result<std::vector<Snapshot>> MemoryStore::list_snapshots(std::string_view stream) {
  std::shared_lock lock(mutex_);
  std::vector<Snapshot> out;
  for (auto it = snapshots_.lower_bound({std::string(stream), 0});
       it != snapshots_.end() && it->first.first == stream; ++it) {
    out.push_back(it->second);
  }
  return out;
}

Result<std::vector<Checkpoint>> MemoryStore::list_checkpoints() {
  std::shared_lock lock(mutex_);
  std::vector<Checkpoint> out;
  for (const auto& [name, position] : checkpoints_)
    out.push_back({name, position});
  return out;
}

}  // namespace mealy::memory

namespace mealy::memory {

Result<LogPage> MemoryStore::read_log(std::uint64_t after, std::size_t max_count) {
  std::shared_lock lock(mutex_);
  LogPage page;
  std::size_t index = after;
  for (; index < log_.size() && page.events.size() < max_count; ++index) {
    page.events.push_back({log_[index], appends_[index].first, appends_[index].second});
  }
  page.at_end = index >= log_.size();
  page.next_position =
      page.at_end ? std::max<std::uint64_t>(after, log_.size()) : page.events.back().event.position;
  if (!page.events.empty()) {
    const std::uint64_t first = page.events.front().event.position,
                        last = page.events.back().event.position;
    for (const auto& [id, record] : commands_) {
      if (record.first_position >= first && record.first_position <= last)
        page.commands.push_back(record);
    }
    std::sort(page.commands.begin(), page.commands.end(),
              [](const CommandRecord& a, const CommandRecord& b) {
                return a.first_position < b.first_position;
              });
  }
  return page;
}

Result<std::size_t> MemoryStore::import_log(const LogPage& page) {
  std::uint64_t last_position = 0;
  std::size_t written = 0;
  {
    std::unique_lock lock(mutex_);
    // Checked whole before anything is written: all or nothing.
    std::uint64_t head = log_.size();
    std::map<std::string, std::uint64_t, std::less<>> versions;
    for (const LoggedEvent& logged : page.events) {
      const RecordedEvent& event = logged.event;
      if (event.position <= log_.size()) {
        if (log_[event.position - 1].id != event.id) {
          return Status::invalid_argument(url_ + ": importing: position " +
                                          std::to_string(event.position) +
                                          " holds another event than " + event.id.to_string());
        }
        continue;
      }
      if (event.position != head + 1) {
        return Status::invalid_argument(url_ + ": importing: position " +
                                        std::to_string(event.position) +
                                        " does not continue the log at " + std::to_string(head));
      }
      auto [version, fresh] = versions.try_emplace(event.stream, 0);
      if (fresh) version->second = version_locked(event.stream);
      if (event.stream_version != version->second + 1) {
        return Status::invalid_argument(
            url_ + ": importing: event " + event.id.to_string() + " of " + event.stream +
            " has version " + std::to_string(event.stream_version) +
            ", but the stream is at version " + std::to_string(version->second));
      }
      if (by_id_.contains(event.id)) {
        return Status::invalid_argument(url_ + ": importing: event " + event.id.to_string() +
                                        " is in the log already");
      }
      version->second = event.stream_version;
      head = event.position;
    }
    for (const LoggedEvent& logged : page.events) {
      if (logged.event.position <= log_.size()) continue;
      log_.push_back(logged.event);
      appends_.emplace_back(logged.append_first, logged.append_last);
      streams_[logged.event.stream].push_back(log_.size() - 1);
      by_id_.emplace(logged.event.id, log_.size() - 1);
      ++written;
    }
    for (const CommandRecord& command : page.commands)
      commands_.try_emplace(command.command_id, command);
    last_position = log_.size();
  }
  if (written > 0) notify_committed(last_position);
  return written;
}

Status MemoryStore::put_snapshot(const Snapshot& snapshot) {
  std::unique_lock lock(mutex_);
  snapshots_[{snapshot.stream, snapshot.fingerprint}] = snapshot;
  return {};
}

}  // namespace mealy::memory
