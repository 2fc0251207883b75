// The host of tests/store/schemas/account.yaml: a guard and two apply hooks.
#pragma once

#include <array>
#include <cstdint>
#include <stdexcept>

#include "account.mealy.hpp"

namespace store_tests {

namespace account = store_tests::accounts::account;
using AccountMachine = account::Machine;

// The id of test account `n`: n in the last two bytes, 00000000-...-00000000000n.
inline mealy::Uuid account_id(int n) {
  std::array<std::uint8_t, 16> bytes{};
  bytes[15] = static_cast<std::uint8_t>(n);
  bytes[14] = static_cast<std::uint8_t>(n >> 8);
  return mealy::Uuid(bytes);
}

struct AccountHost {
  [[nodiscard]] bool covers(const account::Aggregate& aggregate,
                            const account::commands::Withdraw& command) const {
    return aggregate.data.balance >= command.amount;
  }
  void add_deposit(account::Aggregate& aggregate, const account::events::Deposited& event) const {
    aggregate.data.balance += event.amount;
    ++aggregate.data.deposits;
  }
  void subtract_withdrawal(account::Aggregate& aggregate,
                           const account::events::Withdrawn& event) const {
    aggregate.data.balance -= event.amount;
  }
};

// An AccountHost whose guard or deposit hook throws when told to: host
// code that fails in the middle of handle() or load().
struct ThrowingHost : AccountHost {
  bool throw_in_guard = false;
  bool throw_in_apply = false;
  [[nodiscard]] bool covers(const account::Aggregate& aggregate,
                            const account::commands::Withdraw& command) const {
    if (throw_in_guard) throw std::runtime_error("the guard failed");
    return AccountHost::covers(aggregate, command);
  }
  void add_deposit(account::Aggregate& aggregate, const account::events::Deposited& event) const {
    if (throw_in_apply) throw std::runtime_error("the apply hook failed");
    AccountHost::add_deposit(aggregate, event);
  }
};

namespace label = store_tests::accounts::label;
using LabelMachine = label::Machine;
// Label has no hooks.
struct LabelHost {};

}  // namespace store_tests
