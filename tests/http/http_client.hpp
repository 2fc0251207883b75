// What the HTTP tests talk to the server with: a small client (one request
// per call, or several on one kept-alive connection), a raw socket for
// requests no client would send, and a reader of Server-Sent Events.
//
// Only declarations here: the Boost.Beast code behind them is compiled once,
// in http_client.cpp (the library mealy_test_http_client), since Beast's
// templates cost each test file that instantiated them most of its build time.
#pragma once

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mealy::testing {

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

// The methods the tests send.
enum class Method { get, post, put, options };

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

// One connection to 127.0.0.1:port, kept alive between requests.
class HttpConnection {
 public:
  explicit HttpConnection(std::uint16_t port);
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  // Sends one request (a POST, or any request with a body, as JSON) and reads
  // its response; throws when the connection fails or 30 s pass.
  HttpResponse request(Method method, const std::string& target, const std::string& body = {},
                       const HttpHeaders& headers = {});
  // Reads the next response on the connection.
  HttpResponse read();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

HttpResponse http_get(std::uint16_t port, const std::string& target,
                      const HttpHeaders& headers = {});
HttpResponse http_post(std::uint16_t port, const std::string& target, const std::string& body,
                       const HttpHeaders& headers = {});

// A plain socket: whatever bytes the test wants, and whatever comes back.
class RawSocket {
 public:
  // `receive_buffer` > 0 sets SO_RCVBUF before connecting (a slow reader).
  explicit RawSocket(std::uint16_t port, int receive_buffer = 0);
  ~RawSocket();
  RawSocket(const RawSocket&) = delete;
  RawSocket& operator=(const RawSocket&) = delete;

  // false when the server has closed the connection.
  bool send(std::string_view bytes);
  // Reads until the server closes or `timeout` passes; what came.
  std::string read_until_closed(std::chrono::milliseconds timeout, bool* closed = nullptr);
  // The address the socket is connected to, as text.
  std::string remote_address() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
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
    for (const auto& [name, value] : headers)
      request += name + ": " + value + "\r\n";
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
