// `mealy copy` resumes: after an interruption (Ctrl-C between pages, or a
// copy that died with part of the log written) a second run copies only
// what is missing, and the result reads back the same as the source.
// Also: SQLite to PostgreSQL (in copy_postgres_test.cpp).
#include <catch2/catch.hpp>
#include <sstream>

#include "interrupt.hpp"
#include "text_diff.hpp"
#include "tool.hpp"
#include "tool_run.hpp"
#include "tool_store.hpp"

using namespace mealy;
using namespace mealy::testing;

TEST_CASE("tool/copy after a copy that died half way copies only the rest") {
  TempFolder temp;
  const std::string from = "sqlite://" + temp.file("events.db"),
                    to = "sqlite://" + temp.file("copy.db");
  build_tool_store(temp.file("events.db"));
  {
    // What a copy killed after its first page leaves: positions 1 to 3.
    auto source = open_store(from);
    auto target = open_store(to);
    REQUIRE(source.ok());
    REQUIRE(target.ok());
    auto page = (*source)->read_log(0, 3);
    REQUIRE(page.ok());
    REQUIRE((*target)->import_log(*page).value() == 3);
  }
  const ToolRun run = run_tool({"copy", from, to, "--batch", "2"});
  INFO(run.err);
  CHECK(run.code == 0);
  CHECK(run.out ==
        "copied 3 events (3 were there already), 1 snapshot, 1 checkpoint\n"
        "verified: both stores hold the same events at positions 1 to 6, and the same snapshots "
        "and checkpoints\n");
  CHECK(whole_log(to) == whole_log(from));
}

TEST_CASE("tool/copy stops on Ctrl-C between pages, and the next run finishes it") {
  TempFolder temp;
  const std::string from = "sqlite://" + temp.file("events.db"),
                    to = "sqlite://" + temp.file("copy.db");
  build_tool_store(temp.file("events.db"));
  tool::request_interrupt();
  const ToolRun stopped = run_tool({"copy", from, to, "--batch", "2"});
  tool::clear_interrupt();
  CHECK(stopped.code == 1);
  CHECK(stopped.out.empty());
  CHECK(stopped.err ==
        "mealy copy: interrupted after position 0; run the same command again to copy the rest\n");
  const ToolRun resumed = run_tool({"copy", from, to, "--batch", "2"});
  INFO(resumed.err);
  CHECK(resumed.code == 0);
  CHECK(whole_log(to) == whole_log(from));
  // A third run has nothing left to do.
  const ToolRun again = run_tool({"copy", from, to, "--json"});
  CHECK(again.code == 0);
  CHECK(
      again.out ==
      R"({"events_copied":0,"events_present":6,"snapshots_copied":0,"checkpoints_copied":0,"head":6,"verified":true})"
      "\n");
}

TEST_CASE("tool/copy finds a target that changed after the copy when it reads both sides") {
  TempFolder temp;
  const std::string from = "sqlite://" + temp.file("events.db"),
                    to = "sqlite://" + temp.file("copy.db");
  build_tool_store(temp.file("events.db"));
  REQUIRE(run_tool({"copy", from, to}).code == 0);
  // A payload edited by hand in the copy: the next copy's verification sees it.
  run_sql(temp.file("copy.db"),
          R"(UPDATE events SET payload = '{"amount":"1000"}' WHERE position = 2)");
  const ToolRun run = run_tool({"copy", from, to});
  CHECK(run.code == 1);
  CHECK(run.err == "mealy copy: verifying: the event at position 2 differs between " + from +
                       " and " + to + "\n");
}
