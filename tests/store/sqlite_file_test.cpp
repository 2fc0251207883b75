// What only an SQLite file does: errors on opening that say which file and
// why, the format check, readers beside a writer that holds the lock, the
// tables as the README documents them, a payload corrupted by hand, and
// memory while reading 300,000 events (70 MB) through the feed.
#include <grp.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "account_host.hpp"
#include "mealy/repository.hpp"
#include "raw_sqlite.hpp"
#include "store_fixture.hpp"
#include "store_helpers.hpp"

using namespace mealy;
using namespace mealy::testing;
using namespace store_tests;

namespace {

std::string open_error(const std::string& url, const StoreOptions& options = {}) {
  auto store = open_store(url, options);
  if (store) FAIL(url << " opened, but an error was expected");
  return store.status().message();
}

// What opening `url` says to a user who may read the file but not write it.
// Root writes any file, so as root the open runs in a child process that has
// given root up for nobody (uid and gid 65534) first.
std::string open_error_as_reader(const std::string& url) {
  if (::geteuid() != 0) return open_error(url);
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::close(fds[0]);
    std::string message;
    if (::setgroups(0, nullptr) != 0 || ::setgid(65534) != 0 || ::setuid(65534) != 0) {
      message = std::string("cannot give up root: ") + std::strerror(errno);
    } else {
      auto store = open_store(url);
      message = store ? "opened" : store.status().message();
    }
    const ssize_t written = ::write(fds[1], message.data(), message.size());
    ::_exit(written == static_cast<ssize_t>(message.size()) ? 0 : 1);
  }
  ::close(fds[1]);
  std::string message;
  char buffer[512];
  for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) > 0;)
    message.append(buffer, static_cast<std::size_t>(n));
  ::close(fds[0]);
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  return message;
}

long peak_rss_kb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

}  // namespace

TEST_CASE("store/sqlite-file: opening says which file and why it cannot be a store") {
  TempDir dir;
  const std::string missing = dir.file("no/such/dir/events.db");
  CHECK(open_error("sqlite://" + missing) == "sqlite://" + missing +
                                                 ": cannot open: the directory " +
                                                 dir.file("no/such/dir") + " does not exist");
  CHECK(open_error("sqlite://" + dir.path().string()) ==
        "sqlite://" + dir.path().string() + ": cannot open: it is a directory");

  const std::string garbage = dir.file("garbage.db");
  std::ofstream(garbage) << std::string(8192, 'g');
  CHECK(open_error("sqlite://" + garbage) ==
        "sqlite://" + garbage + ": opening: file is not a database");

  const std::string newer = dir.file("newer.db");
  { auto store = Backend::open("sqlite://" + newer); }
  Raw(newer).exec("PRAGMA user_version = 3");
  CHECK(open_error("sqlite://" + newer) ==
        "sqlite://" + newer +
            ": the store has format 3, written by a newer mealy; this build reads formats up to 2");

  const std::string foreign = dir.file("foreign.db");
  Raw(foreign).exec("CREATE TABLE invoices (id INTEGER PRIMARY KEY)");
  CHECK(open_error("sqlite://" + foreign) ==
        "sqlite://" + foreign + ": not a mealy store (the file holds another application's data)");

  const std::string read_only = dir.file("read-only.db");
  { auto store = Backend::open("sqlite://" + read_only); }
  std::filesystem::permissions(
      dir.path(), std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
                      std::filesystem::perms::group_exec | std::filesystem::perms::others_read |
                      std::filesystem::perms::others_exec);
  std::filesystem::permissions(read_only, std::filesystem::perms::owner_read |
                                              std::filesystem::perms::group_read |
                                              std::filesystem::perms::others_read);
  CHECK(open_error_as_reader("sqlite://" + read_only) ==
        "sqlite://" + read_only +
            ": cannot open for writing: the file is read-only or not ours (Permission denied)");

  StoreOptions existing_only;
  existing_only.create = false;
  const std::string absent = dir.file("absent.db");
  CHECK(open_error("sqlite://" + absent, existing_only) ==
        "sqlite://" + absent + ": cannot open: there is no store (the file does not exist)");
  CHECK_FALSE(std::filesystem::exists(absent));

  CHECK(open_error("mysql://localhost/db") ==
        "'mysql://localhost/db' is not a store URL: use sqlite:///path/to.db, sqlite::memory:, "
        "postgresql://..., "
        "a libpq connection string (host=... dbname=...) or memory: (the in-memory backend)");
  // Nor is a bare path.
  CHECK(open_error("/var/lib/events.db").starts_with("'/var/lib/events.db' is not a store URL: "));
}

TEST_CASE(
    "store/sqlite-file: readers do not wait for a writer, and a writer waits busy_timeout, then "
    "says locked") {
  TempDir dir;
  const std::string path = dir.file("events.db");
  StoreOptions options;
  options.busy_timeout = std::chrono::milliseconds(50);
  auto store = Backend::open("sqlite://" + path, options);
  appended(store->append(request("Order-1", ExpectedVersion::no_stream(), events(3))));
  Raw other(path);
  other.exec("BEGIN IMMEDIATE");
  other.exec("INSERT INTO checkpoints (name, position, updated_at) VALUES ('x', 1, 'now')");
  // The other program holds the write lock: reads go on.
  CHECK(value(store->read_stream("Order-1", 1, 10)).size() == 3);
  CHECK(value(store->read_all(0, {}, 10)).events.size() == 3);
  CHECK(value(store->head()) == 3);
  auto blocked = store->append(request("Order-1", ExpectedVersion::exact(3), events(1)));
  REQUIRE_FALSE(blocked.ok());
  CHECK(blocked.status().message() ==
        "sqlite://" + path + ": starting a write transaction: database is locked");
  CHECK(blocked.status().code() == StatusCode::unavailable);
  other.exec("COMMIT");
  CHECK(appended(store->append(request("Order-1", ExpectedVersion::exact(3), events(1))))
            .last_version == 4);
}

TEST_CASE("store/sqlite-file: the tables read as the README documents them") {
  TempDir dir;
  const std::string path = dir.file("events.db");
  auto store = Backend::open("sqlite://" + path);
  const Uuid id = *Uuid::parse("01890a5d-ac96-774b-bcce-b302099a8057");
  const Uuid correlation = *Uuid::parse("01890a5d-ac96-774b-bcce-b302099a8058");
  Snapshot snapshot{"Order-1", 1, 0x643ac8419da6bee3ull, R"({"id":"1"})"};
  AppendRequest first{"Order-1",
                      ExpectedVersion::no_stream(),
                      {{id, "Opened", 2, R"({"customer":"ada"})"}},
                      {correlation, {}, "web", {{"ip", "::1"}}},
                      &snapshot};
  appended(store->append(first));
  REQUIRE(store->compare_and_set_checkpoint("mailer", std::nullopt, 1).ok());
  Raw raw(path);
  CHECK(raw.rows("PRAGMA user_version") == std::vector<std::string>{"2"});
  CHECK(raw.rows("PRAGMA journal_mode") == std::vector<std::string>{"wal"});
  CHECK(
      raw.rows("SELECT position, stream, category, stream_version, event_id, type, schema_version, "
               "payload, "
               "metadata FROM events") ==
      std::vector<std::string>{
          "1|Order-1|Order|1|01890a5d-ac96-774b-bcce-b302099a8057|Opened|2|{\"customer\":\"ada\"}|"
          "{\"correlation_id\":\"01890a5d-ac96-774b-bcce-b302099a8058\",\"actor\":\"web\","
          "\"extra\":{\"ip\":\"::1\"}}"});
  CHECK(raw.rows("SELECT length(recorded_at), substr(recorded_at, 27) FROM events") ==
        std::vector<std::string>{"27|Z"});
  CHECK(raw.rows("SELECT stream, category, version FROM streams") ==
        std::vector<std::string>{"Order-1|Order|1"});
  CHECK(raw.rows("SELECT stream, fingerprint, version, state FROM snapshots") ==
        std::vector<std::string>{"Order-1|643ac8419da6bee3|1|{\"id\":\"1\"}"});
  CHECK(raw.rows("SELECT name, position FROM checkpoints") == std::vector<std::string>{"mailer|1"});
  CHECK(raw.rows("SELECT append_first, append_last FROM events") ==
        std::vector<std::string>{"1|1"});
  const Uuid command = *Uuid::parse("01890a5d-ac96-774b-bcce-b302099a8059");
  AppendRequest second{"Order-1",
                       ExpectedVersion::exact(1),
                       {{correlation, "Paid", 1, "{}"}, {command, "Shipped", 1, "{}"}}};
  second.command_id = command;
  appended(store->append(second));
  CHECK(raw.rows("SELECT append_first, append_last FROM events ORDER BY position") ==
        std::vector<std::string>{"1|1", "2|3", "2|3"});
  CHECK(raw.rows("SELECT command_id, stream, first_position, first_version, last_version, "
                 "length(recorded_at) "
                 "FROM commands") ==
        std::vector<std::string>{"01890a5d-ac96-774b-bcce-b302099a8059|Order-1|2|2|3|27"});
}

TEST_CASE("store/sqlite-file: a file that is not a mealy store is left exactly as it was") {
  TempDir dir;
  // Another application's database, in rollback-journal mode, whose
  // user_version happens to be one of ours (or a newer one).
  for (const std::string version : {"1", "2", "3"}) {
    const std::string path = dir.file("foreign-" + version + ".db");
    Raw(path).exec("CREATE TABLE invoices (id INTEGER PRIMARY KEY); PRAGMA user_version = " +
                   version);
    CHECK(open_error("sqlite://" + path) ==
          "sqlite://" + path + ": not a mealy store (the file holds another application's data)");
    Raw raw(path);
    CHECK(raw.rows("PRAGMA journal_mode") == std::vector<std::string>{"delete"});
    CHECK(raw.rows("PRAGMA user_version") == std::vector<std::string>{version});
    CHECK(raw.rows("SELECT name FROM sqlite_schema") == std::vector<std::string>{"invoices"});
    CHECK_FALSE(std::filesystem::exists(path + "-wal"));
  }
}

TEST_CASE("store/sqlite-file: a format 1 store is migrated on open and keeps its events") {
  TempDir dir;
  const std::string path = dir.file("events.db");
  const auto first = events(2);
  {
    // Format 1 as mealy 0.3 wrote it: no append boundaries, no commands.
    Raw raw(path);
    raw.exec(R"sql(
      CREATE TABLE events (position INTEGER PRIMARY KEY AUTOINCREMENT, stream TEXT NOT NULL, category TEXT NOT NULL,
        stream_version INTEGER NOT NULL, event_id TEXT NOT NULL UNIQUE, type TEXT NOT NULL,
        schema_version INTEGER NOT NULL, payload TEXT NOT NULL, metadata TEXT NOT NULL, recorded_at TEXT NOT NULL,
        UNIQUE (stream, stream_version));
      CREATE INDEX events_by_category ON events (category, position);
      CREATE TABLE streams (stream TEXT PRIMARY KEY, category TEXT NOT NULL, version INTEGER NOT NULL) WITHOUT ROWID;
      CREATE TABLE snapshots (stream TEXT NOT NULL, fingerprint TEXT NOT NULL, version INTEGER NOT NULL,
        state TEXT NOT NULL, recorded_at TEXT NOT NULL, PRIMARY KEY (stream, fingerprint)) WITHOUT ROWID;
      CREATE TABLE checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL, updated_at TEXT NOT NULL)
        WITHOUT ROWID;
      PRAGMA application_id = 1835360620; PRAGMA user_version = 1;)sql");
    for (std::size_t i = 0; i < first.size(); ++i) {
      raw.exec(
          "INSERT INTO events (stream, category, stream_version, event_id, type, schema_version, "
          "payload, "
          "metadata, recorded_at) VALUES ('Order-1', 'Order', " +
          std::to_string(i + 1) + ", '" + first[i].id.to_string() + "', 'Happened', 1, '" +
          first[i].payload + "', '{}', '2026-12-01T00:00:00.000000Z')");
    }
    raw.exec("INSERT INTO streams VALUES ('Order-1', 'Order', 2)");
  }
  auto store = Backend::open("sqlite://" + path);
  CHECK(Raw(path).rows("PRAGMA user_version") == std::vector<std::string>{"2"});
  CHECK(value(store->read_stream("Order-1", 1, 10)).size() == 2);
  // Rows without boundaries: the exact retry is still a duplicate.
  CHECK(appended(store->append(request("Order-1", ExpectedVersion::any(), first))).duplicate);
  const Uuid command = Uuid::v7(SystemClock().now());
  auto next = request("Order-1", ExpectedVersion::exact(2), events(1));
  next.command_id = command;
  CHECK(appended(store->append(next)).last_version == 3);
  CHECK(value(store->read_command(command)).has_value());
}

TEST_CASE(
    "store/sqlite-file: a command retried through another store object, or after reopening, "
    "applies once") {
  TempDir dir;
  const std::string url = "sqlite://" + dir.file("events.db");
  AccountHost host;
  SystemClock clock;
  const Uuid id = account_id(1);
  const Uuid open_id = Uuid::v7(clock.now());
  Committed<AccountMachine> first;
  {
    auto store = Backend::open(url);
    Repository<AccountMachine, AccountHost> accounts(*store, host, clock);
    auto outcome = accounts.handle(id, account::commands::Open{"ada"}, {.command_id = open_id});
    REQUIRE(outcome);
    first = std::get<Committed<AccountMachine>>(*outcome);
    // Another store object on the same file, while the first is open.
    auto other = Backend::open(url);
    Repository<AccountMachine, AccountHost> elsewhere(*other, host, clock);
    auto again = elsewhere.handle(id, account::commands::Open{"ada"}, {.command_id = open_id});
    REQUIRE(again);
    const auto& retried = std::get<Committed<AccountMachine>>(*again);
    CHECK(retried.duplicate);
    CHECK(retried.first_position == first.first_position);
    CHECK(retried.events == first.events);
  }
  auto reopened = Backend::open(url);
  Repository<AccountMachine, AccountHost> accounts(*reopened, host, clock);
  auto again = accounts.handle(id, account::commands::Open{"ada"}, {.command_id = open_id});
  REQUIRE(again);
  const auto& retried = std::get<Committed<AccountMachine>>(*again);
  CHECK(retried.duplicate);
  CHECK(retried.aggregate == first.aggregate);
  CHECK(value(reopened->head()) == 1);
}

TEST_CASE(
    "store/sqlite-file: a payload corrupted by hand names stream, version and path, and others "
    "still load") {
  TempDir dir;
  const std::string path = dir.file("events.db");
  auto store = Backend::open("sqlite://" + path);
  AccountHost host;
  SystemClock clock;
  Repository<AccountMachine, AccountHost> accounts(*store, host, clock);
  const Uuid bad = *Uuid::parse("00000000-0000-0000-0000-0000000000b0");
  const Uuid good = *Uuid::parse("00000000-0000-0000-0000-0000000000a0");
  for (const Uuid& id : {bad, good}) {
    REQUIRE(accounts.handle(id, account::commands::Open{"x"}).ok());
    REQUIRE(accounts.handle(id, account::commands::Deposit{5}).ok());
  }
  Raw(path).exec("UPDATE events SET payload = '{\"amount\":[1]}' WHERE stream = 'Account-" +
                 bad.to_string() + "' AND stream_version = 2");
  Repository<AccountMachine, AccountHost> fresh(*store, host, clock);
  auto load = fresh.load(bad);
  REQUIRE_FALSE(load.ok());
  // A wrong JSON type reads "expected <schema type>, got <JSON type>" (json_read.hpp), in
  // every build type; "int64 as a decimal string" is for a string of another form.
  CHECK(load.status().message() ==
        "sqlite://" + path + ": stream Account-" + bad.to_string() +
            ", version 2 (Deposited at position 2): $.amount: expected int64, got array");
  CHECK(value(fresh.load(good)).aggregate.data.balance == 5);
}

// (300,000 rather than a million: under the sanitizers a million took
// minutes of CI; the benchmark feed_peak_rss_mb_1m reads a million.)
TEST_CASE(
    "store/sqlite-file: reading 300,000 events (70 MB) through the feed keeps memory bounded") {
  TempDir dir;
  const std::string path = dir.file("feed.db");
  { auto store = Backend::open("sqlite://" + path); }
  {
    Raw raw(path);
    raw.exec("BEGIN");
    raw.exec(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000) "
        "INSERT INTO events (stream, category, stream_version, event_id, type, schema_version, "
        "payload, metadata, "
        "recorded_at) SELECT 'Load-' || (i % 1000), 'Load', i / 1000 + 1, "
        "printf('00000000-0000-7000-8000-%012d', i), 'Loaded', 1, '{\"n\":' || i || ',\"pad\":\"' "
        "|| "
        "hex(zeroblob(100)) || '\"}', '{}', '2026-11-22T00:00:00.000000Z' FROM n");
    raw.exec("COMMIT");
  }
  auto store = Backend::open("sqlite://" + path);
  const long before = peak_rss_kb();
  std::uint64_t after = 0;
  std::uint64_t count = 0;
  std::uint64_t sum = 0;
  while (true) {
    Page page = value(store->read_all(after, {.categories = {"Load"}}, 1000));
    for (const auto& event : page.events) {
      ++count;
      sum += event.position;
    }
    after = page.next_position;
    if (page.at_end) break;
  }
  CHECK(count == 300'000);
  CHECK(sum == 300'000ull * 300'001ull / 2);
  const long grown_mb = (peak_rss_kb() - before) / 1024;
  INFO("peak resident memory grew by " << grown_mb << " MB");
  CHECK(grown_mb < 24);  // a third of what was read
}

// Metadata is read as strictly as a payload (issue 13): a key it does not
// know is skipped but checked, and no key is given twice, at the top or in
// `extra`. Each corrupted row fails to read, naming its position; the
// stream's other rows, and the written forms that are JSON, still read.
TEST_CASE("store/sqlite-file: metadata corrupted by hand is refused as strictly as a payload") {
  TempDir dir;
  const std::string path = dir.file("events.db");
  auto store = Backend::open("sqlite://" + path);
  appended(store->append(request("Order-1", ExpectedVersion::no_stream(), events(2))));
  auto read_error = [&](const std::string& metadata) {
    Raw(path).exec("UPDATE events SET metadata = '" + metadata + "' WHERE stream_version = 2");
    auto read = store->read_stream("Order-1", 1, 10);
    return read ? std::string("read") : read.status().message();
  };
  const std::string prefix = "sqlite://" + path + ": event at position 2: metadata ";
  CHECK(read_error(R"({"actor":"a","zzz":tru})") ==
        prefix + "$.zzz: malformed JSON: an invalid literal (expected true)");
  CHECK(read_error(R"({"zzz":[1,}],"actor":"a"})") ==
        prefix +
            "$.zzz[1]: malformed JSON: a missing or misplaced comma, colon, key, brace or bracket");
  CHECK(read_error(R"({"zzz":{"q":1,"q":2}})") == prefix + "$.zzz.q: duplicate key");
  CHECK(read_error(R"({"zzz":1,"zzz":1})") == prefix + "$.zzz: duplicate key");
  CHECK(read_error(R"({"actor":"a","actor":"b"})") == prefix + "$.actor: duplicate key");
  CHECK(read_error(R"({"actor":"a","act\u006fr":"b"})") == prefix + "$.actor: duplicate key");
  CHECK(read_error(R"({"extra":{"k":"1","k":"2"}})") == prefix + "$.extra.k: duplicate key");
  CHECK(read_error(R"({"extra":{}, "extra":{}})") == prefix + "$.extra: duplicate key");
  CHECK(read_error(R"({"zzz":1e400})") ==
        prefix + "$.zzz: value 1e400 is out of range for float64");
  // Unknown keys that are JSON are skipped; the known ones still read.
  CHECK(read_error(R"({"zzz":[1,{"a":null}],"actor":"a","extra":{"k":"v"}})") == "read");
  const auto read = value(store->read_stream("Order-1", 1, 10));
  REQUIRE(read.size() == 2);
  CHECK(read[1].metadata.actor == "a");
  CHECK(read[1].metadata.extra == std::vector<std::pair<std::string, std::string>>{{"k", "v"}});
  CHECK(read[0].metadata == Metadata{});
}
