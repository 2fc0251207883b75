// A Server-Sent Events client: the events after its cursor, one frame each
// ("id: <position>\ndata: <event json>\n\n"), as chunks of one chunked
// HTTP response that never ends.
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
//  2. At most one write is in flight (`writing_`). A write must finish
//     within slow_client_timeout, or the client is dropped (design note 3 of
//     server.hpp): its memory is bounded by one batch, and nothing waits
//     for it.
//  3. The cursor moves only when a write of the events before it finished:
//     a dropped client resumes with Last-Event-ID from what it received.
//  4. A read from the client that ends (it closed, or sent anything after
//     its request) closes the session, so that gone clients do not linger
//     until the next heartbeat.
#include "stream_session.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace mealy::http {
namespace {

namespace beast = boost::beast;

constexpr std::size_t kBatchBytes = 64 * 1024;
constexpr std::size_t kCatchUpEvents = 500;

class SseSession final : public StreamSession {
 public:
  SseSession(Server::Impl& server, beast::tcp_stream stream, HttpRequest request, std::uint64_t cursor,
             StreamFilter filter)
      : server_(server),
        stream_(std::move(stream)),
        request_(std::move(request)),
        cursor_(cursor),
        filter_(std::move(filter)),
        heartbeat_(stream_.get_executor()) {
    ++server_.connections;
  }
  ~SseSession() override {
    --server_.connections;
    if (counted_) --server_.stream_count;
  }

  void start() {
    if (++server_.stream_count > server_.options.max_stream_clients) {
      --server_.stream_count;
      return refuse();
    }
    counted_ = true;
    header_.version(11);
    header_.result(beast_http::status::ok);
    header_.set(beast_http::field::content_type, "text/event-stream");
    header_.set(beast_http::field::cache_control, "no-cache");
    server_.add_cors(header_);
    header_.chunked(true);
    serializer_.emplace(header_);
    writing_ = true;
    stream_.expires_after(server_.options.slow_client_timeout);
    beast_http::async_write_header(stream_, *serializer_,
                                   [self = shared()](beast::error_code error, std::size_t) {
                                     self->writing_ = false;
                                     if (error) return self->close(error == beast::error::timeout);
                                     self->server_.register_stream(self);
                                     self->watch_client();
                                     self->arm_heartbeat();
                                     // The retry hint first: browsers reconnect after 1 s.
                                     self->send(single("retry: 1000\n\n"), self->cursor_);
                                   });
  }

  void wake() override {
    net::post(stream_.get_executor(), [self = shared()] { self->pump(); });
  }

 private:
  std::shared_ptr<SseSession> shared() {
    return std::static_pointer_cast<SseSession>(shared_from_this());
  }

  void refuse() {
    auto response = std::make_shared<beast_http::response<beast_http::string_body>>();
    Reply reply = error_reply(503, "too_many_streams",
                              "the server follows " + std::to_string(server_.options.max_stream_clients) +
                                  " streams already; try again later");
    response->version(11);
    response->result(beast_http::status::service_unavailable);
    response->set(beast_http::field::content_type, "application/json");
    response->set(beast_http::field::retry_after, "5");
    server_.add_cors(*response);
    response->keep_alive(false);
    response->body() = std::move(reply.body);
    response->prepare_payload();
    stream_.expires_after(server_.options.request_timeout);
    beast_http::async_write(stream_, *response, [self = shared(), response](beast::error_code, std::size_t) {
      self->close(false);
    });
  }

  // Design note 4: the client sends nothing after its request.
  void watch_client() {
    stream_.socket().async_read_some(net::buffer(probe_), [self = shared()](beast::error_code, std::size_t) {
      // A write in flight decides: it fails soon when the client is gone,
      // and when it timed out (which also ends this read) the client was slow.
      if (self->writing_) {
        self->peer_gone_ = true;
        return;
      }
      self->close(false);
    });
  }

  void arm_heartbeat() {
    heartbeat_.expires_after(server_.options.heartbeat_interval);
    heartbeat_.async_wait([self = shared()](beast::error_code error) {
      if (error || self->closed_) return;
      if (!self->writing_ && !self->catching_up_) {
        self->send(single(": heartbeat\n\n"), self->cursor_);
      }
      self->arm_heartbeat();
    });
  }

  void pump() {
    if (closed_ || writing_ || catching_up_) return;
    auto batch = std::make_shared<std::vector<Feed::Frame>>();
    std::uint64_t next = cursor_;
    switch (server_.feed.collect(next, filter_, kBatchBytes, *batch)) {
      case Feed::Collected::some:
        return send(std::move(batch), next);
      case Feed::Collected::nothing:
        cursor_ = next;  // past events the filter left out
        return;
      case Feed::Collected::behind:
        return catch_up();
    }
  }

  void catch_up() {
    catching_up_ = true;
    net::post(*server_.workers, [self = shared(), after = cursor_] {
      auto page = self->server_.store.read_all(after, self->filter_.to_store_filter(), kCatchUpEvents);
      auto text = std::make_shared<std::string>();
      std::uint64_t next = after;
      bool failed = !page;
      if (page) {
        for (const RecordedEvent& event : page->events) append_sse_frame(*text, event);
        next = page->next_position;
      }
      auto batch = std::make_shared<std::vector<Feed::Frame>>();
      if (!text->empty()) batch->push_back(std::move(text));
      net::post(self->stream_.get_executor(), [self, batch, next, failed] {
        self->catching_up_ = false;
        if (self->closed_) return;
        if (failed) return self->close(false);  // the client resumes when it reconnects
        if (batch->empty()) {
          self->cursor_ = next;
          return self->pump();
        }
        self->send(batch, next);
      });
    });
  }

  static std::shared_ptr<std::vector<Feed::Frame>> single(std::string text) {
    return std::make_shared<std::vector<Feed::Frame>>(
        std::vector<Feed::Frame>{std::make_shared<const std::string>(std::move(text))});
  }

  // Writes the frames as one chunk, from where they are (shared with other
  // clients, not copied); the cursor becomes `next` once they are out.
  void send(std::shared_ptr<std::vector<Feed::Frame>> frames, std::uint64_t next) {
    writing_ = true;
    buffers_.clear();
    for (const Feed::Frame& frame : *frames) buffers_.emplace_back(frame->data(), frame->size());
    stream_.expires_after(server_.options.slow_client_timeout);
    net::async_write(stream_, beast_http::make_chunk(buffers_),
                     [self = shared(), frames, next](beast::error_code error, std::size_t) {
                       self->writing_ = false;
                       if (error) return self->close(error == beast::error::timeout);
                       if (self->peer_gone_) return self->close(false);
                       self->stream_.expires_never();
                       self->cursor_ = next;
                       self->pump();
                     });
  }

  void close(bool slow) {
    if (closed_) return;
    closed_ = true;
    if (slow) ++server_.dropped;
    heartbeat_.cancel();
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
  }

  Server::Impl& server_;
  beast::tcp_stream stream_;
  HttpRequest request_;
  std::uint64_t cursor_;
  StreamFilter filter_;
  net::steady_timer heartbeat_;
  beast_http::response<beast_http::empty_body> header_;
  std::optional<beast_http::response_serializer<beast_http::empty_body>> serializer_;
  std::array<char, 1> probe_{};
  std::vector<net::const_buffer> buffers_;  // of the write in flight
  bool counted_ = false;
  bool writing_ = false;
  bool catching_up_ = false;
  bool closed_ = false;
  bool peer_gone_ = false;  // the client's side ended during a write
};

}  // namespace

void start_stream_session(Server::Impl& server, beast::tcp_stream stream, HttpRequest request,
                          std::uint64_t cursor, StreamFilter filter) {
  std::make_shared<SseSession>(server, std::move(stream), std::move(request), cursor, std::move(filter))
      ->start();
}

}  // namespace mealy::http
