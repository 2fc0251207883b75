// Group commit: appends that arrive while a transaction is being committed
// wait, then share the next transaction. Private to the runtime.
//
// Design (leader/follower, no thread of its own):
//  1. A caller queues its job and waits while another caller leads.
//  2. When no one leads, a waiting caller whose job is not done becomes the
//     leader, takes up to max_batch queued jobs (its own among them, since
//     jobs leave the queue only in a batch, and a batch's jobs are all done
//     before its leader steps down), commits them in one transaction
//     without holding the lock, marks them done and wakes their callers.
//  3. A lone caller leads at once: no hand-off to another thread, so one
//     writer pays nothing for the batching.
//  4. A leader whose own job is done keeps leading while jobs are queued,
//     for at most kExtraRounds more batches, then steps down. Handing the
//     lead to a sleeping caller costs a wake-up, during which nothing
//     commits: measured with two writers on a 2-core VM (bench/), strict
//     hand-offs made every commit wait for one and halved the throughput
//     of a single writer, with no batching at all. The bound keeps the
//     leader's own caller from waiting on others' commits for long.
//  5. A batch whose commit throws is done all the same: the exception is
//     kept for each of its jobs and rethrown from run() to each of their
//     callers, the leader's own caller included only when its job was in
//     that batch. The leader goes on (or steps down) as after any batch, so
//     the lead is never left taken and no caller waits for ever. Nothing
//     else in the leader's loop throws: its buffers are reserved up front,
//     for batches of at most kMaxBatch jobs whatever max_batch says.
//  6. Wake-ups are addressed: each waiting caller sleeps on a condition
//     variable of its own, and a leader wakes the callers of the batch it
//     committed and, when it steps down, the caller at the queue's front (who
//     then leads). Waking every caller after every batch, as one shared
//     condition variable does, woke 31 threads per batch with 32 writers,
//     all of them but the batch's going back to sleep: on 2 cores that is
//     CPU taken from the leader (bench/, group_commit_ratio_vs_raw_batched).
//  7. Counters (StoreCounters): batches by size, the time callers slept
//     waiting for a leader, the time spent in commit_batch; kept under the
//     lock the loop holds anyway, and the clock read only by a caller that
//     does wait and once around each batch.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <mutex>
#include <span>
#include <vector>

#include "mealy/store.hpp"

namespace mealy::detail {

template <typename Job>
class GroupCommit {
 public:
  explicit GroupCommit(std::size_t max_batch)
      : max_batch_(std::clamp<std::size_t>(max_batch, 1, kMaxBatch)) {
    batch_.reserve(max_batch_);
    waiters_.reserve(max_batch_);
  }

  // Runs `job` in some batch: returns when the batch that took it has been
  // committed by `commit_batch(std::span<Job* const>)`, which must settle
  // every job of the batch, or rethrows what that call threw (note 5); a
  // commit_batch that throws must have left nothing of the batch written.
  template <typename CommitBatch>
  void run(Job& job, CommitBatch&& commit_batch) {
    Waiter self{&job, nullptr, {}};
    std::unique_lock lock(mutex_);
    queue_.push_back(&self);
    const std::size_t ticket = next_ticket_++;
    ++appends_;
    if (!is_done(ticket) && leading_) {
      const auto start = std::chrono::steady_clock::now();
      self.wake.wait(lock, [&] { return is_done(ticket) || !leading_; });
      waited_ += std::chrono::steady_clock::now() - start;
    }
    if (!is_done(ticket)) lead(lock, ticket, commit_batch);
    if (self.thrown) std::rethrow_exception(self.thrown);
  }

  // The most jobs in a batch, after the bounds.
  [[nodiscard]] std::size_t max_batch() const { return max_batch_; }

  // Adds what the group commit has done to `counters` (note 7).
  void add_counters(StoreCounters& counters) {
    std::lock_guard lock(mutex_);
    counters.appends += appends_;
    counters.batches += batches_;
    for (std::size_t i = 0; i < batch_sizes_.size(); ++i)
      counters.batch_sizes[i] += batch_sizes_[i];
    counters.waited_for_leader += waited_;
    counters.committing += committing_;
  }

 private:
  // A caller's job, what its batch threw, and where it sleeps (note 6), on
  // the caller's stack: notified only under the lock, before the caller can
  // see its job done and return.
  struct Waiter {
    Job* job;
    std::exception_ptr thrown;
    std::condition_variable wake;
  };

  template <typename CommitBatch>
  void lead(std::unique_lock<std::mutex>& lock, std::size_t ticket, CommitBatch& commit_batch) {
    leading_ = true;
    for (unsigned extra = 0; !is_done(ticket) || (!queue_.empty() && extra++ < kExtraRounds);) {
      batch_.clear();
      waiters_.clear();
      const std::size_t count = std::min(max_batch_, queue_.size());
      for (std::size_t i = 0; i < count; ++i) {
        waiters_.push_back(queue_[i]);
        batch_.push_back(queue_[i]->job);
      }
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(count));
      const std::size_t first_ticket = first_queued_ticket_;
      first_queued_ticket_ += count;
      lock.unlock();
      const auto start = std::chrono::steady_clock::now();
      std::exception_ptr thrown;
      try {
        commit_batch(std::span<Job* const>(batch_));
      } catch (...) {
        thrown = std::current_exception();
      }
      const auto committed = std::chrono::steady_clock::now();
      lock.lock();
      committing_ += committed - start;
      ++batches_;
      ++batch_sizes_[std::min<std::size_t>(std::bit_width(count) - 1, batch_sizes_.size() - 1)];
      done_through_ = first_ticket + count;
      for (Waiter* waiter : waiters_) {
        if (thrown) waiter->thrown = thrown;
        waiter->wake.notify_one();  // its caller may return
      }
    }
    leading_ = false;
    if (!queue_.empty()) queue_.front()->wake.notify_one();  // the next leader
  }

  // Tickets are handed out in queue order, and batches take the queue's
  // front, so a job is done once done_through_ has passed its ticket.
  [[nodiscard]] bool is_done(std::size_t ticket) const { return ticket < done_through_; }

  // Batches a leader commits for others after its own (design note 4).
  static constexpr unsigned kExtraRounds = 4;
  // The most jobs in a batch (note 5: the buffers are reserved for this many).
  static constexpr std::size_t kMaxBatch = 4096;

  std::size_t max_batch_;
  std::mutex mutex_;
  std::deque<Waiter*> queue_;
  std::vector<Job*> batch_;       // the batch being committed, as commit_batch sees it
  std::vector<Waiter*> waiters_;  // the same batch's callers
  std::size_t next_ticket_ = 0;
  std::size_t first_queued_ticket_ = 0;
  std::size_t done_through_ = 0;
  bool leading_ = false;
  // Note 7.
  std::uint64_t appends_ = 0;
  std::uint64_t batches_ = 0;
  std::array<std::uint64_t, 8> batch_sizes_{};
  std::chrono::nanoseconds waited_{0};
  std::chrono::nanoseconds committing_{0};
};

}  // namespace mealy::detail
