// store_worker: the other process of the multi-process store tests.
//
// DB is an SQLite file's path, or a store URL (postgresql://...).
//
//   store_worker handle DB THREADS ACCOUNTS COMMANDS_PER_THREAD SEED
//       deposits 1 into random accounts (opened by the test) through a
//       Repository; prints "deposits N" when done
//   store_worker append DB [BATCHES [MAX_EVENTS]]
//       appends batches of 1 to MAX_EVENTS (5) events to random streams with
//       synchronous=FULL until killed (or BATCHES of them); after each
//       append returns, prints "ok <first position> <count> <batch id>" and
//       flushes
//   store_worker open DB ACCOUNT COMMAND_ID OWNER
//       handles Open{OWNER} for account number ACCOUNT with that command
//       id; prints "committed <first position> <version> <duplicate 0|1>
//       <owner in the first event>"
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "account_host.hpp"
#include "mealy/repository.hpp"

using namespace mealy;
using namespace store_tests;

namespace {

int fail(const std::string& message) {
  std::fprintf(stderr, "store_worker: %s\n", message.c_str());
  return 2;
}

std::string store_url(const std::string& db) {
  return db.find("://") != std::string::npos ? db : "sqlite://" + db;
}

int handle(const std::string& db, int threads, int accounts, int commands, unsigned seed) {
  auto store = open_store(store_url(db));
  if (!store) return fail(store.status().message());
  AccountHost host;
  SystemClock clock;
  RepositoryOptions options;
  options.max_attempts = 100;
  Repository<AccountMachine, AccountHost> repository(**store, host, clock, options);
  std::atomic<int> deposits{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      std::mt19937 random(seed * 100 + static_cast<unsigned>(t));
      for (int i = 0; i < commands; ++i) {
        const int account = static_cast<int>(random() % static_cast<unsigned>(accounts));
        auto outcome = repository.handle(account_id(account), account::commands::Deposit{1});
        if (outcome && std::holds_alternative<Committed<AccountMachine>>(*outcome)) {
          ++deposits;
        } else {
          ++failures;
          if (!outcome)
            std::fprintf(stderr, "store_worker: %s\n", outcome.status().message().c_str());
        }
      }
    });
  }
  for (auto& worker : workers)
    worker.join();
  std::printf("deposits %d\nfailures %d\n", deposits.load(), failures.load());
  return failures == 0 ? 0 : 1;
}

int append_until_killed(const std::string& db, std::uint64_t batches, std::size_t max_events) {
  StoreOptions options;
  options.synchronous = StoreOptions::Synchronous::full;
  auto store = open_store(store_url(db), options);
  if (!store) return fail(store.status().message());
  std::random_device seed;
  std::mt19937 random(seed());
  for (std::uint64_t batch = 0; batch < batches; ++batch) {
    const std::size_t count = 1 + random() % max_events;
    const std::string batch_id = Uuid::v7(SystemClock().now()).to_string();
    AppendRequest request{
        "Batch-" + std::to_string(random() % 20), ExpectedVersion::any(), {}, {}, nullptr};
    for (std::size_t i = 0; i < count; ++i) {
      request.events.push_back({Uuid::v7(SystemClock().now()), "Written", 1,
                                "{\"batch\":\"" + batch_id + "\",\"of\":" + std::to_string(count) +
                                    ",\"i\":" + std::to_string(i) + ",\"pad\":\"" +
                                    std::string(200, 'x') + "\"}"});
    }
    auto outcome = (*store)->append(request);
    if (!outcome) return fail(outcome.status().message());
    const auto& appended = std::get<Appended>(outcome.value());
    std::printf("ok %llu %zu %s\n", static_cast<unsigned long long>(appended.first_position),
                appended.count, batch_id.c_str());
    std::fflush(stdout);
  }
  return 0;
}

int open_account(const std::string& db, int account_number, const std::string& command_id,
                 const std::string& owner) {
  auto store = open_store(store_url(db));
  if (!store) return fail(store.status().message());
  auto command = Uuid::parse(command_id);
  if (!command) return fail("not a uuid: " + command_id);
  AccountHost host;
  SystemClock clock;
  Repository<AccountMachine, AccountHost> repository(**store, host, clock);
  auto outcome = repository.handle(account_id(account_number), account::commands::Open{owner},
                                   {.command_id = *command});
  if (!outcome) return fail(outcome.status().message());
  const auto* committed = std::get_if<Committed<AccountMachine>>(&*outcome);
  if (committed == nullptr || committed->events.size() != 1)
    return fail("not committed with one event");
  const auto& opened = std::get<account::events::Opened>(committed->events[0]);
  std::printf("committed %llu %llu %d %s\n",
              static_cast<unsigned long long>(committed->first_position),
              static_cast<unsigned long long>(committed->aggregate.version),
              committed->duplicate ? 1 : 0, opened.owner.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 6 && args[0] == "handle") {
    return handle(args[1], std::stoi(args[2]), std::stoi(args[3]), std::stoi(args[4]),
                  static_cast<unsigned>(std::stoul(args[5])));
  }
  if (args.size() >= 2 && args.size() <= 4 && args[0] == "append") {
    return append_until_killed(
        args[1], args.size() >= 3 ? std::stoull(args[2]) : UINT64_MAX,
        args.size() == 4 ? std::max<std::size_t>(1, std::stoull(args[3])) : 5);
  }
  if (args.size() == 5 && args[0] == "open")
    return open_account(args[1], std::stoi(args[2]), args[3], args[4]);
  return fail(
      "usage: store_worker handle DB THREADS ACCOUNTS COMMANDS SEED | store_worker append DB "
      "[BATCHES [MAX_EVENTS]] | "
      "store_worker open DB ACCOUNT COMMAND_ID OWNER");
}
