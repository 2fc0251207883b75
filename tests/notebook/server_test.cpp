// notebook_server as a supervisor sees it: a process that exits with status 1,
// saying why, when its tables' projection stops on an error, and that,
// started again on the same file, resumes from the projection's checkpoint
// with nothing lost. The error is a real one: a trigger that another
// connection puts on the `cells` table makes the projection's insert fail.
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <string>

#include "../browser/notebook_process.hpp"
#include "app_fixture.hpp"

using namespace eventbook::notebook::testing;

namespace {

// Runs `sql` on the notebook's SQLite file through a connection of its own.
void run_sql(const std::string& file, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
  sqlite3_busy_timeout(db, 10000);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  const std::string message = error != nullptr ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  INFO(message);
  REQUIRE(rc == SQLITE_OK);
}

mealy::browser::Tools server_tools() {
  mealy::browser::Tools tools;
  tools.server = NOTEBOOK_SERVER;
  tools.web_dir = NOTEBOOK_WEB_DIR;
  return tools;
}

}  // namespace

TEST_CASE(
    "notebook_server exits with status 1 and says why when its tables stop, and resumes when "
    "started again",
    "[notebook][server]") {
  TempDir dir;
  const std::string file = dir.file("notebook.db");
  const std::map<std::string, std::string> users = {{"alice", "ta"}};
  const HttpHeaders alice = {{"Authorization", "Bearer ta"}};
  const std::string cells = std::string("/views/cells?notebook=") + kNotebook;

  auto server =
      std::make_unique<mealy::browser::NotebookServer>(server_tools(), dir.path(), users, 0, 0);
  REQUIRE(http_post(server->port(), std::string("/Notebook/") + kNotebook + "/commands",
                    create_notebook("Plans", "alice"), alice)
              .status == 200);
  REQUIRE(http_post(server->port(), "/Cell/a/commands", create_cell(kNotebook, "i", "one"), alice)
              .status == 200);
  // The projection has created its tables and applied both events.
  for (int i = 0; i < 100 && cell_ids(http_get(server->port(), cells, alice).body).empty(); ++i) {
    std::this_thread::sleep_for(100ms);
  }
  REQUIRE(cell_ids(http_get(server->port(), cells, alice).body) == std::vector<std::string>{"a"});

  run_sql(file,
          "CREATE TRIGGER refuse_cells BEFORE INSERT ON cells "
          "BEGIN SELECT RAISE(ABORT, 'the test refuses new cells'); END");
  // The command is taken: its event is in the log before the projection fails.
  REQUIRE(http_post(server->port(), "/Cell/b/commands", create_cell(kNotebook, "r", "two"), alice)
              .status == 200);
  const int status = server->wait_for_exit(20s);
  const std::string output = server->output();
  INFO(output);
  CHECK(status == 1);
  CHECK(output.find("notebook_server: ") != std::string::npos);
  CHECK(output.find("the test refuses new cells") != std::string::npos);

  // Started again on the same file once the cause is gone: the tables catch
  // up from the checkpoint, each event applied once.
  run_sql(file, "DROP TRIGGER refuse_cells");
  server =
      std::make_unique<mealy::browser::NotebookServer>(server_tools(), dir.path(), users, 0, 1);
  std::vector<std::string> ids;
  for (int i = 0; i < 100; ++i) {
    ids = cell_ids(http_get(server->port(), cells, alice).body);
    if (ids.size() >= 2) break;
    std::this_thread::sleep_for(100ms);
  }
  CHECK(ids == std::vector<std::string>{"a", "b"});
  CHECK(server->wait_for_exit(0ms) == -1);  // still serving
}
