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
    out.size_bytes += event.stream.size() + event.type.size() + event.payload.size() + event.metadata.actor.size();
    for (const auto& [key, value] : event.metadata.extra) out.size_bytes += key.size() + value.size();
  }
  for (auto& [name, counts] : categories) out.categories.push_back(std::move(counts));
  for (auto& [key, events] : types) out.types.push_back({key.first, key.second, events});
  out.snapshots = snapshots_.size();
  for (const auto& [key, snapshot] : snapshots_) out.size_bytes += snapshot.stream.size() + snapshot.state.size();
  out.checkpoints = checkpoints_.size();
  for (const auto& [name, position] : checkpoints_) out.size_bytes += name.size();
  return out;
}

Result<std::vector<Snapshot>> MemoryStore::list_snapshots(std::string_view stream) {
  std::shared_lock lock(mutex_);
  std::vector<Snapshot> out;
  for (auto it = snapshots_.lower_bound({std::string(stream), 0}); it != snapshots_.end() && it->first.first == stream;
       ++it) {
    out.push_back(it->second);
  }
  return out;
}

Result<std::vector<Checkpoint>> MemoryStore::list_checkpoints() {
  std::shared_lock lock(mutex_);
  std::vector<Checkpoint> out;
  for (const auto& [name, position] : checkpoints_) out.push_back({name, position});
  return out;
}

}  // namespace mealy::memory
