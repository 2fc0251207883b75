#include "mealy/store.hpp"

namespace mealy {

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
