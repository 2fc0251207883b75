// What only the PostgreSQL store does: opening (errors without passwords,
// foreign and newer databases), the tables as the README documents them,
// and a change feed that never skips an event committed out of order.
#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <thread>

#include "account_host.hpp"
#include "mealy/repository.hpp"
#include "mealy/state_projection.hpp"
#include "mealy/subscription.hpp"
#include "postgres_server.hpp"
#include "store_fixture.hpp"
#include "store_helpers.hpp"

using namespace mealy;
using namespace mealy::testing;
using namespace store_tests;
using namespace std::chrono_literals;

namespace {

std::string open_error(const std::string& url, const StoreOptions& options = {}) {
  auto opened = open_store(url, options);
  if (opened) FAIL("opened " << url << ", but it should have failed");
  return opened.status().message();
}

// The password in the test server's URL (postgresql://postgres:<password>@...).
std::string password_of(const std::string& url) {
  const std::size_t colon = url.find(':', url.find("://") + 3);
  return url.substr(colon + 1, url.find('@') - colon - 1);
}

}  // namespace

TEST_CASE("store/postgresql: errors name the server without the password") {
  PgDatabase database;
  const std::string password = password_of(database.url());
  REQUIRE(password.size() >= 16);

  // The wrong password.
  std::string url = database.url();
  url.replace(url.find(password), password.size(), "not-the-password");
  std::string message = open_error(url);
  CHECK(message.find("not-the-password") == std::string::npos);
  CHECK(message.find("postgresql://postgres:***@127.0.0.1:") == 0);
  CHECK(message.find("cannot connect: ") != std::string::npos);
  CHECK(message.find("password authentication failed") != std::string::npos);

  // A database that does not exist.
  message = open_error(pg_url_of(database.url(), database.name() + "_absent"));
  CHECK(message.find(password) == std::string::npos);
  CHECK(message.find("does not exist") != std::string::npos);

  // The password as a parameter.
  const std::string server = database.url().substr(0, database.url().find("://") + 3) +
                             "postgres@" + database.url().substr(database.url().find('@') + 1);
  message = open_error(server + "_absent?password=" + password + "&connect_timeout=5");
  CHECK(message.find(password) == std::string::npos);
  CHECK(message.find("?password=***&connect_timeout=5: cannot connect: ") != std::string::npos);

  // A failing statement names the store the same way.
  auto store = Backend::open(database.url());
  CHECK(store->url().find(password) == std::string::npos);
  auto failed = store->project("p", std::nullopt, 1, [](SqlTransaction& transaction) {
    return transaction.execute("INSERT INTO no_such_table VALUES (1)");
  });
  REQUIRE_FALSE(failed);
  CHECK(failed.status().message().find(password) == std::string::npos);
  CHECK(
      failed.status().message().find(
          "running a projection's statement: ERROR:  relation \"no_such_table\" does not exist") !=
      std::string::npos);
}

TEST_CASE("store/postgresql: a libpq keyword/value connection string opens the same store") {
  PgDatabase database;
  const std::string url =
      database.url();  // postgresql://postgres:<password>@127.0.0.1:<port>/<name>
  const std::string password = password_of(url);
  const std::size_t at = url.find('@');
  const std::size_t colon = url.find(':', at);
  const std::size_t slash = url.find('/', colon);
  const std::string conninfo = "host=" + url.substr(at + 1, colon - at - 1) +
                               " port=" + url.substr(colon + 1, slash - colon - 1) +
                               " dbname=" + database.name() + " user=postgres";

  auto by_url = Backend::open(url);
  appended(by_url->append(request("Order-1", ExpectedVersion::no_stream(), events(2))));
  auto by_keywords = Backend::open(conninfo + " password=" + password);
  CHECK(by_keywords->url() == conninfo + " password=***");
  CHECK(value(by_keywords->stream_version("Order-1")) == 2);
  appended(by_keywords->append(request("Order-1", ExpectedVersion::exact(2), events(1))));
  CHECK(value(by_url->stream_version("Order-1")) == 3);

  const std::string message = open_error(conninfo + " password=not-the-password");
  CHECK(message.find("not-the-password") == std::string::npos);
  CHECK(message.starts_with(conninfo + " password=***: cannot connect: "));
  CHECK(open_error("host=127.0.0.1 no_such_keyword=1").find("no_such_keyword") !=
        std::string::npos);
}

TEST_CASE("store/postgresql: a database of another application is refused and left as it was") {
  PgDatabase database;
  PgClient client(database.url());
  client.value("CREATE TABLE events (id int); INSERT INTO events VALUES (7)");
  const std::string message = open_error(database.url());
  CHECK(message.ends_with(
      ": not a mealy store: schema public holds 1 tables of another application and no "
      "mealy_store (use an empty database, or another schema through search_path)"));
  CHECK(client.value("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == "1");
  CHECK(client.value("SELECT id FROM events") == "7");

  // Another schema of the same database holds a store beside it.
  client.value("CREATE SCHEMA shop");
  auto store = Backend::open(database.url() + "?options=-csearch_path%3Dshop");
  appended(store->append(request("Order-1", ExpectedVersion::no_stream(), events(1))));
  CHECK(client.value("SELECT count(*) FROM shop.events") == "1");
  CHECK(client.value("SELECT id FROM public.events") == "7");
}

TEST_CASE(
    "store/postgresql: a store of a newer format is an error, and so is none with create off") {
  PgDatabase database;
  StoreOptions existing_only;
  existing_only.create = false;
  CHECK(open_error(database.url(), existing_only)
            .ends_with(": cannot open: there is no store (schema public has no tables)"));
  { auto store = Backend::open(database.url()); }
  PgClient client(database.url());
  client.value("UPDATE mealy_store SET format = 2");
  CHECK(open_error(database.url())
            .ends_with(": the store has format 2, written by a newer mealy; this build reads "
                       "formats up to 1"));
}

TEST_CASE(
    "store/postgresql: the tables read as the README documents them, payloads byte for byte") {
  PgDatabase database;
  auto store = Backend::open(database.url());
  // Keys out of order, spaces, a number jsonb would rewrite: kept as given.
  const std::string payload = R"({"z": 1.50, "a":[1e2, "\u00e9"],  "a2":{}})";
  NewEvent first = event("Opened", payload);
  Metadata metadata;
  metadata.actor = "ann";
  metadata.extra = {{"z", "1"}, {"a", "2"}};
  appended(store->append(
      request("Order-7", ExpectedVersion::no_stream(), {first, event("Paid")}, metadata)));
  const auto read = value(store->read_stream("Order-7", 1, 10));
  REQUIRE(read.size() == 2);
  CHECK(read[0].payload == payload);
  CHECK(read[0].metadata == metadata);

  PgClient client(database.url());
  CHECK(client.value("SELECT payload::text FROM events WHERE position = 1") == payload);
  CHECK(client.value(
            "SELECT payload ->> 'z' FROM events WHERE stream = 'Order-7' AND stream_version = 1") ==
        "1.50");
  CHECK(
      client.value(
          "SELECT string_agg(type, ',' ORDER BY position) FROM events WHERE category = 'Order'") ==
      "Opened,Paid");
  CHECK(client.value("SELECT event_id FROM events WHERE position = 1") == first.id.to_string());
  CHECK(client.value("SELECT version FROM streams WHERE stream = 'Order-7'") == "2");
  CHECK(client.value("SELECT append_first || '-' || append_last FROM events WHERE position = 2") ==
        "1-2");
  CHECK(client.value("SELECT position FROM log_head") == "2");
  CHECK(client.value("SELECT format FROM mealy_store") == "1");
  CHECK(client.value("SELECT metadata ->> 'actor' FROM events WHERE position = 2") == "ann");
  CHECK(client.value(
            "SELECT recorded_at <= now() AND recorded_at > now() - interval '1 minute' FROM events "
            "WHERE position = 2") == "t");
}

TEST_CASE(
    "store/postgresql: the current-state table has bigint versions and a jsonb state SQL reaches "
    "into") {
  PgDatabase database;
  auto store = Backend::open(database.url());
  AccountHost host;
  SystemClock clock;
  Repository<AccountMachine, AccountHost> accounts(*store, host, clock);
  for (int a = 1; a <= 2; ++a)
    REQUIRE(
        accounts.handle(account_id(a), account::commands::Open{"owner " + std::to_string(a)}).ok());
  REQUIRE(accounts.handle(account_id(2), account::commands::Close{}).ok());
  CHECK(value(StateProjection<AccountMachine, AccountHost>::run(*store, host)) == 3);

  PgClient client(database.url());
  CHECK(client.value(
            "SELECT string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position) "
            "FROM information_schema.columns WHERE table_name = 'account_state'") ==
        "id text, state text, version bigint, state_json jsonb, aggregate text, position bigint");
  CHECK(client.value(
            "SELECT id FROM account_state WHERE state_json -> 'payload' ->> 'owner' = 'owner 1'") ==
        account_id(1).to_string());
  CHECK(client.value("SELECT state_json ->> 'type' FROM account_state WHERE id = '" +
                     account_id(2).to_string() + "'") == "Closed");
  // A version past 32 bits is kept: the row is read back by the next event.
  client.value("UPDATE account_state SET position = 5000000000 WHERE id = '" +
               account_id(1).to_string() + "'");
  CHECK(client.value("SELECT position FROM account_state WHERE id = '" + account_id(1).to_string() +
                     "'") == "5000000000");
  REQUIRE(accounts.handle(account_id(1), account::commands::Close{}).ok());
  CHECK(value(StateProjection<AccountMachine, AccountHost>::run(*store, host)) == 4);
  CHECK(client.value(
            "SELECT state || ' ' || version || ' ' || position FROM account_state WHERE id = '" +
            account_id(1).to_string() + "'") == "Closed 2 4");
}

// A writer that took the head of the log and has not committed: what a
// batch of another process looks like between its first statement and its
// COMMIT.
class HeldWriter {
 public:
  explicit HeldWriter(const std::string& url, const std::string& stream) : client_(url) {
    client_.value("BEGIN");
    const std::string head = client_.value("SELECT position FROM log_head FOR UPDATE");
    position_ = std::stoull(head) + 1;
    client_.value("INSERT INTO streams (stream, category, version) VALUES ('" + stream +
                  "', 'Held', 1)");
    client_.value(
        "INSERT INTO events (position, stream, category, stream_version, event_id, type, "
        "schema_version, payload, metadata, recorded_at, append_first, append_last) VALUES (" +
        std::to_string(position_) + ", '" + stream + "', 'Held', 1, '" +
        Uuid::v7(SystemClock().now()).to_string() + "', 'Held', 1, '{}', '{}', now(), 1, 1)");
    client_.value("UPDATE log_head SET position = " + std::to_string(position_));
  }
  void commit() { client_.value("COMMIT"); }
  void roll_back() { client_.value("ROLLBACK"); }
  [[nodiscard]] std::uint64_t position() const { return position_; }

 private:
  PgClient client_;
  std::uint64_t position_ = 0;
};

TEST_CASE(
    "store/postgresql: a writer that commits after a later one is never skipped by the feed") {
  PgDatabase database;
  auto store = Backend::open(database.url());
  appended(store->append(request("Order-1", ExpectedVersion::no_stream(), events(1))));
  HeldWriter a(database.url(), "Held-A");  // position 2, not committed
  REQUIRE(a.position() == 2);

  // B appends meanwhile; it cannot take a position before A ends.
  auto b = std::async(std::launch::async, [&] {
    auto other = Backend::open(database.url());
    return appended(other->append(request("Order-2", ExpectedVersion::no_stream(), events(2))));
  });
  CHECK(b.wait_for(300ms) == std::future_status::timeout);

  // A tailing reader stops before A's position and does not pass it.
  std::uint64_t cursor = 0;
  std::vector<std::uint64_t> seen;
  auto tail = [&] {
    const Page page = value(store->read_all(cursor, {}, 100));
    for (const auto& e : page.events)
      seen.push_back(e.position);
    cursor = page.next_position;
  };
  tail();
  CHECK(seen == std::vector<std::uint64_t>{1});
  CHECK(cursor == 1);
  tail();
  CHECK(cursor == 1);

  a.commit();
  const Appended b_appended = b.get();
  CHECK(b_appended.first_position == 3);
  tail();
  tail();
  CHECK(seen == std::vector<std::uint64_t>{1, 2, 3, 4});
  CHECK(cursor == 4);
}

TEST_CASE(
    "store/postgresql: a rolled-back writer leaves no gap: the next append takes its positions") {
  PgDatabase database;
  auto store = Backend::open(database.url());
  std::future<Appended> b;
  {
    HeldWriter a(database.url(), "Held-A");
    b = std::async(std::launch::async, [&] {
      return appended(store->append(request("Order-2", ExpectedVersion::no_stream(), events(2))));
    });
    CHECK(b.wait_for(200ms) == std::future_status::timeout);
    const auto start = std::chrono::steady_clock::now();
    a.roll_back();
    CHECK(b.wait_for(5s) == std::future_status::ready);
    CHECK(std::chrono::steady_clock::now() - start < 5s);
  }
  CHECK(b.get().first_position == 1);
  const Page page = value(store->read_all(0, {}, 10));
  REQUIRE(page.events.size() == 2);
  CHECK(page.events[0].position == 1);
  CHECK(page.events[1].position == 2);
  CHECK(page.next_position == 2);
  CHECK(page.at_end);
}

TEST_CASE(
    "store/postgresql: another process's commit wakes a subscription at once, without polling") {
  PgDatabase database;
  auto reader = Backend::open(database.url());
  auto writer = Backend::open(database.url());  // another store object: as another process
  std::atomic<std::uint64_t> seen{0};
  SubscriptionOptions options;
  options.poll_interval = 60s;
  auto subscription = Subscription::live(
      *reader, {}, [&](const RecordedEvent& e) { seen = e.position; }, options);
  REQUIRE(subscription);
  std::this_thread::sleep_for(300ms);  // the subscription has read the (empty) log and waits

  const auto start = std::chrono::steady_clock::now();
  appended(writer->append(request("Order-1", ExpectedVersion::no_stream(), events(2))));
  CHECK((*subscription)->wait_until(2, 20s));
  CHECK(std::chrono::steady_clock::now() - start < 10s);
  CHECK(seen == 2);

  // And a waiter of the store object itself.
  auto waited = std::async(std::launch::async, [&] { return reader->wait_for_commit(2, 20s); });
  std::this_thread::sleep_for(100ms);
  appended(writer->append(request("Order-1", ExpectedVersion::exact(2), events(1))));
  CHECK(waited.get());
  CHECK(std::chrono::steady_clock::now() - start < 10s);
}

TEST_CASE(
    "store/postgresql: a subscription whose connections are cut reconnects, is woken again and "
    "resumes after the last event it delivered") {
  PgDatabase database;
  auto reader = Backend::open(database.url());
  auto writer = Backend::open(database.url());
  std::mutex mutex;
  std::vector<std::uint64_t> seen;
  std::atomic<int> retries{0};
  SubscriptionOptions options;
  options.poll_interval = 60s;  // only a notification wakes it in time
  options.on_retry = [&](const Status&, std::chrono::milliseconds) { ++retries; };
  auto subscription = value(Subscription::catch_up(
      *reader, "follower", {},
      [&](const RecordedEvent& e) {
        std::lock_guard lock(mutex);
        seen.push_back(e.position);
      },
      options));
  appended(writer->append(request("Order-1", ExpectedVersion::no_stream(), events(3))));
  REQUIRE(subscription->wait_until(3, 20s));

  // The server ends every connection of the database but the test's own:
  // the listener's, the pools' of both store objects.
  PgClient admin(pg_server_url());
  CHECK(std::stoi(admin.value(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '" +
            database.name() + "'")) >= 2);
  // The writer's first attempt may meet its cut connection: an I/O error
  // (the connection was lost) or unavailable (no connection could be made),
  // and the retry with the same event ids appends once.
  const auto more = events(4);
  Result<AppendOutcome> outcome =
      writer->append(request("Order-1", ExpectedVersion::exact(3), more));
  for (int attempt = 0; !outcome && attempt < 50; ++attempt) {
    INFO(outcome.status().message());
    CHECK((outcome.status().code() == StatusCode::io_error ||
           outcome.status().code() == StatusCode::unavailable));
    std::this_thread::sleep_for(100ms);
    outcome = writer->append(request("Order-1", ExpectedVersion::exact(3), more));
  }
  appended(std::move(outcome));
  const auto start = std::chrono::steady_clock::now();
  CHECK(subscription->wait_until(7, 20s));
  CHECK(std::chrono::steady_clock::now() - start < 15s);  // woken, not polled after 60 s
  CHECK(subscription->status().ok());
  std::lock_guard lock(mutex);
  CHECK(seen == std::vector<std::uint64_t>{1, 2, 3, 4, 5, 6, 7});
  CHECK(value(reader->read_checkpoint("follower")) == std::optional<std::uint64_t>(7));
}
