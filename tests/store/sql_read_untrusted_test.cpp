// EventStore::read_sql on SQLite (file and memory): every form of writing,
// PRAGMA, ATTACH, VACUUM, transaction control and load_extension refused,
// trusted or not; untrusted queries (allowed_tables) confined to the
// listed tables; one statement only; values as text; and the connection
// as it was after each refusal and after a timeout.
#include <chrono>

#include "store_fixture.hpp"
#include "store_helpers.hpp"

using namespace mealy;
using namespace mealy::testing;
using namespace std::chrono_literals;

namespace {

// Makes the notebook's three tables (as spec'd, with fewer columns) and
// one row in each, through a projection.
void make_tables(EventStore& store) {
  auto made = store.project("setup", std::nullopt, 1, [&](SqlTransaction& sql) -> Status {
    for (const char* statement : {
             "CREATE TABLE notebooks (id TEXT PRIMARY KEY, title TEXT)",
             "CREATE TABLE cells (id TEXT PRIMARY KEY, notebook TEXT, source TEXT)",
             "CREATE TABLE executions (id TEXT PRIMARY KEY, cell TEXT, outputs TEXT)",
             "CREATE TABLE secrets (token TEXT)",
             "INSERT INTO notebooks VALUES ('n1', 'First')",
             "INSERT INTO cells VALUES ('c1', 'n1', 'SELECT 1')",
             "INSERT INTO executions VALUES ('e1', 'c1', '[{\"kind\":\"table\"}]')",
             "INSERT INTO secrets VALUES ('hunter2')",
         }) {
      if (Status status = sql.execute(statement); !status.ok()) return status;
    }
    return {};
  });
  REQUIRE(value(std::move(made)));
}

SqlReadOptions untrusted() {
  SqlReadOptions options;
  options.allowed_tables = {"notebooks", "cells", "executions"};
  options.timeout = 2000ms;
  return options;
}

// What a refused query must leave: the tables as they were, and the
// connection it ran on as it was (no authorizer, no progress handler):
// statistics() reads through pragma functions, project() writes on the
// writer's connection, which read_sql uses in memory.
void check_untouched(EventStore& store) {
  const SqlRows cells = value(store.read_sql("SELECT id, source FROM cells"));
  REQUIRE(cells.rows.size() == 1);
  CHECK(cells.rows[0][1] == "SELECT 1");
  CHECK(value(store.read_sql("SELECT count(*) FROM sqlite_schema WHERE name = 'u'")).rows[0][0] ==
        "0");
  CHECK(value(store.read_sql("SELECT token FROM secrets")).rows[0][0] == "hunter2");
  (void)value(store.statistics());
  static int projections = 0;
  const std::string name = "after-" + std::to_string(projections++);
  CHECK(value(store.project(name, std::nullopt, 1, [](SqlTransaction& sql) {
    return sql.execute("INSERT INTO secrets VALUES ('written by a projection')");
  })));
  CHECK(value(store.project(name, 1, 2, [](SqlTransaction& sql) {
    return sql.execute("DELETE FROM secrets WHERE token = 'written by a projection'");
  })));
}

}  // namespace

SQL_STORE_CONTRACT("read_sql on SQLite: every form of writing is refused, trusted or not") {
  EventStore& store = *backend.store;
  make_tables(store);
  const std::string path = backend.dir.file("other.db");
  struct Case {
    std::string sql;
    std::string says;  // in the message
  };
  const Case cases[] = {
      {"INSERT INTO cells VALUES ('c2', 'n1', 'x')", "INSERT into cells"},
      {"UPDATE cells SET source = 'changed'", "UPDATE of cells"},
      {"DELETE FROM cells", "DELETE from cells"},
      {"REPLACE INTO cells VALUES ('c1', 'n1', 'x')", "INSERT into cells"},
      {"CREATE TABLE u (x)", "a change of the schema"},
      {"CREATE TEMP TABLE u (x)", "a change of the schema"},
      {"CREATE VIEW u AS SELECT 1", "a change of the schema"},
      {"CREATE INDEX u ON cells (source)", "a change of the schema"},
      {"CREATE TRIGGER u AFTER INSERT ON cells BEGIN SELECT 1; END", "CREATE u"},
      {"CREATE VIRTUAL TABLE u USING fts5(x)", "a change of the schema"},
      {"DROP TABLE cells", "a change of the schema"},
      {"ALTER TABLE cells ADD COLUMN u TEXT", "ALTER TABLE cells"},
      {"PRAGMA journal_mode", "PRAGMA journal_mode"},
      {"PRAGMA query_only = 0", "PRAGMA query_only"},
      {"SELECT * FROM pragma_table_info('cells')", "table_info"},
      {"ATTACH DATABASE '" + path + "' AS other", "ATTACH"},
      {"DETACH DATABASE other", "DETACH"},
      {"VACUUM", "this statement writes"},
      {"VACUUM INTO '" + path + "'", "this statement writes"},
      {"BEGIN", "BEGIN (transaction control)"},
      {"BEGIN IMMEDIATE", "BEGIN (transaction control)"},
      {"COMMIT", "COMMIT (transaction control)"},
      {"SAVEPOINT s", "SAVEPOINT s"},
      {"ANALYZE", "a change of the schema"},
      {"REINDEX", "REINDEX"},
      {"REINDEX cells", "REINDEX"},
      {"WITH x AS (SELECT 'c9' AS id) INSERT INTO cells (id) SELECT id FROM x",
       "INSERT into cells"},
      {"SELECT load_extension('libm.so')", "calling load_extension()"},
      {"SELECT 1; DELETE FROM cells", "a second statement follows the first (at offset 10)"},
      {"SELECT 1 /* done */ ; -- really\n SELECT 2",
       "a second statement follows the first (at offset 33)"},
  };
  for (const SqlReadOptions& options : {SqlReadOptions{}, untrusted()}) {
    for (const Case& each : cases) {
      CAPTURE(each.sql, options.allowed_tables.size());
      auto refused = store.read_sql(each.sql, {}, options);
      REQUIRE_FALSE(refused);
      CHECK(refused.status().code() == StatusCode::invalid_argument);
      CHECK_THAT(refused.status().message(),
                 Catch::StartsWith(store.url() + ": read_sql: refused: "));
      CHECK_THAT(refused.status().message(), Catch::Contains(each.says));
      check_untouched(store);
    }
  }
  CHECK_FALSE(std::filesystem::exists(path));
  appended(store.append(request("After-1", ExpectedVersion::no_stream(), events(1))));
}

SQL_STORE_CONTRACT("read_sql on SQLite: untrusted queries read only the tables allowed") {
  EventStore& store = *backend.store;
  make_tables(store);
  appended(store.append(request("Secret-1", ExpectedVersion::no_stream(), events(1))));
  const SqlReadOptions options = untrusted();
  const std::pair<std::string_view, std::string_view> refused[] = {
      {"SELECT * FROM events", "reading the table events"},
      {"SELECT token FROM secrets", "reading the table secrets"},
      {"SELECT name FROM sqlite_schema", "reading the table sqlite_master"},
      {"SELECT rowid FROM sqlite_master", "reading the table sqlite_master"},
      {"SELECT c.id FROM cells c JOIN checkpoints k ON k.name = c.id",
       "reading the table checkpoints"},
      {"SELECT (SELECT count(*) FROM streams)", "reading the table streams"},
      {"SELECT * FROM temp.sqlite_temp_master", "reading the table sqlite_temp_master"},
      // FROM items whose columns are not used: by the name as written.
      {"SELECT count(*) FROM events", "reading the table events"},
      {"SELECT count(*) FROM main.SECRETS", "reading the table SECRETS"},
      {"SELECT 1 FROM cells, secrets LIMIT 1", "reading the table secrets"},
      {"SELECT count(*) FROM sqlite_schema", "reading the table sqlite_schema"},
      {"WITH c AS (SELECT 1) SELECT count(*) FROM c, streams", "reading the table streams"},
  };
  for (const auto& [sql, says] : refused) {
    CAPTURE(sql);
    auto result = store.read_sql(sql, {}, options);
    REQUIRE_FALSE(result);
    CHECK(result.status().code() == StatusCode::invalid_argument);
    CHECK_THAT(result.status().message(), Catch::Contains(std::string(says)));
    CHECK_THAT(result.status().message(),
               Catch::Contains("(the query may read only notebooks, cells, executions)"));
    check_untouched(store);
  }
  // The tables allowed, in any case of their names, with json_each over
  // their values, in one query.
  const SqlRows rows =
      value(store.read_sql("SELECT n.title, c.id, j.value ->> 'kind' AS kind FROM NOTEBOOKS n JOIN "
                           "cells c ON c.notebook = n.id "
                           "JOIN executions e ON e.cell = c.id, json_each(e.outputs) j",
                           {}, options));
  CHECK(rows.columns == std::vector<std::string>{"title", "id", "kind"});
  REQUIRE(rows.rows.size() == 1);
  CHECK(rows.rows[0] == std::vector<std::optional<std::string>>{"First", "c1", "table"});
  // A common table expression's name is not a table's, used whole or not.
  const SqlRows named =
      value(store.read_sql("WITH c(x) AS (SELECT 2), n AS (SELECT id FROM notebooks) SELECT "
                           "count(*), (SELECT x FROM c) FROM c, cells, n",
                           {}, options));
  CHECK(named.rows[0] == std::vector<std::optional<std::string>>{"1", "2"});
  // A recursive CTE is a read too.
  const SqlRows counted =
      value(store.read_sql("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x "
                           "< 5) SELECT sum(x) FROM n",
                           {}, options));
  CHECK(counted.rows[0][0] == "15");
  // Without a list, the same queries read anything.
  CHECK(value(store.read_sql("SELECT count(*) FROM events")).rows[0][0] == "1");
  CHECK(
      value(store.read_sql("SELECT count(*) FROM sqlite_schema WHERE name = 'cells'")).rows[0][0] ==
      "1");
}

SQL_STORE_CONTRACT("read_sql on SQLite: values as text, blobs as their bytes") {
  EventStore& store = *backend.store;
  const SqlRows rows = value(store.read_sql(
      "SELECT 42, -9223372036854775808, 0.1, 1e100, 2.0, 'text ✓', x'00ff41', NULL"));
  REQUIRE(rows.rows.size() == 1);
  const auto& got = rows.rows[0];
  CHECK(got[0] == "42");
  CHECK(got[1] == "-9223372036854775808");
  CHECK(got[2] == "0.1");
  CHECK(got[3] == "1.0e+100");
  CHECK(got[4] == "2.0");
  CHECK(got[5] == "text ✓");
  CHECK(got[6] == std::string("\0\xff"
                              "A",
                              3));
  CHECK(got[7] == std::nullopt);
  CHECK(rows.columns[0] == "42");
  CHECK(rows.columns[7] == "NULL");
}

SQL_STORE_CONTRACT(
    "read_sql on SQLite: comments and semicolons around one statement, and none at all is "
    "refused") {
  EventStore& store = *backend.store;
  CHECK(value(store.read_sql("-- first\n SELECT 1 AS one; /* end */ ;\n -- done")).rows[0][0] ==
        "1");
  for (std::string_view empty : {std::string_view(), std::string_view(""), std::string_view("   "),
                                 std::string_view("-- nothing"), std::string_view(";")}) {
    CAPTURE(empty);
    auto none = store.read_sql(empty);
    REQUIRE_FALSE(none);
    CHECK(none.status().code() == StatusCode::invalid_argument);
    CHECK_THAT(none.status().message(), Catch::Contains("there is no statement to run"));
  }
  // A parameter the statement does not have.
  const SqlValue params[] = {std::int64_t{1}, std::int64_t{2}};
  auto extra = store.read_sql("SELECT $1", params);
  REQUIRE_FALSE(extra);
  CHECK(extra.status().code() == StatusCode::invalid_argument);
  CHECK_THAT(extra.status().message(), Catch::Contains("the query has no parameter $2"));
  // An error while running (not compiling) it.
  auto runtime = store.read_sql("SELECT json_extract('not json', '$')");
  REQUIRE_FALSE(runtime);
  CHECK(runtime.status().code() == StatusCode::invalid_argument);
  CHECK_THAT(runtime.status().message(), Catch::Contains("malformed JSON"));
  CHECK(value(store.read_sql("SELECT 2")).rows[0][0] == "2");
}

SQL_STORE_CONTRACT(
    "read_sql on SQLite: an untrusted query that runs forever is cut off at its timeout") {
  EventStore& store = *backend.store;
  make_tables(store);
  auto forever = store.read_sql(
      "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c, "
      "cells",
      {}, untrusted());
  REQUIRE_FALSE(forever);
  CHECK(forever.status().code() == StatusCode::deadline_exceeded);
  CHECK(forever.status().message() ==
        store.url() + ": read_sql: the query ran longer than 2000 ms");
  check_untouched(store);
  CHECK(value(store.read_sql("SELECT count(*) FROM cells", {}, untrusted())).rows[0][0] == "1");
  appended(store.append(request("After-1", ExpectedVersion::no_stream(), events(1))));
}
