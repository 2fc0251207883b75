// The host of tests/store/schemas/account.yaml: a guard and two apply hooks.
#pragma once

#include "account.mealy.hpp"

namespace store_tests {

namespace account = store_tests::accounts::account;
using AccountMachine = account::Machine;

struct AccountHost {
  [[nodiscard]] bool covers(const account::Aggregate& aggregate, const account::commands::Withdraw& command) const {
    return aggregate.data.balance >= command.amount;
  }
  void add_deposit(account::Aggregate& aggregate, const account::events::Deposited& event) const {
    aggregate.data.balance += event.amount;
    ++aggregate.data.deposits;
  }
  void subtract_withdrawal(account::Aggregate& aggregate, const account::events::Withdrawn& event) const {
    aggregate.data.balance -= event.amount;
  }
};

}  // namespace store_tests
