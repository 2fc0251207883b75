// Requests no client should send: each gets a clear error or is cut off,
// nothing crashes, and the server keeps serving everyone else.
#include <catch2/catch.hpp>

#include "http_client.hpp"
#include "json_pointer.hpp"
#include "served.hpp"

using namespace mealy::testing;
using namespace std::chrono_literals;

namespace {

// The server still answers a plain request.
void still_serving(std::uint16_t port) {
  HttpResponse changes = http_get(port, "/changes");
  CHECK(changes.status == 200);
}

}  // namespace

TEST_CASE("An oversized body answers 413 and closes, oversized headers 431", "[http][hostile]") {
  mealy::http::ServerOptions options;
  options.max_body_bytes = 1024;
  options.max_header_bytes = 1024;
  Served served(options);
  const std::string big =
      R"({"type":"Create","payload":{"title":")" + std::string(5000, 'x') + R"(","owner":"a"}})";
  HttpResponse body = http_post(served.port(), kNotebook + "/commands", big);
  CHECK(body.status == 413);
  CHECK(at(body.body, "/error/code") == "payload_too_large");
  CHECK_FALSE(body.keep_alive);

  // A body announced as huge is refused before it is sent.
  RawSocket announced(served.port());
  REQUIRE(announced.send("POST " + kNotebook +
                         "/commands HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000000\r\n\r\n"));
  CHECK(announced.read_until_closed(5s).find("413") != std::string::npos);

  HttpResponse header =
      http_get(served.port(), "/changes", {{"X-Padding", std::string(4000, 'p')}});
  CHECK(header.status == 431);
  CHECK(at(header.body, "/error/code") == "header_too_large");
  CHECK(served.store->head().value() == 0);
  still_serving(served.port());
}

TEST_CASE("Bytes that are not HTTP answer 400 and close", "[http][hostile]") {
  Served served;
  for (const std::string& garbage :
       {std::string("HELLO\r\n\r\n"), std::string("GET / HTTP/9.9\r\n\r\n"),
        std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11),
        std::string("POST /x HTTP/1.1\r\nContent-Length: -5\r\n\r\n")}) {
    RawSocket socket(served.port());
    REQUIRE(socket.send(garbage));
    bool closed = false;
    const std::string answer = socket.read_until_closed(5s, &closed);
    INFO(answer);
    CHECK(answer.rfind("HTTP/1.1 400", 0) == 0);
    CHECK(answer.find("\"code\":\"bad_request\"") != std::string::npos);
    CHECK(closed);
  }
  still_serving(served.port());
}

TEST_CASE("A slow sender is cut off after the request timeout while others are served",
          "[http][hostile]") {
  mealy::http::ServerOptions options;
  options.request_timeout = 500ms;
  Served served(options);
  // Several slowloris connections, one byte every 100 ms.
  std::vector<std::unique_ptr<RawSocket>> slow;
  for (int i = 0; i < 8; ++i)
    slow.push_back(std::make_unique<RawSocket>(served.port()));
  const std::string request =
      "GET /changes HTTP/1.1\r\nHost: x\r\nX-Slow: " + std::string(100, 's') + "\r\n\r\n";
  const auto started = std::chrono::steady_clock::now();
  bool cut_off = false;
  for (std::size_t i = 0; i < request.size() && !cut_off; ++i) {
    for (auto& socket : slow)
      cut_off = !socket->send(std::string_view(&request[i], 1)) || cut_off;
    // The others are answered meanwhile.
    if (i % 3 == 0) still_serving(served.port());
    std::this_thread::sleep_for(100ms);
    if (std::chrono::steady_clock::now() - started > 3s) break;
  }
  for (auto& socket : slow) {
    bool closed = false;
    socket->read_until_closed(2s, &closed);
    CHECK(closed);
  }
  CHECK(std::chrono::steady_clock::now() - started < 5s);
  still_serving(served.port());
}

TEST_CASE("An idle connection is closed after the request timeout", "[http][hostile]") {
  mealy::http::ServerOptions options;
  options.request_timeout = 300ms;
  Served served(options);
  RawSocket idle(served.port());
  bool closed = false;
  CHECK(idle.read_until_closed(3s, &closed).empty());
  CHECK(closed);
}

TEST_CASE("Many commands at once from many connections all apply, each once", "[http][hostile]") {
  Served served;
  std::vector<std::thread> clients;
  std::atomic<int> committed{0};
  for (int c = 0; c < 8; ++c) {
    clients.emplace_back([&, c] {
      HttpConnection connection(served.port());
      for (int i = 0; i < 10; ++i) {
        char target[96];
        std::snprintf(target, sizeof target, "/Notebook/0195a3c0-7e00-7000-8000-%06d%06d/commands",
                      c, i);
        HttpResponse created = connection.request(
            Method::post, target, R"({"type":"Create","payload":{"title":"t","owner":"o"}})");
        if (created.status == 200) ++committed;
      }
    });
  }
  for (auto& thread : clients)
    thread.join();
  CHECK(committed == 80);
  CHECK(served.store->head().value() == 80);
}
