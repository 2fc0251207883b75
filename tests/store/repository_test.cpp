// Command handling through mealy::Repository, on every backend.
#include "mealy/repository.hpp"

#include <atomic>
#include <thread>

#include "account_host.hpp"
#include "store_fixture.hpp"
#include "store_helpers.hpp"

using namespace mealy;
using namespace mealy::testing;
using namespace store_tests;

namespace {

using Accounts = Repository<AccountMachine, AccountHost>;
using Outcome = HandleOutcome<AccountMachine>;

Committed<AccountMachine> committed(Result<Outcome> outcome) {
  if (!outcome) FAIL("the store failed: " << outcome.status().message());
  if (auto* rejected = std::get_if<Rejected>(&*outcome))
    FAIL("rejected: " << rejected->rejection.message);
  if (std::holds_alternative<ConcurrencyConflict>(*outcome)) FAIL("conflict");
  return std::get<Committed<AccountMachine>>(std::move(*outcome));
}

Rejection rejected(Result<Outcome> outcome) {
  if (!outcome) FAIL("the store failed: " << outcome.status().message());
  if (!std::holds_alternative<Rejected>(*outcome)) FAIL("not rejected");
  return std::get<Rejected>(*outcome).rejection;
}

account::Aggregate loaded(Accounts& accounts, const Uuid& id) {
  return value(accounts.load(id)).aggregate;
}

}  // namespace

STORE_CONTRACT("handle commits the decided events with the command's metadata") {
  AccountHost host;
  FixedClock clock(Timestamp(std::chrono::seconds(1'800'000'000)));
  Accounts accounts(*backend.store, host, clock);
  const Uuid id = account_id(1);
  const Uuid command_id = Uuid::v7(SystemClock().now());
  const Uuid correlation = Uuid::v7(SystemClock().now());
  auto opened =
      committed(accounts.handle(id, account::commands::Open{"ada"},
                                {command_id, correlation, "teller", {{"branch", "north"}}}));
  CHECK(opened.aggregate.version == 1);
  CHECK(opened.first_position == 1);
  CHECK(account::name_of(opened.aggregate.state) == "Active");
  auto deposit = committed(accounts.handle(id, account::commands::Deposit{100}));
  CHECK(deposit.aggregate.data.balance == 100);
  REQUIRE(deposit.events.size() == 1);

  const auto stored = value(backend.store->read_stream(stream_name("Account", id), 1, 10));
  REQUIRE(stored.size() == 2);
  CHECK(stored[0].stream == "Account-00000000-0000-0000-0000-000000000001");
  CHECK(stored[0].type == "Opened");
  CHECK(stored[0].payload == R"({"owner":"ada"})");
  CHECK(stored[0].metadata == Metadata{correlation, command_id, "teller", {{"branch", "north"}}});
  // Without ids in the context, the causation is a fresh id and the correlation the same.
  CHECK_FALSE(stored[1].metadata.causation_id.is_nil());
  CHECK(stored[1].metadata.correlation_id == stored[1].metadata.causation_id);
}

STORE_CONTRACT("handle returns rejections and appends nothing") {
  AccountHost host;
  SystemClock clock;
  Accounts accounts(*backend.store, host, clock);
  const Uuid id = account_id(2);
  CHECK(rejected(accounts.handle(id, account::commands::Deposit{5})).kind ==
        RejectionKind::invalid_transition);
  committed(accounts.handle(id, account::commands::Open{"bob"}));
  const Rejection guard = rejected(accounts.handle(id, account::commands::Withdraw{5}));
  CHECK(guard.kind == RejectionKind::guard);
  CHECK(guard.code == "covers");
  const Rejection constraint = rejected(accounts.handle(id, account::commands::Deposit{0}));
  CHECK(constraint.kind == RejectionKind::constraint);
  CHECK(value(backend.store->head()) == 1);
}

STORE_CONTRACT("load replays from the latest snapshot of this schema") {
  AccountHost host;
  SystemClock clock;
  Accounts accounts(*backend.store, host, clock);
  const Uuid id = account_id(3);
  committed(accounts.handle(id, account::commands::Open{"cy"}));
  account::Aggregate live;
  for (int i = 0; i < 24; ++i)
    live = committed(accounts.handle(id, account::commands::Deposit{i + 1})).aggregate;
  CHECK(live.version == 25);
  const auto snapshot =
      value(backend.store->read_snapshot(stream_name("Account", id), account::kFingerprint));
  REQUIRE(snapshot.has_value());
  CHECK(snapshot->version == 20);  // snapshot_every: 10
  Accounts fresh(*backend.store, host, clock);
  const Loaded<AccountMachine> from_snapshot = value(fresh.load(id));
  CHECK(from_snapshot.aggregate == live);
  CHECK(from_snapshot.snapshot_version == 20);
  CHECK(from_snapshot.events_replayed == 5);

  // A snapshot of another fingerprint is ignored, never misread.
  Snapshot foreign{stream_name("Account", id), 26, account::kFingerprint ^ 1,
                   R"({"not":"an account"})"};
  auto with_foreign = request(stream_name("Account", id), ExpectedVersion::exact(25),
                              {event("Deposited", R"({"amount":"1"})")});
  with_foreign.snapshot = &foreign;
  appended(backend.store->append(with_foreign));
  fresh.forget(id);
  const auto after = value(fresh.load(id));
  CHECK(after.snapshot_version == 20);
  CHECK(after.aggregate.version == 26);
  CHECK(after.aggregate.data.balance == live.data.balance + 1);
}

STORE_CONTRACT("a policy set by the app decides when to snapshot") {
  AccountHost host;
  SystemClock clock;
  RepositoryOptions options;
  options.snapshot_policy = [](std::uint64_t, std::uint64_t after) { return after % 3 == 0; };
  Accounts accounts(*backend.store, host, clock, options);
  const Uuid id = account_id(4);
  committed(accounts.handle(id, account::commands::Open{"di"}));
  for (int i = 0; i < 6; ++i)
    committed(accounts.handle(id, account::commands::Deposit{1}));
  CHECK(value(backend.store->read_snapshot(stream_name("Account", id), account::kFingerprint))
            ->version == 6);
  RepositoryOptions never;
  never.snapshot_every = 0;
  Accounts without(*backend.store, host, clock, never);
  const Uuid other = account_id(5);
  committed(without.handle(other, account::commands::Open{"ed"}));
  for (int i = 0; i < 12; ++i)
    committed(without.handle(other, account::commands::Deposit{1}));
  CHECK_FALSE(
      value(backend.store->read_snapshot(stream_name("Account", other), account::kFingerprint))
          .has_value());
}

STORE_CONTRACT("a conflict reloads and decides again, up to max_attempts") {
  AccountHost host;
  SystemClock clock;
  Accounts first(*backend.store, host, clock);
  Accounts second(*backend.store, host, clock);
  const Uuid id = account_id(6);
  committed(first.handle(id, account::commands::Open{"fa"}));
  committed(first.handle(id, account::commands::Deposit{10}));    // first caches version 2
  committed(second.handle(id, account::commands::Withdraw{10}));  // second moves it to 3
  // first decides on its stale copy, conflicts, reloads: the balance is 0 now.
  const auto retried = committed(first.handle(id, account::commands::Deposit{5}));
  CHECK(retried.attempts == 2);
  CHECK(retried.aggregate.version == 4);
  CHECK(retried.aggregate.data.balance == 5);

  RepositoryOptions once;
  once.max_attempts = 1;
  Accounts impatient(*backend.store, host, clock, once);
  committed(impatient.handle(id, account::commands::Deposit{1}));
  committed(second.handle(id, account::commands::Deposit{1}));
  auto outcome = impatient.handle(id, account::commands::Deposit{1});
  REQUIRE(outcome.ok());
  REQUIRE(std::holds_alternative<ConcurrencyConflict>(*outcome));
  CHECK(std::get<ConcurrencyConflict>(*outcome).conflict.current_version == 6);
  CHECK(value(backend.store->stream_version(stream_name("Account", id))) == 6);
}

STORE_CONTRACT("a stored payload that does not decode names stream, version and path") {
  AccountHost host;
  SystemClock clock;
  Accounts accounts(*backend.store, host, clock);
  const Uuid bad = account_id(7);
  const Uuid good = account_id(8);
  committed(accounts.handle(bad, account::commands::Open{"gi"}));
  committed(accounts.handle(good, account::commands::Open{"ha"}));
  appended(backend.store->append(request(stream_name("Account", bad), ExpectedVersion::exact(1),
                                         {event("Deposited", R"({"amount":"ten"})")})));
  Accounts fresh(*backend.store, host, clock);
  auto load = fresh.load(bad);
  REQUIRE_FALSE(load.ok());
  CHECK(load.status().code() == StatusCode::corruption);
  CHECK(load.status().message() == backend.store->url() +
                                       ": stream Account-00000000-0000-0000-0000-000000000007, "
                                       "version 2 (Deposited at position 3): "
                                       "$.amount: expected int64 as a decimal string, got \"ten\"");
  CHECK(value(fresh.load(good)).aggregate.version == 1);
  CHECK_FALSE(fresh.handle(bad, account::commands::Deposit{1}).ok());
}

STORE_CONTRACT("8 threads handling commands on 50 accounts lose no version") {
  AccountHost host;
  SystemClock clock;
  Accounts accounts(*backend.store, host, clock);
  for (int a = 0; a < 50; ++a)
    committed(accounts.handle(account_id(100 + a), account::commands::Open{"owner"}));
  std::atomic<int> deposits{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 40; ++i) {
        auto outcome =
            accounts.handle(account_id(100 + (t * 7 + i) % 50), account::commands::Deposit{1});
        if (outcome && std::holds_alternative<Committed<AccountMachine>>(*outcome)) {
          ++deposits;
        } else {
          ++failures;
        }
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  CHECK(failures == 0);
  Accounts fresh(*backend.store, host, clock);
  std::int64_t total = 0;
  for (int a = 0; a < 50; ++a) {
    const auto account = loaded(fresh, account_id(100 + a));
    total += account.data.balance;
    CHECK(account.version == static_cast<std::uint64_t>(account.data.deposits) + 1);
  }
  CHECK(total == deposits);
  CHECK(value(backend.store->head()) == static_cast<std::uint64_t>(50 + deposits));
}

STORE_CONTRACT("threads handling commands on one account through one repository never conflict") {
  AccountHost host;
  SystemClock clock;
  Accounts accounts(*backend.store, host, clock);
  const Uuid id = account_id(300);
  committed(accounts.handle(id, account::commands::Open{"hot"}));
  // Catch2 asserts on the main thread: the workers count.
  std::atomic<int> first_attempt{0};
  std::atomic<int> other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        auto outcome = accounts.handle(id, account::commands::Deposit{1});
        const auto* done = outcome ? std::get_if<Committed<AccountMachine>>(&*outcome) : nullptr;
        (done && done->attempts == 1 ? first_attempt : other)++;
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  // Commands on one instance wait for each other: each decides on the last
  // one's outcome and commits at its first attempt.
  CHECK(other == 0);
  CHECK(first_attempt == 200);
  CHECK(loaded(accounts, id).data.balance == 200);
  CHECK(value(backend.store->stream_version(stream_name("Account", id))) == 201);
}
