// Following the change feed: live subscribers, catch-up subscribers that
// resume from a stored checkpoint, and projections that commit their rows
// and their checkpoint in one transaction.
//
//   auto live = mealy::Subscription::live(*store, {.categories = {"Order"}},
//                                         [](const mealy::RecordedEvent& e) { ... });
//   auto emails = mealy::Subscription::catch_up(*store, "emails", {}, send_email);
//   auto totals = mealy::Subscription::projection(*store, "totals", {}, write_rows);
//
// Each subscription reads the feed on a thread of its own, a page at a
// time, and calls its callback there, in position order. So a slow
// subscriber only falls behind: it never blocks appends, nor other
// subscribers. Commits made through the same store object wake it at once;
// commits by other processes are seen within `poll_interval` (on
// PostgreSQL at once: other processes' commits notify the store).
//
// Delivery:
//  - live and from(): each matching event once, from where it started; no
//    state is kept.
//  - catch_up(): resumes after the checkpoint `name`, which it moves
//    (compare-and-set) after each page; an event whose page was delivered
//    but not checkpointed (a crash) is delivered again: at least once.
//  - projection(): the handler writes through the page's SqlTransaction, and
//    the rows commit with the checkpoint or not at all: exactly once. When
//    the checkpoint moved meanwhile (another runner), the page is dropped
//    and the subscription resumes from the stored checkpoint.
//
// Failures:
//  - A transient store error (StatusCode::unavailable: the file locked by
//    another process past the busy timeout, a server out of reach) does not
//    stop a subscription: it tries again after a delay that doubles from
//    `retry_delay` up to `max_retry_delay`, calls `on_retry` (when set) each
//    time, and counts it (transient_errors()). Any other error stops it.
//  - A callback or handler that throws stops its subscription, with a
//    status of code `internal` that quotes the exception; the page it threw
//    in is not checkpointed (catch_up delivers it again on the next start,
//    projection rolls its rows back). Appends and other subscriptions go on.
//
// A callback must not wait for its own subscription. Destroying a
// subscription stops it and joins its thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "mealy/store.hpp"

namespace mealy {

struct SubscriptionOptions {
  std::size_t page_size = 256;
  std::chrono::milliseconds poll_interval{200};
  // The first delay before reading again after a transient error, and the
  // longest (each retry doubles it).
  std::chrono::milliseconds retry_delay{10};
  std::chrono::milliseconds max_retry_delay{2000};
  // Told of each transient error, on the subscription's thread, before it
  // waits `delay` and tries again.
  std::function<void(const Status& error, std::chrono::milliseconds delay)> on_retry{};
};

class Subscription {
 public:
  using Callback = std::function<void(const RecordedEvent&)>;
  // Writes a projection's rows for one event; an error stops the projection
  // (the page is rolled back).
  using ProjectionHandler = std::function<Status(const RecordedEvent&, SqlTransaction&)>;

  // Events committed after the call, matching `filter`.
  static Result<std::unique_ptr<Subscription>> live(EventStore& store, Filter filter,
                                                    Callback callback,
                                                    SubscriptionOptions options = {});
  // Events after position `after`, matching `filter`.
  static std::unique_ptr<Subscription> from(EventStore& store, std::uint64_t after, Filter filter,
                                            Callback callback, SubscriptionOptions options = {});
  // Events after checkpoint `name` (the start when it is not set), moving it.
  static Result<std::unique_ptr<Subscription>> catch_up(EventStore& store, std::string name,
                                                        Filter filter, Callback callback,
                                                        SubscriptionOptions options = {});
  // A projection named `name` (its checkpoint), exactly once; needs SQL.
  static Result<std::unique_ptr<Subscription>> projection(EventStore& store, std::string name,
                                                          Filter filter, ProjectionHandler handler,
                                                          SubscriptionOptions options = {});

  // Runs projection `name` on the calling thread until it has caught up
  // with the head of the log; gives the position it reached. What
  // projection() does on its thread, for tools and tests.
  static Result<std::uint64_t> run_projection(EventStore& store, const std::string& name,
                                              const Filter& filter,
                                              const ProjectionHandler& handler,
                                              std::size_t page_size = 256);

  ~Subscription();
  Subscription(const Subscription&) = delete;
  Subscription& operator=(const Subscription&) = delete;

  // Stops and joins; idempotent.
  void stop();
  // Every event up to this position has been handled.
  [[nodiscard]] std::uint64_t position() const { return position_.load(); }
  // Waits until position() >= `position`; false after `timeout`, or when the
  // subscription stopped on an error.
  bool wait_until(std::uint64_t position, std::chrono::milliseconds timeout);
  // The error that stopped the subscription; ok while it runs.
  [[nodiscard]] Status status() const;
  // How many transient errors it has met and recovered from (or is waiting
  // out), and the last of them (ok when none).
  [[nodiscard]] std::uint64_t transient_errors() const;
  [[nodiscard]] Status last_transient_error() const;

 private:
  // Handles one page; gives the position to resume from.
  using Step = std::function<Result<std::uint64_t>(const Page& page, std::uint64_t after)>;
  Subscription(EventStore& store, std::uint64_t after, Filter filter, Step step,
               SubscriptionOptions options);
  void run();
  // step_, with an exception turned into a Status.
  Result<std::uint64_t> step(const Page& page, std::uint64_t after);

  EventStore& store_;
  Filter filter_;
  Step step_;
  SubscriptionOptions options_;
  std::atomic<std::uint64_t> position_;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::condition_variable progress_;
  Status status_;
  bool failed_ = false;
  std::uint64_t transient_errors_ = 0;
  Status last_transient_error_;
  std::thread thread_;
};

}  // namespace mealy
