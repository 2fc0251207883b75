// A Server-Sent Events client of GET /stream: the events after its cursor,
// one frame each ("id: <position>\ndata: <event json>\n\n"), as chunks of
// one chunked HTTP response that never ends (the connection's part, with
// writes, heartbeats and slow clients, is SseConnection's).
//
// Design notes:
//  1. States: catching up (reading the store on a worker thread, because the
//     feed's ring no longer holds the next event), live (reading the ring
//     when woken), and closed. Every transition runs on the session's strand.
//
//         start ──▶ pump ──ring has it──▶ write ──done──▶ pump
//                    │ ▲
//                    │ └──────── page written ◀── catch up (worker: read_all)
//                    └─behind──────────────────────▶
//
//  2. The cursor moves only when a write of the events before it finished:
//     a dropped client resumes with Last-Event-ID from what it received.
#include "stream_session.hpp"

#include <boost/asio/post.hpp>

#include "sse_connection.hpp"

namespace mealy::http {
namespace {

namespace beast = boost::beast;

constexpr std::size_t kBatchBytes = 64 * 1024;
constexpr std::size_t kCatchUpEvents = 500;

class SseSession final : public SseConnection {
 public:
  SseSession(Server::Impl& server, beast::tcp_stream stream, HttpRequest request,
             std::uint64_t cursor, StreamFilter filter)
      : SseConnection(server, std::move(stream), std::move(request)),
        cursor_(cursor),
        next_(cursor),
        filter_(std::move(filter)) {}

 private:
  std::shared_ptr<SseSession> shared() {
    return std::static_pointer_cast<SseSession>(shared_from_this());
  }

  // The retry hint first: browsers reconnect after 1 s.
  void on_open() override { send(single("retry: 1000\n\n")); }
  void on_written() override {
    cursor_ = next_;
    pump();
  }
  void on_wake() override { pump(); }
  [[nodiscard]] bool busy() const override { return catching_up_; }

  void pump() {
    if (closed() || writing() || catching_up_) return;
    auto batch = std::make_shared<std::vector<Feed::Frame>>();
    std::uint64_t next = cursor_;
    switch (server_.feed.collect(next, filter_, kBatchBytes, *batch)) {
      case Feed::Collected::some:
        next_ = next;
        return send(std::move(batch));
      case Feed::Collected::nothing:
        cursor_ = next_ = next;  // past events the filter left out
        return;
      case Feed::Collected::behind:
        return catch_up();
    }
  }

  void catch_up() {
    catching_up_ = true;
    net::post(*server_.workers, [self = shared(), after = cursor_] {
      auto page =
          self->server_.store.read_all(after, self->filter_.to_store_filter(), kCatchUpEvents);
      auto text = std::make_shared<std::string>();
      std::uint64_t next = after;
      bool failed = !page;
      if (page) {
        for (const RecordedEvent& event : page->events)
          append_sse_frame(*text, event);
        next = page->next_position;
      }
      auto batch = std::make_shared<std::vector<Feed::Frame>>();
      if (!text->empty()) batch->push_back(std::move(text));
      net::post(self->stream_.get_executor(), [self, batch, next, failed] {
        self->catching_up_ = false;
        if (self->closed()) return;
        if (failed) return self->close(false);  // the client resumes when it reconnects
        if (batch->empty()) {
          self->cursor_ = self->next_ = next;
          return self->pump();
        }
        self->next_ = next;
        self->send(batch);
      });
    });
  }

  std::uint64_t cursor_;  // every event up to it was sent
  std::uint64_t next_;    // the cursor once the write in flight is out
  StreamFilter filter_;
  bool catching_up_ = false;
};

}  // namespace

void start_stream_session(Server::Impl& server, beast::tcp_stream stream, HttpRequest request,
                          std::uint64_t cursor, StreamFilter filter) {
  std::make_shared<SseSession>(server, std::move(stream), std::move(request), cursor,
                               std::move(filter))
      ->start();
}

}  // namespace mealy::http
