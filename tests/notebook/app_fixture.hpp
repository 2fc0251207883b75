// What the notebook app's tests share: the app started in-process on a
// store of the test's own, requests as its users, and readers of answers.
#pragma once

#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>

#include "../http/http_client.hpp"
#include "../store/store_fixture.hpp"
#include "notebook_app.hpp"
#include "notebook_tables.hpp"

namespace eventbook::notebook::testing {

using namespace mealy::testing;
using namespace std::chrono_literals;

inline constexpr const char* kNotebook = "0195a3c0-0000-7000-8000-0000000000b0";
inline constexpr const char* kOther = "0195a3c0-0000-7000-8000-0000000000b1";

// An app with users alice, bob and carol (tokens ta, tb, tc), on a fresh
// SQLite file or on the store at `store_url`.
struct Running {
  explicit Running(ExecutorOptions executor = {}, std::string store_url = {})
      : url(store_url.empty() ? "sqlite://" + dir.file("notebook.db") : std::move(store_url)) {
    start(executor);
  }

  void start(ExecutorOptions executor = {}) {
    AppOptions options;
    options.store = url;
    options.port = 0;
    options.executor = executor;
    options.subscriptions.poll_interval = 20ms;
    REQUIRE(options.users.add("ta=alice").ok());
    REQUIRE(options.users.add("tb=bob").ok());
    REQUIRE(options.users.add("tc=carol").ok());
    auto started = NotebookApp::start(std::move(options));
    if (!started.ok()) FAIL("the app did not start: " << started.status().message());
    app = std::move(*started);
  }

  HttpResponse get(const std::string& token, const std::string& target) const {
    return http_get(app->port(), target, {{"Authorization", "Bearer " + token}});
  }
  HttpResponse command(const std::string& token, const std::string& aggregate,
                       const std::string& id, const std::string& body) const {
    return http_post(app->port(), "/" + aggregate + "/" + id + "/commands", body,
                     {{"Authorization", "Bearer " + token}});
  }
  // Waits until the tables reflect every event committed so far.
  void caught_up() const {
    auto head = app->store().head();
    REQUIRE(head.ok());
    REQUIRE(app->tables().wait_until(*head, 10s));
  }

  TempDir dir;
  std::string url;
  std::unique_ptr<NotebookApp> app;
};

inline std::string create_notebook(const std::string& title, const std::string& owner) {
  return R"({"type":"Create","payload":{"title":")" + title + R"(","owner":")" + owner + R"("}})";
}
inline std::string create_cell(const std::string& notebook, const std::string& position,
                               const std::string& source, const std::string& kind = "Code") {
  return R"({"type":"Create","payload":{"notebook_id":")" + notebook + R"(","kind":")" + kind +
         R"(","position":")" + position + R"(","source":)" + "\"" + source + "\"}}";
}

inline std::uint64_t cursor_of(const std::string& body) {
  const std::string key = "\"cursor\":";
  const std::size_t at = body.find(key);
  REQUIRE(at != std::string::npos);
  return std::stoull(body.substr(at + key.size()));
}

// The ids of the cells in a `cells` answer, in order.
inline std::vector<std::string> cell_ids(const std::string& body) {
  std::vector<std::string> ids;
  const std::string key = "{\"id\":\"";
  for (std::size_t at = body.find(key); at != std::string::npos; at = body.find(key, at + 1)) {
    const std::size_t end = body.find('"', at + key.size());
    if (body.compare(end, 12, "\",\"notebook\"") == 0)
      ids.push_back(body.substr(at + key.size(), end - at - key.size()));
  }
  return ids;
}

}  // namespace eventbook::notebook::testing
