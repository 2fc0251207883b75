#include <catch2/catch.hpp>

#include "account_host.hpp"  // the host: the guard `covers`, the apply hooks
#include "mealy/testing.hpp"

namespace account = store_tests::accounts::account;
using Account = mealy::testing::Scenario<account::Machine, store_tests::AccountHost>;

TEST_CASE("runtime/testing/readme: a withdrawal the balance covers") {
  store_tests::AccountHost bank;
  mealy::FixedClock clock{mealy::Timestamp{}};
  Account ada(bank, clock, store_tests::account_id(1));
  ada.given(account::events::Opened{"ada"}, account::events::Deposited{10});
  auto then = ada.when(account::commands::Withdraw{4});
  CHECK(then.emitted(account::events::Withdrawn{4}));
  CHECK(then.in_state("Active"));
}

TEST_CASE("runtime/testing/readme: one it does not") {
  store_tests::AccountHost bank;
  mealy::FixedClock clock{mealy::Timestamp{}};
  Account ada(bank, clock, store_tests::account_id(2));
  ada.given_commands(account::commands::Open{"ada"}, account::commands::Deposit{3});
  CHECK(ada.when(account::commands::Withdraw{5}).rejected(mealy::RejectionKind::guard, "covers"));
}

TEST_CASE("runtime/testing/readme: the transitions a test reached") {
  store_tests::AccountHost bank;
  mealy::FixedClock clock{mealy::Timestamp{}};
  mealy::testing::Coverage coverage;  // its own; by default, the process's
  Account ada(bank, clock, store_tests::account_id(3), coverage);
  ada.given_commands(account::commands::Open{"ada"});
  CHECK(ada.when(account::commands::Deposit{5}).accepted());
  CHECK(coverage.report_text() ==
        "Account: 2 of 4 transitions reached (50%)\n"
        "  not reached: Active  Withdraw  stay\n"
        "  not reached: Active  Close     -> Closed\n");
}
