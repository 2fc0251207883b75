// `mealy rebuild` resets a state table so that the app's StateProjection
// rebuilds it: the rows it writes again are those it wrote the first time
// (a table spoilt by hand comes back whole), and a named projection starts
// again from position 0.
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <sstream>

#include "account_host.hpp"
#include "mealy/state_projection.hpp"
#include "text_diff.hpp"
#include "tool.hpp"
#include "tool_store.hpp"

using namespace mealy;
using namespace mealy::testing;

namespace {

// Every row of `sql`, its columns joined by '|'; no rows when the table is missing.
std::vector<std::string> rows(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  std::vector<std::string> out;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK) {
    while (sqlite3_step(statement) == SQLITE_ROW) {
      std::string row;
      for (int i = 0; i < sqlite3_column_count(statement); ++i) {
        const auto* text = sqlite3_column_text(statement, i);
        row += (i ? "|" : "") + std::string(text ? reinterpret_cast<const char*>(text) : "NULL");
      }
      out.push_back(row);
    }
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return out;
}

}  // namespace

TEST_CASE(
    "tool/rebuild drops a state table the app then rebuilds row for row, and resets projections") {
  TempFolder temp;
  const std::string path = temp.file("events.db"), url = "sqlite://" + path;
  build_tool_store(path);
  store_tests::AccountHost host;
  using Projection = StateProjection<store_tests::AccountMachine, store_tests::AccountHost>;
  {
    auto store = open_store(url);
    REQUIRE(store.ok());
    REQUIRE(Projection::run(**store, host).value() == 6);
  }
  const auto built = rows(path, "SELECT * FROM account_state ORDER BY id");
  REQUIRE(built.size() == 2);
  run_sql(path, "UPDATE account_state SET state = 'Bogus', aggregate = '{}'");

  std::vector<std::string> words{
      "rebuild",      url,
      "--schema",     MEALY_SOURCE_DIR "/tests/store/schemas/account.yaml",
      "--aggregate",  "Account",
      "--projection", "balances"};
  std::vector<std::string_view> args(words.begin(), words.end());
  std::ostringstream out, err;
  tool::Io io{out, err, false, false};
  const int code = tool::run_mealy(args, io);
  INFO(err.str());
  CHECK(code == 0);
  CHECK(out.str() ==
        "account_state: dropped (it had applied the log up to position 6); the app's "
        "StateProjection rebuilds it "
        "from the log on its next start or run\n"
        "balances: set back to position 0 from 5\n");
  CHECK(rows(path, "SELECT name FROM sqlite_schema WHERE name = 'account_state'").empty());
  CHECK(rows(path, "SELECT name FROM state_tables WHERE name = 'account_state'").empty());
  CHECK(
      rows(path,
           "SELECT name, position FROM checkpoints WHERE name IN ('account_state', 'balances')") ==
      std::vector<std::string>{"balances|0"});

  {
    auto store = open_store(url);
    REQUIRE(store.ok());
    REQUIRE(Projection::run(**store, host).value() == 6);
  }
  const auto rebuilt = rows(path, "SELECT * FROM account_state ORDER BY id");
  CHECK(rebuilt == built);
}
