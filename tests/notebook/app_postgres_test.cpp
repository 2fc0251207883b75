// The notebook app on PostgreSQL (`notebook_server --store postgresql://...`):
// the same tables, views, access rules and executor as on SQLite, on a
// database of the test's own in the suite's throwaway server (fixture pg).
#include "../store/postgres_server.hpp"
#include "app_fixture.hpp"

using namespace eventbook::notebook;
using namespace eventbook::notebook::testing;

TEST_CASE("On PostgreSQL: access, cells in fractional order, deltas and a live view",
          "[notebook][postgresql]") {
  PgDatabase database;
  Running running({}, database.url());
  REQUIRE(running.command("ta", "Notebook", kNotebook, create_notebook("Plans", "alice")).status ==
          200);
  // Positions sort byte-wise whatever the database's collation: "B" < "a".
  REQUIRE(running.command("ta", "Cell", "a", create_cell(kNotebook, "a", "one")).status == 200);
  REQUIRE(running.command("ta", "Cell", "b", create_cell(kNotebook, "B", "two")).status == 200);
  REQUIRE(running.command("ta", "Cell", "c", create_cell(kNotebook, "0", "three")).status == 200);
  CHECK(running.command("tb", "Cell", "d", create_cell(kNotebook, "z", "x")).status == 403);
  running.caught_up();
  const std::string target = std::string("/views/cells?notebook=") + kNotebook;
  auto whole = running.get("ta", target);
  REQUIRE(whole.status == 200);
  CHECK(cell_ids(whole.body) == std::vector<std::string>{"c", "b", "a"});
  CHECK(running.get("tb", target).status == 403);

  SseClient live(running.app->port(),
                 "/views/cells/live?notebook=" + std::string(kNotebook) +
                     "&since=" + std::to_string(cursor_of(whole.body)),
                 {{"Authorization", "Bearer ta"}});
  REQUIRE(running.command("ta", "Cell", "a", R"({"type":"DeleteCell","payload":{}})").status ==
          200);
  REQUIRE(live.wait_for(1));
  CHECK(cell_ids(live.frames[0].data) == std::vector<std::string>{"a"});
  CHECK(live.frames[0].data.find(R"("deleted":true)") != std::string::npos);

  auto notebooks = running.get("ta", "/views/notebooks");
  CHECK(notebooks.body.find(
            R"("title":"Plans","owner":"alice","members":[],"archived":false,"cells":2)") !=
        std::string::npos);
}

TEST_CASE("On PostgreSQL, an SQL cell fails saying untrusted SQL runs on SQLite only",
          "[notebook][postgresql]") {
  PgDatabase database;
  Running running({}, database.url());
  REQUIRE(running.command("ta", "Notebook", kNotebook, create_notebook("Plans", "alice")).status ==
          200);
  REQUIRE(
      running.command("ta", "Cell", "q", create_cell(kNotebook, "i", "SELECT 1", "Sql")).status ==
      200);
  REQUIRE(
      running
          .command(
              "ta", "Cell", "q",
              R"({"type":"RequestExecution","payload":{"execution_id":"0195a3c0-0000-7000-8000-00000000e001","requested_by":"alice"}})")
          .status == 200);
  std::string body;
  for (int i = 0; i < 200 && body.find(R"("status":"failed")") == std::string::npos; ++i) {
    std::this_thread::sleep_for(50ms);
    body = running.get("ta", "/views/execution?cell=q").body;
  }
  INFO(body);
  CHECK(body.find(R"("name":"Unsupported")") != std::string::npos);
  CHECK(running.app->health().ok());
}
