// POST /{aggregate}/{id}/commands and GET /{aggregate}/{id}, over real HTTP
// on loopback, against the notebook's aggregates on an SQLite file.
#include <catch2/catch.hpp>

#include "http_client.hpp"
#include "json_pointer.hpp"
#include "served.hpp"

using namespace mealy::testing;

namespace {

std::string create_body(const std::string& title, const std::string& command_id = {}) {
  std::string body = R"({"type":"Create","payload":{"title":")" + title + R"(","owner":"ada"})";
  if (!command_id.empty()) body += R"(,"command_id":")" + command_id + "\"";
  return body + "}";
}

}  // namespace

TEST_CASE("A committed command answers 200 with its events, version and positions",
          "[http][command]") {
  Served served;
  HttpResponse created = http_post(served.port(), kNotebook + "/commands", create_body("Plans"));
  INFO(created.body);
  REQUIRE(created.status == 200);
  CHECK(created.header("content-type") == "application/json");
  CHECK(at(created.body, "/outcome") == "committed");
  CHECK(at(created.body, "/duplicate") == "false");
  CHECK(at(created.body, "/version") == "1");
  CHECK(count(created.body, "/events") == 1);
  CHECK(at(created.body, "/events/0/position") == "1");
  CHECK(at(created.body, "/events/0/stream") == "Notebook-0195a3c0-7e00-7000-8000-000000000001");
  CHECK(at(created.body, "/events/0/type") == "NotebookCreated");
  CHECK(at(created.body, "/events/0/schema_version") == "1");
  CHECK(at(created.body, "/events/0/payload/title") == "Plans");

  HttpResponse retitled = http_post(served.port(), kNotebook + "/commands",
                                    R"({"type":"Retitle","payload":{"title":"Plans 2027"}})");
  REQUIRE(retitled.status == 200);
  CHECK(at(retitled.body, "/version") == "2");
  CHECK(at(retitled.body, "/events/0/position") == "2");

  // The instance: its snapshot form, {"id","version","state","data"}.
  HttpResponse read = http_get(served.port(), kNotebook);
  INFO(read.body);
  REQUIRE(read.status == 200);
  CHECK(at(read.body, "/version") == "2");
  CHECK(at(read.body, "/state/type") == "Active");
  CHECK(at(read.body, "/data/title") == "Plans 2027");
  CHECK(served.store->head().value() == 2);
}

TEST_CASE("A rejected command answers 422 with the rejection and writes nothing",
          "[http][command]") {
  Served served;
  REQUIRE(http_post(served.port(), kNotebook + "/commands", create_body("Plans")).status == 200);
  HttpResponse again = http_post(served.port(), kNotebook + "/commands", create_body("Plans"));
  INFO(again.body);
  REQUIRE(again.status == 422);
  CHECK(at(again.body, "/outcome") == "rejected");
  CHECK(at(again.body, "/rejection/kind") == "explicit_reject");
  CHECK(at(again.body, "/rejection/code") == "already_exists");
  CHECK(at(again.body, "/rejection/state") == "Active");
  CHECK(at(again.body, "/rejection/command") == "Create");

  // A constraint names the field.
  HttpResponse empty_title = http_post(served.port(), kNotebook + "/commands",
                                       R"({"type":"Retitle","payload":{"title":""}})");
  REQUIRE(empty_title.status == 422);
  CHECK(at(empty_title.body, "/rejection/kind") == "constraint");
  CHECK(at(empty_title.body, "/rejection/field") == "title");
  CHECK(served.store->head().value() == 1);
}

TEST_CASE("A malformed command answers 400 naming the JSON path", "[http][command]") {
  Served served;
  struct Case {
    std::string body, path, message;
  };
  const std::vector<Case> cases = {
      {R"({"type":"Create","payload":{"title":7,"owner":"ada"}})", "$.payload.title",
       "$.payload.title: expected string, got number"},
      {R"({"type":"Create","payload":{"title":"x"}})", "$.payload",
       "$.payload: missing required field 'owner'"},
      {R"({"type":"Create","payload":{"title":"x","owner":"ada"})", "$", ""},  // cut short
      {R"({"payload":{}})", "$", "$: missing required field 'type'"},
      {R"([1,2])", "$", "$: expected object, got array"},
      {R"({"type":"Create","payload":{"title":"x","owner":"ada"},"actor":"root"})", "$.actor", ""},
      {R"({"type":"Create","payload":{"title":"x","owner":"ada"},"command_id":"nope"})",
       "$.command_id", "$.command_id: expected a uuid, got \"nope\""},
      {R"({"type":"Create","type":"Create","payload":{}})", "$.type", "$.type: duplicate key"},
      {"", "$", "$: malformed JSON: the document is empty"},
  };
  for (const Case& c : cases) {
    HttpResponse response = http_post(served.port(), kNotebook + "/commands", c.body);
    INFO(c.body << " -> " << response.body);
    CHECK(response.status == 400);
    CHECK(at(response.body, "/error/status") == "400");
    CHECK(at(response.body, "/error/code") == "malformed_command");
    CHECK(at(response.body, "/error/path") == c.path);
    if (!c.message.empty()) CHECK(at(response.body, "/error/message") == c.message);
  }
  // Invalid UTF-8 in a string.
  HttpResponse bad_utf8 =
      http_post(served.port(), kNotebook + "/commands",
                "{\"type\":\"Create\",\"payload\":{\"title\":\"\xff\xfe\",\"owner\":\"a\"}}");
  CHECK(bad_utf8.status == 400);
  CHECK(at(bad_utf8.body, "/error/code") == "malformed_command");
  // Unknown keys inside a payload are skipped (the decoders' rule: a newer
  // client may send fields this server does not know), but checked as JSON.
  HttpResponse extra =
      http_post(served.port(), kNotebook + "/commands",
                R"({"type":"Create","payload":{"title":"x","owner":"a","colour":"red"}})");
  CHECK(extra.status == 200);
  CHECK(served.store->head().value() == 1);
}

TEST_CASE("Unknown aggregates, commands, instances and paths answer 404, wrong methods 405",
          "[http][command]") {
  Served served;
  HttpResponse aggregate = http_post(served.port(), "/Invoice/1/commands", create_body("x"));
  CHECK(aggregate.status == 404);
  CHECK(at(aggregate.body, "/error/code") == "unknown_aggregate");
  HttpResponse command =
      http_post(served.port(), kNotebook + "/commands", R"({"type":"Explode","payload":{}})");
  CHECK(command.status == 404);
  CHECK(at(command.body, "/error/code") == "unknown_command");
  CHECK(at(command.body, "/error/path") == "$.type");
  HttpResponse instance = http_get(served.port(), kNotebook);
  CHECK(instance.status == 404);
  CHECK(at(instance.body, "/error/code") == "not_found");
  CHECK(http_get(served.port(), "/").status == 404);
  CHECK(http_get(served.port(), "/Notebook").status == 404);
  CHECK(http_get(served.port(), kNotebook + "/commands/more").status == 404);
  HttpResponse get_commands = http_get(served.port(), kNotebook + "/commands");
  CHECK(get_commands.status == 405);
  CHECK(at(get_commands.body, "/error/code") == "method_not_allowed");
  CHECK(http_post(served.port(), "/changes", "{}").status == 405);
  CHECK(served.store->head().value() == 0);
}

TEST_CASE("Ids are checked: a malformed uuid, path traversal and control characters answer 400",
          "[http][command]") {
  Served served;
  for (const std::string target :
       {"/Notebook/not-a-uuid", "/Cell/..", "/Cell/.", "/Cell/..%2F..%2Fetc%2Fpasswd",
        "/Cell/a%5Cb", "/Cell/a%00b", "/Cell/a%0Ab", "/Cell/%ff%fe", "/Cell/%zz"}) {
    HttpResponse read = http_get(served.port(), target);
    INFO(target << " -> " << read.body);
    CHECK(read.status == 400);
    HttpResponse command =
        http_post(served.port(), target + "/commands", R"({"type":"DeleteCell","payload":{}})");
    CHECK(command.status == 400);
  }
  CHECK(http_get(served.port(), "/Cell/" + std::string(201, 'a')).status == 400);
  CHECK(served.store->head().value() == 0);
  // A string id with spaces and non-ASCII text, percent-encoded, is fine.
  HttpResponse cell = http_post(
      served.port(), "/Cell/caf%C3%A9%20one/commands",
      R"({"type":"Create","payload":{"notebook_id":"0195a3c0-7e00-7000-8000-000000000001","position":"m"}})");
  INFO(cell.body);
  CHECK(cell.status == 200);
  CHECK(at(cell.body, "/events/0/stream") == "Cell-café one");
}

TEST_CASE("A command retried with its command_id applies once and answers the first outcome",
          "[http][command]") {
  Served served;
  const std::string id = "0195a3c0-7e00-7000-8000-0000000000c1";
  HttpResponse first = http_post(served.port(), kNotebook + "/commands", create_body("Plans", id));
  REQUIRE(first.status == 200);
  HttpResponse retry = http_post(served.port(), kNotebook + "/commands", create_body("Plans", id));
  INFO(retry.body);
  REQUIRE(retry.status == 200);
  CHECK(at(retry.body, "/duplicate") == "true");
  CHECK(at(retry.body, "/events/0/position") == at(first.body, "/events/0/position"));
  CHECK(at(retry.body, "/version") == "1");
  CHECK(served.store->head().value() == 1);
  auto stored = served.store->read_all(0, {}, 10).value();
  REQUIRE(stored.events.size() == 1);
  CHECK(stored.events[0].metadata.causation_id.to_string() == id);
}

TEST_CASE("A command whose reply was lost, retried, applies once", "[http][command]") {
  Served served;
  const std::string id = "0195a3c0-7e00-7000-8000-0000000000c2";
  const std::string body = create_body("Lost", id);
  {
    // The client sends and goes away before the answer.
    RawSocket lost(served.port());
    REQUIRE(lost.send("POST " + kNotebook +
                      "/commands HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      "Content-Length: " +
                      std::to_string(body.size()) + "\r\n\r\n" + body));
  }
  // Its retries, some racing the first delivery.
  std::vector<std::thread> retries;
  std::vector<HttpResponse> answers(4);
  for (std::size_t i = 0; i < answers.size(); ++i) {
    retries.emplace_back(
        [&, i] { answers[i] = http_post(served.port(), kNotebook + "/commands", body); });
  }
  for (auto& thread : retries)
    thread.join();
  for (const HttpResponse& answer : answers) {
    INFO(answer.body);
    CHECK(answer.status == 200);
    CHECK(at(answer.body, "/events/0/position") == "1");
  }
  CHECK(served.store->head().value() == 1);
}

TEST_CASE("A conflict after the last attempt answers 409 with the current version",
          "[http][command]") {
  Served served({}, mealy::RepositoryOptions{.max_attempts = 1});
  REQUIRE(http_post(served.port(), kNotebook + "/commands", create_body("Plans")).status == 200);
  // Another writer appends behind the repository's cached aggregate.
  mealy::AppendRequest other{.stream = "Notebook-0195a3c0-7e00-7000-8000-000000000001"};
  other.events.push_back(
      {mealy::Uuid::v7(served.clock.now()), "NotebookRetitled", 1, R"({"title":"Theirs"})"});
  REQUIRE(served.store->append(other).ok());
  HttpResponse conflict = http_post(served.port(), kNotebook + "/commands",
                                    R"({"type":"Retitle","payload":{"title":"Ours"}})");
  INFO(conflict.body);
  REQUIRE(conflict.status == 409);
  CHECK(at(conflict.body, "/outcome") == "conflict");
  CHECK(at(conflict.body, "/current_version") == "2");
  CHECK(at(conflict.body, "/attempts") == "1");
  // The next try loads afresh and commits.
  CHECK(http_post(served.port(), kNotebook + "/commands",
                  R"({"type":"Retitle","payload":{"title":"Ours"}})")
            .status == 200);
}

TEST_CASE("Requests on one kept-alive connection are answered in turn", "[http][command]") {
  Served served;
  HttpConnection connection(served.port());
  HttpResponse created =
      connection.request(Method::post, kNotebook + "/commands", create_body("Plans"));
  CHECK(created.status == 200);
  CHECK(created.keep_alive);
  for (int i = 0; i < 5; ++i) {
    HttpResponse retitled = connection.request(
        Method::post, kNotebook + "/commands",
        R"({"type":"Retitle","payload":{"title":"T)" + std::to_string(i) + "\"}}");
    CHECK(retitled.status == 200);
  }
  CHECK(at(connection.request(Method::get, kNotebook).body, "/version") == "6");
}
