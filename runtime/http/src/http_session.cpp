// One HTTP/1.1 connection: read a request within the limits, route it on a
// worker thread, write the answer, and again while the client keeps it
// alive. A request for /stream or a live view hands the connection to a
// StreamSession.
//
// Design notes:
//  1. At most one request is in flight per connection (no pipelining of
//     answers): the next read starts after the answer is written.
//  2. Every read has a deadline (request_timeout): a client that sends its
//     headers or body too slowly, or idles, is disconnected; the others go
//     on (they are served by the same threads, never blocked by it).
//  3. Requests over the header or body limit get 431 or 413 and the
//     connection is closed (the rest of the body is never read).
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "server_impl.hpp"

namespace mealy::http {
namespace {

namespace beast = boost::beast;

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(Server::Impl& server, tcp::socket socket)
      : server_(server), stream_(std::move(socket)) {
    ++server_.connections;
    boost::system::error_code error;
    auto remote = stream_.socket().remote_endpoint(error);
    if (!error) remote_ = remote.address().to_string();
  }
  ~HttpSession() { --server_.connections; }

  void read() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.options.max_header_bytes));
    parser_->body_limit(server_.options.max_body_bytes);
    stream_.expires_after(server_.options.request_timeout);
    beast_http::async_read(stream_, buffer_, *parser_,
                           [self = shared_from_this()](beast::error_code error, std::size_t) {
                             self->on_read(error);
                           });
  }

 private:
  void on_read(beast::error_code error) {
    if (error == beast_http::error::body_limit) {
      return write_error(
          413, "payload_too_large",
          "the body exceeds " + std::to_string(server_.options.max_body_bytes) + " bytes");
    }
    if (error == beast_http::error::header_limit) {
      return write_error(
          431, "header_too_large",
          "the headers exceed " + std::to_string(server_.options.max_header_bytes) + " bytes");
    }
    if (error == beast_http::error::end_of_stream || error == beast::error::timeout ||
        error == net::error::operation_aborted || error == net::error::connection_reset ||
        error == net::error::eof) {
      return close();
    }
    if (error)
      return write_error(400, "bad_request", "not an HTTP/1.1 request: " + error.message());
    if (server_.stopping) return close();
    stream_.expires_never();
    request_ = parser_->release();
    net::post(*server_.workers, [self = shared_from_this()] {
      Routed routed = self->server_.route(self->request_, self->remote_);
      net::post(self->stream_.get_executor(), [self, routed = std::move(routed)]() mutable {
        self->on_routed(std::move(routed));
      });
    });
  }

  void on_routed(Routed routed) {
    if (routed.stream) {
      start_stream_session(server_, std::move(stream_), std::move(request_), routed.cursor,
                           std::move(routed.filter));
      return;
    }
    if (routed.live_view) {
      start_view_session(server_, std::move(stream_), std::move(request_),
                         std::move(routed.live_view));
      return;
    }
    const bool keep_alive = request_.keep_alive();
    write(std::move(routed), keep_alive);
  }

  void write_error(int status, std::string_view code, std::string_view message) {
    write(answer(error_reply(status, code, message)), false);
  }

  void write(Routed routed, bool keep_alive) {
    Reply& reply = routed.reply;
    auto response = std::make_shared<beast_http::response<beast_http::string_body>>();
    response->version(11);
    response->result(static_cast<unsigned>(reply.status));
    if (!reply.body.empty() || routed.head)
      response->set(beast_http::field::content_type, routed.content_type);
    for (const auto& [name, value] : routed.headers)
      response->set(name, value);
    if (routed.unauthorized) response->set(beast_http::field::www_authenticate, "Bearer");
    if (reply.status == 204 && !server_.options.cors_origin.empty()) {
      response->set("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
      response->set("Access-Control-Allow-Headers", "Authorization, Content-Type, Last-Event-ID");
      response->set("Access-Control-Max-Age", "600");
    }
    server_.add_cors(*response);
    if (!server_.options.cors_origin.empty())
      response->set("Access-Control-Expose-Headers", "Mealy-Cursor");
    response->keep_alive(keep_alive && !server_.stopping);
    response->body() = std::move(reply.body);
    response->prepare_payload();
    if (routed.head)
      response->content_length(routed.head_length);  // HEAD: the length GET would send
    stream_.expires_after(server_.options.request_timeout);
    beast_http::async_write(
        stream_, *response,
        [self = shared_from_this(), response](beast::error_code error, std::size_t) {
          if (error || !response->keep_alive()) return self->close();
          self->read();
        });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.close();
  }

  Server::Impl& server_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<beast_http::request_parser<beast_http::string_body>> parser_;
  HttpRequest request_;
  std::string remote_;
};

}  // namespace

void start_http_session(Server::Impl& server, tcp::socket socket) {
  std::make_shared<HttpSession>(server, std::move(socket))->read();
}

}  // namespace mealy::http
