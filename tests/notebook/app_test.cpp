// The notebook app (examples/notebook/) over real HTTP on loopback, started
// in-process on an SQLite file of its own: users and access, the tables and
// views (once and live), SQL cells and the executor, and a restart.
#include "app_fixture.hpp"

using namespace eventbook::notebook;
using namespace eventbook::notebook::testing;

TEST_CASE("Every request needs a user's token, and the global feed is nobody's",
          "[notebook][access]") {
  Running running;
  CHECK(running.get("", "/views/notebooks").status == 401);
  CHECK(running.get("nobody", "/views/notebooks").status == 401);
  CHECK(running.get("ta", "/changes?since=0").status == 403);
  CHECK(running.get("ta", "/stream?since=0").status == 403);
  CHECK(running.get("ta", "/views/notebooks").status == 200);
  CHECK(running.get("ta", "/views/nothing").status == 404);
  // Whose the token is: the web client's sign-in.
  auto me = running.get("tb", "/views/me");
  CHECK(me.status == 200);
  CHECK(me.body == R"({"cursor":0,"user":"bob"})");
  CHECK(running.get("nobody", "/views/me").status == 401);
}

TEST_CASE("A notebook is its owner's and its members', nobody else's", "[notebook][access]") {
  Running running;
  // The owner named in Create must be the caller.
  auto spoofed = running.command("tb", "Notebook", kNotebook, create_notebook("Plans", "alice"));
  CHECK(spoofed.status == 403);
  CHECK(spoofed.body.find("owner must be the user who creates it") != std::string::npos);
  REQUIRE(running.command("ta", "Notebook", kNotebook, create_notebook("Plans", "alice")).status ==
          200);
  REQUIRE(running.command("ta", "Cell", "c1", create_cell(kNotebook, "i", "SELECT 1")).status ==
          200);

  // Bob and Carol may do nothing with it yet.
  for (const char* token : {"tb", "tc"}) {
    CHECK(running.get(token, std::string("/views/notebook?id=") + kNotebook).status == 403);
    CHECK(running.get(token, std::string("/views/cells?notebook=") + kNotebook).status == 403);
    CHECK(running.get(token, "/views/cell?id=c1").status == 403);
    CHECK(running.get(token, "/views/execution?cell=c1").status == 403);
    CHECK(running.get(token, std::string("/Notebook/") + kNotebook).status == 403);
    CHECK(running.get(token, "/Cell/c1").status == 403);
    CHECK(running
              .command(token, "Notebook", kNotebook,
                       R"({"type":"Retitle","payload":{"title":"Mine"}})")
              .status == 403);
    CHECK(
        running.command(token, "Cell", "c1", R"({"type":"ChangeSource","payload":{"source":"x"}})")
            .status == 403);
    CHECK(running.command(token, "Cell", "c2", create_cell(kNotebook, "k", "x")).status == 403);
  }
  // Shared with Bob: he may read and change it, but not share it on.
  REQUIRE(
      running.command("ta", "Notebook", kNotebook, R"({"type":"Share","payload":{"user":"bob"}})")
          .status == 200);
  CHECK(
      running.command("tb", "Notebook", kNotebook, R"({"type":"Share","payload":{"user":"carol"}})")
          .status == 403);
  CHECK(
      running
          .command("tb", "Cell", "c1", R"({"type":"ChangeSource","payload":{"source":"SELECT 2"}})")
          .status == 200);
  CHECK(running.command("tb", "Cell", "c2", create_cell(kNotebook, "k", "x")).status == 200);
  CHECK(running.get("tb", std::string("/Notebook/") + kNotebook).status == 200);
  CHECK(running.get("tc", "/Cell/c2").status == 403);
  // A cell cannot be slipped into a notebook that is not the caller's.
  REQUIRE(running.command("tc", "Notebook", kOther, create_notebook("Carol's", "carol")).status ==
          200);
  CHECK(running.command("tc", "Cell", "c3", create_cell(kNotebook, "m", "x")).status == 403);
  CHECK(running.command("tc", "Cell", "c4", create_cell(kOther, "m", "x")).status == 200);

  // Each sees the notebooks that are theirs; events name the caller.
  running.caught_up();
  auto bobs = running.get("tb", "/views/notebooks");
  REQUIRE(bobs.status == 200);
  CHECK(bobs.body.find("Plans") != std::string::npos);
  CHECK(bobs.body.find("Carol's") == std::string::npos);
  auto cells = running.get("ta", std::string("/views/cells?notebook=") + kNotebook);
  REQUIRE(cells.status == 200);
  CHECK(cells.body.find(R"("changed_by":"bob")") != std::string::npos);
  // Unshared again, Bob is out.
  REQUIRE(
      running.command("ta", "Notebook", kNotebook, R"({"type":"Unshare","payload":{"user":"bob"}})")
          .status == 200);
  CHECK(running.get("tb", std::string("/views/cells?notebook=") + kNotebook).status == 403);
}

TEST_CASE("The cells view: fractional order, and deltas after a cursor with tombstones",
          "[notebook][views]") {
  Running running;
  REQUIRE(running.command("ta", "Notebook", kNotebook, create_notebook("Plans", "alice")).status ==
          200);
  REQUIRE(running.command("ta", "Cell", "a", create_cell(kNotebook, "i", "one")).status == 200);
  REQUIRE(running.command("ta", "Cell", "b", create_cell(kNotebook, "r", "two")).status == 200);
  REQUIRE(running.command("ta", "Cell", "c", create_cell(kNotebook, "m", "three")).status == 200);
  running.caught_up();
  const std::string target = std::string("/views/cells?notebook=") + kNotebook;
  auto whole = running.get("ta", target);
  REQUIRE(whole.status == 200);
  CHECK(cell_ids(whole.body) == std::vector<std::string>{"a", "c", "b"});
  const std::uint64_t cursor = cursor_of(whole.body);
  CHECK(whole.header("mealy-cursor") == std::to_string(cursor));
  // Nothing changed after the cursor.
  CHECK(running.get("ta", target + "&since=" + std::to_string(cursor)).status == 204);

  // Move b first, delete c: the delta has just those two, c as a tombstone.
  REQUIRE(
      running.command("ta", "Cell", "b", R"({"type":"Move","payload":{"position":"a"}})").status ==
      200);
  REQUIRE(running.command("ta", "Cell", "c", R"({"type":"DeleteCell","payload":{}})").status ==
          200);
  running.caught_up();
  auto delta = running.get("ta", target + "&since=" + std::to_string(cursor));
  REQUIRE(delta.status == 200);
  CHECK(cell_ids(delta.body) == std::vector<std::string>{"b", "c"});
  CHECK(delta.body.find(R"("id":"c","notebook")") != std::string::npos);
  CHECK(delta.body.find(R"("deleted":true)") != std::string::npos);
  CHECK(cursor_of(delta.body) > cursor);
  auto after = running.get("ta", target);
  CHECK(cell_ids(after.body) == std::vector<std::string>{"b", "a"});
  CHECK(after.body.find(R"("deleted":true)") == std::string::npos);

  auto one = running.get("ta", "/views/cell?id=a");
  REQUIRE(one.status == 200);
  CHECK(one.body.find(R"("source":"one","state":"Idle")") != std::string::npos);
  CHECK(running.get("ta", "/views/cell?id=zz").status == 404);
  CHECK(running.get("ta", "/views/cells").status == 400);
  CHECK(running.get("ta", "/views/cells?notebook=not-a-uuid").status == 400);
}

TEST_CASE(
    "A live view sends the new answer when an event changes it, and nothing on unrelated events",
    "[notebook][views][live]") {
  Running running;
  REQUIRE(running.command("ta", "Notebook", kNotebook, create_notebook("Plans", "alice")).status ==
          200);
  REQUIRE(running.command("ta", "Cell", "a", create_cell(kNotebook, "i", "one")).status == 200);
  REQUIRE(running.command("ta", "Cell", "b", create_cell(kNotebook, "r", "two")).status == 200);
  running.caught_up();
  SseClient live(running.app->port(), "/views/cell/live?id=a", {{"Authorization", "Bearer ta"}});
  REQUIRE(live.wait_for(1));
  CHECK(live.frames[0].data.find(R"("source":"one")") != std::string::npos);

  // Another cell changes: this view's answer does not.
  REQUIRE(running.command("ta", "Cell", "b", R"({"type":"ChangeSource","payload":{"source":"2"}})")
              .status == 200);
  running.caught_up();
  CHECK_FALSE(live.wait_for(2, 1500ms));
  // This cell changes: exactly one new answer, at a later cursor.
  REQUIRE(
      running.command("tb", "Notebook", kNotebook, R"({"type":"Retitle","payload":{"title":"x"}})")
          .status == 403);
  REQUIRE(
      running.command("ta", "Cell", "a", R"({"type":"ChangeSource","payload":{"source":"uno"}})")
          .status == 200);
  REQUIRE(live.wait_for(2));
  CHECK(live.frames[1].data.find(R"("source":"uno")") != std::string::npos);
  CHECK(live.frames[1].id > live.frames[0].id);
  CHECK_FALSE(live.wait_for(3, 500ms));

  // A live view the caller may not see is a plain 403, no stream.
  auto refused = running.get("tc", "/views/cell/live?id=a");
  CHECK(refused.status == 403);
}

TEST_CASE("SQL cells run read-only over the notebook's tables, and other kinds fail with NoKernel",
          "[notebook][executor]") {
  Running running(ExecutorOptions{.time_limit = 300ms, .row_limit = 2});
  REQUIRE(running.command("ta", "Notebook", kNotebook, create_notebook("Plans", "alice")).status ==
          200);
  struct Case {
    std::string id, kind, source, status, expect;
  };
  const Case cases[] = {
      {"q1", "Sql", "SELECT kind, count(*) AS n FROM cells GROUP BY kind ORDER BY kind",
       "completed", R"(\"columns\":[\"kind\",\"n\"])"},
      {"q2", "Sql", "SELECT value FROM (SELECT 1 AS value UNION ALL SELECT 2 UNION ALL SELECT 3)",
       "completed", R"(\"truncated\":true)"},
      {"q3", "Sql", "DELETE FROM cells", "failed", R"("name":"SqlError")"},
      {"q4", "Sql", "SELECT * FROM events", "failed", R"("name":"SqlError")"},
      {"q5", "Sql",
       "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n",
       "failed", R"("name":"TimeLimit")"},
      {"q6", "Sql", "SELECT 1; DELETE FROM cells", "failed", R"("name":"SqlError")"},
      {"q7", "Code", "print(1)", "failed", R"("name":"NoKernel")"},
  };
  for (const Case& c : cases) {
    REQUIRE(
        running.command("ta", "Cell", c.id, create_cell(kNotebook, "i" + c.id, c.source, c.kind))
            .status == 200);
    const std::string run = R"({"type":"RequestExecution","payload":{"execution_id":")" +
                            mealy::Uuid::v7(mealy::SystemClock().now()).to_string() +
                            R"(","requested_by":"alice"}})";
    REQUIRE(running.command("ta", "Cell", c.id, run).status == 200);
  }
  for (const Case& c : cases) {
    std::string body;
    for (int i = 0; i < 200; ++i) {
      body = running.get("ta", "/views/execution?cell=" + c.id).body;
      if (body.find(R"("status":"completed")") != std::string::npos ||
          body.find(R"("status":"failed")") != std::string::npos) {
        break;
      }
      std::this_thread::sleep_for(50ms);
    }
    INFO(c.id << ": " << c.source << " gave " << body);
    CHECK(body.find(R"("status":")" + c.status + "\"") != std::string::npos);
    CHECK(body.find(c.expect) != std::string::npos);
    CHECK(body.find(R"("kernel":"mealy-sql/1)") != std::string::npos);
  }
  // Nothing was deleted; the cells are all there, idle again.
  running.caught_up();
  auto cells = running.get("ta", std::string("/views/cells?notebook=") + kNotebook);
  CHECK(cell_ids(cells.body).size() == std::size(cases));
  CHECK(cells.body.find(R"("state":"Running")") == std::string::npos);
  CHECK(running.app->health().ok());
}

TEST_CASE("The executor takes each step once, across a crash between its steps",
          "[notebook][executor]") {
  TempDir dir;
  auto store = mealy::open_store("sqlite://" + dir.file("notebook.db"));
  REQUIRE(store.ok());
  REQUIRE(NotebookTables::prepare(**store).ok());
  mealy::SystemClock clock;
  NotebookHost notebook_host;
  CellHost cell_host;
  NotebookRepository notebooks(**store, notebook_host, clock);
  CellRepository cells(**store, cell_host, clock);
  const auto notebook_id = *mealy::Uuid::parse(kNotebook);
  REQUIRE(notebooks.handle(notebook_id, notebook::commands::Create{.title = "t", .owner = "alice"})
              .ok());
  REQUIRE(cells
              .handle("q", cell::commands::Create{.notebook_id = notebook_id,
                                                  .kind = CellKind::Sql,
                                                  .position = "i",
                                                  .source = "SELECT 1 AS one"})
              .ok());
  const auto execution = mealy::Uuid::v7(clock.now());
  REQUIRE(cells
              .handle("q", cell::commands::RequestExecution{.execution_id = execution,
                                                            .requested_by = "alice"})
              .ok());
  // The executor started the execution, then died before finishing it.
  mealy::CommandContext context{.command_id = Executor::step_id(execution, "start"),
                                .actor = "notebook-executor"};
  REQUIRE(cells
              .handle("q", cell::commands::StartExecution{.execution_id = execution, .kernel = "k"},
                      context)
              .ok());

  // Started again, it finishes the execution, once, however often it sees the request.
  const ExecutorOptions options;
  for (int i = 0; i < 3; ++i)
    REQUIRE(Executor::run(**store, cells, options, "q", execution).ok());
  auto subscription = Executor::start(**store, cells, options);
  REQUIRE(subscription.ok());
  auto head = (*store)->head();
  REQUIRE((*subscription)->wait_until(*head, 10s));
  (*subscription)->stop();
  auto events = (*store)->read_stream("Cell-q", 1, 100);
  REQUIRE(events.ok());
  std::vector<std::string> types;
  for (const auto& event : *events)
    types.push_back(event.type);
  CHECK(types == std::vector<std::string>{"CellCreated", "ExecutionRequested", "ExecutionStarted",
                                          "ExecutionCompleted"});
  CHECK(Executor::step_id(execution, "start") != Executor::step_id(execution, "finish"));
}

TEST_CASE("Stopped and started again on the same file, the app resumes its tables where they were",
          "[notebook][restart]") {
  Running running;
  REQUIRE(running.command("ta", "Notebook", kNotebook, create_notebook("Plans", "alice")).status ==
          200);
  REQUIRE(running.command("ta", "Cell", "a", create_cell(kNotebook, "i", "one")).status == 200);
  running.caught_up();
  const auto first = running.get("ta", std::string("/views/cells?notebook=") + kNotebook).body;
  running.app->stop();
  running.app.reset();
  // Events appended while it was down are applied when it comes back.
  {
    auto store = mealy::open_store(running.url);
    REQUIRE(store.ok());
    mealy::SystemClock clock;
    CellHost host;
    CellRepository cells(**store, host, clock);
    REQUIRE(cells
                .handle("b", cell::commands::Create{.notebook_id = *mealy::Uuid::parse(kNotebook),
                                                    .position = "r"})
                .ok());
  }
  running.start();
  running.caught_up();
  auto again = running.get("ta", std::string("/views/cells?notebook=") + kNotebook);
  CHECK(cell_ids(again.body) == std::vector<std::string>{"a", "b"});
  CHECK(cursor_of(again.body) > cursor_of(first));
}
