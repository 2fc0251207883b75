// Many processes on one PostgreSQL store: writers and tailing readers,
// command handlers, writers killed with SIGKILL, and the server restarted
// under load.
#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <sstream>
#include <thread>

#include "account_host.hpp"
#include "child_process.hpp"
#include "mealy/repository.hpp"
#include "postgres_server.hpp"
#include "store_fixture.hpp"
#include "store_helpers.hpp"

using namespace mealy;
using namespace mealy::testing;
using namespace store_tests;
using namespace std::chrono_literals;

namespace {

const std::string kWorker = MEALY_STORE_WORKER;

struct Acknowledged {
  std::uint64_t first = 0;
  std::size_t count = 0;
};

// The "ok <first> <count> <batch>" lines of store_worker append; a last
// line cut short by a kill is not an acknowledgement.
void read_acknowledgements(const std::string& output, std::map<std::string, Acknowledged>& out) {
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    if (lines.eof()) break;
    std::istringstream fields(line);
    std::string ok, batch;
    Acknowledged where;
    fields >> ok >> where.first >> where.count >> batch;
    REQUIRE(ok == "ok");
    out[batch] = where;
  }
}

// Every acknowledged batch is in the log at its positions, whole; no batch
// is partial; positions and stream versions have no gaps.
void check_log(EventStore& store, const std::string& url,
               const std::map<std::string, Acknowledged>& acknowledged) {
  for (const auto& [batch, where] : acknowledged) {
    const Page page = value(store.read_all(where.first - 1, {}, where.count));
    REQUIRE(page.events.size() == where.count);
    for (std::size_t i = 0; i < where.count; ++i) {
      REQUIRE(page.events[i].payload.find(
                  "\"batch\":\"" + batch + "\",\"of\":" + std::to_string(where.count) +
                  ",\"i\":" + std::to_string(i) + ",") != std::string::npos);
    }
  }
  PgClient client(url);
  CHECK(client.value("SELECT count(*) FROM (SELECT payload ->> 'batch' FROM events GROUP BY 1 "
                     "HAVING count(*) != max((payload ->> 'of')::int)) partial") == "0");
  CHECK(client.value("SELECT count(*) = coalesce(max(position), 0) FROM events") == "t");
  CHECK(client.value("SELECT max(position) FROM events") ==
        client.value("SELECT position FROM log_head"));
  CHECK(client.value("SELECT count(*) FROM (SELECT stream FROM events GROUP BY stream "
                     "HAVING count(*) != max(stream_version)) gaps") == "0");
}

}  // namespace

TEST_CASE(
    "store/postgresql: 16 writer processes and 2 tailing readers over 100,000 events: each reader "
    "sees each event once, in order") {
  PgDatabase database;
  auto store = Backend::open(database.url());
  std::vector<std::unique_ptr<Child>> writers;
  // 16 x 250 batches of 1 to 49 events: 100,000 events on average.
  for (int w = 0; w < 16; ++w)
    writers.push_back(std::make_unique<Child>(
        std::vector<std::string>{kWorker, "append", database.url(), "250", "49"}));

  std::atomic<bool> writers_done{false};
  auto tail = [&](std::vector<std::uint64_t>& seen) {
    auto reader = open_store(database.url());
    REQUIRE(reader);
    std::uint64_t cursor = 0;
    for (;;) {
      const bool last_round = writers_done.load();
      auto page = (*reader)->read_all(cursor, {}, 97);
      if (!page) return;
      for (const auto& e : page->events)
        seen.push_back(e.position);
      cursor = page->next_position;
      if (page->at_end && last_round) return;
      if (page->at_end) std::this_thread::sleep_for(1ms);
    }
  };
  std::vector<std::uint64_t> seen1, seen2;
  std::thread reader1([&] { tail(seen1); });
  std::thread reader2([&] { tail(seen2); });
  std::map<std::string, Acknowledged> acknowledged;
  for (auto& writer : writers) {
    std::string output;
    const int status = writer->finish(output);
    INFO(output.substr(output.size() > 2000 ? output.size() - 2000 : 0));
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    read_acknowledgements(output, acknowledged);
  }
  writers_done = true;
  reader1.join();
  reader2.join();
  REQUIRE(acknowledged.size() == 16 * 250);
  const std::uint64_t head = value(store->head());
  CHECK(head > 80'000);
  std::vector<std::uint64_t> all(head);
  for (std::uint64_t i = 0; i < head; ++i)
    all[i] = i + 1;
  CHECK(seen1 == all);
  CHECK(seen2 == all);
  check_log(*store, database.url(), acknowledged);
}

TEST_CASE(
    "store/postgresql: 2 processes x 4 threads on 50 aggregates: every final state equals a fresh "
    "replay") {
  PgDatabase database;
  {
    auto store = Backend::open(database.url());
    AccountHost host;
    SystemClock clock;
    Repository<AccountMachine, AccountHost> accounts(*store, host, clock);
    for (int a = 0; a < 50; ++a)
      REQUIRE(accounts.handle(account_id(a), account::commands::Open{"o"}).ok());
  }
  Child first({kWorker, "handle", database.url(), "4", "50", "60", "1"});
  Child second({kWorker, "handle", database.url(), "4", "50", "60", "2"});
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

  auto store = Backend::open(database.url());
  AccountHost host;
  SystemClock clock;
  Repository<AccountMachine, AccountHost> fresh(*store, host, clock);
  std::int64_t total = 0;
  for (int a = 0; a < 50; ++a) {
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

TEST_CASE(
    "store/postgresql: a writer killed with SIGKILL 30 times loses no acknowledged append, leaves "
    "no partial one") {
  PgDatabase database;
  std::mt19937 random(20261206);
  std::map<std::string, Acknowledged> acknowledged;
  for (int round = 0; round < 30; ++round) {
    Child writer({kWorker, "append", database.url()});
    REQUIRE(writer.wait_for_line());  // connected and appending
    std::this_thread::sleep_for(std::chrono::milliseconds(random() % 60));
    writer.kill();
    std::string output;
    writer.finish(output);
    read_acknowledgements(output, acknowledged);
  }
  INFO(acknowledged.size() << " acknowledged appends");
  REQUIRE(acknowledged.size() > 30);
  auto store = Backend::open(database.url());
  check_log(*store, database.url(), acknowledged);
}

TEST_CASE(
    "store/postgresql: the server restarted under load: typed errors, then appends go on, none "
    "lost") {
  // A server of its own: restarting the shared one would cut off other tests.
  TempDir state;
  const std::string cluster = std::string(MEALY_SOURCE_DIR) + "/scripts/pg-cluster";
  REQUIRE(std::system((cluster + " start " + state.path().string() + " >/dev/null").c_str()) == 0);
  struct Stop {
    std::string command;
    ~Stop() { (void)std::system(command.c_str()); }
  } stop{cluster + " stop " + state.path().string()};
  std::string url;
  std::getline(std::ifstream(state.file("url")), url);
  REQUIRE(!url.empty());

  auto store = Backend::open(url);
  std::atomic<bool> running{true};
  std::atomic<int> after_restart{0};
  std::atomic<bool> restarted{false};
  std::mutex mutex;
  std::map<std::string, Acknowledged> acknowledged;
  std::vector<Status> errors;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; running; ++i) {
        const std::string batch = Uuid::v7(SystemClock().now()).to_string();
        const std::size_t count = 1 + static_cast<std::size_t>(i % 3);
        AppendRequest request{"Load-" + std::to_string(t), ExpectedVersion::any(), {}, {}, nullptr};
        for (std::size_t e = 0; e < count; ++e) {
          request.events.push_back(event(
              "Written", "{\"batch\":\"" + batch + "\",\"of\":" + std::to_string(count) +
                             ",\"i\":" + std::to_string(e) + ",\"t\":" + std::to_string(t) + "}"));
        }
        auto outcome = store->append(request);
        if (!outcome) {
          {
            std::lock_guard lock(mutex);
            errors.push_back(outcome.status());
          }
          std::this_thread::sleep_for(20ms);
          continue;
        }
        const auto* done = std::get_if<Appended>(&*outcome);
        if (done == nullptr) continue;
        std::lock_guard lock(mutex);
        acknowledged[batch] = {done->first_position, done->count};
        if (restarted) ++after_restart;
      }
    });
  }
  std::this_thread::sleep_for(500ms);
  const int restart = std::system((cluster + " restart " + state.path().string()).c_str());
  restarted = true;
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (after_restart < 100 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(10ms);
  running = false;
  for (auto& thread : threads)
    thread.join();
  REQUIRE(restart == 0);
  INFO(errors.size() << " errors, " << acknowledged.size() << " appends");
  CHECK(after_restart >= 100);
  REQUIRE_FALSE(errors.empty());
  for (const Status& error : errors) {
    INFO(error.message());
    // Refused while down (unavailable), or cut off mid-append (io_error).
    CHECK((error.code() == StatusCode::io_error || error.code() == StatusCode::unavailable));
    CHECK(error.message().starts_with("postgresql://postgres:***@127.0.0.1:"));
  }
  check_log(*store, url, acknowledged);
}

TEST_CASE("store/postgresql: a command retried in another process applies once, either way round") {
  PgDatabase database;
  auto store = Backend::open(database.url());
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
  Child retry({kWorker, "open", database.url(), "1", here_first.to_string(), "someone else"});
  CHECK(retry.finish(output) == 0);
  CHECK(output == "committed " + std::to_string(first_position) + " 1 1 ada\n");

  // There first, then the retry here, after the cache has seen the stream.
  const Uuid there_first = Uuid::v7(clock.now());
  output.clear();
  Child original({kWorker, "open", database.url(), "2", there_first.to_string(), "bob"});
  CHECK(original.finish(output) == 0);
  CHECK(output == "committed 2 1 0 bob\n");
  auto again =
      accounts.handle(account_id(2), account::commands::Open{"bob"}, {.command_id = there_first});
  REQUIRE(again);
  const auto& retried = std::get<Committed<AccountMachine>>(*again);
  CHECK(retried.duplicate);
  CHECK(retried.first_position == 2);
  CHECK(value(store->head()) == 2);
  PgClient client(database.url());
  CHECK(client.value("SELECT count(*) FROM commands") == "2");
  CHECK(client.value("SELECT stream FROM commands WHERE command_id = '" + there_first.to_string() +
                     "'") == stream_name("Account", account_id(2)));
}
