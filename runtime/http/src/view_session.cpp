// A live view client (GET /views/{name}/live, view.hpp): the view's first
// answer at once, then a new answer each time an event changes it, as
// Server-Sent Events frames "id: <cursor>\ndata: <answer>\n\n" (the
// connection's part, with writes, heartbeats and slow clients, is
// SseConnection's).
//
// Design notes:
//  1. States, on the session's strand:
//
//       open ──first frame──▶ idle ◀──────────── written ◀──┐
//                              │ wake: the feed scanned      │ a 200 that
//                              │ from `scanned_`; some event │ differs from
//                              │ affected_by() (or behind)   │ the last sent
//                              ▼                             │
//                           reading (worker: wait_until, read) ──204, same──▶ idle
//                              └── another status (403 after an unshare,
//                                  a failed read): closed; the client's
//                                  reconnection gets it as a plain error
//
//  2. The feed thread only formats and rings events; it never calls the
//     view. The session asks affected_by() about the ring's entries (stream
//     and type) when woken, and only then reads, on a worker thread, after
//     wait_until(the last affecting position) said the view's tables have
//     caught up (it waits again after each timeout, until the client is gone
//     or the server stops). A client behind the ring re-reads once, as if
//     the head had affected it: it never scans the store.
//  3. The re-read asks `since` = the cursor of the last answer sent (or the
//     client's own when none was sent), so delta views send what changed
//     after what the client has. A 200 is sent only when its body differs
//     from the last one sent and its cursor is not older: an unrelated event
//     sends nothing, and no answer goes back in time.
//  4. Events that arrive during a read are scanned when it is done: a read
//     never misses one, at worst reads once more than needed.
//  5. Heartbeats go on during a read (busy() is false: a slow view is not a
//     dead connection), so an answer may come back while one is being
//     written. It waits for that write (`queued_`, sent by on_written):
//     one write at a time on the stream (SseConnection's design note 2).
#include <boost/asio/post.hpp>
#include <utility>

#include "sse_connection.hpp"

namespace mealy::http {
namespace {

namespace beast = boost::beast;

constexpr std::chrono::milliseconds kWaitStep{200};

// "id: <cursor>\ndata: <body>\n\n"; a body of several lines gets a data
// line each (SSE joins them with "\n" again).
std::string view_frame(std::uint64_t cursor, std::string_view body) {
  std::string out;
  out.reserve(body.size() + 32);
  out += "id: ";
  out += std::to_string(cursor);
  out += "\ndata: ";
  for (std::size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < body.size() && body[i + 1] == '\n') ++i;
      out += "\ndata: ";
    } else {
      out += c;
    }
  }
  out += "\n\n";
  return out;
}

class ViewSession final : public SseConnection {
 public:
  ViewSession(Server::Impl& server, beast::tcp_stream stream, HttpRequest request,
              std::shared_ptr<LiveView> live)
      : SseConnection(server, std::move(stream), std::move(request)), live_(std::move(live)) {}

 private:
  std::shared_ptr<ViewSession> shared() {
    return std::static_pointer_cast<ViewSession>(shared_from_this());
  }

  // The retry hint and the first answer (design note 4 of view.hpp).
  void on_open() override {
    ViewAnswer& first = live_->first;
    scanned_ = first.cursor;
    sent_cursor_ = live_->since;
    std::string text = "retry: 1000\n\n";
    if (first.reply.status == 200) {
      text += view_frame(first.cursor, first.reply.body);
      sent_cursor_ = first.cursor;
      sent_body_ = std::move(first.reply.body);
    }
    first.reply.body.clear();
    send(single(std::move(text)));
  }
  void on_written() override {
    if (queued_) return send(std::exchange(queued_, nullptr));  // design note 5
    pump();
  }
  void on_wake() override { pump(); }
  // Heartbeats go on while a read waits for a slow view (design note 5).
  [[nodiscard]] bool busy() const override { return false; }

  // Design note 2: scan the ring; read when some event affects the answer.
  void pump() {
    if (closed() || writing() || reading_) return;  // queued_ is only set while writing
    const ViewRequest request = live_->request(sent_cursor_);
    ViewEndpoint& view = *live_->view;
    std::uint64_t last = 0;
    Feed::Scanned scanned = Feed::Scanned::nothing;
    try {
      scanned = server_.feed.scan(
          scanned_,
          [&](std::string_view stream, std::string_view type) {
            return view.affected_by(request, stream, type);
          },
          last);
    } catch (const std::exception&) {
      return close(false);  // the view's code threw: nothing to tell the client but a reconnection
    }
    if (scanned != Feed::Scanned::nothing) reread(last);
  }

  void reread(std::uint64_t position) {
    reading_ = true;
    net::post(*server_.workers, [self = shared(), position, since = sent_cursor_] {
      ViewEndpoint& view = *self->live_->view;
      ViewAnswer answer;
      bool caught_up = false;
      try {
        while (!(caught_up = view.wait_until(position, kWaitStep))) {
          if (self->gone() || self->server_.stopping) break;
        }
        if (caught_up) answer = view.read(self->live_->request(since));
      } catch (const std::exception& error) {
        answer = ViewAnswer{error_reply(500, "host_error", error.what()), 0};
        caught_up = true;
      }
      if (!caught_up) return;  // gone, or the server stops
      net::post(self->stream_.get_executor(),
                [self, answer = std::move(answer)]() mutable { self->on_read(std::move(answer)); });
    });
  }

  void on_read(ViewAnswer answer) {
    reading_ = false;
    if (closed()) return;
    const int status = answer.reply.status;
    if (status == 204) return pump();
    if (status != 200) return close(false);  // design note 1: the reconnection gets the error
    if (answer.cursor < sent_cursor_ || answer.reply.body == sent_body_) return pump();
    sent_cursor_ = answer.cursor;
    sent_body_ = std::move(answer.reply.body);
    Frames frame = single(view_frame(sent_cursor_, sent_body_));
    if (writing()) {
      queued_ = std::move(frame);  // a heartbeat is out: after it (design note 5)
      return;
    }
    send(std::move(frame));
  }

  std::shared_ptr<LiveView> live_;
  std::uint64_t scanned_ = 0;      // the feed's events up to it were asked about
  std::uint64_t sent_cursor_ = 0;  // the client has the view as of this cursor
  std::string sent_body_;          // the last answer sent
  Frames queued_;                  // an answer waiting for the heartbeat in flight
  bool reading_ = false;
};

}  // namespace

void start_view_session(Server::Impl& server, beast::tcp_stream stream, HttpRequest request,
                        std::shared_ptr<LiveView> live) {
  std::make_shared<ViewSession>(server, std::move(stream), std::move(request), std::move(live))
      ->start();
}

}  // namespace mealy::http
