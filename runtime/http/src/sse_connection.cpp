// SseConnection: see sse_connection.hpp for the design notes.
#include "sse_connection.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>

namespace mealy::http {

namespace beast = boost::beast;

SseConnection::SseConnection(Server::Impl& server, beast::tcp_stream stream, HttpRequest request)
    : server_(server),
      stream_(std::move(stream)),
      request_(std::move(request)),
      heartbeat_(stream_.get_executor()) {
  ++server_.connections;
}

SseConnection::~SseConnection() {
  --server_.connections;
  if (counted_) --server_.stream_count;
}

void SseConnection::start() {
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
                                 [self = self()](beast::error_code error, std::size_t) {
                                   self->writing_ = false;
                                   if (error) return self->close(error == beast::error::timeout);
                                   self->server_.register_stream(self);
                                   self->watch_client();
                                   self->arm_heartbeat();
                                   self->on_open();
                                 });
}

void SseConnection::wake() {
  net::post(stream_.get_executor(), [self = self()] {
    if (!self->closed_) self->on_wake();
  });
}

SseConnection::Frames SseConnection::single(std::string text) {
  return std::make_shared<std::vector<Feed::Frame>>(
      std::vector<Feed::Frame>{std::make_shared<const std::string>(std::move(text))});
}

void SseConnection::refuse() {
  auto response = std::make_shared<beast_http::response<beast_http::string_body>>();
  Reply reply =
      error_reply(503, "too_many_streams",
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
  beast_http::async_write(
      stream_, *response,
      [self = self(), response](beast::error_code, std::size_t) { self->close(false); });
}

// Design note 3: the client sends nothing after its request.
void SseConnection::watch_client() {
  stream_.socket().async_read_some(net::buffer(probe_),
                                   [self = self()](beast::error_code, std::size_t) {
                                     // A write in flight decides: it fails soon when the client is
                                     // gone, and when it timed out (which also ends this read) the
                                     // client was slow.
                                     if (self->writing_) {
                                       self->peer_gone_ = true;
                                       return;
                                     }
                                     self->close(false);
                                   });
}

void SseConnection::arm_heartbeat() {
  heartbeat_.expires_after(server_.options.heartbeat_interval);
  heartbeat_.async_wait([self = self()](beast::error_code error) {
    if (error || self->closed_) return;
    if (!self->writing_ && !self->busy()) self->send(single(": heartbeat\n\n"));
    self->arm_heartbeat();
  });
}

void SseConnection::send(Frames frames) {
  writing_ = true;
  buffers_.clear();
  for (const Feed::Frame& frame : *frames)
    buffers_.emplace_back(frame->data(), frame->size());
  stream_.expires_after(server_.options.slow_client_timeout);
  net::async_write(stream_, beast_http::make_chunk(buffers_),
                   [self = self(), frames](beast::error_code error, std::size_t) {
                     self->writing_ = false;
                     if (error) return self->close(error == beast::error::timeout);
                     if (self->peer_gone_) return self->close(false);
                     self->stream_.expires_never();
                     self->on_written();
                   });
}

void SseConnection::close(bool slow) {
  if (closed_) return;
  closed_ = true;
  gone_ = true;
  if (slow) ++server_.dropped;
  heartbeat_.cancel();
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
  stream_.close();
}

}  // namespace mealy::http
