// `mealy copy` from SQLite to PostgreSQL and back, and the looking verbs on
// a PostgreSQL URL: the test store moves whole (events, positions, ids,
// metadata, times, snapshots, checkpoints, commands' idempotency), a second
// run copies nothing, and `mealy` prints the same about both stores. Needs
// the test server (ctest's fixture `pg`).
#include <catch2/catch.hpp>
#include <sstream>

#include "postgres_server.hpp"
#include "text_diff.hpp"
#include "tool.hpp"
#include "tool_run.hpp"
#include "tool_store.hpp"

using namespace mealy;
using namespace mealy::testing;

TEST_CASE("tool/postgresql: copy moves an SQLite store to PostgreSQL whole, and back") {
  TempFolder temp;
  const std::string sqlite = "sqlite://" + temp.file("events.db");
  build_tool_store(temp.file("events.db"));
  PgDatabase database;
  const std::string pg = database.url();

  const ToolRun copied = run_tool({"copy", sqlite, pg, "--batch", "4"});
  INFO(copied.err);
  REQUIRE(copied.code == 0);
  CHECK(copied.out ==
        "copied 6 events (0 were there already), 1 snapshot, 1 checkpoint\n"
        "verified: both stores hold the same events at positions 1 to 6, and the same snapshots "
        "and checkpoints\n");
  CHECK(whole_log(pg) == whole_log(sqlite));
  const ToolRun again = run_tool({"copy", sqlite, pg, "--json"});
  CHECK(again.code == 0);
  CHECK(
      again.out ==
      R"({"events_copied":0,"events_present":6,"snapshots_copied":0,"checkpoints_copied":0,"head":6,"verified":true})"
      "\n");

  // The verbs say the same of both stores.
  for (const std::vector<std::string>& verb : {std::vector<std::string>{"streams"},
                                               {"read", std::string(), kAda},
                                               {"tail"},
                                               {"stats", "--json"}}) {
    std::vector<std::string> on_sqlite = verb, on_pg = verb;
    if (verb.size() > 1 && verb[1].empty()) {
      on_sqlite[1] = sqlite;
      on_pg[1] = pg;
    } else {
      on_sqlite.insert(on_sqlite.begin() + 1, sqlite);
      on_pg.insert(on_pg.begin() + 1, pg);
    }
    const ToolRun a = run_tool(on_sqlite), b = run_tool(on_pg);
    INFO(verb[0] << ": " << b.err);
    CHECK(b.code == 0);
    if (verb[0] == "stats") {
      // The sizes differ: the rest is the same.
      CHECK(a.out.substr(0, a.out.find("\"size_bytes\"")) ==
            b.out.substr(0, b.out.find("\"size_bytes\"")));
      CHECK(a.out.substr(a.out.find("\"categories\"")) ==
            b.out.substr(b.out.find("\"categories\"")));
    } else {
      INFO("differs (- sqlite, + postgresql):\n" << text_diff(a.out, b.out));
      CHECK(a.out == b.out);
    }
  }
  CHECK(run_tool({"verify", pg, "--schema", MEALY_SOURCE_DIR "/tests/store/schemas/account.yaml"})
            .code == 0);

  {
    // The copy answers an app's retry of the first append as SQLite would.
    auto store = open_store(pg);
    REQUIRE(store.ok());
    auto retried =
        (*store)->append(AppendRequest{.stream = kAda,
                                       .expected = ExpectedVersion::exact(0),
                                       .events = {{fixed_id(1), "Opened", 1, R"({"owner":"ada"})"}},
                                       .metadata = {.correlation_id = fixed_id(1, 0x90),
                                                    .causation_id = {},
                                                    .actor = "teller",
                                                    .extra = {{"branch", "north"}}}});
    REQUIRE(retried.ok());
    REQUIRE(std::holds_alternative<Appended>(*retried));
    CHECK(std::get<Appended>(*retried).duplicate);
    append_fixed(**store, "Label-welcome", 1, 7, "Named", R"({"text":"Hello"})");
  }

  // Back to a new SQLite file, the event appended on PostgreSQL included.
  const std::string back = "sqlite://" + temp.file("back.db");
  const ToolRun returned = run_tool({"copy", pg, back});
  INFO(returned.err);
  CHECK(returned.code == 0);
  CHECK(whole_log(back) == whole_log(pg));
  CHECK(whole_log(back).size() == 7);
}
