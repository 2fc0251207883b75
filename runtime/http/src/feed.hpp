// The feed: one thread that follows the store and keeps its latest events,
// formatted once as Server-Sent Events, for every stream client to read.
//
// Design notes:
//  1. The ring holds the events at positions (head - size, head], gap-free
//     (positions are), in order; `head` is the last position the feed has
//     read. A client at cursor c reads the ring when c >= head - size, and
//     catches up from the store otherwise (Feed::behind).
//  2. The thread waits with wait_for_commit(head, poll_interval): commits of
//     this process (and, on PostgreSQL, of others) wake it at once; on
//     SQLite, other processes' commits are found by the timeout's poll.
//  3. After each page it calls `on_new_events`, which wakes the clients.
//     Nothing in here waits on a client.
//  4. An entry keeps the event's stream name (its category is a prefix of
//     it) and type, both in one string, besides the frame: /stream filters
//     on category and type, a live view asks its affected_by() about stream
//     and type (scan). Nothing else of the event is kept.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "mealy/store.hpp"

namespace mealy::http {

// Which events a stream client wants (empty lists: all).
struct StreamFilter {
  std::vector<std::string> categories{};
  std::vector<std::string> types{};

  [[nodiscard]] bool matches(std::string_view category, std::string_view type) const;
  [[nodiscard]] Filter to_store_filter() const { return {categories, types, {}}; }
};

// One event as a stream sends it: "id: <position>\ndata: <json>\n\n".
void append_sse_frame(std::string& out, const RecordedEvent& event);

class Feed {
 public:
  Feed(EventStore& store, std::size_t capacity, std::chrono::milliseconds poll_interval,
       std::function<void()> on_new_events);
  ~Feed();

  // Reads the store's head and starts the thread.
  Status start();
  // Stops and joins the thread (within one poll interval). Idempotent.
  void stop();

  // A formatted frame, shared by every client that sends it (no copy per client).
  using Frame = std::shared_ptr<const std::string>;

  enum class Collected { some, nothing, behind };
  // Appends to `out` the frames of the events after `cursor` that match
  // `filter`, up to about `max_bytes`, and moves `cursor` past every event
  // it looked at. `behind`: the ring no longer holds the event after
  // `cursor` (read it from the store); `nothing`: there is none yet.
  Collected collect(std::uint64_t& cursor, const StreamFilter& filter, std::size_t max_bytes,
                    std::vector<Frame>& out) const;

  // The last position read.
  [[nodiscard]] std::uint64_t head() const;

  // Whether an event of `stream` and `type` concerns a live view client.
  using Affects = std::function<bool(std::string_view stream, std::string_view type)>;
  enum class Scanned { nothing, affected, behind };
  // Asks `affects` about every event after `cursor` in the ring and moves
  // `cursor` past them. `affected`: some said yes, `last_affected` is the
  // position of the last of them. `behind`: the ring no longer holds the
  // event after `cursor`; `cursor` and `last_affected` are then the head
  // (the caller re-reads once, conservatively). `affects` runs under the
  // ring's shared lock: it must be cheap and must not call back.
  Scanned scan(std::uint64_t& cursor, const Affects& affects, std::uint64_t& last_affected) const;

 private:
  struct Entry {
    std::uint64_t position;
    std::string names;  // the stream's name then the type's, in one allocation (design note 4)
    std::uint32_t stream_size;
    std::uint32_t category_size;  // the category is the stream name's first category_size bytes
    Frame frame;

    [[nodiscard]] std::string_view stream() const {
      return std::string_view(names).substr(0, stream_size);
    }
    [[nodiscard]] std::string_view category() const {
      return std::string_view(names).substr(0, category_size);
    }
    [[nodiscard]] std::string_view type() const {
      return std::string_view(names).substr(stream_size);
    }
  };

  void run();

  EventStore& store_;
  const std::size_t capacity_;
  const std::chrono::milliseconds poll_interval_;
  std::function<void()> on_new_events_;
  mutable std::shared_mutex mutex_;
  std::deque<Entry> ring_;
  std::uint64_t head_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace mealy::http
