// mealy_bench_pg: the PostgreSQL store against raw libpq on the same server,
// in rounds run back to back (see bench/README.md).
//
//   pg_append_ratio_vs_raw_libpq        one thread: EventStore::append of one
//                                        event (310 bytes) with its exact
//                                        expected version, vs raw libpq
//   pg_group_commit_ratio_vs_raw_libpq  8 threads on one store object vs 8
//                                        threads with a raw connection each
//   pg_appends_per_s_8_writers          the first of the two above, alone
//   pg_raw_8_writers_ratio_vs_raw_1_writer  the raw baseline with 8 threads
//                                        vs with one: the ceiling of the
//                                        group commit ratio (see below)
//   pg_rehydrate_ratio_vs_raw_select    read_stream of 10,000 events vs the
//                                        raw SELECT of the same rows
//
// The server's URL (of a database the benchmark may create databases from,
// e.g. `postgres`) comes from MEALY_BENCH_PG_URL or the file named by
// MEALY_BENCH_PG_URL_FILE; bench/run --postgresql starts a throwaway server
// and sets it. The raw baseline is the straightforward libpq code for the
// same work: prepared statements, BEGIN; UPDATE the stream's version WHERE
// it is the expected one; INSERT the event, its position from a bigserial;
// COMMIT; into tables made like the store's (CREATE TABLE ... LIKE, with
// the same indexes).
#include <libpq-fe.h>

#include <array>
#include <atomic>
#include <fstream>
#include <string>
#include <vector>

#include "harness.hpp"
#include "mealy/store.hpp"

using namespace mealy;
using namespace mealy::bench;

namespace {

std::string server_url() {
  if (const char* url = std::getenv("MEALY_BENCH_PG_URL"); url != nullptr && *url != '\0')
    return url;
  if (const char* file = std::getenv("MEALY_BENCH_PG_URL_FILE"); file != nullptr) {
    std::ifstream in(file);
    std::string url;
    if (std::getline(in, url) && !url.empty()) return url;
  }
  fail("no PostgreSQL server: set MEALY_BENCH_PG_URL (bench/run --postgresql starts one)");
}

class Raw {
 public:
  explicit Raw(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
    if (PQstatus(conn_) != CONNECTION_OK) fail(std::string("connecting: ") + PQerrorMessage(conn_));
  }
  ~Raw() { PQfinish(conn_); }
  Raw(const Raw&) = delete;
  Raw& operator=(const Raw&) = delete;
  void exec(const std::string& sql) {
    PGresult* result = PQexec(conn_, sql.c_str());
    check(result, sql);
  }
  void prepare(const char* name, const char* sql) {
    check(PQprepare(conn_, name, sql, 0, nullptr), sql);
  }
  // Runs a prepared statement; the number of rows it returned.
  int run(const char* name, const std::vector<const char*>& params) {
    PGresult* result = PQexecPrepared(conn_, name, static_cast<int>(params.size()), params.data(),
                                      nullptr, nullptr, 0);
    const ExecStatusType status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) check(result, name);
    int rows = PQntuples(result);
    // What a reader does with each row: take its values.
    std::size_t bytes = 0;
    for (int row = 0; row < rows; ++row) {
      for (int column = 0; column < PQnfields(result); ++column) {
        bytes += std::string(PQgetvalue(result, row, column),
                             static_cast<std::size_t>(PQgetlength(result, row, column)))
                     .size();
      }
    }
    PQclear(result);
    return bytes == SIZE_MAX ? 0 : rows;
  }

 private:
  void check(PGresult* result, const std::string& what) {
    const ExecStatusType status = PQresultStatus(result);
    const std::string message = PQresultErrorMessage(result);
    PQclear(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(what + ": " + message);
  }
  PGconn* conn_;
};

const std::string kPayload =
    "{\"amount\":\"1250\",\"memo\":\"" + std::string(270, 'm') + "\",\"n\":1}";

std::string fresh_database(const std::string& server, const std::string& name) {
  Raw admin(server);
  admin.exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  admin.exec("CREATE DATABASE " + name);
  return server.substr(0, server.rfind('/') + 1) + name;
}

// The raw tables, made like the store's, and the raw writer's statements.
void make_raw_tables(const std::string& url) {
  Raw raw(url);
  raw.exec(
      "CREATE TABLE raw_events (LIKE events INCLUDING ALL); CREATE SEQUENCE raw_positions OWNED BY "
      "raw_events.position;"
      "ALTER TABLE raw_events ALTER position SET DEFAULT nextval('raw_positions');"
      "CREATE TABLE raw_streams (LIKE streams INCLUDING ALL)");
}

class RawWriter {
 public:
  explicit RawWriter(const std::string& url) : raw_(url) {
    raw_.prepare("advance",
                 "UPDATE raw_streams SET version = $3 WHERE stream = $1 AND version = $2");
    raw_.prepare("create",
                 "INSERT INTO raw_streams (stream, category, version) VALUES ($1, 'Ledger', 1)");
    raw_.prepare("insert",
                 "INSERT INTO raw_events (stream, category, stream_version, event_id, type, "
                 "schema_version, payload, "
                 "metadata, recorded_at, append_first, append_last) VALUES ($1, 'Ledger', $2, $3, "
                 "'Posted', 1, $4, '{}', now(), $2, $2)");
  }
  void append(const std::string& stream, std::uint64_t version) {
    raw_.exec("BEGIN");
    const std::string next = std::to_string(version + 1);
    const std::string current = std::to_string(version);
    if (version == 0) {
      raw_.run("create", {stream.c_str()});
    } else {
      raw_.run("advance", {stream.c_str(), current.c_str(), next.c_str()});
    }
    const std::string id = Uuid::v7(SystemClock().now()).to_string();
    raw_.run("insert", {stream.c_str(), next.c_str(), id.c_str(), kPayload.c_str()});
    raw_.exec("COMMIT");
  }
  Raw& raw() { return raw_; }

 private:
  Raw raw_;
};

// Each run of `threads` threads has streams of its own.
std::string stream_of(unsigned threads, unsigned thread, std::size_t i, std::size_t streams) {
  return "Ledger-" + std::to_string(threads) + "x" + std::to_string(thread) + "-" +
         std::to_string(i % streams);
}

// `threads` threads appending `per_thread` events each to their own streams
// through one store; appends per second.
double ours(EventStore& store, unsigned threads, std::size_t per_thread, std::size_t streams,
            std::vector<std::vector<std::uint64_t>>& versions) {
  const double seconds = run_threads(threads, [&](unsigned t) {
    for (std::size_t i = 0; i < per_thread; ++i) {
      const std::size_t s = i % streams;
      AppendRequest request{stream_of(threads, t, i, streams),
                            ExpectedVersion::exact(versions[t][s]),
                            {{Uuid::v7(SystemClock().now()), "Posted", 1, kPayload}},
                            {},
                            nullptr};
      auto outcome = store.append(request);
      if (!outcome) fail(outcome.status().message());
      if (const auto* conflict = std::get_if<Conflict>(&*outcome)) fail(conflict->message);
      ++versions[t][s];
    }
  });
  return static_cast<double>(threads * per_thread) / seconds;
}

double raw(const std::string& url, unsigned threads, std::size_t per_thread, std::size_t streams,
           std::vector<std::vector<std::uint64_t>>& versions) {
  std::vector<std::unique_ptr<RawWriter>> writers;
  for (unsigned t = 0; t < threads; ++t)
    writers.push_back(std::make_unique<RawWriter>(url));
  const double seconds = run_threads(threads, [&](unsigned t) {
    for (std::size_t i = 0; i < per_thread; ++i) {
      const std::size_t s = i % streams;
      writers[t]->append(stream_of(threads, t, i, streams), versions[t][s]);
      ++versions[t][s];
    }
  });
  return static_cast<double>(threads * per_thread) / seconds;
}

void appends(const Options& options, const std::string& server) {
  const std::string url = fresh_database(server, "mealy_bench_append");
  auto opened = open_store(url);
  if (!opened) fail(opened.status().message());
  make_raw_tables(url);
  const std::size_t streams = 100;
  const int rounds = options.smoke ? 1 : 5;
  const std::size_t per_round = options.smoke ? 20 : 1500;
  std::vector<double> raw_one_writer;  // the raw rates of the one-thread rounds
  for (const unsigned threads : {1u, 8u}) {
    std::vector<std::vector<std::uint64_t>> ours_versions(threads,
                                                          std::vector<std::uint64_t>(streams, 0));
    std::vector<std::vector<std::uint64_t>> raw_versions = ours_versions;
    std::vector<double> ours_rates, raw_rates;
    for (int round = 0; round < rounds; ++round) {
      ours_rates.push_back(ours(**opened, threads, per_round / threads, streams, ours_versions));
      raw_rates.push_back(raw(url, threads, per_round / threads, streams, raw_versions));
    }
    if (threads == 1) {
      record(options.out,
             paired_figure("pg_append_ratio_vs_raw_libpq", ours_rates, raw_rates, "appends/s", ">=",
                           0.8, "raw libpq: BEGIN, UPDATE the stream, INSERT the event, COMMIT"));
      raw_one_writer = raw_rates;
    } else {
      record(options.out,
             paired_figure("pg_group_commit_ratio_vs_raw_libpq", ours_rates, raw_rates, "appends/s",
                           ">=", 2.5, "8 threads with a raw libpq connection each"));
      record(options.out,
             Figure("pg_appends_per_s_8_writers", median(ours_rates), std::nullopt, "appends/s"));
      // The ceiling of the ratio above: how much 8 raw connections gain over
      // one. With one row in flight per thread, no design can put more than 8
      // rows in one WAL flush; when this figure is near 8, the server already
      // flushes the raw connections' commits together, and the group commit
      // ratio cannot exceed about 8 divided by it.
      record(
          options.out,
          Figure(
              "pg_raw_8_writers_ratio_vs_raw_1_writer", median(raw_rates), median(raw_one_writer),
              "appends/s", "report", 0,
              "8 raw connections (one row per commit) against one: the server's own group flush"));
    }
  }
}

void rehydrate(const Options& options, const std::string& server) {
  const std::string url = fresh_database(server, "mealy_bench_load");
  auto opened = open_store(url);
  if (!opened) fail(opened.status().message());
  EventStore& store = **opened;
  const std::size_t events = options.smoke ? 100 : 10'000;
  for (std::size_t written = 0; written < events; written += 100) {
    AppendRequest request{"Ledger-1", ExpectedVersion::exact(written), {}, {}, nullptr};
    for (int i = 0; i < 100; ++i)
      request.events.push_back({Uuid::v7(SystemClock().now()), "Posted", 1, kPayload});
    auto outcome = store.append(request);
    if (!outcome || !std::holds_alternative<Appended>(*outcome)) fail("filling the stream failed");
  }
  Raw raw(url);
  raw.prepare("scan",
              "SELECT position, stream, stream_version, event_id::text, type, schema_version, "
              "payload::text, "
              "metadata::text, recorded_at FROM events WHERE stream = $1 AND stream_version >= 1 "
              "ORDER BY stream_version");
  std::vector<double> ours_rates, raw_rates;
  for (int round = 0; round < (options.smoke ? 1 : 21); ++round) {
    auto start = bench::Clock::now();
    auto read = store.read_stream("Ledger-1", 1, events);
    if (!read || read->size() != events) fail("read_stream");
    ours_rates.push_back(static_cast<double>(events) / seconds_since(start));
    start = bench::Clock::now();
    if (raw.run("scan", {"Ledger-1"}) != static_cast<int>(events)) fail("the raw scan");
    raw_rates.push_back(static_cast<double>(events) / seconds_since(start));
  }
  record(options.out,
         paired_figure("pg_rehydrate_ratio_vs_raw_select", ours_rates, raw_rates, "events/s",
                       ">=", 0.5, "the raw SELECT of the same rows, each value copied out"));
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = Options::parse(argc, argv);
  const std::string server = server_url();
  appends(options, server);
  rehydrate(options, server);
  options.cleanup();
  return 0;
}
