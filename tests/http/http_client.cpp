// The Boost.Beast side of http_client.hpp, compiled once for every test
// program that talks HTTP.
#include "http_client.hpp"

#include <sys/socket.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <thread>

namespace mealy::testing {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;

namespace {

bhttp::verb verb_of(Method method) {
  switch (method) {
    case Method::get:
      return bhttp::verb::get;
    case Method::post:
      return bhttp::verb::post;
    case Method::put:
      return bhttp::verb::put;
    case Method::options:
      return bhttp::verb::options;
  }
  return bhttp::verb::get;
}

tcp::endpoint loopback(std::uint16_t port) {
  return tcp::endpoint(net::ip::make_address("127.0.0.1"), port);
}

}  // namespace

struct HttpConnection::Impl {
  net::io_context io;
  beast::tcp_stream stream{io};
  beast::flat_buffer buffer;
};

HttpConnection::HttpConnection(std::uint16_t port) : impl_(std::make_unique<Impl>()) {
  impl_->stream.connect(loopback(port));
}

HttpConnection::~HttpConnection() {
  beast::error_code ignored;
  impl_->stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
}

HttpResponse HttpConnection::request(Method method, const std::string& target,
                                     const std::string& body, const HttpHeaders& headers) {
  bhttp::request<bhttp::string_body> request{verb_of(method), target, 11};
  request.set(bhttp::field::host, "127.0.0.1");
  for (const auto& [name, value] : headers)
    request.set(name, value);
  if (!body.empty() || method == Method::post) {
    request.set(bhttp::field::content_type, "application/json");
    request.body() = body;
    request.prepare_payload();
  }
  impl_->stream.expires_after(std::chrono::seconds(30));
  bhttp::write(impl_->stream, request);
  return read();
}

HttpResponse HttpConnection::read() {
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(64u << 20);
  impl_->stream.expires_after(std::chrono::seconds(30));
  bhttp::read(impl_->stream, impl_->buffer, parser);
  HttpResponse out;
  auto& response = parser.get();
  out.status = static_cast<int>(response.result_int());
  out.body = response.body();
  out.keep_alive = response.keep_alive();
  for (const auto& field : response) {
    std::string name(field.name_string());
    for (char& c : name)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers[name] = std::string(field.value());
  }
  return out;
}

HttpResponse http_get(std::uint16_t port, const std::string& target, const HttpHeaders& headers) {
  HttpConnection connection(port);
  return connection.request(Method::get, target, {}, headers);
}

HttpResponse http_post(std::uint16_t port, const std::string& target, const std::string& body,
                       const HttpHeaders& headers) {
  HttpConnection connection(port);
  return connection.request(Method::post, target, body, headers);
}

struct RawSocket::Impl {
  net::io_context io;
  tcp::socket socket{io};
};

RawSocket::RawSocket(std::uint16_t port, int receive_buffer) : impl_(std::make_unique<Impl>()) {
  impl_->socket.open(tcp::v4());
  if (receive_buffer > 0)
    impl_->socket.set_option(net::socket_base::receive_buffer_size(receive_buffer));
  impl_->socket.connect(loopback(port));
}

RawSocket::~RawSocket() = default;

bool RawSocket::send(std::string_view bytes) {
  boost::system::error_code error;
  net::write(impl_->socket, net::buffer(bytes.data(), bytes.size()), error);
  return !error;
}

std::string RawSocket::read_until_closed(std::chrono::milliseconds timeout, bool* closed) {
  std::string out;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  impl_->socket.non_blocking(true);
  char buffer[65536];
  while (std::chrono::steady_clock::now() < deadline) {
    boost::system::error_code error;
    const std::size_t n = impl_->socket.read_some(net::buffer(buffer), error);
    if (error == net::error::would_block) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      continue;
    }
    if (error) {
      if (closed) *closed = true;
      return out;
    }
    out.append(buffer, n);
  }
  if (closed) *closed = false;
  return out;
}

std::string RawSocket::remote_address() const {
  return impl_->socket.remote_endpoint().address().to_string();
}

}  // namespace mealy::testing
