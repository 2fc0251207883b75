// Live and catch-up subscriptions on every backend; projections and the
// current-state table on the SQL backends.
#include "mealy/subscription.hpp"

#include <atomic>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include "account_host.hpp"
#include "mealy/state_projection.hpp"
#include "raw_sqlite.hpp"
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
  for (std::uint64_t p = first; p <= last; ++p)
    out.push_back(p);
  return out;
}

// Accounts 1 to 3, opened by "owner N" with a deposit of 10 * N: 6 events.
void open_three_accounts(Repository<AccountMachine, AccountHost>& accounts) {
  for (int a = 1; a <= 3; ++a) {
    REQUIRE(
        accounts.handle(account_id(a), account::commands::Open{"owner " + std::to_string(a)}).ok());
    REQUIRE(accounts.handle(account_id(a), account::commands::Deposit{10 * a}).ok());
  }
}

}  // namespace

STORE_CONTRACT(
    "a live subscriber sees what commits after it started, for a stream, a category or all") {
  EventStore& store = *backend.store;
  appended(store.append(request("Order-1", ExpectedVersion::any(), events(2))));
  Seen all, orders, one_stream;
  auto every = value(Subscription::live(store, {}, [&](const RecordedEvent& e) { all.add(e); }));
  auto category = value(Subscription::live(store, {.categories = {"Order"}},
                                           [&](const RecordedEvent& e) { orders.add(e); }));
  auto stream = value(Subscription::live(store, {.stream = "Order-2"},
                                         [&](const RecordedEvent& e) { one_stream.add(e); }));
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
  for (int i = 0; i < 50; ++i)
    appended(store.append(request("Order-1", ExpectedVersion::any(), events(1))));
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
    auto subscription = value(
        Subscription::catch_up(store, "mailer", {}, [&](const RecordedEvent& e) { first.add(e); }));
    REQUIRE(subscription->wait_until(5, 10s));
  }
  CHECK(first.get() == range(1, 5));
  CHECK(value(store.read_checkpoint("mailer")) == std::optional<std::uint64_t>(5));
  appended(store.append(request("Order-1", ExpectedVersion::any(), events(3))));
  Seen second;
  auto resumed = value(
      Subscription::catch_up(store, "mailer", {}, [&](const RecordedEvent& e) { second.add(e); }));
  REQUIRE(resumed->wait_until(8, 10s));
  CHECK(second.get() == range(6, 8));
  CHECK(value(store.read_checkpoint("mailer")) == std::optional<std::uint64_t>(8));
}

STORE_CONTRACT("a projection without SQL is refused with a clear error") {
  if (backend.has_sql()) return;
  auto ran = Subscription::run_projection(
      *backend.store, "totals", {}, [](const RecordedEvent&, SqlTransaction&) { return Status(); });
  appended(backend.store->append(request("Order-1", ExpectedVersion::any(), events(1))));
  ran = Subscription::run_projection(
      *backend.store, "totals", {}, [](const RecordedEvent&, SqlTransaction&) { return Status(); });
  REQUIRE_FALSE(ran.ok());
  CHECK(ran.status().code() == StatusCode::unsupported);
  CHECK(ran.status().message() ==
        "memory: projection totals needs SQL; the in-memory store has none");
}

namespace {

Status count_event(const RecordedEvent& event, SqlTransaction& transaction) {
  if (Status status = transaction.execute(
          "CREATE TABLE IF NOT EXISTS seen (position INTEGER PRIMARY KEY, type TEXT)");
      !status.ok()) {
    return status;
  }
  const SqlValue values[] = {static_cast<std::int64_t>(event.position),
                             std::string_view(event.type)};
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

SQL_STORE_CONTRACT(
    "a projection commits its rows and checkpoint together: a failure mid-page leaves neither") {
  EventStore& store = *backend.store;
  appended(store.append(request("Order-1", ExpectedVersion::any(), events(10))));
  // The first run dies after writing rows for events 1 to 6 of its page.
  auto crash = Subscription::run_projection(
      store, "seen", {}, [](const RecordedEvent& event, SqlTransaction& tx) {
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
  open_three_accounts(accounts);
  REQUIRE(accounts.handle(account_id(2), account::commands::Close{}).ok());
  CHECK(value(StateProjection<AccountMachine, AccountHost>::run(store, host)) == 7);
  std::vector<std::string> rows;
  auto read = store.project("state-reader", std::nullopt, 1, [&](SqlTransaction& transaction) {
    for (int a = 1; a <= 3; ++a) {
      const std::string id = account_id(a).to_string();
      const SqlValue key[] = {std::string_view(id)};
      auto row = transaction.query_row(
          "SELECT state, version, state_json FROM account_state WHERE id = $1", key);
      if (!row) return row.status();
      REQUIRE(row->has_value());
      // PostgreSQL gives jsonb back with a space after each ':' and ','.
      std::string state_json = *(**row)[2];
      for (const std::string_view spaced : {": ", ", "}) {
        for (std::size_t at; (at = state_json.find(spaced)) != std::string::npos;)
          state_json.erase(at + 1, 1);
      }
      rows.push_back(*(**row)[0] + " " + *(**row)[1] + " " + state_json);
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

STORE_CONTRACT("a subscriber that throws stops alone, and appends and other subscribers go on") {
  EventStore& store = *backend.store;
  Seen calm;
  auto throwing = value(Subscription::live(store, {}, [](const RecordedEvent& event) {
    if (event.position == 2) throw std::runtime_error("boom");
  }));
  auto other = value(Subscription::live(store, {}, [&](const RecordedEvent& e) { calm.add(e); }));
  std::atomic<int> delivered{0};
  auto catching_up =
      value(Subscription::catch_up(store, "mailer", {}, [&](const RecordedEvent& event) {
        if (event.position == 3) throw std::invalid_argument("no mail server");
        ++delivered;
      }));
  appended(store.append(request("Order-1", ExpectedVersion::any(), events(1))));
  appended(store.append(request("Order-1", ExpectedVersion::any(), events(1))));
  appended(store.append(request("Order-1", ExpectedVersion::any(), events(2))));
  REQUIRE(other->wait_until(4, 10s));
  CHECK(calm.get() == range(1, 4));
  CHECK_FALSE(throwing->wait_until(4, 100ms));
  CHECK(throwing->status().code() == StatusCode::internal);
  CHECK(throwing->status().message() == "the subscriber threw: boom");
  CHECK_FALSE(catching_up->wait_until(4, 100ms));
  CHECK(catching_up->status().message() == "the subscriber threw: no mail server");
  // Its checkpoint did not pass the page it threw in.
  const auto checkpoint = value(store.read_checkpoint("mailer"));
  CHECK(checkpoint.value_or(0) < 3);
  appended(store.append(request("Order-2", ExpectedVersion::any(), events(1))));
  REQUIRE(other->wait_until(5, 10s));
  CHECK(value(store.head()) == 5);
}

SQL_STORE_CONTRACT(
    "a projection handler that throws stops its projection and rolls its page back") {
  EventStore& store = *backend.store;
  appended(store.append(request("Order-1", ExpectedVersion::any(), events(3))));
  auto create = store.project("table", std::nullopt, 1, [](SqlTransaction& transaction) {
    return transaction.execute("CREATE TABLE seen (position INTEGER)");
  });
  REQUIRE(value(std::move(create)));
  auto running = value(Subscription::projection(
      store, "seen", {}, [](const RecordedEvent& event, SqlTransaction& tx) {
        const SqlValue values[] = {static_cast<std::int64_t>(event.position)};
        if (Status status = tx.execute("INSERT INTO seen (position) VALUES ($1)", values);
            !status.ok())
          return status;
        if (event.position == 3) throw std::runtime_error("handler bug");
        return Status();
      }));
  CHECK_FALSE(running->wait_until(3, 2s));
  CHECK(running->status().code() == StatusCode::internal);
  CHECK(running->status().message().find("threw: handler bug") != std::string::npos);
  CHECK_FALSE(value(store.read_checkpoint("seen")).has_value());
  // Nothing of the page is there, and the store takes appends and
  // transactions as before.
  appended(store.append(request("Order-1", ExpectedVersion::any(), events(1))));
  std::optional<std::string> rows;
  auto look = store.project("look", std::nullopt, 1, [&](SqlTransaction& transaction) {
    auto row = transaction.query_row("SELECT count(*) FROM seen");
    if (!row) return row.status();
    rows = *(**row)[0];
    return Status();
  });
  CHECK(value(std::move(look)));
  CHECK(rows == std::optional<std::string>("0"));
}

SQL_STORE_CONTRACT("the current-state table is rebuilt when its schema changed or it was dropped") {
  EventStore& store = *backend.store;
  AccountHost host;
  SystemClock clock;
  Repository<AccountMachine, AccountHost> accounts(store, host, clock);
  open_three_accounts(accounts);
  using Projection = StateProjection<AccountMachine, AccountHost>;
  CHECK(value(Projection::run(store, host)) == 6);
  auto sql = [&](const std::string& name, const std::string& statement) {
    auto done = store.project(name, std::nullopt, 1, [&](SqlTransaction& transaction) {
      return transaction.execute(statement);
    });
    REQUIRE(value(std::move(done)));
  };
  auto count_rows = [&](const std::string& name) {
    std::string count;
    auto done = store.project(name, std::nullopt, 1, [&](SqlTransaction& transaction) {
      auto row =
          transaction.query_row("SELECT count(*) FROM account_state WHERE aggregate LIKE '{%'");
      if (!row) return row.status();
      count = *(**row)[0];
      return Status();
    });
    REQUIRE(value(std::move(done)));
    return count;
  };
  // Built by another schema: rows this schema cannot read.
  sql("edit-1",
      "UPDATE state_tables SET fingerprint = '0000000000000000' WHERE name = 'account_state'");
  sql("edit-2", "UPDATE account_state SET aggregate = 'not json'");
  CHECK(value(Projection::run(store, host)) == 6);
  CHECK(count_rows("count-1") == "3");
  // Dropped by hand.
  sql("edit-3", "DROP TABLE account_state");
  REQUIRE(accounts.handle(account_id(1), account::commands::Close{}).ok());
  CHECK(value(Projection::run(store, host)) == 7);
  CHECK(count_rows("count-2") == "3");
  CHECK(value(store.read_checkpoint("account_state")) == std::optional<std::uint64_t>(7));
}

namespace {

// A store whose first `failures` reads of the feed fail as a locked file
// does (StatusCode::unavailable, SQLite's words); everything else goes to
// the store it wraps. (That SQLITE_BUSY is `unavailable` is tested in
// sqlite_file_test.cpp.)
class LockedForAWhile final : public EventStore {
 public:
  LockedForAWhile(EventStore& store, int failures) : store_(store), failures_(failures) {}
  Result<AppendOutcome> append(const AppendRequest& request) override {
    return store_.append(request);
  }
  Result<std::vector<RecordedEvent>> read_stream(std::string_view stream, std::uint64_t from,
                                                 std::size_t count) override {
    return store_.read_stream(stream, from, count);
  }
  Result<std::uint64_t> stream_version(std::string_view stream) override {
    return store_.stream_version(stream);
  }
  Result<Page> read_all(std::uint64_t after, const Filter& filter, std::size_t count) override {
    if (failures_-- > 0)
      return Status(StatusCode::unavailable, store_.url() + ": reading: database is locked");
    return store_.read_all(after, filter, count);
  }
  Result<std::uint64_t> head() override { return store_.head(); }
  Result<std::optional<CommandRecord>> read_command(const Uuid& id) override {
    return store_.read_command(id);
  }
  Result<std::optional<Snapshot>> read_snapshot(std::string_view stream,
                                                std::uint64_t fingerprint) override {
    return store_.read_snapshot(stream, fingerprint);
  }
  Result<std::optional<std::uint64_t>> read_checkpoint(std::string_view name) override {
    return store_.read_checkpoint(name);
  }
  Result<bool> compare_and_set_checkpoint(std::string_view name,
                                          std::optional<std::uint64_t> expected,
                                          std::uint64_t next) override {
    return store_.compare_and_set_checkpoint(name, expected, next);
  }
  Result<bool> project(std::string_view name, std::optional<std::uint64_t> expected,
                       std::uint64_t next,
                       const std::function<Status(SqlTransaction&)>& write) override {
    return store_.project(name, expected, next, write);
  }
  Result<StreamPage> list_streams(const StreamQuery& query) override {
    return store_.list_streams(query);
  }
  Result<StoreStatistics> statistics() override { return store_.statistics(); }
  Result<std::vector<Snapshot>> list_snapshots(std::string_view stream) override {
    return store_.list_snapshots(stream);
  }
  Result<std::vector<Checkpoint>> list_checkpoints() override { return store_.list_checkpoints(); }
  Result<LogPage> read_log(std::uint64_t after, std::size_t count) override {
    return store_.read_log(after, count);
  }
  Result<std::size_t> import_log(const LogPage& page) override { return store_.import_log(page); }
  Status put_snapshot(const Snapshot& snapshot) override { return store_.put_snapshot(snapshot); }
  [[nodiscard]] const std::string& url() const override { return store_.url(); }
  Result<StoreSettings> settings() override { return store_.settings(); }
  [[nodiscard]] StoreCounters counters() const override { return store_.counters(); }

 private:
  EventStore& store_;
  std::atomic<int> failures_;
};

}  // namespace

STORE_CONTRACT("a subscription waits out a transient error, says so, and goes on") {
  appended(backend.store->append(request("Order-1", ExpectedVersion::any(), events(1))));
  LockedForAWhile store(*backend.store, 4);
  std::vector<std::chrono::milliseconds> delays;
  Seen seen;
  SubscriptionOptions options;
  options.retry_delay = 2ms;
  options.max_retry_delay = 8ms;
  options.poll_interval = 20ms;
  options.on_retry = [&](const Status& error, std::chrono::milliseconds delay) {
    CHECK(error.code() == StatusCode::unavailable);
    delays.push_back(delay);
  };
  auto running = Subscription::from(
      store, 0, {}, [&](const RecordedEvent& e) { seen.add(e); }, options);
  REQUIRE(running->wait_until(1, 10s));
  appended(store.append(request("Order-1", ExpectedVersion::any(), events(1))));
  REQUIRE(running->wait_until(2, 10s));
  running->stop();
  CHECK(seen.get() == std::vector<std::uint64_t>{1, 2});
  CHECK(running->status().ok());
  CHECK(running->transient_errors() == 4);
  CHECK(running->last_transient_error().message() == store.url() + ": reading: database is locked");
  // The delay doubles up to its bound.
  CHECK(delays == std::vector<std::chrono::milliseconds>{2ms, 4ms, 8ms, 8ms});
}
