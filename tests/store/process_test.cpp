// Several processes on one SQLite file: two processes of four threads
// handling commands, and a writer killed with SIGKILL again and again.
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <map>
#include <random>
#include <sstream>
#include <thread>

#include "account_host.hpp"
#include "child_process.hpp"
#include "mealy/repository.hpp"
#include "raw_sqlite.hpp"
#include "store_fixture.hpp"
#include "store_helpers.hpp"

using namespace mealy;
using namespace mealy::testing;
using namespace store_tests;
using namespace std::chrono_literals;

namespace {

const std::string kWorker = MEALY_STORE_WORKER;

}  // namespace

TEST_CASE(
    "store/sqlite-file: 2 processes x 4 threads on 50 aggregates lose and duplicate no version") {
  TempDir dir;
  const std::string db = dir.file("accounts.db");
  {
    auto store = Backend::open("sqlite://" + db);
    AccountHost host;
    SystemClock clock;
    Repository<AccountMachine, AccountHost> accounts(*store, host, clock);
    for (int a = 0; a < 50; ++a)
      REQUIRE(accounts.handle(account_id(a), account::commands::Open{"o"}).ok());
  }
  Child first({kWorker, "handle", db, "4", "50", "60", "1"});
  Child second({kWorker, "handle", db, "4", "50", "60", "2"});
  std::string out1, out2;
  const int status1 = first.finish(out1);
  const int status2 = second.finish(out2);
  INFO(out1 << out2);
  REQUIRE(WIFEXITED(status1));
  REQUIRE(WEXITSTATUS(status1) == 0);
  REQUIRE(WIFEXITED(status2));
  REQUIRE(WEXITSTATUS(status2) == 0);
  CHECK(out1.starts_with("deposits 240\n"));
  CHECK(out2.starts_with("deposits 240\n"));

  auto store = Backend::open("sqlite://" + db);
  AccountHost host;
  SystemClock clock;
  Repository<AccountMachine, AccountHost> fresh(*store, host, clock);
  std::int64_t total = 0;
  for (int a = 0; a < 50; ++a) {
    // A replay of the log alone, no snapshot, equals what load() gives
    // (from the snapshots the workers wrote).
    const auto events = value(store->read_stream(stream_name("Account", account_id(a)), 1, 10'000));
    auto replayed = fresh.initial(account_id(a));
    for (std::size_t i = 0; i < events.size(); ++i) {
      REQUIRE(events[i].stream_version == i + 1);
      REQUIRE(fresh.apply(replayed, events[i]).ok());
    }
    CHECK(replayed.data.balance == replayed.data.deposits);
    CHECK(value(fresh.load(account_id(a))).aggregate == replayed);
    total += replayed.data.balance;
  }
  CHECK(total == 480);
  CHECK(value(store->head()) == 50 + 480);
}

TEST_CASE("store/sqlite-file: a writer killed with SIGKILL 50 times loses no acknowledged append") {
  TempDir dir;
  const std::string db = dir.file("killed.db");
  std::mt19937 random(20261122);
  std::map<std::string, std::pair<std::uint64_t, std::size_t>>
      acknowledged;  // batch -> first position, count
  for (int round = 0; round < 50; ++round) {
    Child writer({kWorker, "append", db});
    writer.wait_for_line();  // on a loaded machine a child under the sanitizers may take long to
                             // start
    std::this_thread::sleep_for(std::chrono::milliseconds(5 + random() % 60));
    writer.kill();
    std::string output;
    writer.finish(output);
    std::istringstream lines(output);
    std::string line;
    while (std::getline(lines, line)) {
      if (lines.eof()) break;  // cut short by the kill: not a whole acknowledgement
      std::istringstream fields(line);
      std::string ok, batch;
      std::uint64_t first = 0;
      std::size_t count = 0;
      fields >> ok >> first >> count >> batch;
      REQUIRE(ok == "ok");
      acknowledged[batch] = {first, count};
    }
  }
  INFO(acknowledged.size() << " acknowledged appends");
  REQUIRE(acknowledged.size() > 50);
  CHECK(Raw(db).rows("PRAGMA integrity_check") == std::vector<std::string>{"ok"});
  // No partial batch: every batch in the log is whole.
  CHECK(Raw(db)
            .rows("SELECT json_extract(payload, '$.batch') AS batch FROM events GROUP BY batch "
                  "HAVING count(*) != max(json_extract(payload, '$.of'))")
            .empty());
  // Every acknowledged append is there, at its positions.
  auto store = Backend::open("sqlite://" + db);
  for (const auto& [batch, where] : acknowledged) {
    const Page page = value(store->read_all(where.first - 1, {}, where.second));
    REQUIRE(page.events.size() == where.second);
    for (std::size_t i = 0; i < where.second; ++i) {
      REQUIRE(page.events[i].payload.find(
                  "\"batch\":\"" + batch + "\",\"of\":" + std::to_string(where.second) +
                  ",\"i\":" + std::to_string(i) + ",") != std::string::npos);
    }
  }
  // Positions have no gaps, and each stream's versions neither.
  CHECK(Raw(db).rows("SELECT count(*) = max(position) FROM events") ==
        std::vector<std::string>{"1"});
  CHECK(
      Raw(db)
          .rows("SELECT stream FROM events GROUP BY stream HAVING count(*) != max(stream_version)")
          .empty());
}

TEST_CASE(
    "store/sqlite-file: a command retried in another process applies once, either way round") {
  TempDir dir;
  const std::string db = dir.file("events.db");
  auto store = Backend::open("sqlite://" + db);
  AccountHost host;
  SystemClock clock;
  Repository<AccountMachine, AccountHost> accounts(*store, host, clock);

  // Here first, then the retry in another process (with another payload:
  // the command id decides).
  const Uuid here_first = Uuid::v7(clock.now());
  auto outcome =
      accounts.handle(account_id(1), account::commands::Open{"ada"}, {.command_id = here_first});
  REQUIRE(outcome);
  const auto first_position = std::get<Committed<AccountMachine>>(*outcome).first_position;
  std::string output;
  Child retry({kWorker, "open", db, "1", here_first.to_string(), "someone else"});
  CHECK(retry.finish(output) == 0);
  CHECK(output == "committed " + std::to_string(first_position) + " 1 1 ada\n");

  // There first, then the retry here, after the cache has seen the stream.
  const Uuid there_first = Uuid::v7(clock.now());
  output.clear();
  Child original({kWorker, "open", db, "2", there_first.to_string(), "bob"});
  CHECK(original.finish(output) == 0);
  CHECK(output == "committed 2 1 0 bob\n");
  auto again =
      accounts.handle(account_id(2), account::commands::Open{"bob"}, {.command_id = there_first});
  REQUIRE(again);
  const auto& retried = std::get<Committed<AccountMachine>>(*again);
  CHECK(retried.duplicate);
  CHECK(retried.first_position == 2);
  CHECK(value(store->head()) == 2);
}
