// EventStore::read_sql on every backend: rows, columns, NULLs and
// parameters; max_rows and `truncated`; a query cut off at its timeout,
// after which the store goes on working; statements that would write
// refused and nothing written; reads beside appends, from one snapshot and
// without holding appends back; the in-memory store answers unsupported.
// What only untrusted SQL on SQLite does is in sql_read_untrusted_test.cpp.
#include <atomic>
#include <chrono>
#include <thread>

#include "store_fixture.hpp"
#include "store_helpers.hpp"

using namespace mealy;
using namespace mealy::testing;
using namespace std::chrono_literals;

namespace {

// A query that never ends by itself: it counts an endless recursion.
constexpr std::string_view kForever =
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";

// Makes table `t` (id, name, score) with `rows` rows through a projection:
// name NULL for every third, score id / 2.
void make_table(EventStore& store, int rows) {
  auto made = store.project("setup", std::nullopt, 1, [&](SqlTransaction& sql) -> Status {
    if (Status status = sql.execute(
            "CREATE TABLE t (id BIGINT PRIMARY KEY, name TEXT, score DOUBLE PRECISION)");
        !status.ok())
      return status;
    for (int i = 1; i <= rows; ++i) {
      const std::string name = "name " + std::to_string(i);
      const SqlValue params[] = {std::int64_t{i},
                                 i % 3 == 0 ? SqlValue(nullptr) : SqlValue(std::string_view(name)),
                                 static_cast<double>(i) / 2};
      if (Status status =
              sql.execute("INSERT INTO t (id, name, score) VALUES ($1, $2, $3)", params);
          !status.ok())
        return status;
    }
    return {};
  });
  REQUIRE(value(std::move(made)));
}

std::vector<std::optional<std::string>> row(
    std::initializer_list<std::optional<std::string>> values) {
  return values;
}

// Whether the backend has no SQL; then checks that read_sql says so.
bool without_sql(const Backend& backend) {
  if (backend.has_sql()) return false;
  auto rows = backend.store->read_sql("SELECT 1");
  REQUIRE_FALSE(rows);
  CHECK(rows.status().code() == StatusCode::unsupported);
  return true;
}

// The number of rows of `t`, read by read_sql.
std::string count_rows(EventStore& store) {
  const SqlRows rows = value(store.read_sql("SELECT count(*) FROM t"));
  REQUIRE(rows.rows.size() == 1);
  return rows.rows[0][0].value_or("NULL");
}

}  // namespace

STORE_CONTRACT("read_sql: columns, rows and NULLs, each value as text") {
  EventStore& store = *backend.store;
  if (!backend.has_sql()) {
    auto rows = store.read_sql("SELECT 1");
    REQUIRE_FALSE(rows);
    CHECK(rows.status().code() == StatusCode::unsupported);
    CHECK(rows.status().message() == store.url() + ": this store has no SQL to read");
    return;
  }
  make_table(store, 3);
  const SqlRows rows = value(store.read_sql("SELECT id, name AS label, score FROM t ORDER BY id"));
  CHECK(rows.columns == std::vector<std::string>{"id", "label", "score"});
  REQUIRE(rows.rows.size() == 3);
  CHECK(rows.rows[0] == row({"1", "name 1", "0.5"}));
  // A whole double: SQLite's text conversion keeps ".0", PostgreSQL's drops it.
  CHECK(rows.rows[1] == row({"2", "name 2", backend.name == "postgresql" ? "1" : "1.0"}));
  CHECK(rows.rows[2] == row({"3", std::nullopt, "1.5"}));
  CHECK_FALSE(rows.truncated);

  const SqlRows none = value(store.read_sql("SELECT id FROM t WHERE id > 100"));
  CHECK(none.columns == std::vector<std::string>{"id"});
  CHECK(none.rows.empty());
  CHECK_FALSE(none.truncated);
}

STORE_CONTRACT("read_sql: parameters $1, $2, ... of every kind") {
  EventStore& store = *backend.store;
  if (!backend.has_sql()) {
    const SqlValue params[] = {std::int64_t{1}};
    CHECK(store.read_sql("SELECT $1", params).status().code() == StatusCode::unsupported);
    return;
  }
  make_table(store, 6);
  const SqlValue params[] = {std::int64_t{2}, std::string_view("name 4"), 2.5};
  const SqlRows rows = value(store.read_sql(
      "SELECT id FROM t WHERE id > $1 AND (name = $2 OR score = $3) ORDER BY id", params));
  REQUIRE(rows.rows.size() == 2);
  CHECK(rows.rows[0] == row({"4"}));
  CHECK(rows.rows[1] == row({"5"}));

  // NULL compares as NULL; the same parameter twice.
  const SqlValue null[] = {nullptr};
  const SqlRows nulls = value(
      store.read_sql("SELECT id FROM t WHERE name IS NOT DISTINCT FROM $1 ORDER BY id", null));
  REQUIRE(nulls.rows.size() == 2);
  CHECK(nulls.rows[0] == row({"3"}));
  CHECK(nulls.rows[1] == row({"6"}));
  const SqlValue twice[] = {std::int64_t{5}};
  CHECK(value(store.read_sql("SELECT id FROM t WHERE id = $1 OR id = $1 + 1 ORDER BY id", twice))
            .rows.size() == 2);
}

STORE_CONTRACT("read_sql: at most max_rows rows, and whether there were more") {
  EventStore& store = *backend.store;
  if (without_sql(backend)) return;
  make_table(store, 5);
  SqlReadOptions options;
  options.max_rows = 3;
  SqlRows rows = value(store.read_sql("SELECT id FROM t ORDER BY id", {}, options));
  REQUIRE(rows.rows.size() == 3);
  CHECK(rows.rows[2] == row({"3"}));
  CHECK(rows.truncated);

  options.max_rows = 5;
  rows = value(store.read_sql("SELECT id FROM t ORDER BY id", {}, options));
  CHECK(rows.rows.size() == 5);
  CHECK_FALSE(rows.truncated);

  options.max_rows = 0;
  rows = value(store.read_sql("SELECT id FROM t ORDER BY id", {}, options));
  CHECK(rows.rows.empty());
  CHECK(rows.columns == std::vector<std::string>{"id"});
  CHECK(rows.truncated);

  // Never more than max_rows + 1 are produced: an endless query ends.
  options.max_rows = 10;
  rows = value(store.read_sql(
      "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c", {},
      options));
  CHECK(rows.rows.size() == 10);
  CHECK(rows.truncated);
}

STORE_CONTRACT("read_sql: a query past its timeout is cut off, and the store goes on working") {
  EventStore& store = *backend.store;
  if (without_sql(backend)) return;
  make_table(store, 2);
  SqlReadOptions options;
  options.timeout = 300ms;
  auto forever = store.read_sql(kForever, {}, options);
  REQUIRE_FALSE(forever);
  CHECK(forever.status().code() == StatusCode::deadline_exceeded);
  CHECK_THAT(forever.status().message(), Catch::Contains("ran longer than 300 ms"));
  CHECK_THAT(forever.status().message(), Catch::StartsWith(store.url()));

  // The same connection (one reader in the pool) reads again, and appends.
  for (int i = 0; i < 3; ++i)
    CHECK(count_rows(store) == "2");
  appended(store.append(request("Timed-1", ExpectedVersion::no_stream(), events(2))));
  CHECK(value(store.read_sql("SELECT count(*) FROM events")).rows[0][0] == "2");
  // A quick query under a timeout is not cut off.
  CHECK(value(store.read_sql("SELECT id FROM t", {}, options)).rows.size() == 2);
}

SQL_STORE_CONTRACT("read_sql: a statement that would write is refused and writes nothing") {
  EventStore& store = *backend.store;
  make_table(store, 2);
  const std::string_view writes[] = {
      "INSERT INTO t (id, name, score) VALUES (9, 'x', 1)",
      "UPDATE t SET name = 'changed'",
      "DELETE FROM t",
      "CREATE TABLE u (x BIGINT)",
      "DROP TABLE t",
      "WITH gone AS (SELECT id FROM t) DELETE FROM t WHERE id IN (SELECT id FROM gone)",
      "SELECT 1; DELETE FROM t",
      "WITH d AS (DELETE FROM t RETURNING id) SELECT * FROM d",
  };
  for (std::string_view sql : writes) {
    CAPTURE(sql);
    auto refused = store.read_sql(sql);
    REQUIRE_FALSE(refused);
    CHECK(refused.status().code() == StatusCode::invalid_argument);
    CHECK_THAT(refused.status().message(), Catch::StartsWith(store.url() + ": read_sql: "));
    CHECK(count_rows(store) == "2");
  }
  CHECK(value(store.read_sql("SELECT name FROM t ORDER BY id")).rows[0] == row({"name 1"}));
  CHECK_FALSE(value(store.read_sql("SELECT 1 FROM t WHERE 1 = 0")).truncated);
  appended(store.append(request("After-1", ExpectedVersion::no_stream(), events(1))));
}

SQL_STORE_CONTRACT("read_sql: a syntax error carries the database's message and where it is") {
  EventStore& store = *backend.store;
  auto error = store.read_sql("SELECT id FROM WHERE");
  REQUIRE_FALSE(error);
  CHECK(error.status().code() == StatusCode::invalid_argument);
  CHECK_THAT(error.status().message(), Catch::Contains("syntax error"));
  CHECK_THAT(error.status().message(), Catch::Contains("(at offset 15)"));
  auto missing = store.read_sql("SELECT missing_column FROM no_such_table");
  REQUIRE_FALSE(missing);
  CHECK(missing.status().code() == StatusCode::invalid_argument);
  CHECK_THAT(missing.status().message(), Catch::Contains("no_such_table"));
  CHECK(value(store.read_sql("SELECT 7")).rows[0] == row({"7"}));
}

SQL_STORE_CONTRACT("read_sql: beside appends, each query reads one snapshot") {
  EventStore& store = *backend.store;
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  std::thread writer([&] {
    for (int i = 0; !stop && i < 400; ++i) {
      auto outcome =
          store.append(request("Busy-" + std::to_string(i % 7), ExpectedVersion::any(), events(3)));
      if (!outcome || !std::holds_alternative<Appended>(*outcome)) ++failures;
    }
  });
  // Positions are gap-free from 1: in one snapshot, the count of events is
  // their highest position, and a multiple of 3 (appends of 3 are atomic).
  std::string last = "0";
  for (int i = 0; i < 50; ++i) {
    const SqlRows rows = value(store.read_sql(
        "SELECT (SELECT count(*) FROM events), (SELECT coalesce(max(position), 0) FROM events)"));
    REQUIRE(rows.rows.size() == 1);
    const std::string count = rows.rows[0][0].value();
    CHECK(count == rows.rows[0][1].value());
    CHECK(std::stoll(count) % 3 == 0);
    CHECK(std::stoll(count) >= std::stoll(last));
    last = count;
  }
  stop = true;
  writer.join();
  CHECK(failures == 0);
}

STORE_CONTRACT("read_sql: a long query does not hold appends back (but in SQLite memory)") {
  EventStore& store = *backend.store;
  if (without_sql(backend)) return;
  SqlReadOptions options;
  options.timeout = 3000ms;
  std::atomic<bool> started{false};
  std::atomic<bool> reading{true};
  Result<SqlRows> long_read = Status(StatusCode::internal, "not run");
  std::thread reader([&] {
    started = true;
    long_read = store.read_sql(kForever, {}, options);
    reading = false;
  });
  // The query runs until its timeout, 3 s after it began.
  while (!started)
    std::this_thread::yield();
  std::this_thread::sleep_for(200ms);
  for (int i = 0; i < 10; ++i) {
    appended(store.append(
        request("Beside-1", ExpectedVersion::exact(static_cast<std::uint64_t>(i)), events(1))));
  }
  const bool appended_while_reading = reading;
  reader.join();
  // An in-memory SQLite database has one connection: read_sql holds the
  // writer's lock while it runs (documented), so the appends wait there;
  // whether they came before the read took it depends on the scheduler, so
  // only the other backends are held to appending while it reads.
  if (backend.name != "sqlite-memory") CHECK(appended_while_reading);
  REQUIRE_FALSE(long_read);
  CHECK(long_read.status().code() == StatusCode::deadline_exceeded);
  CHECK(value(store.stream_version("Beside-1")) == 10);
}

STORE_CONTRACT("read_sql: untrusted SQL runs on SQLite only") {
  EventStore& store = *backend.store;
  SqlReadOptions options;
  options.allowed_tables = {"t"};
  if (backend.name == "sqlite-file" || backend.name == "sqlite-memory") {
    // SQLite runs it (sql_read_untrusted_test.cpp says the rest).
    make_table(store, 2);
    CHECK(value(store.read_sql("SELECT count(*) FROM t", {}, options)).rows[0] == row({"2"}));
    return;
  }
  auto refused = store.read_sql("SELECT 1", {}, options);
  REQUIRE_FALSE(refused);
  CHECK(refused.status().code() == StatusCode::unsupported);
  if (backend.name == "postgresql") {
    CHECK_THAT(refused.status().message(),
               Catch::Contains("untrusted SQL (allowed_tables) runs on SQLite stores only"));
  }
}
