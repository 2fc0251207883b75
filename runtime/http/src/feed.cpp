#include "feed.hpp"

#include <algorithm>
#include <mutex>

#include "feed_json.hpp"

namespace mealy::http {

bool StreamFilter::matches(std::string_view category, std::string_view type) const {
  auto contains = [](const std::vector<std::string>& list, std::string_view value) {
    return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
  };
  return contains(categories, category) && contains(types, type);
}

void append_sse_frame(std::string& out, const RecordedEvent& event) {
  out += "id: ";
  out += std::to_string(event.position);
  out += "\ndata: ";
  write_recorded_event(out, event);  // one line: the JSON writer escapes every newline
  out += "\n\n";
}

Feed::Feed(EventStore& store, std::size_t capacity, std::chrono::milliseconds poll_interval,
           std::function<void()> on_new_events)
    : store_(store),
      capacity_(std::max<std::size_t>(capacity, 1)),
      poll_interval_(poll_interval),
      on_new_events_(std::move(on_new_events)) {}

Feed::~Feed() {
  stop();
}

Status Feed::start() {
  auto head = store_.head();
  if (!head) return head.status();
  {
    std::unique_lock lock(mutex_);
    head_ = *head;
  }
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
  return {};
}

void Feed::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

std::uint64_t Feed::head() const {
  std::shared_lock lock(mutex_);
  return head_;
}

Feed::Collected Feed::collect(std::uint64_t& cursor, const StreamFilter& filter,
                              std::size_t max_bytes, std::vector<Frame>& out) const {
  std::shared_lock lock(mutex_);
  if (cursor >= head_) return Collected::nothing;
  if (ring_.empty() || cursor + 1 < ring_.front().position) return Collected::behind;
  const std::size_t before = out.size();
  std::size_t bytes = 0;
  for (std::size_t i = cursor + 1 - ring_.front().position; i < ring_.size(); ++i) {
    const Entry& entry = ring_[i];
    if (filter.matches(entry.category(), entry.type())) {
      out.push_back(entry.frame);
      bytes += entry.frame->size();
    }
    cursor = entry.position;
    if (bytes >= max_bytes) break;
  }
  return out.size() > before ? Collected::some : Collected::nothing;
}

Feed::Scanned Feed::scan(std::uint64_t& cursor, const Affects& affects,
                         std::uint64_t& last_affected) const {
  std::shared_lock lock(mutex_);
  if (cursor >= head_) return Scanned::nothing;
  if (ring_.empty() || cursor + 1 < ring_.front().position) {
    cursor = head_;
    last_affected = head_;
    return Scanned::behind;
  }
  bool affected = false;
  for (std::size_t i = cursor + 1 - ring_.front().position; i < ring_.size(); ++i) {
    const Entry& entry = ring_[i];
    if (affects(entry.stream(), entry.type())) {
      affected = true;
      last_affected = entry.position;
    }
  }
  cursor = head_;
  return affected ? Scanned::affected : Scanned::nothing;
}

void Feed::run() {
  constexpr std::size_t kPage = 1'000;
  std::uint64_t head = this->head();
  bool more = false;
  while (!stopping_) {
    if (!more) store_.wait_for_commit(head, poll_interval_);
    if (stopping_) break;
    auto page = store_.read_all(head, {}, kPage);
    if (!page) {
      // The store failed (a lock, a lost server): try again after a pause;
      // clients keep what they have and get the rest later.
      std::this_thread::sleep_for(poll_interval_);
      more = false;
      continue;
    }
    more = !page->at_end;
    if (page->events.empty()) {
      head = std::max(head, page->next_position);
      continue;
    }
    std::vector<Entry> entries;
    entries.reserve(page->events.size());
    for (const RecordedEvent& event : page->events) {
      Entry& entry = entries.emplace_back();
      entry.position = event.position;
      entry.names.reserve(event.stream.size() + event.type.size());
      entry.names += event.stream;
      entry.names += event.type;
      entry.stream_size = static_cast<std::uint32_t>(event.stream.size());
      entry.category_size = static_cast<std::uint32_t>(category_of(event.stream).size());
      auto frame = std::make_shared<std::string>();
      append_sse_frame(*frame, event);
      entry.frame = std::move(frame);
    }
    {
      std::unique_lock lock(mutex_);
      for (Entry& entry : entries)
        ring_.push_back(std::move(entry));
      while (ring_.size() > capacity_)
        ring_.pop_front();
      head_ = page->next_position;
    }
    head = page->next_position;
    on_new_events_();
  }
}

}  // namespace mealy::http
