// The runtime's README example, compiled and run by ctest (readme_example);
// readme_example_test checks that runtime/README.md shows this file as it is.
#include <cstdio>

#include "account.mealy.hpp"  // mealyc generate --cpp-out ... account.yaml
#include "mealy/repository.hpp"
#include "mealy/state_projection.hpp"
#include "mealy/store.hpp"
#include "mealy/subscription.hpp"

namespace account = store_tests::accounts::account;

// The guards and hooks account.yaml names; called from many threads at once.
struct Bank {
  bool covers(const account::Aggregate& a, const account::commands::Withdraw& c) const {
    return a.data.balance >= c.amount;
  }
  void add_deposit(account::Aggregate& a, const account::events::Deposited& e) const {
    a.data.balance += e.amount;
    ++a.data.deposits;
  }
  void subtract_withdrawal(account::Aggregate& a, const account::events::Withdrawn& e) const {
    a.data.balance -= e.amount;
  }
};

int main(int argc, char** argv) {
  auto store = mealy::open_store(argc > 1 ? argv[1] : "sqlite::memory:");
  if (!store) return std::fprintf(stderr, "%s\n", store.status().message().c_str()), 1;

  // Print every event after it commits, on the subscription's own thread.
  auto printer = mealy::Subscription::live(
      **store, {.categories = {"Account"}}, [](const mealy::RecordedEvent& e) {
        std::printf("#%llu %s v%llu %s %s\n", static_cast<unsigned long long>(e.position),
                    e.stream.c_str(), static_cast<unsigned long long>(e.stream_version),
                    e.type.c_str(), e.payload.c_str());
      });
  if (!printer) return 1;

  Bank bank;
  mealy::SystemClock clock;
  mealy::Repository<account::Machine, Bank> accounts(**store, bank, clock);
  const account::Id id = mealy::Uuid::v7(clock.now());
  const mealy::CommandContext who{.actor = "teller-7"};

  for (const account::Command& command : std::vector<account::Command>{
           account::commands::Open{.owner = "Ada"}, account::commands::Deposit{.amount = 100},
           account::commands::Withdraw{.amount = 250}, account::commands::Withdraw{.amount = 40}}) {
    auto outcome = accounts.handle(id, command, who);
    if (!outcome) return std::fprintf(stderr, "store: %s\n", outcome.status().message().c_str()), 1;
    if (auto* done = std::get_if<mealy::Committed<account::Machine>>(&*outcome)) {
      std::printf("%s: committed, version %llu\n", account::name_of(command).data(),
                  static_cast<unsigned long long>(done->aggregate.version));
    } else if (auto* no = std::get_if<mealy::Rejected>(&*outcome)) {
      std::printf("%s: rejected (%s)\n", account::name_of(command).data(),
                  no->rejection.message.c_str());
    } else {
      std::printf("%s: still conflicting after retries\n", account::name_of(command).data());
    }
  }

  auto loaded = accounts.load(id);  // snapshot + later events
  if (!loaded) return 1;
  std::printf("balance %lld in state %s\n", static_cast<long long>(loaded->aggregate.data.balance),
              account::name_of(loaded->aggregate.state).data());

  // SELECT id, state FROM account_state, from any SQLite client.
  auto projected = mealy::StateProjection<account::Machine, Bank>::run(**store, bank);
  if (auto head = (*store)->head()) (*printer)->wait_until(*head, std::chrono::seconds(5));
  return projected && loaded->aggregate.data.balance == 60 ? 0 : 1;
}
