// A bounded cache of aggregates by stream, least recently used first out.
// The repository keeps the aggregates it has just committed here, so that
// the next command on the same instance skips the load. A stale entry (the
// stream moved on in another process) costs one conflict, after which the
// repository drops it and loads afresh.
//
// Thread-safe: one mutex; entries are copied in and out.
#pragma once

#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace mealy {

template <typename Aggregate>
class AggregateCache {
 public:
  // At most `capacity` aggregates; 0 keeps none.
  explicit AggregateCache(std::size_t capacity) : capacity_(capacity) {}

  // A copy of the aggregate of `stream`, if cached.
  std::optional<Aggregate> get(const std::string& stream) {
    if (capacity_ == 0) return std::nullopt;
    std::lock_guard lock(mutex_);
    auto found = index_.find(stream);
    if (found == index_.end()) return std::nullopt;
    entries_.splice(entries_.begin(), entries_, found->second);
    return found->second->second;
  }

  void put(const std::string& stream, Aggregate aggregate) {
    if (capacity_ == 0) return;
    std::lock_guard lock(mutex_);
    auto found = index_.find(stream);
    if (found != index_.end()) {
      found->second->second = std::move(aggregate);
      entries_.splice(entries_.begin(), entries_, found->second);
      return;
    }
    entries_.emplace_front(stream, std::move(aggregate));
    index_.emplace(stream, entries_.begin());
    if (entries_.size() > capacity_) {
      index_.erase(entries_.back().first);
      entries_.pop_back();
    }
  }

  void erase(const std::string& stream) {
    std::lock_guard lock(mutex_);
    auto found = index_.find(stream);
    if (found == index_.end()) return;
    entries_.erase(found->second);
    index_.erase(found);
  }

 private:
  using Entries = std::list<std::pair<std::string, Aggregate>>;
  std::size_t capacity_;
  std::mutex mutex_;
  Entries entries_;
  std::unordered_map<std::string, typename Entries::iterator> index_;
};

}  // namespace mealy
