// mealy/testing.hpp: given/when/then on the account machine, and the words a
// failed check shows.
#include <catch2/catch.hpp>
#include <sstream>

#include "account_host.hpp"
#include "mealy/testing.hpp"

using namespace store_tests;
using mealy::RejectionKind;
using AccountScenario = mealy::testing::Scenario<AccountMachine, AccountHost>;

namespace {

struct HeaderFixture {
  AccountHost host;
  mealy::FixedClock clock{mealy::Timestamp(std::chrono::seconds(1'800'000'000))};
  AccountScenario account{host, clock, account_id(1)};
};

}  // namespace

TEST_CASE("runtime/testing: given events, when a command, then the events it emits and the state") {
  HeaderFixture f;
  f.account.given(account::events::Opened{"ada"}, account::events::Deposited{10});
  CHECK(f.account.aggregate().version == 2);
  auto then = f.account.when(account::commands::Withdraw{4});
  CHECK(then.emitted(account::events::Withdrawn{4}));
  CHECK(then.accepted());
  CHECK(then.in_state("Active"));
  CHECK(then.aggregate().data.balance == 6);
  // The scenario goes on from there.
  CHECK(f.account.when(account::commands::Close{}).in_state("Closed"));
}

TEST_CASE("runtime/testing: given commands, then a rejection of a kind and code") {
  HeaderFixture f;
  f.account.given_commands(account::commands::Open{"ada"}, account::commands::Deposit{3});
  auto then = f.account.when(account::commands::Withdraw{5});
  CHECK(then.rejected(RejectionKind::guard, "covers"));
  CHECK(then.rejected(RejectionKind::guard));
  CHECK(then.in_state("Active"));
  CHECK(f.account.when(account::commands::Open{"bob"}).rejected(RejectionKind::invalid_transition));
  CHECK(f.account.when(account::commands::Deposit{0}).rejected(RejectionKind::constraint, "min"));
  CHECK(f.account.aggregate().version == 2);
}

TEST_CASE("runtime/testing: a failed check says what differs, word for word") {
  HeaderFixture f;
  f.account.given(account::events::Opened{"ada"}, account::events::Deposited{10});
  auto then = f.account.when(account::commands::Withdraw{4});
  const mealy::testing::Verdict wrong = then.emitted(account::events::Withdrawn{5});
  CHECK_FALSE(wrong);
  CHECK(wrong.account ==
        "expected events (1):\n"
        "  > {\"type\":\"Withdrawn\",\"version\":1,\"payload\":{\"amount\":\"5\"}}\n"
        "emitted events (1):\n"
        "  > {\"type\":\"Withdrawn\",\"version\":1,\"payload\":{\"amount\":\"4\"}}\n");
  std::ostringstream printed;
  printed << wrong;
  CHECK(printed.str() == wrong.account);
  CHECK(then.in_state("Closed").account ==
        "expected state Closed, but it is Active: "
        "{\"type\":\"Active\",\"payload\":{\"owner\":\"ada\"}}");
  CHECK(then.rejected(RejectionKind::guard, "covers").account ==
        "expected a rejection (guard covers), but it was accepted:\n"
        "    {\"type\":\"Withdrawn\",\"version\":1,\"payload\":{\"amount\":\"4\"}}\n");
  auto refused = f.account.when(account::commands::Withdraw{100});
  CHECK(refused.emitted(account::events::Withdrawn{100})
            .account.starts_with("expected events, but the command was rejected (guard covers): "));
  CHECK(refused.rejected(RejectionKind::constraint)
            .account.starts_with(
                "expected a rejection (constraint), but it was rejected (guard covers): "));
}

TEST_CASE("runtime/testing: an impossible history is an error of the test, said so") {
  HeaderFixture f;
  CHECK_THROWS_WITH(f.account.given_commands(account::commands::Deposit{1}),
                    Catch::Matchers::StartsWith("given command Deposit was rejected: "));
}
