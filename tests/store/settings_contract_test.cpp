// What a store says of itself (EventStore::settings and counters), on every
// backend: the settings in effect, read back from the database, after the
// store's own bounds; and the group commit's counters.
#include <thread>
#include <vector>

#include "store_fixture.hpp"
#include "store_helpers.hpp"

using namespace mealy;
using namespace mealy::testing;
using namespace std::chrono_literals;

STORE_CONTRACT("settings: the defaults, as in effect") {
  const StoreSettings settings = value(backend.store->settings());
  CHECK(settings.url == backend.store->url());
  if (backend.name == "memory") {
    CHECK(settings.backend == "memory");
    CHECK(settings.max_batch == 0);
    CHECK_FALSE(settings.synchronous);
    CHECK_FALSE(settings.busy_timeout);
    CHECK(settings.journal_mode.empty());
    CHECK_FALSE(settings.wal);
    return;
  }
  CHECK(settings.max_batch == 256);
  if (backend.name == "postgresql") {
    CHECK(settings.backend == "postgresql");
    CHECK(settings.max_connections == 8);
    CHECK_FALSE(settings.synchronous);
    CHECK_FALSE(settings.wal);
    return;
  }
  CHECK(settings.backend == "sqlite");
  CHECK(settings.synchronous == StoreOptions::Synchronous::normal);
  CHECK(settings.busy_timeout == 5000ms);
  CHECK(settings.max_connections == 0);
  if (backend.name == "sqlite-memory") {
    CHECK(settings.journal_mode == "memory");
    CHECK_FALSE(settings.wal);
    return;
  }
  CHECK(settings.journal_mode == "wal");
  REQUIRE(settings.wal);
  CHECK(settings.wal->page_size == 4096);
  CHECK(settings.wal->autocheckpoint_pages == 0);  // the store's own checkpoints only
  CHECK(settings.wal->checkpoint_pages == 1000);
  CHECK(settings.wal->limit_pages == 65536);
  CHECK(settings.wal->journal_size_limit == 32 + 4000 * (4096 + 24));
}

STORE_CONTRACT("settings: what was asked, within the store's bounds") {
  StoreOptions options;
  options.synchronous = StoreOptions::Synchronous::full;
  options.busy_timeout = 1234ms;
  options.max_batch = 100'000;  // at most 4096
  options.max_connections = 3;
  options.wal_checkpoint_pages = 500;
  options.wal_limit_pages = 100;  // at least wal_checkpoint_pages
  auto store = Backend::open(backend.url, options);
  const StoreSettings settings = value(store->settings());
  CHECK(settings.url == store->url());
  if (backend.name == "memory") {
    CHECK(settings.max_batch == 0);
    return;
  }
  CHECK(settings.max_batch == 4096);
  if (backend.name == "postgresql") {
    CHECK(settings.max_connections == 3);
    return;
  }
  CHECK(settings.synchronous == StoreOptions::Synchronous::full);
  CHECK(settings.busy_timeout == 1234ms);
  if (backend.name == "sqlite-file") {
    REQUIRE(settings.wal);
    CHECK(settings.wal->autocheckpoint_pages == 0);
    CHECK(settings.wal->checkpoint_pages == 500);
    CHECK(settings.wal->limit_pages == 500);
    CHECK(settings.wal->journal_size_limit == 32 + 2000 * (4096 + 24));
  }
  options.wal_limit_pages = 0;  // no bound
  options.max_batch = 0;        // at least 1
  auto unbounded = Backend::open(backend.url, options);
  const StoreSettings second = value(unbounded->settings());
  CHECK(second.max_batch == 1);
  if (backend.name == "sqlite-file") {
    REQUIRE(second.wal);
    CHECK(second.wal->limit_pages == 0);
  }
}

STORE_CONTRACT("counters: appends, batches by size, and time") {
  EventStore& store = *backend.store;
  const StoreCounters before = store.counters();
  CHECK(before.appends == 0);
  CHECK(before.batches == 0);
  for (int i = 0; i < 3; ++i)
    appended(store.append(
        request("Order-" + std::to_string(i), ExpectedVersion::no_stream(), events(1))));
  const StoreCounters after = store.counters();
  CHECK(after.appends == 3);
  CHECK(after.batches == 3);  // one thread: each append its own transaction
  CHECK(after.batch_sizes[0] == 3);
  CHECK(after.checkpoint_errors == 0);
  // Eight threads at once: every append counted once, in batches that add up.
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&store, t] {
      for (int i = 0; i < 20; ++i) {
        auto outcome = store.append(request("Thread-" + std::to_string(t) + "-" + std::to_string(i),
                                            ExpectedVersion::no_stream(), events(1)));
        if (!outcome || !std::holds_alternative<Appended>(*outcome)) std::abort();
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  const StoreCounters total = store.counters();
  CHECK(total.appends == 3 + 160);
  std::uint64_t batches = 0;
  for (std::uint64_t count : total.batch_sizes)
    batches += count;
  CHECK(batches == total.batches);
  CHECK(total.batches <= total.appends);
  if (backend.name != "memory") CHECK(total.committing > 0ns);
}
