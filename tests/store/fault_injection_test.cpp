// Every I/O call a store operation makes, failed once: an append alone, a
// batch of concurrent appends sharing a transaction, an append with a
// snapshot, a projection's transaction, and the checkpoint when a store
// closes. The store runs over the fault-injecting VFS (fault_vfs.hpp).
//
// For each scenario, a first run only counts the reads, writes, syncs and
// truncates it makes; then, for each of those calls, a run from the same
// starting file fails that one call (a write in three ways: an I/O error, a
// full disk, half written then full). After each run:
//  - the store object goes on working: one more append through it commits;
//  - the file, reopened without faults, passes check_store_invariants:
//    integrity_check, positions from 1 without a gap (AUTOINCREMENT's counter
//    agreeing), each stream's versions from 1 without a gap, matching `streams`;
//  - every append reported Appended is there, at the positions and versions
//    reported, with its snapshot; every append reported as an error (or a
//    Conflict) left none of its events and not its snapshot: an error means
//    nothing of it was written;
//  - a projection that reported true committed its rows and checkpoint, one
//    that reported an error left neither;
//  - one more append on the reopened file takes the next position;
//  - the same holds of the files as a crash right after the fault would
//    leave them (copied before the store goes on), but for the one case
//    SQLite cannot take back, checked to be the only one: with synchronous
//    = full, the sync after the commit record failed; the append is then
//    there whole after the crash, though reported as an error.
#include <chrono>
#include <deque>
#include <filesystem>
#include <functional>
#include <thread>

#include "fault_vfs.hpp"
#include "raw_sqlite.hpp"
#include "store_fixture.hpp"
#include "store_helpers.hpp"
#include "store_invariants.hpp"

using namespace mealy;
using namespace mealy::testing;
using namespace std::chrono_literals;

namespace {

constexpr std::uint64_t kFingerprint = 0x5eed;

// An append tried in a scenario, and what it reported.
struct Tried {
  AppendRequest request;
  std::unique_ptr<Snapshot> snapshot;
  bool fresh = true;         // its event ids were new, so after an error none may be there
  bool before_crash = true;  // tried before the copy of the files that a crash would leave
  std::optional<Result<AppendOutcome>> outcome;
};

// A projection tried in a scenario: it moves checkpoint `name` from `from`
// to `to` and inserts `keys` into `totals`.
struct Projected {
  std::string name;
  std::uint64_t from = 0;
  std::uint64_t to = 0;
  std::vector<std::string> keys;
  std::size_t value_bytes = 200;
  bool ignore_errors =
      false;  // a careless handler: goes on after a failed statement, and returns ok
  std::optional<Result<bool>> outcome;
};

// What a run tried and what it was told.
struct Ledger {
  std::deque<Tried> appends;
  std::deque<Projected> projections;

  Tried& add(std::string stream, ExpectedVersion expected, std::size_t count,
             std::size_t payload_bytes = 64) {
    Tried& tried = appends.emplace_back();
    tried.request.stream = std::move(stream);
    tried.request.expected = expected;
    for (std::size_t i = 0; i < count; ++i) {
      tried.request.events.push_back(
          event("Happened", "{\"pad\":\"" + std::string(payload_bytes, 'x') + "\"}"));
    }
    return tried;
  }
  Tried& add_snapshot(Tried& tried, std::uint64_t version) {
    tried.snapshot = std::make_unique<Snapshot>(Snapshot{
        tried.request.stream, version, kFingerprint, "{\"at\":" + std::to_string(version) + "}"});
    tried.request.snapshot = tried.snapshot.get();
    return tried;
  }
};

void append_all(EventStore& store, Ledger& ledger) {
  for (Tried& tried : ledger.appends) {
    if (!tried.outcome) tried.outcome = store.append(tried.request);
  }
}

Status insert_keys(SqlTransaction& sql, const Projected& projected) {
  const std::string padding(projected.value_bytes, 'v');
  for (const std::string& key : projected.keys) {
    const SqlValue values[] = {std::string_view(key), std::string_view(padding)};
    Status status = sql.execute("INSERT INTO totals (key, value) VALUES ($1, $2)", values);
    if (!status.ok() && !projected.ignore_errors) return status;
  }
  return {};
}

void project(EventStore& store, Projected& projected) {
  projected.outcome = store.project(
      projected.name, projected.from == 0 ? std::nullopt : std::optional(projected.from),
      projected.to, [&](SqlTransaction& sql) { return insert_keys(sql, projected); });
}

// A scenario: `setup` writes the starting file; on each run, `prepare`
// (optional) runs on the opened copy without faults, then `act` under them,
// both recording in the ledger. With `close_faulted`, closing the store (its
// checkpoint) is under faults too.
struct Scenario {
  std::function<void(EventStore&)> setup{};
  std::function<void(EventStore&, Ledger&)> prepare{};
  std::function<void(EventStore&, const std::string& path, Ledger&)> act{};
  bool close_faulted = false;
};

std::string ids_of(const AppendRequest& request) {
  std::string list;
  for (const NewEvent& e : request.events)
    list += (list.empty() ? "'" : ", '") + e.id.to_string() + "'";
  return list;
}

// The checks after a run (see the top of the file), on the file reopened
// without faults. On a `crash_image` (the files as a crash right after the
// fault leaves them), a write reported as an error may be there after all,
// but only whole; gives how many were.
std::size_t verify(const std::string& path, const Ledger& ledger, bool crash_image = false) {
  check_store_invariants(path);
  std::size_t whole = 0;
  {
    Raw raw(path);
    for (const Tried& tried : ledger.appends) {
      if (crash_image && !tried.before_crash) continue;
      INFO("append to " << tried.request.stream);
      REQUIRE(tried.outcome.has_value());
      const auto* done =
          tried.outcome->ok() ? std::get_if<Appended>(&tried.outcome->value()) : nullptr;
      if (done == nullptr) {
        if (tried.fresh) {
          const std::string there = raw.rows("SELECT count(*) FROM events WHERE event_id IN (" +
                                             ids_of(tried.request) + ")")
                                        .at(0);
          if (crash_image && there == std::to_string(tried.request.events.size())) {
            ++whole;
            continue;
          }
          CHECK(there == "0");
        }
        if (tried.snapshot) {
          CHECK(raw.rows("SELECT count(*) FROM snapshots WHERE stream = '" + tried.request.stream +
                         "' AND state = '" + tried.snapshot->state + "'") ==
                std::vector<std::string>{"0"});
        }
        continue;
      }
      REQUIRE(done->count == tried.request.events.size());
      for (std::size_t i = 0; i < done->count; ++i) {
        CHECK(raw.rows("SELECT position, stream, stream_version FROM events WHERE event_id = '" +
                       tried.request.events[i].id.to_string() + "'") ==
              std::vector<std::string>{std::to_string(done->first_position + i) + "|" +
                                       tried.request.stream + "|" +
                                       std::to_string(done->first_version + i)});
      }
      if (tried.snapshot) {
        CHECK(raw.rows("SELECT version, state FROM snapshots WHERE stream = '" +
                       tried.request.stream + "'") ==
              std::vector<std::string>{std::to_string(tried.snapshot->version) + "|" +
                                       tried.snapshot->state});
      }
    }
    for (const Projected& projected : ledger.projections) {
      INFO("projection " << projected.name);
      REQUIRE(projected.outcome.has_value());
      REQUIRE((!projected.outcome->ok() || projected.outcome->value()));  // never refused here
      bool committed = projected.outcome->ok();
      if (!committed && crash_image &&
          raw.rows("SELECT position FROM checkpoints WHERE name = '" + projected.name + "'") ==
              std::vector<std::string>{std::to_string(projected.to)}) {
        ++whole;
        committed = true;  // then its rows must all be there too
      }
      CHECK(raw.rows("SELECT coalesce((SELECT position FROM checkpoints WHERE name = '" +
                     projected.name + "'), 0)") ==
            std::vector<std::string>{std::to_string(committed ? projected.to : projected.from)});
      std::string keys;
      for (const std::string& key : projected.keys)
        keys += (keys.empty() ? "'" : ", '") + key + "'";
      CHECK(raw.rows("SELECT count(*) FROM totals WHERE key IN (" + keys + ")") ==
            std::vector<std::string>{committed ? std::to_string(projected.keys.size()) : "0"});
    }
  }
  auto store = Backend::open("sqlite://" + path);
  const std::uint64_t head = value(store->head());
  CHECK(appended(store->append(request("Final-1", ExpectedVersion::no_stream(), events(1))))
            .first_position == head + 1);
  return whole;
}

// What a run reports: which faults fired, for the summary.
struct Tally {
  std::size_t runs = 0;
  std::size_t fired = 0;
  std::size_t errors = 0;
  std::size_t whole_after_crash = 0;  // errors found whole in a crash image (see verify)
};

// Runs `scenario` once with `arm` setting the VFS's rule, from a copy of
// `seed`, then checks it.
void run_once(const Scenario& scenario, const std::string& seed, const std::string& path,
              const StoreOptions& base, const std::function<void()>& arm, Tally& tally) {
  FaultVfs& vfs = FaultVfs::get();
  std::filesystem::copy_file(seed, path, std::filesystem::copy_options::overwrite_existing);
  const std::string crash = path + ".crash";
  StoreOptions options = base;
  options.sqlite_vfs = FaultVfs::kName;
  Ledger ledger;
  {
    auto store = Backend::open("sqlite://" + path, options);
    if (scenario.prepare) scenario.prepare(*store, ledger);
    arm();
    if (scenario.act) scenario.act(*store, path, ledger);
    if (!scenario.close_faulted) {
      // The files as a crash right now would leave them.
      for (const char* suffix : {"", "-wal"}) {
        if (std::filesystem::exists(path + suffix)) {
          std::filesystem::copy_file(path + suffix, crash + suffix,
                                     std::filesystem::copy_options::overwrite_existing);
        }
      }
    }
    if (!scenario.close_faulted) {
      vfs.stop();
      // The store goes on: through the same object, after whatever happened.
      Tried& after = ledger.add("After-1", ExpectedVersion::no_stream(), 1);
      after.before_crash = false;
      after.outcome = store->append(after.request);
      INFO("the store goes on after the fault");
      appended(*after.outcome);
    }
  }
  vfs.stop();
  ++tally.runs;
  if (vfs.fired()) ++tally.fired;
  auto check_error = [&](const Status& status) {
    ++tally.errors;
    CHECK(status.code() == StatusCode::io_error);
    CHECK(status.message().starts_with("sqlite://" + path + ": "));
  };
  for (const Tried& tried : ledger.appends) {
    if (tried.outcome && !tried.outcome->ok()) check_error(tried.outcome->status());
  }
  for (const Projected& projected : ledger.projections) {
    if (projected.outcome && !projected.outcome->ok()) check_error(projected.outcome->status());
  }
  verify(path, ledger);
  if (!scenario.close_faulted) {
    INFO("after a crash right after the fault");
    tally.whole_after_crash += verify(crash, ledger, true);
  }
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(path + suffix);
    std::filesystem::remove(crash + suffix);
  }
}

// Which calls of `calls` to fail: every one, or `samples` of them spread
// evenly, the first and the last among them.
std::vector<std::size_t> calls_to_fail(std::size_t calls, std::size_t samples) {
  std::vector<std::size_t> chosen;
  if (samples == 0 || calls <= samples) {
    for (std::size_t n = 1; n <= calls; ++n)
      chosen.push_back(n);
    return chosen;
  }
  for (std::size_t i = 0; i < samples; ++i)
    chosen.push_back(1 + i * (calls - 1) / (samples - 1));
  return chosen;
}

// Runs `scenario` counting, then once per I/O call (or per sampled call:
// `samples` of each kind), failing it.
void exhaust(const Scenario& scenario, const StoreOptions& base = {}, std::size_t samples = 0) {
  TempDir dir;
  const std::string seed = dir.file("seed.db");
  {
    auto store = Backend::open("sqlite://" + seed, base);
    scenario.setup(*store);
  }  // closed: the WAL is checkpointed into the file and removed
  REQUIRE_FALSE(std::filesystem::exists(seed + "-wal"));
  FaultVfs& vfs = FaultVfs::get();
  const std::string path = dir.file("run.db");
  Tally tally;
  std::array<std::size_t, 4> counts{};
  run_once(
      scenario, seed, path, base, [&] { vfs.count(); }, tally);
  // counted during the run above; stop() keeps the counts
  for (Io kind : kIoKinds)
    counts[static_cast<std::size_t>(kind)] = vfs.calls(kind);
  REQUIRE(tally.errors == 0);
  for (Io kind : kIoKinds) {
    const std::size_t calls = counts[static_cast<std::size_t>(kind)];
    for (std::size_t n : calls_to_fail(calls, samples)) {
      for (Fault fault : {Fault::io_error, Fault::full, Fault::short_write}) {
        if (kind != Io::write && fault != Fault::io_error) continue;
        INFO("failing " << name_of(kind) << " " << n << " of " << calls << " with "
                        << name_of(fault));
        const std::size_t whole_before = tally.whole_after_crash;
        run_once(
            scenario, seed, path, base, [&] { vfs.fail(kind, n, fault); }, tally);
        // The one write SQLite cannot take back: its commit record is in the
        // WAL when the sync after it fails (synchronous = full only). The
        // next commit, or closing the store, overwrites it; a crash before
        // either keeps it (runtime/README.md, "What a failure does").
        if (tally.whole_after_crash != whole_before) {
          CHECK(kind == Io::sync);
          CHECK(base.synchronous == StoreOptions::Synchronous::full);
        }
      }
    }
  }
  WARN("I/O calls: " << counts[0] << " reads, " << counts[1] << " writes, " << counts[2]
                     << " syncs, " << counts[3] << " truncates; " << tally.runs << " runs, "
                     << tally.fired << " faults fired, " << tally.errors << " errors reported, "
                     << tally.whole_after_crash << " of them whole after a crash");
  CHECK(counts[static_cast<std::size_t>(Io::write)] > 0);
  CHECK(tally.fired > 0);
}

// The starting file of every scenario: a few streams, a snapshot, a
// projection's table and checkpoint.
void seed_streams(EventStore& store) {
  Snapshot snapshot{"Order-1", 2, kFingerprint, "{\"at\":2}"};
  AppendRequest first = request("Order-1", ExpectedVersion::no_stream(), events(2));
  first.snapshot = &snapshot;
  appended(store.append(first));
  appended(store.append(request("Order-3", ExpectedVersion::no_stream(), events(1))));
  appended(store.append(request("Order-4", ExpectedVersion::no_stream(), events(1))));
  REQUIRE(value(store.project("totals", std::nullopt, 1, [](SqlTransaction& sql) {
    return sql.execute("CREATE TABLE totals (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
  })));
}

}  // namespace

TEST_CASE(
    "store/faults: every I/O call of an append, failed once, leaves no trace of it and the store "
    "working") {
  exhaust({.setup = seed_streams, .act = [](EventStore& store, const std::string&, Ledger& ledger) {
             ledger.add("Order-1", ExpectedVersion::exact(2), 3, 300);
             append_all(store, ledger);
           }});
}

TEST_CASE("store/faults: the same with synchronous = full, where every commit syncs") {
  StoreOptions full;
  full.synchronous = StoreOptions::Synchronous::full;
  exhaust({.setup = seed_streams,
           .act =
               [](EventStore& store, const std::string&, Ledger& ledger) {
                 ledger.add("Order-1", ExpectedVersion::exact(2), 3, 300);
                 append_all(store, ledger);
               }},
          full);
}

TEST_CASE("store/faults: every I/O call of an append with a snapshot, failed once") {
  exhaust({.setup = seed_streams, .act = [](EventStore& store, const std::string&, Ledger& ledger) {
             ledger.add_snapshot(ledger.add("Order-1", ExpectedVersion::exact(2), 1), 3);
             append_all(store, ledger);
           }});
}

TEST_CASE("store/faults: every I/O call of a batch of concurrent appends, failed once") {
  exhaust({.setup = seed_streams,
           .prepare =
               [](EventStore& store, Ledger& ledger) {
                 Tried& original = ledger.add("Order-5", ExpectedVersion::no_stream(), 2);
                 original.outcome = store.append(original.request);
                 appended(*original.outcome);
               },
           .act =
               [](EventStore& store, const std::string& path, Ledger& ledger) {
                 Tried& first = ledger.add("Order-1", ExpectedVersion::exact(2), 2);
                 ledger.add("Order-2", ExpectedVersion::no_stream(), 3, 300);
                 ledger.add("Order-3", ExpectedVersion::exact(1), 1);
                 ledger.add("Order-4", ExpectedVersion::exact(5), 1);  // a conflict
                 Tried& again =
                     ledger.appends.emplace_back();  // a retry of an append before: a duplicate
                 again.request = ledger.appends.front().request;
                 again.fresh = false;
                 Tried& twin =
                     ledger.appends.emplace_back();  // a retry within the batch: a duplicate of
                 twin.request =
                     ledger.appends[2].request;  // uncommitted rows, an error if they do not commit
                 // Another connection holds the write lock, so the first append
                 // waits in BEGIN while the others queue behind it; when the lock
                 // goes, they commit together in the next batch (group commit).
                 Raw blocker(path);
                 blocker.exec("BEGIN IMMEDIATE");
                 std::vector<std::thread> threads;
                 threads.emplace_back([&] { first.outcome = store.append(first.request); });
                 std::this_thread::sleep_for(20ms);
                 for (Tried& tried : ledger.appends) {
                   if (&tried != &first && !tried.outcome) {
                     threads.emplace_back([&] { tried.outcome = store.append(tried.request); });
                     std::this_thread::sleep_for(2ms);  // so that they queue in this order
                   }
                 }
                 std::this_thread::sleep_for(20ms);
                 blocker.exec("COMMIT");
                 for (auto& thread : threads)
                   thread.join();
               }});
}

TEST_CASE(
    "store/faults: every I/O call of a projection's transaction, failed once, rolls its rows "
    "back") {
  exhaust({.setup = seed_streams, .act = [](EventStore& store, const std::string&, Ledger& ledger) {
             Projected& projected = ledger.projections.emplace_back();
             projected.name = "totals";
             projected.from = 1;
             projected.to = 2;
             for (int i = 0; i < 40; ++i)
               projected.keys.push_back("key-" + std::to_string(i));
             project(store, projected);
           }});
}

TEST_CASE(
    "store/faults: a failure inside a big projection rolls it all back, even when its handler "
    "ignores it") {
  // 3 MB of rows overflow the page cache: pages go to the WAL mid-way, and
  // a failure there makes SQLite roll the transaction back. The handler goes
  // on as if nothing happened; its later statements must not commit alone.
  exhaust({.setup = seed_streams,
           .act =
               [](EventStore& store, const std::string&, Ledger& ledger) {
                 Projected& projected = ledger.projections.emplace_back();
                 projected.name = "totals";
                 projected.from = 1;
                 projected.to = 2;
                 projected.value_bytes = 100'000;
                 projected.ignore_errors = true;
                 for (int i = 0; i < 30; ++i)
                   projected.keys.push_back("key-" + std::to_string(i));
                 project(store, projected);
               }},
          {}, 12);
}

TEST_CASE(
    "store/faults: every I/O call of closing a store (its checkpoint), failed once, loses "
    "nothing") {
  exhaust({.setup = seed_streams,
           .prepare =
               [](EventStore& store, Ledger& ledger) {
                 ledger.add("Order-1", ExpectedVersion::exact(2), 3, 2000);
                 ledger.add("Order-9", ExpectedVersion::no_stream(), 2, 2000);
                 append_all(store, ledger);
                 for (const Tried& tried : ledger.appends)
                   appended(*tried.outcome);
               },
           .close_faulted = true});
}

TEST_CASE(
    "store/faults: a write failing inside a big append of a batch, when SQLite rolls the whole "
    "transaction back") {
  // 2.5 MB of events overflow SQLite's page cache (2 MB), which then writes
  // pages to the WAL in the middle of the append: a failure there makes
  // SQLite roll the whole transaction back, under the batch's other appends.
  exhaust({.setup = seed_streams,
           .act =
               [](EventStore& store, const std::string& path, Ledger& ledger) {
                 Tried& first = ledger.add("Order-1", ExpectedVersion::exact(2), 1);
                 ledger.add("Big-1", ExpectedVersion::no_stream(), 5, 500'000);
                 ledger.add("Order-2", ExpectedVersion::no_stream(), 1);
                 ledger.add("Order-3", ExpectedVersion::exact(1), 1);
                 Raw blocker(path);
                 blocker.exec("BEGIN IMMEDIATE");
                 std::vector<std::thread> threads;
                 for (Tried& tried : ledger.appends) {
                   // One at a time, so that they queue in this order.
                   threads.emplace_back([&] { tried.outcome = store.append(tried.request); });
                   std::this_thread::sleep_for(&tried == &first ? 20ms : 5ms);
                 }
                 std::this_thread::sleep_for(20ms);
                 blocker.exec("COMMIT");
                 for (auto& thread : threads)
                   thread.join();
               }},
          {}, 12);
}

TEST_CASE(
    "store/faults: a file system gone read-only under an open store: appends fail, reads go on, "
    "then it recovers") {
  // Every write fails (EROFS) while appends come alone and in a batch; once
  // the file system is writable again, the same store object appends again.
  TempDir dir;
  const std::string seed = dir.file("seed.db");
  {
    auto store = Backend::open("sqlite://" + seed);
    seed_streams(*store);
  }
  Scenario scenario{.act = [](EventStore& store, const std::string&, Ledger& ledger) {
    Tried& alone = ledger.add("Order-1", ExpectedVersion::exact(2), 1);
    alone.outcome = store.append(alone.request);
    for (int i = 0; i < 3; ++i)
      ledger.add("Order-" + std::to_string(10 + i), ExpectedVersion::no_stream(), 2);
    std::vector<std::thread> threads;
    for (Tried& tried : ledger.appends) {
      if (!tried.outcome)
        threads.emplace_back([&] { tried.outcome = store.append(tried.request); });
    }
    for (auto& thread : threads)
      thread.join();
    for (const Tried& tried : ledger.appends) {
      REQUIRE_FALSE(tried.outcome->ok());
      CHECK(tried.outcome->status().message().ends_with("disk I/O error"));
    }
    // Reading needs no write.
    CHECK(value(store.head()) == 4);
    CHECK(value(store.read_stream("Order-1", 1, 10)).size() == 2);
    CHECK(value(store.read_all(0, {}, 10)).events.size() == 4);
  }};
  Tally tally;
  run_once(
      scenario, seed, dir.file("run.db"), {}, [] { FaultVfs::get().fail_writes(); }, tally);
  CHECK(tally.errors == 4);
}
