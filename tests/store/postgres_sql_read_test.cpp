// EventStore::read_sql on PostgreSQL beyond the contract: the READ ONLY
// transaction stops writes that a SELECT hides (a sequence, a data-modifying
// WITH), PostgreSQL's text forms, connections left idle after every kind
// of failure with the timeout not left behind, and a connection the server
// dropped mid-query replaced by a new one.
#include <libpq-fe.h>

#include <chrono>
#include <thread>

#include "postgres_server.hpp"
#include "store_fixture.hpp"
#include "store_helpers.hpp"

using namespace mealy;
using namespace mealy::testing;
using namespace std::chrono_literals;

namespace {

void make_table(EventStore& store) {
  REQUIRE(value(store.project("setup", std::nullopt, 1, [](SqlTransaction& sql) -> Status {
    for (const char* statement :
         {"CREATE TABLE t (id bigint PRIMARY KEY, name text)", "CREATE SEQUENCE s",
          "INSERT INTO t VALUES (1, 'one'), (2, 'two')"}) {
      if (Status status = sql.execute(statement); !status.ok()) return status;
    }
    return {};
  })));
}

std::string one(EventStore& store, std::string_view sql) {
  const SqlRows rows = value(store.read_sql(sql));
  REQUIRE(rows.rows.size() == 1);
  return rows.rows[0][0].value_or("NULL");
}

}  // namespace

TEST_CASE("store/postgresql: read_sql refuses writes hidden in a SELECT (READ ONLY)") {
  PgDatabase database;
  auto store = Backend::open(database.url());
  make_table(*store);
  const std::pair<std::string_view, std::string_view> writes[] = {
      {"SELECT nextval('s')", "read-only transaction"},
      {"WITH d AS (DELETE FROM t RETURNING id) SELECT * FROM d", "DECLARE CURSOR"},
      {"SELECT * FROM t FOR UPDATE", "read-only transaction"},
      {"SELECT 1; DELETE FROM t", "multiple commands"},
  };
  for (const auto& [sql, says] : writes) {
    CAPTURE(sql);
    auto refused = store->read_sql(sql);
    REQUIRE_FALSE(refused);
    CHECK(refused.status().code() == StatusCode::invalid_argument);
    CHECK_THAT(refused.status().message(), Catch::StartsWith(store->url() + ": read_sql: "));
    CHECK_THAT(refused.status().message(), Catch::Contains(std::string(says)));
  }
  CHECK(one(*store, "SELECT count(*) FROM t") == "2");
  CHECK(one(*store, "SELECT is_called FROM s") == "f");
}

TEST_CASE("store/postgresql: read_sql gives PostgreSQL's text forms and the columns' names") {
  PgDatabase database;
  auto store = Backend::open(database.url());
  const SqlRows rows =
      value(store->read_sql("SELECT true AS yes, '{\"a\": 1}'::jsonb AS j, 1.50::numeric AS n, "
                            "NULL::text AS nothing, 2.5::float8, "
                            "ARRAY[1, 2] AS list"));
  CHECK(rows.columns == std::vector<std::string>{"yes", "j", "n", "nothing", "float8", "list"});
  REQUIRE(rows.rows.size() == 1);
  CHECK(rows.rows[0] == std::vector<std::optional<std::string>>{"t", "{\"a\": 1}", "1.50",
                                                                std::nullopt, "2.5", "{1,2}"});
}

TEST_CASE(
    "store/postgresql: read_sql leaves its one connection idle after every failure, without its "
    "timeout") {
  PgDatabase database;
  StoreOptions options;
  options.max_connections = 1;
  auto store = Backend::open(database.url(), options);
  make_table(*store);
  SqlReadOptions timed;
  timed.timeout = 200ms;
  timed.max_rows = 1;
  for (int i = 0; i < 3; ++i) {
    CHECK(store->read_sql("DELETE FROM t").status().code() == StatusCode::invalid_argument);
    CHECK(store->read_sql("SELECT pg_sleep(5)", {}, timed).status().code() ==
          StatusCode::deadline_exceeded);
    CHECK(store->read_sql("SELECT no_such_column FROM t").status().code() ==
          StatusCode::invalid_argument);
    CHECK(value(store->read_sql("SELECT id FROM t ORDER BY id", {}, timed)).truncated);
  }
  // The timeout was the transaction's only; no transaction is left open.
  CHECK(one(*store, "SELECT current_setting('statement_timeout')") == "0");
  CHECK(
      one(*store,
          "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state LIKE "
          "'idle in transaction%'") == "0");
  appended(store->append(request("After-1", ExpectedVersion::no_stream(), events(1))));
  CHECK(one(*store, "SELECT count(*) FROM events") == "1");
}

TEST_CASE(
    "store/postgresql: read_sql on a connection the server drops runs again once on a new one") {
  PgDatabase database;
  auto store = Backend::open(database.url());
  Result<SqlRows> read = Status(StatusCode::internal, "not run");
  std::thread reader([&] { read = store->read_sql("SELECT 'done' FROM pg_sleep(1)"); });
  // Another session ends the reading one's backend while its FETCH sleeps.
  PGconn* admin = PQconnectdb(database.url().c_str());
  REQUIRE(PQstatus(admin) == CONNECTION_OK);
  int terminated = 0;
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (terminated == 0 && std::chrono::steady_clock::now() < deadline) {
    PGresult* result = PQexec(
        admin,
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
        "current_database() AND query LIKE 'FETCH FORWARD % FROM mealy_read_sql' AND state = "
        "'active'");
    if (PQresultStatus(result) == PGRES_TUPLES_OK) terminated = PQntuples(result);
    PQclear(result);
    if (terminated == 0) std::this_thread::sleep_for(5ms);
  }
  PQfinish(admin);
  reader.join();
  REQUIRE(terminated == 1);
  REQUIRE(read);
  CHECK(read->rows.at(0).at(0) == "done");
  CHECK(one(*store, "SELECT 42") == "42");
}
