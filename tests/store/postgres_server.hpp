// The PostgreSQL server of the tests: the throwaway cluster that ctest's
// fixture `pg` starts (scripts/pg-cluster, see tests/store/CMakeLists.txt),
// and a database of its own for each test, so that tests running in
// parallel never share one.
//
//   mealy::testing::PgDatabase database;   // CREATE DATABASE mealy_test_<pid>_<n>
//   auto store = mealy::open_store(database.url());
//
// A test that needs the server fails, saying why, when there is none.
#pragma once

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <fstream>
#include <random>
#include <string>

namespace mealy::testing {

// The URL of the cluster's `postgres` database, with its password.
inline std::string pg_server_url() {
  const std::string file = MEALY_PG_STATE_DIR "/url";
  std::ifstream in(file);
  std::string url;
  if (!in || !std::getline(in, url) || url.empty()) {
    FAIL("no PostgreSQL test server: "
         << file
         << " is missing (ctest starts the server in the fixture pg: run the tests "
            "through ctest, or scripts/pg-cluster start " MEALY_PG_STATE_DIR ")");
  }
  return url;
}

// `url` (of the server's `postgres` database) with another database name.
inline std::string pg_url_of(const std::string& server_url, const std::string& database) {
  const std::size_t slash = server_url.rfind('/');
  return server_url.substr(0, slash + 1) + database;
}

// Runs `sql` on the server's `postgres` database; fails the test on error.
inline void pg_admin(const std::string& sql) {
  PGconn* conn = PQconnectdb(pg_server_url().c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    const std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    FAIL("cannot connect to the PostgreSQL test server: " << message);
  }
  PGresult* result = PQexec(conn, sql.c_str());
  const bool ok =
      PQresultStatus(result) == PGRES_COMMAND_OK || PQresultStatus(result) == PGRES_TUPLES_OK;
  const std::string message = PQresultErrorMessage(result);
  PQclear(result);
  PQfinish(conn);
  if (!ok) FAIL(sql << ": " << message);
}

// A fresh, empty database on the test server, dropped (connections and all)
// when the object goes.
class PgDatabase {
 public:
  PgDatabase() {
    static std::atomic<int> counter{0};
    name_ = "mealy_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
            std::to_string(std::random_device()() % 1000000);
    pg_admin("CREATE DATABASE " + name_);
    url_ = pg_url_of(pg_server_url(), name_);
  }
  ~PgDatabase() {
    PGconn* conn = PQconnectdb(pg_server_url_or_empty().c_str());
    if (PQstatus(conn) == CONNECTION_OK)
      PQclear(PQexec(conn, ("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)").c_str()));
    PQfinish(conn);
  }
  PgDatabase(const PgDatabase&) = delete;
  PgDatabase& operator=(const PgDatabase&) = delete;

  [[nodiscard]] const std::string& name() const { return name_; }
  // postgresql://postgres:<password>@127.0.0.1:<port>/<name>
  [[nodiscard]] const std::string& url() const { return url_; }

 private:
  static std::string pg_server_url_or_empty() {
    std::ifstream in(MEALY_PG_STATE_DIR "/url");
    std::string url;
    std::getline(in, url);
    return url;
  }

  std::string name_;
  std::string url_;
};

// A connection of the test's own to a database, for looking at the tables
// as an operator would; fails the test when a statement fails.
class PgClient {
 public:
  explicit PgClient(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
    if (PQstatus(conn_) != CONNECTION_OK) FAIL("cannot connect: " << PQerrorMessage(conn_));
  }
  ~PgClient() { PQfinish(conn_); }
  PgClient(const PgClient&) = delete;
  PgClient& operator=(const PgClient&) = delete;

  // Runs `sql`; the first column of the first row, "" when there is none.
  std::string value(const std::string& sql) {
    PGresult* result = PQexec(conn_, sql.c_str());
    const ExecStatusType status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      const std::string message = PQresultErrorMessage(result);
      PQclear(result);
      FAIL(sql << ": " << message);
    }
    std::string out =
        PQntuples(result) > 0 && PQnfields(result) > 0 ? PQgetvalue(result, 0, 0) : "";
    PQclear(result);
    return out;
  }
  [[nodiscard]] PGconn* get() const { return conn_; }

 private:
  PGconn* conn_;
};

}  // namespace mealy::testing
