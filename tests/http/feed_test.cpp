// GET /changes and GET /stream over real HTTP on loopback: pages, filters,
// limits, resuming, heartbeats, other processes' commits, slow clients.
#include <catch2/catch.hpp>

#include "http_client.hpp"
#include "json_pointer.hpp"
#include "served.hpp"
#include "server_process.hpp"

using namespace mealy::testing;
using namespace std::chrono_literals;

namespace {

std::string notebook(int n) {
  char id[64];
  std::snprintf(id, sizeof id, "/Notebook/0195a3c0-7e00-7000-8000-%012d", n);
  return id;
}

void create_notebooks(std::uint16_t port, int from, int to) {
  for (int n = from; n < to; ++n) {
    HttpResponse created = http_post(
        port, notebook(n) + "/commands",
        R"({"type":"Create","payload":{"title":"N)" + std::to_string(n) + R"(","owner":"ada"}})");
    REQUIRE(created.status == 200);
  }
}

}  // namespace

TEST_CASE("GET /changes pages through the log until has_more is false", "[http][changes]") {
  Served served;
  create_notebooks(served.port(), 0, 25);
  std::uint64_t since = 0;
  std::vector<std::string> positions;
  int pages = 0;
  for (bool more = true; more; ++pages) {
    HttpResponse page =
        http_get(served.port(), "/changes?since=" + std::to_string(since) + "&limit=10");
    INFO(page.body);
    REQUIRE(page.status == 200);
    for (long i = 0; i < count(page.body, "/events"); ++i) {
      positions.push_back(at(page.body, "/events/" + std::to_string(i) + "/position"));
    }
    since = std::stoull(at(page.body, "/latest_sequence"));
    more = at(page.body, "/has_more") == "true";
  }
  CHECK(pages == 3);
  REQUIRE(positions.size() == 25);
  for (std::size_t i = 0; i < positions.size(); ++i)
    CHECK(positions[i] == std::to_string(i + 1));
  CHECK(since == 25);

  // Every field of an event.
  HttpResponse first = http_get(served.port(), "/changes?limit=1");
  CHECK(at(first.body, "/events/0/position") == "1");
  CHECK(at(first.body, "/events/0/stream") == "Notebook-0195a3c0-7e00-7000-8000-000000000000");
  CHECK(at(first.body, "/events/0/version") == "1");
  CHECK(at(first.body, "/events/0/id").size() == 36);
  CHECK(at(first.body, "/events/0/type") == "NotebookCreated");
  CHECK(at(first.body, "/events/0/schema_version") == "1");
  CHECK(at(first.body, "/events/0/payload/title") == "N0");
  CHECK(at(first.body, "/events/0/metadata/causation_id").size() == 36);
  CHECK(at(first.body, "/events/0/recorded_at").size() == 27);
  CHECK(at(first.body, "/has_more") == "true");

  // Past the end: empty, and the cursor stays.
  HttpResponse end = http_get(served.port(), "/changes?since=25");
  CHECK(count(end.body, "/events") == 0);
  CHECK(at(end.body, "/latest_sequence") == "25");
  CHECK(at(end.body, "/has_more") == "false");
}

TEST_CASE("GET /changes caps the limit, filters by category and type, and refuses bad parameters",
          "[http][changes]") {
  mealy::http::ServerOptions options;
  options.max_page_events = 5;
  Served served(options);
  create_notebooks(served.port(), 0, 8);
  REQUIRE(
      http_post(
          served.port(), "/Cell/c1/commands",
          R"({"type":"Create","payload":{"notebook_id":"0195a3c0-7e00-7000-8000-000000000001","position":"m"}})")
          .status == 200);
  HttpResponse capped = http_get(served.port(), "/changes?limit=1000");
  CHECK(count(capped.body, "/events") == 5);
  CHECK(at(capped.body, "/has_more") == "true");

  HttpResponse cells = http_get(served.port(), "/changes?category=Cell");
  CHECK(count(cells.body, "/events") == 1);
  CHECK(at(cells.body, "/events/0/type") == "CellCreated");
  CHECK(at(cells.body, "/latest_sequence") == "9");
  HttpResponse typed = http_get(served.port(), "/changes?type=CellCreated,NotebookRetitled");
  CHECK(count(typed.body, "/events") == 1);
  HttpResponse none = http_get(served.port(), "/changes?category=Invoice");
  CHECK(count(none.body, "/events") == 0);

  for (const std::string target :
       {"/changes?since=-1", "/changes?since=abc", "/changes?limit=0",
        "/changes?limit=", "/changes?since=99999999999999999999999", "/changes?sincе=1"}) {
    HttpResponse bad = http_get(served.port(), target);
    INFO(target << " -> " << bad.body);
    CHECK(bad.status == 400);
    CHECK(at(bad.body, "/error/code") == "invalid_parameter");
  }
}

TEST_CASE(
    "GET /stream sends every event with its position as id, live, and resumes from Last-Event-ID",
    "[http][stream]") {
  mealy::http::ServerOptions options;
  options.heartbeat_interval = 200ms;
  Served served(options);
  create_notebooks(served.port(), 0, 3);

  SseClient client(served.port(), "/stream?since=0");
  REQUIRE(client.wait_for(3));
  CHECK(client.raw.find("Content-Type: text/event-stream") != std::string::npos);
  CHECK(client.raw.find("retry: 1000") != std::string::npos);
  create_notebooks(served.port(), 3, 6);
  REQUIRE(client.wait_for(6));
  for (std::size_t i = 0; i < 6; ++i) {
    CHECK(client.frames[i].id == i + 1);
    CHECK(at(client.frames[i].data, "/position") == std::to_string(i + 1));
    CHECK(at(client.frames[i].data, "/type") == "NotebookCreated");
  }
  // Heartbeats while nothing happens.
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (client.heartbeats < 2 && std::chrono::steady_clock::now() < deadline)
    client.wait_for(100, 100ms);
  CHECK(client.heartbeats >= 2);

  // A browser reconnects with Last-Event-ID (newer than the URL's since).
  SseClient resumed(served.port(), "/stream?since=0", {{"Last-Event-ID", "4"}});
  REQUIRE(resumed.wait_for(2));
  CHECK(resumed.frames[0].id == 5);
  CHECK(resumed.frames[1].id == 6);
  resumed.wait_for(3, 300ms);
  CHECK(resumed.frames.size() == 2);

  // Filters, as for /changes.
  REQUIRE(
      http_post(
          served.port(), "/Cell/c1/commands",
          R"({"type":"Create","payload":{"notebook_id":"0195a3c0-7e00-7000-8000-000000000001","position":"m"}})")
          .status == 200);
  SseClient cells(served.port(), "/stream?category=Cell");
  REQUIRE(cells.wait_for(1));
  CHECK(cells.frames[0].id == 7);
  CHECK(SseClient(served.port(), "/stream?bogus=1").wait_for(1, 300ms) == false);
  CHECK(http_get(served.port(), "/stream?since=x").status == 400);
}

TEST_CASE("A stream client behind the ring catches up from the store", "[http][stream]") {
  mealy::http::ServerOptions options;
  options.stream_buffer_events = 4;
  Served served(options);
  create_notebooks(served.port(), 0, 30);
  SseClient client(served.port(), "/stream?since=3");
  REQUIRE(client.wait_for(27));
  for (std::size_t i = 0; i < client.frames.size(); ++i)
    CHECK(client.frames[i].id == i + 4);
  create_notebooks(served.port(), 30, 40);
  REQUIRE(client.wait_for(37));
  CHECK(client.frames.back().id == 40);
}

TEST_CASE("Commits of another process on the same SQLite file reach /changes and /stream",
          "[http][stream]") {
  Served served;
  SseClient client(served.port(), "/stream");
  create_notebooks(served.port(), 0, 1);
  REQUIRE(client.wait_for(1));

  ServerProcess other({served.url});
  const std::uint16_t other_port = other.port();
  create_notebooks(other_port, 1, 4);  // committed by the other process

  REQUIRE(client.wait_for(4, 10s));
  CHECK(client.frames[3].id == 4);
  HttpResponse changes = http_get(served.port(), "/changes?since=1");
  CHECK(count(changes.body, "/events") == 3);
  CHECK(other.terminate() == 0);
}

TEST_CASE("A stream client that does not read is dropped, others and appends go on",
          "[http][stream]") {
  mealy::http::ServerOptions options;
  options.slow_client_timeout = 300ms;
  Served served(options);
  RawSocket stalled(served.port(), 4096);
  REQUIRE(stalled.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n"));
  SseClient reader(served.port(), "/stream");
  REQUIRE(
      http_post(
          served.port(), "/Cell/big/commands",
          R"({"type":"Create","payload":{"notebook_id":"0195a3c0-7e00-7000-8000-000000000001","position":"m"}})")
          .status == 200);
  const std::string source(200'000, 'x');
  HttpConnection writer(served.port());
  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < 60; ++i) {
    HttpResponse changed =
        writer.request(Method::post, "/Cell/big/commands",
                       R"({"type":"ChangeSource","payload":{"source":")" + source + "\"}}");
    REQUIRE(changed.status == 200);
    reader.wait_for(static_cast<std::size_t>(i + 2), 1ms);
  }
  // 12 MB passed through while one client read nothing.
  REQUIRE(reader.wait_for(61));
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (served.server->dropped_slow_clients() == 0 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
  }
  CHECK(served.server->dropped_slow_clients() == 1);
  CHECK(served.store->head().value() == 61);
  (void)started;
}

TEST_CASE("Stream clients beyond the limit get 503", "[http][stream]") {
  mealy::http::ServerOptions options;
  options.max_stream_clients = 2;
  Served served(options);
  create_notebooks(served.port(), 0, 1);
  SseClient one(served.port(), "/stream"), two(served.port(), "/stream");
  REQUIRE(one.wait_for(1));
  REQUIRE(two.wait_for(1));
  HttpResponse third = http_get(served.port(), "/stream");
  CHECK(third.status == 503);
  CHECK(at(third.body, "/error/code") == "too_many_streams");
  CHECK(served.server->stream_clients() == 2);
}
