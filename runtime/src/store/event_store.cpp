#include <algorithm>

#include "mealy/store.hpp"

namespace mealy {

Status EventStore::visit_stream(std::string_view stream, std::uint64_t from_version,
                                std::size_t max_count, StoredEventVisitor visit, void* state) {
  // Pages, so that a long stream is never in memory whole.
  constexpr std::size_t kPage = 1'000;
  std::uint64_t next = std::max<std::uint64_t>(from_version, 1);
  std::size_t left = max_count;
  while (left > 0) {
    const std::size_t wanted = std::min(left, kPage);
    auto page = read_stream(stream, next, wanted);
    if (!page) return page.status();
    for (const RecordedEvent& event : *page) {
      const StoredEventView view{event.position, event.stream_version, event.type,
                                 event.schema_version, event.payload};
      if (Status status = visit(state, view); !status.ok()) return status;
    }
    if (page->size() < wanted) break;
    left -= wanted;
    next = page->back().stream_version + 1;
  }
  return {};
}

Result<SqlRows> EventStore::read_sql(std::string_view /*sql*/, std::span<const SqlValue> /*params*/,
                                     const SqlReadOptions& /*options*/) {
  return Status(StatusCode::unsupported, url() + ": this store has no SQL to read");
}

bool EventStore::wait_for_commit(std::uint64_t after, std::chrono::milliseconds timeout) {
  std::unique_lock lock(commit_mutex_);
  const std::uint64_t generation = wake_generation_;
  commit_signal_.wait_for(
      lock, timeout, [&] { return committed_head_ > after || wake_generation_ != generation; });
  return committed_head_ > after;
}

void EventStore::close_waiters() {
  {
    std::lock_guard lock(commit_mutex_);
    ++wake_generation_;
  }
  commit_signal_.notify_all();
}

void EventStore::notify_committed(std::uint64_t last_position) {
  {
    std::lock_guard lock(commit_mutex_);
    if (last_position <= committed_head_) return;
    committed_head_ = last_position;
  }
  commit_signal_.notify_all();
}

}  // namespace mealy
