// Authentication (a bearer token to an actor in the events' metadata),
// the access hook, and CORS.
#include <catch2/catch.hpp>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "http_client.hpp"
#include "json_pointer.hpp"
#include "served.hpp"

using namespace mealy::testing;
using namespace std::chrono_literals;

namespace {

const std::string kCreate = R"({"type":"Create","payload":{"title":"Plans","owner":"ada"}})";

mealy::http::ServerOptions with_tokens() {
  mealy::http::ServerOptions options;
  options.authenticate = [](const mealy::http::RequestInfo& request) -> std::optional<std::string> {
    if (request.bearer_token == "ada-token") return "ada";
    if (request.bearer_token == "bob-token") return "bob";
    return std::nullopt;
  };
  // bob may read, not write; nobody may send Archive.
  options.authorize = [](const mealy::http::Access& access) {
    if (access.kind == mealy::http::Access::Kind::command)
      return access.actor == "ada" && access.command != "Archive";
    return true;
  };
  return options;
}

}  // namespace

TEST_CASE("Without a valid bearer token every endpoint answers 401", "[http][auth]") {
  Served served(with_tokens());
  for (const std::vector<std::pair<std::string, std::string>>& headers :
       {std::vector<std::pair<std::string, std::string>>{},
        {{"Authorization", "Bearer wrong"}},
        {{"Authorization", "Basic YWRhOnB3"}},
        {{"Authorization", "Bearer "}}}) {
    HttpResponse command = http_post(served.port(), kNotebook + "/commands", kCreate, headers);
    CHECK(command.status == 401);
    CHECK(at(command.body, "/error/code") == "unauthorized");
    CHECK(command.header("www-authenticate") == "Bearer");
    CHECK(http_get(served.port(), "/changes", headers).status == 401);
    CHECK(http_get(served.port(), "/stream", headers).status == 401);
    CHECK(http_get(served.port(), kNotebook, headers).status == 401);
  }
  CHECK(served.store->head().value() == 0);
}

TEST_CASE("The actor comes from the token into the events' metadata, never from the body",
          "[http][auth]") {
  Served served(with_tokens());
  HttpResponse created = http_post(served.port(), kNotebook + "/commands", kCreate,
                                   {{"Authorization", "Bearer ada-token"}});
  REQUIRE(created.status == 200);
  HttpResponse changes =
      http_get(served.port(), "/changes", {{"Authorization", "bearer bob-token"}});
  REQUIRE(changes.status == 200);
  CHECK(at(changes.body, "/events/0/metadata/actor") == "ada");
  CHECK(served.store->read_all(0, {}, 1).value().events.at(0).metadata.actor == "ada");

  HttpResponse forged = http_post(served.port(), kNotebook + "/commands",
                                  R"({"type":"Retitle","payload":{"title":"x"},"actor":"root"})",
                                  {{"Authorization", "Bearer ada-token"}});
  CHECK(forged.status == 400);
  CHECK(at(forged.body, "/error/path") == "$.actor");
  CHECK(served.store->head().value() == 1);
}

TEST_CASE("The access hook refuses with 403", "[http][auth]") {
  Served served(with_tokens());
  HttpResponse bob = http_post(served.port(), kNotebook + "/commands", kCreate,
                               {{"Authorization", "Bearer bob-token"}});
  CHECK(bob.status == 403);
  CHECK(at(bob.body, "/error/code") == "forbidden");
  REQUIRE(http_post(served.port(), kNotebook + "/commands", kCreate,
                    {{"Authorization", "Bearer ada-token"}})
              .status == 200);
  HttpResponse archive =
      http_post(served.port(), kNotebook + "/commands", R"({"type":"Archive","payload":{}})",
                {{"Authorization", "Bearer ada-token"}});
  CHECK(archive.status == 403);
  CHECK(served.store->head().value() == 1);

  mealy::http::ServerOptions options = with_tokens();
  options.authorize = [](const mealy::http::Access& access) {
    return access.kind != mealy::http::Access::Kind::stream &&
           access.kind != mealy::http::Access::Kind::read_instance;
  };
  Served closed(options);
  CHECK(http_get(closed.port(), "/stream", {{"Authorization", "Bearer ada-token"}}).status == 403);
  CHECK(http_get(closed.port(), kNotebook, {{"Authorization", "Bearer ada-token"}}).status == 403);
  CHECK(http_get(closed.port(), "/changes", {{"Authorization", "Bearer ada-token"}}).status == 200);
}

TEST_CASE("CORS is off unless an origin is configured", "[http][cors]") {
  {
    Served served;
    HttpResponse changes =
        http_get(served.port(), "/changes", {{"Origin", "https://evil.example"}});
    CHECK(changes.status == 200);
    CHECK(changes.header("access-control-allow-origin").empty());
    HttpConnection connection(served.port());
    CHECK(connection.request(Method::options, "/changes").status == 405);
  }
  mealy::http::ServerOptions options;
  options.cors_origin = "https://app.example";
  Served served(options);
  HttpResponse changes = http_get(served.port(), "/changes", {{"Origin", "https://app.example"}});
  CHECK(changes.header("access-control-allow-origin") == "https://app.example");
  HttpConnection connection(served.port());
  HttpResponse preflight = connection.request(
      Method::options, kNotebook + "/commands", {},
      {{"Origin", "https://app.example"}, {"Access-Control-Request-Method", "POST"}});
  CHECK(preflight.status == 204);
  CHECK(preflight.header("access-control-allow-methods").find("POST") != std::string::npos);
  CHECK(preflight.header("access-control-allow-headers").find("Authorization") !=
        std::string::npos);
}

TEST_CASE("The server listens on loopback by default and says why it cannot listen",
          "[http][server]") {
  auto store = mealy::open_store("memory:").value();
  mealy::http::Server server(*store);
  REQUIRE(server.start().ok());
  // Reachable on 127.0.0.1 ...
  RawSocket inside(server.port());
  CHECK(inside.remote_address() == "127.0.0.1");
  // ... and the same port again is taken.
  mealy::http::ServerOptions same;
  same.port = server.port();
  mealy::http::Server second(*store, same);
  mealy::Status taken = second.start();
  CHECK_FALSE(taken.ok());
  CHECK(taken.message().find("cannot listen on 127.0.0.1:" + std::to_string(server.port()) +
                             ": bind") == 0);
  mealy::http::ServerOptions bad;
  bad.address = "localhost:80";
  CHECK(mealy::http::Server(*store, bad).start().message() ==
        "cannot listen on 'localhost:80': not an IP address");
  server.stop();
  server.stop();
}

TEST_CASE("runtime/README.md shows the example server word for word", "[http][docs]") {
  auto slurp = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in.good());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  };
  const std::string example = slurp(MEALY_SOURCE_DIR "/examples/notebook/plain_server.cpp");
  const std::string readme = slurp(MEALY_SOURCE_DIR "/runtime/README.md");
  INFO(
      "copy examples/notebook/plain_server.cpp into the ```cpp block of runtime/README.md's HTTP "
      "section");
  CHECK(readme.find("```cpp\n" + example + "```\n") != std::string::npos);
}

TEST_CASE(
    "An endpoint's admit hook sees the decoded command and the actor, and its reply is sent "
    "instead",
    "[http][auth][admit]") {
  TempFolder folder;
  auto store = mealy::open_store("sqlite://" + (folder.path() / "events.db").string()).value();
  mealy::SystemClock clock;
  nb::NotebookHost host;
  mealy::Repository<nb::notebook::Machine, nb::NotebookHost> notebooks(*store, host, clock);
  mealy::http::Server server(*store, with_tokens());
  std::vector<std::string> admitted;  // "actor:title" of every command the hook saw
  std::mutex admitted_mutex;
  // A notebook's owner must be the one who creates it: a rule on the payload.
  server.add(
      std::make_unique<mealy::http::RepositoryEndpoint<nb::notebook::Machine, nb::NotebookHost>>(
          notebooks, mealy::json::Limits{},
          [&](const mealy::Uuid&, const nb::notebook::Command& command,
              const mealy::CommandContext& context) -> std::optional<mealy::http::Reply> {
            const auto* create = std::get_if<nb::notebook::commands::Create>(&command);
            {
              std::lock_guard lock(admitted_mutex);
              admitted.push_back(context.actor + ":" + (create != nullptr ? create->title : "-"));
            }
            if (create != nullptr && create->owner != context.actor) {
              return mealy::http::error_reply(403, "forbidden",
                                              "a notebook's owner must be the one who creates it");
            }
            return std::nullopt;
          }));
  REQUIRE(server.start().ok());
  const HttpHeaders ada = {{"Authorization", "Bearer ada-token"}};

  const std::string for_bob = R"({"type":"Create","payload":{"title":"Theirs","owner":"bob"}})";
  HttpResponse refused = http_post(server.port(), kNotebook + "/commands", for_bob, ada);
  CHECK(refused.status == 403);
  CHECK(at(refused.body, "/error/message") == "a notebook's owner must be the one who creates it");
  CHECK(store->head().value() == 0);  // nothing appended

  // A command that does not decode is answered 400 before the hook is asked.
  CHECK(http_post(server.port(), kNotebook + "/commands",
                  R"({"type":"Create","payload":{"title":1}})", ada)
            .status == 400);

  HttpResponse created = http_post(server.port(), kNotebook + "/commands", kCreate, ada);
  CHECK(created.status == 200);
  CHECK(store->head().value() == 1);
  std::lock_guard lock(admitted_mutex);
  CHECK(admitted == std::vector<std::string>{"ada:Theirs", "ada:Plans"});
  server.stop();
}
