#include "mealy/store.hpp"

namespace mealy {

bool EventStore::wait_for_commit(std::uint64_t after, std::chrono::milliseconds timeout) {
  std::unique_lock lock(commit_mutex_);
  const std::uint64_t generation = wake_generation_;
  commit_signal_.wait_for(lock, timeout,
                          [&] { return committed_head_ > after || wake_generation_ != generation; });
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
