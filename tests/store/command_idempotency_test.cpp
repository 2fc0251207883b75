// Commands apply once (mealy::Repository, design note 6), and host code that
// throws leaves nothing behind (design note 7), on every backend; the routes
// that need a file (another store object, a reopened file, another process)
// are in sqlite_file_test.cpp and process_test.cpp.
#include <stdexcept>

#include "account_host.hpp"
#include "mealy/repository.hpp"
#include "store_fixture.hpp"
#include "store_helpers.hpp"

using namespace mealy;
using namespace mealy::testing;
using namespace store_tests;

namespace {

using Accounts = Repository<AccountMachine, AccountHost>;

template <typename Machine>
Committed<Machine> must_commit(Result<HandleOutcome<Machine>> outcome) {
  if (!outcome) FAIL("the store failed: " << outcome.status().message());
  if (auto* rejected = std::get_if<Rejected>(&*outcome))
    FAIL("rejected: " << rejected->rejection.message);
  if (std::holds_alternative<ConcurrencyConflict>(*outcome)) FAIL("conflict");
  return std::get<Committed<Machine>>(std::move(*outcome));
}

CommandContext with_id(const Uuid& id) {
  return {.command_id = id};
}

}  // namespace

STORE_CONTRACT("a command handled again by its id gives its first outcome and writes nothing") {
  AccountHost host;
  SystemClock clock;
  Accounts accounts(*backend.store, host, clock);
  const Uuid id = account_id(1);
  const Uuid open_id = Uuid::v7(clock.now());
  const auto opened =
      must_commit(accounts.handle(id, account::commands::Open{"ada"}, with_id(open_id)));
  CHECK_FALSE(opened.duplicate);
  const auto deposit_id = Uuid::v7(clock.now());
  const auto deposited =
      must_commit(accounts.handle(id, account::commands::Deposit{5}, with_id(deposit_id)));
  must_commit(accounts.handle(id, account::commands::Deposit{7}));
  const std::uint64_t head = value(backend.store->head());

  // Open again: deciding again would reject it (Active takes no Open); the
  // retry is the first outcome instead.
  const auto again =
      must_commit(accounts.handle(id, account::commands::Open{"ada"}, with_id(open_id)));
  CHECK(again.duplicate);
  CHECK(again.first_position == opened.first_position);
  CHECK(again.events == opened.events);
  CHECK(again.aggregate.version == 1);
  CHECK(again.aggregate == opened.aggregate);
  // After the cache is dropped, and with another payload (the id decides).
  accounts.forget(id);
  const auto deposit_again =
      must_commit(accounts.handle(id, account::commands::Deposit{500}, with_id(deposit_id)));
  CHECK(deposit_again.duplicate);
  CHECK(deposit_again.events == deposited.events);
  CHECK(deposit_again.aggregate.data.balance == 5);
  CHECK(deposit_again.aggregate.version == 2);
  // Through another repository on the same store.
  Accounts other(*backend.store, host, clock);
  CHECK(must_commit(other.handle(id, account::commands::Deposit{5}, with_id(deposit_id)))
            .first_position == deposited.first_position);
  CHECK(value(backend.store->head()) == head);
  CHECK(value(accounts.load(id)).aggregate.data.balance == 12);
}

STORE_CONTRACT("a command without an id is a new command each time") {
  AccountHost host;
  SystemClock clock;
  Accounts accounts(*backend.store, host, clock);
  const Uuid id = account_id(1);
  must_commit(accounts.handle(id, account::commands::Open{"ada"}));
  must_commit(accounts.handle(id, account::commands::Deposit{5}));
  CHECK_FALSE(must_commit(accounts.handle(id, account::commands::Deposit{5})).duplicate);
  CHECK(value(accounts.load(id)).aggregate.data.balance == 10);
  const auto stored = value(backend.store->read_stream(stream_name("Account", id), 1, 10));
  REQUIRE(stored.size() == 3);
  CHECK(stored[1].metadata.causation_id != stored[2].metadata.causation_id);
  CHECK_FALSE(value(backend.store->read_command(stored[1].metadata.causation_id)).has_value());
}

STORE_CONTRACT("a command id reused for another instance is an error") {
  AccountHost host;
  SystemClock clock;
  Accounts accounts(*backend.store, host, clock);
  const Uuid command = Uuid::v7(clock.now());
  must_commit(accounts.handle(account_id(1), account::commands::Open{"ada"}, with_id(command)));
  auto reused = accounts.handle(account_id(2), account::commands::Open{"bob"}, with_id(command));
  REQUIRE_FALSE(reused);
  CHECK(reused.status().code() == StatusCode::invalid_argument);
  CHECK(reused.status().message() ==
        "command " + command.to_string() +
            " was handled before, for Account-00000000-0000-0000-0000-000000000001, "
            "not Account-00000000-0000-0000-0000-000000000002");
  CHECK(value(backend.store->stream_version(stream_name("Account", account_id(2)))) == 0);
}

STORE_CONTRACT("an empty instance id is an error, not a stream named after the aggregate alone") {
  LabelHost host;
  SystemClock clock;
  Repository<LabelMachine, LabelHost> labels(*backend.store, host, clock);
  auto outcome = labels.handle("", label::commands::Name{"x"});
  REQUIRE_FALSE(outcome);
  CHECK(outcome.status().code() == StatusCode::invalid_argument);
  CHECK(outcome.status().message() == "Label: an instance id may not be empty");
  CHECK_FALSE(labels.load(""));
  CHECK(value(backend.store->head()) == 0);
  must_commit(labels.handle("a", label::commands::Name{"x"}));
  CHECK(value(backend.store->head()) == 1);
}

STORE_CONTRACT("host code that throws leaves the store and the repository as they were") {
  ThrowingHost host;
  SystemClock clock;
  Repository<AccountMachine, ThrowingHost> accounts(*backend.store, host, clock);
  const Uuid id = account_id(1);
  must_commit(accounts.handle(id, account::commands::Open{"ada"}));
  must_commit(accounts.handle(id, account::commands::Deposit{10}));

  host.throw_in_guard = true;
  CHECK_THROWS_WITH(accounts.handle(id, account::commands::Withdraw{3}), "the guard failed");
  host.throw_in_guard = false;
  host.throw_in_apply = true;
  CHECK_THROWS_WITH(accounts.handle(id, account::commands::Deposit{1}), "the apply hook failed");
  accounts.forget(id);
  CHECK_THROWS_WITH(accounts.load(id), "the apply hook failed");
  host.throw_in_apply = false;
  CHECK(value(backend.store->head()) == 2);

  // The instance's lock was released and the store takes appends: the next
  // command, on another thread too, goes through.
  std::optional<Result<HandleOutcome<AccountMachine>>> outcome;
  std::thread([&] { outcome.emplace(accounts.handle(id, account::commands::Withdraw{3})); }).join();
  CHECK(must_commit(std::move(*outcome)).aggregate.data.balance == 7);
  CHECK(value(accounts.load(id)).aggregate.data.balance == 7);
}
