// GET /views/{name} and GET /views/{name}/live over real HTTP on loopback,
// with the test view "titles" (test_view.hpp): answers, deltas, 204,
// resuming, what sends a frame and what does not, waiting for the view's
// tables, errors, authentication, slow and many clients.
#include <catch2/catch.hpp>
#include <set>

#include "http_client.hpp"
#include "json_pointer.hpp"
#include "served.hpp"

using namespace mealy::testing;
using namespace std::chrono_literals;

namespace {

std::string notebook_id(int n) {
  char id[64];
  std::snprintf(id, sizeof id, "0195a3c0-7e00-7000-8000-%012d", n);
  return id;
}

void create(std::uint16_t port, int n, const std::string& owner, const std::string& title = "T",
            const std::vector<std::pair<std::string, std::string>>& headers = {}) {
  HttpResponse created = http_post(
      port, "/Notebook/" + notebook_id(n) + "/commands",
      R"({"type":"Create","payload":{"title":")" + title + R"(","owner":")" + owner + R"("}})",
      headers);
  REQUIRE(created.status == 200);
}

void retitle(std::uint16_t port, int n, const std::string& title) {
  HttpResponse changed = http_post(port, "/Notebook/" + notebook_id(n) + "/commands",
                                   R"({"type":"Retitle","payload":{"title":")" + title + R"("}})");
  REQUIRE(changed.status == 200);
}

void create_cell(std::uint16_t port, const std::string& id) {
  HttpResponse created = http_post(
      port, "/Cell/" + id + "/commands",
      R"({"type":"Create","payload":{"notebook_id":"0195a3c0-7e00-7000-8000-000000000001","position":"m"}})");
  REQUIRE(created.status == 200);
}

// The view has applied the whole log.
void settle(Served& served) {
  REQUIRE(served.titles->wait_until(served.store->head().value(), 10s));
}

}  // namespace

TEST_CASE("GET /views/{name} answers once, with the cursor in the body and in Mealy-Cursor",
          "[http][views]") {
  Served served;
  create(served.port(), 1, "ada", "One");
  create(served.port(), 2, "bob", "Two");
  create(served.port(), 3, "ada", "Three");
  settle(served);

  HttpResponse whole = http_get(served.port(), "/views/titles?owner=ada");
  INFO(whole.body);
  REQUIRE(whole.status == 200);
  CHECK(whole.header("content-type") == "application/json");
  CHECK(whole.header("mealy-cursor") == "3");
  CHECK(at(whole.body, "/cursor") == "3");
  REQUIRE(count(whole.body, "/notebooks") == 2);
  CHECK(at(whole.body, "/notebooks/0/title") == "One");
  CHECK(at(whole.body, "/notebooks/1/title") == "Three");

  // Nothing changed after the cursor: 204, no body, the cursor as a header.
  HttpResponse unchanged = http_get(served.port(), "/views/titles?owner=ada&since=3");
  CHECK(unchanged.status == 204);
  CHECK(unchanged.body.empty());
  CHECK(unchanged.header("mealy-cursor") == "3");

  // A delta: what changed after the cursor the client has.
  retitle(served.port(), 3, "Third");
  create(served.port(), 4, "bob");
  settle(served);
  HttpResponse delta = http_get(served.port(), "/views/titles?owner=ada&since=3");
  REQUIRE(delta.status == 200);
  CHECK(at(delta.body, "/cursor") == "5");
  REQUIRE(count(delta.body, "/notebooks") == 1);
  CHECK(at(delta.body, "/notebooks/0/title") == "Third");
  CHECK(at(delta.body, "/notebooks/0/changed") == "4");

  // Parameters are percent-decoded ('+' is a space); a repeated one keeps its last value.
  CHECK(at(http_get(served.port(), "/views/titles?owner=%61da").body, "/cursor") == "5");
  CHECK(count(http_get(served.port(), "/views/titles?owner=bob&owner=ada").body, "/notebooks") ==
        2);
}

TEST_CASE(
    "Views refuse unknown names, bad cursors, other methods, and pass the view's own errors on",
    "[http][views]") {
  Served served;
  HttpResponse unknown = http_get(served.port(), "/views/nothing?owner=ada");
  CHECK(unknown.status == 404);
  CHECK(at(unknown.body, "/error/code") == "unknown_view");
  CHECK(http_get(served.port(), "/views/nothing/live").status == 404);
  CHECK(at(http_get(served.port(), "/views/titles/live/more").body, "/error/code") == "not_found");
  CHECK(at(http_get(served.port(), "/views").body, "/error/code") == "not_found");
  for (const std::string since : {"x", "-1", "", "1.5", "99999999999999999999999"}) {
    for (const std::string path : {"/views/titles", "/views/titles/live"}) {
      HttpResponse bad = http_get(served.port(), path + "?owner=ada&since=" + since);
      INFO(path << " since=" << since << " -> " << bad.body);
      CHECK(bad.status == 400);
      CHECK(at(bad.body, "/error/code") == "invalid_parameter");
    }
  }
  HttpResponse bad_id =
      http_get(served.port(), "/views/titles/live?owner=ada", {{"Last-Event-ID", "abc"}});
  CHECK(bad_id.status == 400);
  CHECK(http_post(served.port(), "/views/titles", "{}").status == 405);
  std::string many = "/views/titles?owner=ada";
  for (int i = 0; i < 40; ++i)
    many += "&p" + std::to_string(i) + "=1";
  CHECK(at(http_get(served.port(), many).body, "/error/code") == "invalid_parameter");

  // The view's 400, once and live: a plain error reply, no stream.
  HttpResponse once = http_get(served.port(), "/views/titles");
  CHECK(once.status == 400);
  CHECK(once.header("mealy-cursor").empty());
  HttpResponse live = http_get(served.port(), "/views/titles/live");
  CHECK(live.status == 400);
  CHECK(live.header("content-type") == "application/json");
  CHECK(at(live.body, "/error/message") == "owner is required");
  CHECK(served.server->stream_clients() == 0);
}

TEST_CASE("Views need authentication (401), and the view decides access (403 as a plain error)",
          "[http][views][auth]") {
  mealy::http::ServerOptions options;
  options.authenticate = [](const mealy::http::RequestInfo& request) -> std::optional<std::string> {
    if (request.bearer_token == "ada-token") return "ada";
    return std::nullopt;
  };
  Served served(options);
  const std::vector<std::pair<std::string, std::string>> ada = {
      {"Authorization", "Bearer ada-token"}};
  create(served.port(), 1, "ada", "Mine", ada);
  settle(served);
  for (const std::string path :
       {"/views/titles?owner=ada", "/views/titles/live?owner=ada", "/views/nothing"}) {
    HttpResponse refused = http_get(served.port(), path, {{"Authorization", "Bearer wrong"}});
    CHECK(refused.status == 401);
    CHECK(refused.header("www-authenticate") == "Bearer");
  }
  CHECK(http_get(served.port(), "/views/titles?owner=ada", ada).status == 200);
  HttpResponse other = http_get(served.port(), "/views/titles?owner=bob", ada);
  CHECK(other.status == 403);
  CHECK(at(other.body, "/error/code") == "forbidden");
  HttpResponse live = http_get(served.port(), "/views/titles/live?owner=bob", ada);
  CHECK(live.status == 403);
  CHECK(at(live.body, "/error/code") == "forbidden");

  SseClient allowed(served.port(), "/views/titles/live?owner=ada", ada);
  REQUIRE(allowed.wait_for(1));
  CHECK(at(allowed.frames[0].data, "/notebooks/0/title") == "Mine");
}

TEST_CASE(
    "A live view sends its answer at once, then one frame per change, nothing on unrelated events",
    "[http][views][live]") {
  mealy::http::ServerOptions options;
  options.heartbeat_interval = 200ms;
  Served served(options);
  create(served.port(), 1, "ada", "One");
  settle(served);

  SseClient client(served.port(), "/views/titles/live?owner=ada");
  REQUIRE(client.wait_for(1));
  CHECK(client.raw.find("Content-Type: text/event-stream") != std::string::npos);
  CHECK(client.raw.find("retry: 1000") != std::string::npos);
  CHECK(client.frames[0].id == 1);
  CHECK(at(client.frames[0].data, "/cursor") == "1");
  CHECK(at(client.frames[0].data, "/notebooks/0/title") == "One");
  CHECK(served.server->stream_clients() == 1);

  // Unrelated: cells (affected_by says no: not even read) and bob's notebook
  // (read, but nothing of ada's changed: 204, no frame).
  const std::uint64_t reads = served.titles->reads.load();
  create_cell(served.port(), "c1");
  create_cell(served.port(), "c2");
  settle(served);
  std::this_thread::sleep_for(300ms);
  CHECK(served.titles->reads.load() == reads);
  create(served.port(), 2, "bob", "Theirs");

  // Affecting: exactly one new frame, the delta after the last cursor sent.
  retitle(served.port(), 1, "First");
  REQUIRE(client.wait_for(2));
  client.wait_for(3, 500ms);
  REQUIRE(client.frames.size() == 2);
  CHECK(client.frames[1].id == 5);
  CHECK(at(client.frames[1].data, "/cursor") == "5");
  REQUIRE(count(client.frames[1].data, "/notebooks") == 1);
  CHECK(at(client.frames[1].data, "/notebooks/0/title") == "First");

  // Heartbeats while nothing happens, as on /stream.
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (client.heartbeats < 2 && std::chrono::steady_clock::now() < deadline)
    client.wait_for(100, 100ms);
  CHECK(client.heartbeats >= 2);
  CHECK(client.frames.size() == 2);
}

TEST_CASE(
    "A live view resumes from Last-Event-ID (over since), and a 204 first answer sends no frame",
    "[http][views][live]") {
  Served served;
  create(served.port(), 1, "ada", "One");
  create(served.port(), 2, "ada", "Two");
  retitle(served.port(), 2, "Second");
  settle(served);

  // Last-Event-ID wins over the URL's since: only what changed after 2.
  SseClient resumed(served.port(), "/views/titles/live?owner=ada&since=0",
                    {{"Last-Event-ID", "2"}});
  REQUIRE(resumed.wait_for(1));
  CHECK(resumed.frames[0].id == 3);
  REQUIRE(count(resumed.frames[0].data, "/notebooks") == 1);
  CHECK(at(resumed.frames[0].data, "/notebooks/0/title") == "Second");

  // Up to date: 204, so no first frame; the next change is one.
  SseClient current(served.port(), "/views/titles/live?owner=ada&since=3");
  CHECK_FALSE(current.wait_for(1, 500ms));
  CHECK(current.raw.find("retry: 1000") != std::string::npos);
  retitle(served.port(), 1, "Uno");
  REQUIRE(current.wait_for(1));
  CHECK(current.frames[0].id == 4);
  REQUIRE(count(current.frames[0].data, "/notebooks") == 1);
  CHECK(at(current.frames[0].data, "/notebooks/0/title") == "Uno");
  REQUIRE(resumed.wait_for(2));
  CHECK(resumed.frames[1].id == 4);
}

TEST_CASE("A live view is read again only after wait_until says its tables caught up",
          "[http][views][live]") {
  // Each event reaches the view 150 ms after it is committed.
  Served served({}, {}, 150ms);
  create(served.port(), 1, "ada", "One");
  settle(served);
  SseClient client(served.port(), "/views/titles/live?owner=ada");
  REQUIRE(client.wait_for(1));
  retitle(served.port(), 1, "Later");
  // Read before the view had it, the answer would be unchanged (and never
  // sent): the frame comes, with the new title, because the server waited.
  REQUIRE(client.wait_for(2));
  CHECK(client.frames[1].id == 2);
  CHECK(at(client.frames[1].data, "/notebooks/0/title") == "Later");
  client.wait_for(3, 500ms);
  CHECK(client.frames.size() == 2);
}

TEST_CASE("A live view client behind the ring reads once and catches up whole",
          "[http][views][live]") {
  mealy::http::ServerOptions options;
  options.stream_buffer_events = 2;
  Served served(options, {}, 40ms);  // the view lags: its first answer is older than the ring
  for (int n = 1; n <= 12; ++n)
    create(served.port(), n, "ada", "N" + std::to_string(n));
  SseClient client(served.port(), "/views/titles/live?owner=ada");
  std::set<std::string> seen;
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (std::chrono::steady_clock::now() < deadline) {
    client.wait_for(client.frames.size() + 1, 100ms);
    if (!client.frames.empty() && client.frames.back().id == 12) break;
  }
  REQUIRE_FALSE(client.frames.empty());
  CHECK(client.frames.back().id == 12);
  for (const auto& frame : client.frames) {
    for (long i = 0; i < count(frame.data, "/notebooks"); ++i)
      seen.insert(at(frame.data, "/notebooks/" + std::to_string(i) + "/id"));
  }
  CHECK(seen.size() == 12);  // the frames' deltas add up to the whole
  for (std::size_t i = 1; i < client.frames.size(); ++i)
    CHECK(client.frames[i].id > client.frames[i - 1].id);
}

TEST_CASE(
    "Many live clients of one view are independent, and they count against max_stream_clients",
    "[http][views][live]") {
  mealy::http::ServerOptions options;
  options.max_stream_clients = 12;
  Served served(options);
  create(served.port(), 1, "ada", "One");
  create(served.port(), 2, "bob", "Two");
  settle(served);
  std::vector<std::unique_ptr<SseClient>> clients;
  for (int i = 0; i < 10; ++i) {
    clients.push_back(std::make_unique<SseClient>(
        served.port(), "/views/titles/live?owner=" + std::string(i % 2 ? "bob" : "ada")));
  }
  for (auto& client : clients)
    REQUIRE(client->wait_for(1));
  SseClient stream(served.port(), "/stream");
  SseClient eleventh(served.port(), "/views/titles/live?owner=ada");
  REQUIRE(eleventh.wait_for(1));
  HttpResponse refused = http_get(served.port(), "/views/titles/live?owner=ada");
  CHECK(refused.status == 503);
  CHECK(at(refused.body, "/error/code") == "too_many_streams");

  clients[3].reset();  // one goes away: the others go on
  retitle(served.port(), 1, "Uno");
  for (std::size_t i = 0; i < clients.size(); ++i) {
    if (!clients[i]) continue;
    if (i % 2 == 0) {
      REQUIRE(clients[i]->wait_for(2));
      CHECK(at(clients[i]->frames[1].data, "/notebooks/0/title") == "Uno");
    }
  }
  retitle(served.port(), 2, "Dos");
  for (std::size_t i = 0; i < clients.size(); ++i) {
    if (!clients[i]) continue;
    REQUIRE(clients[i]->wait_for(2));
    clients[i]->wait_for(3, i % 2 ? 0ms : 300ms);
    CHECK(clients[i]->frames.size() == 2);  // ada's clients saw nothing of bob's change
    CHECK(at(clients[i]->frames[1].data, "/notebooks/0/title") == (i % 2 ? "Dos" : "Uno"));
  }
}

TEST_CASE("A live view client that does not read is dropped, others and appends go on",
          "[http][views][live]") {
  mealy::http::ServerOptions options;
  options.slow_client_timeout = 300ms;
  Served served(options);
  create(served.port(), 1, "ada", "One");
  settle(served);
  const std::string target = "/views/titles/live?owner=ada&pad=200000";
  RawSocket stalled(served.port(), 4096);
  REQUIRE(stalled.send("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n"));
  SseClient reader(served.port(), target);
  REQUIRE(reader.wait_for(1));
  for (int i = 0; i < 60; ++i) {
    retitle(served.port(), 1, "T" + std::to_string(i));
    reader.wait_for(static_cast<std::size_t>(i + 2), 1ms);
  }
  // 12 MB of answers passed through while one client read nothing.
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (served.server->dropped_slow_clients() == 0 &&
         std::chrono::steady_clock::now() < deadline) {
    reader.wait_for(reader.frames.size() + 1, 20ms);
  }
  CHECK(served.server->dropped_slow_clients() == 1);
  // The reader converges on the last title (answers in between may merge).
  while (std::chrono::steady_clock::now() < deadline &&
         (reader.frames.empty() || reader.frames.back().id != 61)) {
    reader.wait_for(reader.frames.size() + 1, 50ms);
  }
  REQUIRE_FALSE(reader.frames.empty());
  CHECK(reader.frames.back().id == 61);
  CHECK(at(reader.frames.back().data, "/notebooks/0/title") == "T59");
  CHECK(served.store->head().value() == 61);
}

TEST_CASE("A live view answer read while a heartbeat is being written waits for it",
          "[http][views][live]") {
  // Heartbeats go on while the view is read (a slow view must not look like a
  // dead connection), so with one every millisecond an answer often comes
  // back while a heartbeat is in flight. It must wait for that write: a second
  // write on the stream trips Beast's assertion (the server aborts), and
  // without assertions the two would interleave on the wire.
  mealy::http::ServerOptions options;
  options.heartbeat_interval = 1ms;
  Served served(options);
  create(served.port(), 1, "ada", "T0");
  settle(served);
  SseClient client(served.port(), "/views/titles/live?owner=ada");
  REQUIRE(client.wait_for(1));
  const auto last_title = [&] { return at(client.frames.back().data, "/notebooks/0/title"); };
  for (int i = 1; i <= 150; ++i) {
    const std::string title = "T" + std::to_string(i);
    retitle(served.port(), 1, title);
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (last_title() != title && std::chrono::steady_clock::now() < deadline)
      client.wait_for(client.frames.size() + 1, 100ms);
    REQUIRE(last_title() == title);
  }
  CHECK(client.heartbeats > 0);
  CHECK(served.server->stream_clients() == 1);
  std::uint64_t cursor = 0;
  for (const SseClient::Frame& frame : client.frames) {
    CHECK(frame.id > cursor);  // every frame whole, none back in time
    cursor = frame.id;
  }
}
