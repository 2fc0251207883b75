// What the HTTP tests talk to the server with: a small Boost.Beast client
// (one request per call, or several on one kept-alive connection), a raw
// socket for requests no client would send, and a reader of Server-Sent
// Events.
#pragma once

#include <sys/socket.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace mealy::testing {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;

struct HttpResponse {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lowercase names
  bool keep_alive = false;

  [[nodiscard]] std::string header(const std::string& name) const {
    auto found = headers.find(name);
    return found == headers.end() ? std::string() : found->second;
  }
};

// One connection to 127.0.0.1:port, kept alive between requests.
class HttpConnection {
 public:
  explicit HttpConnection(std::uint16_t port) : stream_(io_) {
    stream_.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  }
  ~HttpConnection() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
  }

  HttpResponse request(bhttp::verb method, const std::string& target, const std::string& body = {},
                       const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    bhttp::request<bhttp::string_body> request{method, target, 11};
    request.set(bhttp::field::host, "127.0.0.1");
    for (const auto& [name, value] : headers) request.set(name, value);
    if (!body.empty() || method == bhttp::verb::post) {
      request.set(bhttp::field::content_type, "application/json");
      request.body() = body;
      request.prepare_payload();
    }
    stream_.expires_after(std::chrono::seconds(30));
    bhttp::write(stream_, request);
    return read();
  }

  HttpResponse read() {
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64u << 20);
    stream_.expires_after(std::chrono::seconds(30));
    bhttp::read(stream_, buffer_, parser);
    HttpResponse out;
    auto& response = parser.get();
    out.status = static_cast<int>(response.result_int());
    out.body = response.body();
    out.keep_alive = response.keep_alive();
    for (const auto& field : response) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      out.headers[name] = std::string(field.value());
    }
    return out;
  }

  beast::tcp_stream& stream() { return stream_; }

 private:
  net::io_context io_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
};

inline HttpResponse http_get(std::uint16_t port, const std::string& target,
                             const std::vector<std::pair<std::string, std::string>>& headers = {}) {
  HttpConnection connection(port);
  return connection.request(bhttp::verb::get, target, {}, headers);
}

inline HttpResponse http_post(std::uint16_t port, const std::string& target, const std::string& body,
                              const std::vector<std::pair<std::string, std::string>>& headers = {}) {
  HttpConnection connection(port);
  return connection.request(bhttp::verb::post, target, body, headers);
}

// A plain socket: whatever bytes the test wants, and whatever comes back.
class RawSocket {
 public:
  explicit RawSocket(std::uint16_t port, int receive_buffer = 0) : socket_(io_) {
    socket_.open(tcp::v4());
    if (receive_buffer > 0) socket_.set_option(net::socket_base::receive_buffer_size(receive_buffer));
    socket_.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  }
  // false when the server has closed the connection.
  bool send(std::string_view bytes) {
    boost::system::error_code error;
    net::write(socket_, net::buffer(bytes.data(), bytes.size()), error);
    return !error;
  }
  // Reads until the server closes or `timeout` passes; what came.
  std::string read_until_closed(std::chrono::milliseconds timeout, bool* closed = nullptr) {
    std::string out;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    socket_.non_blocking(true);
    char buffer[65536];
    while (std::chrono::steady_clock::now() < deadline) {
      boost::system::error_code error;
      const std::size_t n = socket_.read_some(net::buffer(buffer), error);
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
  tcp::socket& socket() { return socket_; }

 private:
  net::io_context io_;
  tcp::socket socket_;
};

// A client of GET /stream reading frames as they come. Chunk sizes are
// skipped: each chunk the server writes holds whole frames.
class SseClient {
 public:
  struct Frame {
    std::uint64_t id = 0;
    std::string data;
  };

  SseClient(std::uint16_t port, const std::string& target,
            const std::vector<std::pair<std::string, std::string>>& headers = {})
      : socket_(port) {
    std::string request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (const auto& [name, value] : headers) request += name + ": " + value + "\r\n";
    request += "\r\n";
    REQUIRE(socket_.send(request));
  }

  // Reads until `count` events arrived (true) or `timeout` passed (false).
  bool wait_for(std::size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (frames.size() < count && std::chrono::steady_clock::now() < deadline) {
      bool closed = false;
      raw += socket_.read_until_closed(std::chrono::milliseconds(20), &closed);
      parse();
      if (closed) break;
    }
    return frames.size() >= count;
  }

  std::string raw;            // everything received, headers included
  std::vector<Frame> frames;  // the events so far
  std::size_t heartbeats = 0;

 private:
  void parse() {
    std::size_t at;
    while ((at = raw.find("\n\n", parsed_)) != std::string::npos) {
      std::string block = raw.substr(parsed_, at - parsed_);
      parsed_ = at + 2;
      // Drop what precedes the frame in this block (headers, a chunk size line).
      const std::size_t id = block.find("id: ");
      const std::size_t heartbeat = block.find(": heartbeat");
      if (heartbeat != std::string::npos && id == std::string::npos) {
        ++heartbeats;
        continue;
      }
      if (id == std::string::npos) continue;
      Frame frame;
      const std::size_t newline = block.find('\n', id);
      frame.id = std::stoull(block.substr(id + 4, newline - id - 4));
      const std::size_t data = block.find("data: ", newline);
      if (data != std::string::npos) frame.data = block.substr(data + 6);
      frames.push_back(std::move(frame));
    }
  }

  RawSocket socket_;
  std::size_t parsed_ = 0;
};

}  // namespace mealy::testing
