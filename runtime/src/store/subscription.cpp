#include "mealy/subscription.hpp"

#include <algorithm>
#include <exception>

namespace mealy {
namespace {

Result<std::uint64_t> checkpoint_or_start(EventStore& store, const std::string& name) {
  auto checkpoint = store.read_checkpoint(name);
  if (!checkpoint) return checkpoint.status();
  return checkpoint->value_or(0);
}

// One page of a projection in one transaction. Gives the position to resume
// from: the page's end, or the stored checkpoint when another runner moved
// it. A checkpoint is only ever set past 0, so "unset" stands for 0.
Result<std::uint64_t> project_page(EventStore& store, const std::string& name,
                                   const Subscription::ProjectionHandler& handler, const Page& page,
                                   std::uint64_t after) {
  auto done = store.project(name, after == 0 ? std::nullopt : std::optional(after),
                            page.next_position, [&](SqlTransaction& transaction) -> Status {
                              for (const RecordedEvent& event : page.events) {
                                if (Status status = handler(event, transaction); !status.ok())
                                  return status;
                              }
                              return {};
                            });
  if (!done) return done.status();
  if (*done) return page.next_position;
  return checkpoint_or_start(store, name);
}

}  // namespace

Subscription::Subscription(EventStore& store, std::uint64_t after, Filter filter, Step step,
                           SubscriptionOptions options)
    : store_(store),
      filter_(std::move(filter)),
      step_(std::move(step)),
      options_(options),
      position_(after) {
  thread_ = std::thread([this] { run(); });
}

Subscription::~Subscription() {
  stop();
}

void Subscription::stop() {
  stopping_ = true;
  store_.close_waiters();
  if (thread_.joinable()) thread_.join();
}

Status Subscription::status() const {
  std::lock_guard lock(mutex_);
  return status_;
}

bool Subscription::wait_until(std::uint64_t position, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  progress_.wait_for(lock, timeout, [&] { return position_.load() >= position || failed_; });
  return position_.load() >= position;
}

std::uint64_t Subscription::transient_errors() const {
  std::lock_guard lock(mutex_);
  return transient_errors_;
}

Status Subscription::last_transient_error() const {
  std::lock_guard lock(mutex_);
  return last_transient_error_;
}

Result<std::uint64_t> Subscription::step(const Page& page, std::uint64_t after) {
  try {
    return step_(page, after);
  } catch (const std::exception& error) {
    return Status(StatusCode::internal, "the subscriber threw: " + std::string(error.what()));
  } catch (...) {
    return Status(StatusCode::internal,
                  "the subscriber threw something that is not a std::exception");
  }
}

void Subscription::run() {
  std::uint64_t after = position_.load();
  std::chrono::milliseconds delay = options_.retry_delay;
  while (!stopping_) {
    auto page = store_.read_all(after, filter_, options_.page_size);
    Result<std::uint64_t> next = page ? step(*page, after) : Result<std::uint64_t>(page.status());
    if (!next && next.status().code() == StatusCode::unavailable) {
      {
        std::lock_guard lock(mutex_);
        ++transient_errors_;
        last_transient_error_ = next.status();
      }
      if (options_.on_retry) options_.on_retry(next.status(), delay);
      // Woken early by stop() (close_waiters), never by a commit.
      store_.wait_for_commit(~std::uint64_t{0}, delay);
      delay = std::min(delay * 2, std::max(options_.max_retry_delay, options_.retry_delay));
      continue;
    }
    if (!next) {
      std::lock_guard lock(mutex_);
      status_ = next.status();
      failed_ = true;
      progress_.notify_all();
      return;
    }
    delay = options_.retry_delay;
    after = *next;
    {
      std::lock_guard lock(mutex_);
      position_ = after;
    }
    progress_.notify_all();
    if (page->at_end && !stopping_) store_.wait_for_commit(after, options_.poll_interval);
  }
}

Result<std::unique_ptr<Subscription>> Subscription::live(EventStore& store, Filter filter,
                                                         Callback callback,
                                                         SubscriptionOptions options) {
  auto head = store.head();
  if (!head) return head.status();
  return from(store, *head, std::move(filter), std::move(callback), options);
}

std::unique_ptr<Subscription> Subscription::from(EventStore& store, std::uint64_t after,
                                                 Filter filter, Callback callback,
                                                 SubscriptionOptions options) {
  Step step = [callback = std::move(callback)](const Page& page,
                                               std::uint64_t) -> Result<std::uint64_t> {
    for (const RecordedEvent& event : page.events)
      callback(event);
    return page.next_position;
  };
  return std::unique_ptr<Subscription>(
      new Subscription(store, after, std::move(filter), std::move(step), options));
}

Result<std::unique_ptr<Subscription>> Subscription::catch_up(EventStore& store, std::string name,
                                                             Filter filter, Callback callback,
                                                             SubscriptionOptions options) {
  auto start = checkpoint_or_start(store, name);
  if (!start) return start.status();
  Step step = [&store, name, callback = std::move(callback)](
                  const Page& page, std::uint64_t after) -> Result<std::uint64_t> {
    for (const RecordedEvent& event : page.events)
      callback(event);
    if (page.next_position == after) return after;
    auto moved = store.compare_and_set_checkpoint(
        name, after == 0 ? std::nullopt : std::optional(after), page.next_position);
    if (!moved) return moved.status();
    if (*moved) return page.next_position;
    return checkpoint_or_start(store, name);  // another runner moved it: follow
  };
  return std::unique_ptr<Subscription>(
      new Subscription(store, *start, std::move(filter), std::move(step), options));
}

Result<std::unique_ptr<Subscription>> Subscription::projection(EventStore& store, std::string name,
                                                               Filter filter,
                                                               ProjectionHandler handler,
                                                               SubscriptionOptions options) {
  auto start = checkpoint_or_start(store, name);
  if (!start) return start.status();
  Step step = [&store, name, handler = std::move(handler)](
                  const Page& page, std::uint64_t after) -> Result<std::uint64_t> {
    if (page.next_position == after) return after;
    return project_page(store, name, handler, page, after);
  };
  return std::unique_ptr<Subscription>(
      new Subscription(store, *start, std::move(filter), std::move(step), options));
}

Result<std::uint64_t> Subscription::run_projection(EventStore& store, const std::string& name,
                                                   const Filter& filter,
                                                   const ProjectionHandler& handler,
                                                   std::size_t page_size) {
  auto start = checkpoint_or_start(store, name);
  if (!start) return start.status();
  std::uint64_t after = *start;
  while (true) {
    auto page = store.read_all(after, filter, page_size);
    if (!page) return page.status();
    if (page->next_position != after) {
      auto next = project_page(store, name, handler, *page, after);
      if (!next) return next.status();
      after = *next;
    }
    if (page->at_end) return after;
  }
}

}  // namespace mealy
