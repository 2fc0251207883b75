// Live and catch-up subscriptions on every backend; projections and the
// current-state table on the SQL backends.
#include <mutex>
#include <set>

#include "account_host.hpp"
#include "mealy/state_projection.hpp"
#include "mealy/subscription.hpp"
#include "store_fixture.hpp"
#include "store_helpers.hpp"

using namespace mealy;
using namespace mealy::testing;
using namespace store_tests;
using namespace std::chrono_literals;

namespace {

// What a callback saw, from any thread.
struct Seen {
  std::mutex mutex;
  std::vector<std::uint64_t> positions;
  void add(const RecordedEvent& event) {
    std::lock_guard lock(mutex);
    positions.push_back(event.position);
  }
  std::vector<std::uint64_t> get() {
    std::lock_guard lock(mutex);
    return positions;
  }
};

std::vector<std::uint64_t> range(std::uint64_t first, std::uint64_t last) {
  std::vector<std::uint64_t> out;
  for (std::uint64_t p = first; p <= last; ++p) out.push_back(p);
  return out;
}


}  // namespace

STORE_CONTRACT("a live subscriber sees what commits after it started, for a stream, a category or all") {
  EventStore& store = *backend.store;
  appended(store.append(request("Order-1", ExpectedVersion::any(), events(2))));
  Seen all, orders, one_stream;
  auto every = value(Subscription::live(store, {}, [&](const RecordedEvent& e) { all.add(e); }));
  auto category = value(Subscription::live(store, {.categories = {"Order"}}, [&](const RecordedEvent& e) { orders.add(e); }));
  auto stream = value(Subscription::live(store, {.stream = "Order-2"}, [&](const RecordedEvent& e) { one_stream.add(e); }));
  appended(store.append(request("Order-2", ExpectedVersion::any(), events(2))));
  appended(store.append(request("Ticket-1", ExpectedVersion::any(), events(1))));
  appended(store.append(request("Order-1", ExpectedVersion::any(), events(1))));
  REQUIRE(every->wait_until(6, 10s));
  REQUIRE(category->wait_until(6, 10s));
  REQUIRE(stream->wait_until(6, 10s));
  CHECK(all.get() == range(3, 6));
  CHECK(orders.get() == std::vector<std::uint64_t>{3, 4, 6});
  CHECK(one_stream.get() == std::vector<std::uint64_t>{3, 4});
  CHECK(every->status().ok());
}

STORE_CONTRACT("a slow subscriber does not block appends") {
  EventStore& store = *backend.store;
  std::mutex gate;
  std::unique_lock closed(gate);  // the callback waits here until the appends are done
  Seen seen;
  auto slow = value(Subscription::live(store, {}, [&](const RecordedEvent& e) {
    std::lock_guard wait(gate);
    seen.add(e);
  }));
  for (int i = 0; i < 50; ++i) appended(store.append(request("Order-1", ExpectedVersion::any(), events(1))));
  CHECK(value(store.head()) == 50);
  closed.unlock();
  REQUIRE(slow->wait_until(50, 10s));
  CHECK(seen.get() == range(1, 50));
}

STORE_CONTRACT("a catch-up subscriber resumes from its checkpoint") {
  EventStore& store = *backend.store;
  appended(store.append(request("Order-1", ExpectedVersion::any(), events(5))));
  Seen first;
  {
    auto subscription = value(Subscription::catch_up(store, "mailer", {}, [&](const RecordedEvent& e) { first.add(e); }));
    REQUIRE(subscription->wait_until(5, 10s));
  }
  CHECK(first.get() == range(1, 5));
  CHECK(value(store.read_checkpoint("mailer")) == std::optional<std::uint64_t>(5));
  appended(store.append(request("Order-1", ExpectedVersion::any(), events(3))));
  Seen second;
  auto resumed = value(Subscription::catch_up(store, "mailer", {}, [&](const RecordedEvent& e) { second.add(e); }));
  REQUIRE(resumed->wait_until(8, 10s));
  CHECK(second.get() == range(6, 8));
  CHECK(value(store.read_checkpoint("mailer")) == std::optional<std::uint64_t>(8));
}

STORE_CONTRACT("a projection without SQL is refused with a clear error") {
  if (backend.has_sql()) return;
  auto ran = Subscription::run_projection(
      *backend.store, "totals", {}, [](const RecordedEvent&, SqlTransaction&) { return Status(); });
  appended(backend.store->append(request("Order-1", ExpectedVersion::any(), events(1))));
  ran = Subscription::run_projection(*backend.store, "totals", {},
                                     [](const RecordedEvent&, SqlTransaction&) { return Status(); });
  REQUIRE_FALSE(ran.ok());
  CHECK(ran.status().code() == StatusCode::unsupported);
  CHECK(ran.status().message() == "memory: projection totals needs SQL; the in-memory store has none");
}

namespace {

Status count_event(const RecordedEvent& event, SqlTransaction& transaction) {
  if (Status status = transaction.execute("CREATE TABLE IF NOT EXISTS seen (position INTEGER PRIMARY KEY, type TEXT)");
      !status.ok()) {
    return status;
  }
  const SqlValue values[] = {static_cast<std::int64_t>(event.position), std::string_view(event.type)};
  return transaction.execute("INSERT INTO seen (position, type) VALUES ($1, $2)", values);
}

std::int64_t seen_rows(EventStore& store) {
  std::int64_t count = -1;
  auto read = store.project("count-reader", std::nullopt, 1, [&](SqlTransaction& transaction) {
    auto row = transaction.query_row("SELECT count(*) FROM seen");
    if (!row) return row.status();
    count = std::stoll(*(**row)[0]);
    return Status(StatusCode::internal, "roll back");  // read only: leave no checkpoint behind
  });
  return count;
}

}  // namespace

SQL_STORE_CONTRACT("a projection commits its rows and checkpoint together: a failure mid-page leaves neither") {
  EventStore& store = *backend.store;
  appended(store.append(request("Order-1", ExpectedVersion::any(), events(10))));
  // The first run dies after writing rows for events 1 to 6 of its page.
  auto crash = Subscription::run_projection(store, "seen", {}, [](const RecordedEvent& event, SqlTransaction& tx) {
    if (Status status = count_event(event, tx); !status.ok()) return status;
    return event.position == 6 ? Status(StatusCode::internal, "killed") : Status();
  });
  REQUIRE_FALSE(crash.ok());
  CHECK(crash.status().message() == "killed");
  CHECK_FALSE(value(store.read_checkpoint("seen")).has_value());
  // Resumed: every event exactly once, even with small pages.
  CHECK(value(Subscription::run_projection(store, "seen", {}, count_event, 3)) == 10);
  CHECK(seen_rows(store) == 10);
  appended(store.append(request("Order-1", ExpectedVersion::any(), events(4))));
  CHECK(value(Subscription::run_projection(store, "seen", {}, count_event, 3)) == 14);
  CHECK(seen_rows(store) == 14);
  // A second runner that starts from a stale position drops its page.
  auto stale = store.project("seen", 10, 14, [](SqlTransaction&) { return Status(); });
  CHECK_FALSE(value(std::move(stale)));
  // The same projection on its own thread agrees.
  appended(store.append(request("Order-2", ExpectedVersion::any(), events(3))));
  auto running = value(Subscription::projection(store, "seen", {}, count_event));
  REQUIRE(running->wait_until(17, 10s));
  running->stop();
  CHECK(seen_rows(store) == 17);
}

SQL_STORE_CONTRACT("the current-state table has a row per instance with its state") {
  EventStore& store = *backend.store;
  AccountHost host;
  SystemClock clock;
  Repository<AccountMachine, AccountHost> accounts(store, host, clock);
  for (int a = 1; a <= 3; ++a) {
    REQUIRE(accounts.handle(account_id(a), account::commands::Open{"owner " + std::to_string(a)}).ok());
    REQUIRE(accounts.handle(account_id(a), account::commands::Deposit{10 * a}).ok());
  }
  REQUIRE(accounts.handle(account_id(2), account::commands::Close{}).ok());
  CHECK(value(StateProjection<AccountMachine, AccountHost>::run(store, host)) == 7);
  std::vector<std::string> rows;
  auto read = store.project("state-reader", std::nullopt, 1, [&](SqlTransaction& transaction) {
    for (int a = 1; a <= 3; ++a) {
      const std::string id = account_id(a).to_string();
      const SqlValue key[] = {std::string_view(id)};
      auto row = transaction.query_row("SELECT state, version, state_json FROM account_state WHERE id = $1", key);
      if (!row) return row.status();
      REQUIRE(row->has_value());
      rows.push_back(*(**row)[0] + " " + *(**row)[1] + " " + *(**row)[2]);
    }
    auto closed = transaction.query_row("SELECT id FROM account_state WHERE state = 'Closed'");
    if (!closed) return closed.status();
    rows.push_back(*(**closed)[0]);
    return Status(StatusCode::internal, "read only");
  });
  CHECK(rows == std::vector<std::string>{
                    R"(Active 2 {"type":"Active","payload":{"owner":"owner 1"}})",
                    R"(Closed 3 {"type":"Closed","payload":{}})",
                    R"(Active 2 {"type":"Active","payload":{"owner":"owner 3"}})",
                    account_id(2).to_string(),
                });
  // It follows later commands, on its own thread.
  auto running = value(StateProjection<AccountMachine, AccountHost>::start(store, host));
  REQUIRE(accounts.handle(account_id(1), account::commands::Close{}).ok());
  REQUIRE(running->wait_until(8, 10s));
  CHECK(value(store.read_checkpoint("account_state")) == std::optional<std::uint64_t>(8));
}
