// The SQLite store's own WAL checkpoints (runtime/src/sqlite/
// sqlite_checkpointer.hpp), on real files: the WAL stays bounded over many
// commits; a long-open reader breaks nothing, holds appends at the bound
// (they fail after busy_timeout, nothing written) and the WAL shrinks once
// it ends; closing a store stops its thread, whatever it was doing.
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <thread>
#include <variant>
#include <vector>

#include "raw_sqlite.hpp"
#include "store_fixture.hpp"
#include "store_helpers.hpp"
#include "store_invariants.hpp"

using namespace mealy;
using namespace mealy::testing;
using namespace std::chrono_literals;

namespace {

// The WAL file's length for `pages` pages (header, and a header per frame).
std::uintmax_t wal_bytes(std::size_t pages) {
  return 32 + pages * (4096 + 24);
}

std::uintmax_t wal_size(const std::string& path) {
  std::error_code error;
  const auto size = std::filesystem::file_size(path + "-wal", error);
  return error ? 0 : size;
}

// A payload of about `bytes` bytes.
std::vector<NewEvent> big_events(std::size_t count, std::size_t bytes) {
  std::vector<NewEvent> out;
  for (std::size_t i = 0; i < count; ++i)
    out.push_back(event("Happened", "{\"text\":\"" + std::string(bytes, 'x') + "\"}"));
  return out;
}

std::size_t thread_count() {
  std::size_t count = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/task"))
    ++count;
  return count;
}

StoreOptions small_wal(std::size_t checkpoint_pages, std::size_t limit_pages) {
  StoreOptions options;
  options.wal_checkpoint_pages = checkpoint_pages;
  options.wal_limit_pages = limit_pages;
  return options;
}

}  // namespace

TEST_CASE(
    "store/sqlite-wal: the WAL stays bounded over many commits, checkpointed by the store's "
    "thread") {
  TempDir dir;
  const std::string path = dir.file("events.db");
  constexpr std::size_t kAppends = 1500;
  std::uintmax_t largest = 0;
  {
    auto store = Backend::open("sqlite://" + path, small_wal(32, 128));
    const StoreSettings settings = value(store->settings());
    REQUIRE(settings.wal);
    CHECK(settings.wal->autocheckpoint_pages == 0);
    for (std::size_t i = 0; i < kAppends; ++i) {
      appended(store->append(request("Order-" + std::to_string(i % 50),
                                     i < 50 ? ExpectedVersion::no_stream() : ExpectedVersion::any(),
                                     big_events(1, 1000))));
      largest = std::max(largest, wal_size(path));
    }
    const StoreCounters counters = store->counters();
    INFO("largest WAL: " << largest << " bytes; " << counters.checkpoints << " checkpoints");
    CHECK(counters.checkpoints > 0);
    CHECK(counters.checkpoint_errors == 0);
    CHECK(counters.failed_at_wal_limit == 0);
    // The bound (128 pages) and one commit's pages past it, at most.
    CHECK(largest <= wal_bytes(128 + 16));
    CHECK(largest > 0);
    CHECK(value(store->head()) == kAppends);
  }
  CHECK_FALSE(std::filesystem::exists(path + "-wal"));  // the writer's close, the last, removed it
  check_store_invariants(path);
  auto reopened = Backend::open("sqlite://" + path);
  CHECK(value(reopened->head()) == kAppends);
}

TEST_CASE(
    "store/sqlite-wal: with synchronous=FULL, under appends that never stop, the WAL still starts "
    "over and stays near twice checkpoint_pages") {
  // A passive checkpoint cannot copy the frames appended while it runs, so
  // under appends that never pause the WAL never starts over by itself and
  // grows (with synchronous=FULL each commit then syncs newly allocated
  // blocks: half the speed). The checkpointer has the next batch restart it
  // past twice checkpoint_pages (its design note 4b).
  TempDir dir;
  const std::string path = dir.file("events.db");
  constexpr std::size_t kThreads = 4, kAppendsPerThread = 400;
  StoreOptions options = small_wal(32, 0);  // no hard bound
  options.synchronous = StoreOptions::Synchronous::full;
  auto store = Backend::open("sqlite://" + path, options);
  std::atomic<std::uintmax_t> largest{0};
  std::atomic<bool> failed{false};
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const std::string stream = "Order-" + std::to_string(t);
      for (std::size_t i = 0; i < kAppendsPerThread; ++i) {
        auto outcome =
            store->append(request(stream, ExpectedVersion::exact(i), big_events(1, 2000)));
        if (!outcome || !std::holds_alternative<Appended>(*outcome)) failed = true;
        const std::uintmax_t size = wal_size(path);
        std::uintmax_t seen = largest.load();
        while (size > seen && !largest.compare_exchange_weak(seen, size)) {
        }
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  REQUIRE_FALSE(failed);
  const StoreCounters counters = store->counters();
  INFO("largest WAL: " << largest << " bytes; " << counters.checkpoints << " checkpoints, "
                       << counters.wal_restarts << " restarts");
  CHECK(counters.checkpoint_errors == 0);
  CHECK(counters.wal_restarts > 0);
  // About 13,000 pages were written in all (the WAL reached 54 MB without
  // the restart). Now it holds twice checkpoint_pages and what the batches
  // appended until the checkpointer, which runs below the appends' threads,
  // had its turn and the next batch restarted it: 300-380 pages seen (1.55
  // MB on a fresh machine), so a bound with room to spare on a loaded one.
  CHECK(largest <= wal_bytes(1000));
  CHECK(value(store->head()) == kThreads * kAppendsPerThread);
  store.reset();
  check_store_invariants(path);
}

TEST_CASE(
    "store/sqlite-wal: with synchronous=FULL, a reader on the WAL holds the restart back, appends "
    "go "
    "on, and the WAL starts over once it ends") {
  TempDir dir;
  const std::string path = dir.file("events.db");
  StoreOptions options = small_wal(16, 0);  // no hard bound
  options.synchronous = StoreOptions::Synchronous::full;
  auto store = Backend::open("sqlite://" + path, options);
  appended(store->append(request("Order-0", ExpectedVersion::no_stream(), events(1))));
  Raw reader(path);
  reader.exec("BEGIN");
  REQUIRE(reader.rows("SELECT count(*) FROM events") == std::vector<std::string>{"1"});
  // Past twice checkpoint_pages with the reader's snapshot pinned: the
  // checkpoints, and any restart asked for, leave pages behind; no append
  // waits for the reader (the restart runs without a busy handler).
  std::uint64_t version = 1;
  const auto asked = std::chrono::steady_clock::now();
  while (store->counters().checkpoints_incomplete == 0 &&
         std::chrono::steady_clock::now() - asked < 30s) {
    appended(
        store->append(request("Order-0", ExpectedVersion::exact(version), big_events(1, 1000))));
    ++version;
  }
  const StoreCounters pinned = store->counters();
  CHECK(pinned.checkpoints_incomplete > 0);
  CHECK(pinned.checkpoint_errors == 0);
  CHECK(reader.rows("SELECT count(*) FROM events") == std::vector<std::string>{"1"});
  reader.exec("COMMIT");
  // Once it ends, the next restart succeeds and appends went on throughout.
  const auto freed = std::chrono::steady_clock::now();
  while (store->counters().wal_restarts == 0 && std::chrono::steady_clock::now() - freed < 30s) {
    appended(
        store->append(request("Order-0", ExpectedVersion::exact(version), big_events(1, 1000))));
    ++version;
  }
  CHECK(store->counters().wal_restarts > 0);
  CHECK(value(store->stream_version("Order-0")) == version);
  store.reset();
  check_store_invariants(path);
}

TEST_CASE(
    "store/sqlite-wal: a long-open reader breaks nothing, and the WAL shrinks after it ends") {
  TempDir dir;
  const std::string path = dir.file("events.db");
  auto store = Backend::open("sqlite://" + path, small_wal(16, 0));  // no bound
  appended(store->append(request("Order-0", ExpectedVersion::no_stream(), events(1))));
  Raw reader(path);
  reader.exec("BEGIN");
  REQUIRE(reader.rows("SELECT count(*) FROM events") == std::vector<std::string>{"1"});
  // The reader's snapshot pins the WAL: it grows past what checkpoints keep.
  for (int i = 1; i <= 300; ++i)
    appended(store->append(request("Order-0", ExpectedVersion::exact(i), big_events(1, 1000))));
  const std::uintmax_t grown = wal_size(path);
  const auto settings = value(store->settings());
  REQUIRE(settings.wal);
  CHECK(grown > static_cast<std::uintmax_t>(settings.wal->journal_size_limit));
  CHECK(reader.rows("SELECT count(*) FROM events") ==
        std::vector<std::string>{"1"});  // its snapshot
  CHECK(value(store->head()) == 301);
  CHECK(value(store->read_stream("Order-0", 1, 1000)).size() == 301);
  // The checkpointer has been asked; it runs below the appends' threads
  // (its design note 8), so on a loaded machine it may not have run yet.
  StoreCounters pinned = store->counters();
  const auto asked = std::chrono::steady_clock::now();
  while (pinned.checkpoints_incomplete == 0 && std::chrono::steady_clock::now() - asked < 30s) {
    std::this_thread::sleep_for(5ms);
    pinned = store->counters();
  }
  CHECK(pinned.checkpoints_incomplete > 0);
  CHECK(pinned.checkpoint_errors == 0);
  reader.exec("COMMIT");
  // Once it ends, a checkpoint copies everything, the writer starts the WAL
  // over and cuts the file back to journal_size_limit.
  std::uint64_t version = 301;
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (wal_size(path) > static_cast<std::uintmax_t>(settings.wal->journal_size_limit) &&
         std::chrono::steady_clock::now() < deadline) {
    appended(store->append(request("Order-0", ExpectedVersion::exact(version), events(1))));
    ++version;
    std::this_thread::sleep_for(2ms);
  }
  INFO("the WAL grew to " << grown << " bytes");
  CHECK(wal_size(path) <= static_cast<std::uintmax_t>(settings.wal->journal_size_limit));
  CHECK(value(store->stream_version("Order-0")) == version);
  store.reset();
  check_store_invariants(path);
}

TEST_CASE(
    "store/sqlite-wal: at the bound, appends wait for a reader, fail after busy_timeout, then go "
    "on") {
  TempDir dir;
  const std::string path = dir.file("events.db");
  StoreOptions options = small_wal(16, 64);
  options.busy_timeout = 300ms;
  auto store = Backend::open("sqlite://" + path, options);
  appended(store->append(request("Order-0", ExpectedVersion::no_stream(), events(1))));
  Raw reader(path);
  reader.exec("BEGIN");
  REQUIRE(reader.rows("SELECT count(*) FROM events") == std::vector<std::string>{"1"});
  std::uint64_t version = 1;
  std::optional<Status> refused;
  std::string refused_stream;
  for (int i = 0; i < 200 && !refused; ++i) {
    const std::string stream = "Other-" + std::to_string(i);
    auto outcome =
        store->append(request(stream, ExpectedVersion::no_stream(), big_events(1, 1000)));
    if (!outcome) {
      refused = outcome.status();
      refused_stream = stream;
    }
    ++version;
  }
  REQUIRE(refused);
  CHECK(refused->code() == StatusCode::unavailable);
  CHECK(refused->message().starts_with("sqlite://" + path + ": appending: the WAL holds "));
  CHECK(refused->message().find("past the store's limit of 64 (wal_limit_pages)") !=
        std::string::npos);
  CHECK(refused->message().find("a reader keeps an old snapshot open") != std::string::npos);
  CHECK(wal_size(path) <= wal_bytes(64 + 16));
  // Nothing of the refused append was written; reads go on.
  CHECK(value(store->stream_version(refused_stream)) == 0);
  const std::uint64_t head = value(store->head());
  CHECK(reader.rows("SELECT count(*) FROM events") == std::vector<std::string>{"1"});
  const StoreCounters held = store->counters();
  CHECK(held.failed_at_wal_limit == 1);
  CHECK(held.held_at_wal_limit >= 1);
  CHECK(held.waited_at_wal_limit >= 300ms);
  // The reader ends: the next append waits for the TRUNCATE and commits.
  reader.exec("COMMIT");
  const Appended after =
      appended(store->append(request(refused_stream, ExpectedVersion::no_stream(), events(1))));
  CHECK(after.first_position == head + 1);
  CHECK(wal_size(path) <= wal_bytes(16));
  CHECK(store->counters().failed_at_wal_limit == 1);
  store.reset();
  check_store_invariants(path);
}

TEST_CASE(
    "store/sqlite-wal: closing a store stops its checkpointer, even mid-checkpoint or held at the "
    "bound") {
  TempDir dir;
  const std::string path = dir.file("events.db");
  const std::size_t threads_before = thread_count();
  std::uint64_t expected_head = 0;
  for (int round = 0; round < 10; ++round) {
    auto store = Backend::open("sqlite://" + path, small_wal(4, 0));
    CHECK(thread_count() == threads_before + 1);
    for (int i = 0; i < 40; ++i)
      appended(store->append(
          request("Round-" + std::to_string(round), ExpectedVersion::any(), big_events(1, 2000))));
    expected_head += 40;
    // Closed right away: most rounds while a checkpoint was asked for or running.
  }
  CHECK(thread_count() == threads_before);
  CHECK_FALSE(std::filesystem::exists(path + "-wal"));
  {
    // Held at the bound by a reader, its thread retrying TRUNCATE: closed all the same.
    StoreOptions options = small_wal(4, 8);
    options.busy_timeout = 50ms;
    auto store = Backend::open("sqlite://" + path, options);
    Raw reader(path);
    reader.exec("BEGIN");
    reader.rows("SELECT count(*) FROM events");
    bool refused = false;
    for (int i = 0; i < 50 && !refused; ++i) {
      auto outcome = store->append(request("Held", ExpectedVersion::any(), big_events(1, 2000)));
      if (outcome) {
        ++expected_head;
      } else {
        refused = true;
      }
    }
    CHECK(refused);
    store.reset();
    CHECK(thread_count() == threads_before);
    reader.exec("COMMIT");
  }
  check_store_invariants(path);
  auto reopened = Backend::open("sqlite://" + path);
  CHECK(value(reopened->head()) == expected_head);
}
