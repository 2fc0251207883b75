// A WAL checkpoint of the store's checkpointer that fails (an I/O error
// from the fault-injecting VFS, fault_vfs.hpp) loses nothing: appends go on,
// the next checkpoint copies what the failed one did not, and the file,
// reopened without faults, holds every append.
#include <chrono>
#include <thread>

#include "fault_vfs.hpp"
#include "store_fixture.hpp"
#include "store_helpers.hpp"
#include "store_invariants.hpp"

using namespace mealy;
using namespace mealy::testing;
using namespace std::chrono_literals;

namespace {

std::vector<NewEvent> sized_events(std::size_t bytes) {
  return {event("Happened", "{\"text\":\"" + std::string(bytes, 'x') + "\"}")};
}

// Appends to `stream` until `done(counters)` holds, at most 20 s; the
// version of the stream after the last.
template <typename Done>
std::uint64_t append_until(EventStore& store, const std::string& stream, std::uint64_t version,
                           Done done) {
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (!done(store.counters()) && std::chrono::steady_clock::now() < deadline) {
    appended(store.append(request(
        stream, version == 0 ? ExpectedVersion::no_stream() : ExpectedVersion::exact(version),
        sized_events(1000))));
    ++version;
    std::this_thread::sleep_for(1ms);
  }
  REQUIRE(done(store.counters()));
  return version;
}

void fail_a_checkpoint(Io kind, Fault fault, std::size_t limit_pages) {
  TempDir dir;
  const std::string path = dir.file("events.db");
  FaultVfs& vfs = FaultVfs::get();
  StoreOptions options;
  options.sqlite_vfs = FaultVfs::kName;
  options.wal_checkpoint_pages = 16;
  options.wal_limit_pages = limit_pages;
  std::uint64_t version = 0;
  {
    auto store = Backend::open("sqlite://" + path, options);
    version = append_until(*store, "Order-1", version,
                           [](const StoreCounters& c) { return c.checkpoints >= 2; });
    REQUIRE(store->counters().checkpoint_errors == 0);
    // With synchronous = normal commits do not sync, with one exception: the
    // first commit after the WAL starts over syncs the WAL's new header. So
    // the next sync is a checkpoint's (its WAL's, before copying), or that
    // append's, whichever comes first (it depends on the scheduler). A write
    // or truncate may be an append's too. A failed append fails alone, as
    // any failed write does, and appends nothing.
    vfs.fail(kind, 1, fault);
    bool append_failed = false;
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (!vfs.fired() && std::chrono::steady_clock::now() < deadline) {
      auto outcome =
          store->append(request("Order-1", ExpectedVersion::exact(version), sized_events(1000)));
      if (outcome) {
        appended(std::move(outcome));
        ++version;
      } else {
        CHECK(outcome.status().code() == StatusCode::io_error);
        append_failed = true;
      }
      std::this_thread::sleep_for(1ms);
    }
    REQUIRE(vfs.fired());
    vfs.stop();
    if (kind == Io::sync && !append_failed) {
      // The fault fired inside the checkpointer's call: it counts the error
      // once the call returns.
      const auto counted = std::chrono::steady_clock::now() + 20s;
      while (store->counters().checkpoint_errors == 0 && std::chrono::steady_clock::now() < counted)
        std::this_thread::sleep_for(1ms);
    }
    const StoreCounters failed = store->counters();
    CAPTURE(append_failed, failed.checkpoint_errors, failed.last_checkpoint_error);
    if (kind == Io::sync) {
      // The one fault is counted by whichever call it failed: the
      // checkpointer's, or the append's.
      CHECK(failed.checkpoint_errors == (append_failed ? 0u : 1u));
      if (!append_failed)
        CHECK(failed.last_checkpoint_error.starts_with("sqlite://" + path +
                                                       ": checkpointing the WAL: "));
    }
    // Appends go on, and later checkpoints succeed again.
    const std::uint64_t good_before =
        failed.checkpoints - failed.checkpoint_errors - failed.checkpoints_incomplete;
    version = append_until(*store, "Order-1", version, [&](const StoreCounters& c) {
      return c.checkpoints - c.checkpoint_errors - c.checkpoints_incomplete >= good_before + 2;
    });
    CHECK(value(store->stream_version("Order-1")) == version);
  }
  check_store_invariants(path);
  auto reopened = Backend::open("sqlite://" + path);
  CHECK(value(reopened->stream_version("Order-1")) == version);
  const auto events = value(reopened->read_stream("Order-1", 1, 100'000));
  REQUIRE(events.size() == version);
  for (std::size_t i = 0; i < events.size(); ++i)
    CHECK(events[i].stream_version == i + 1);
}

// With synchronous = FULL the WAL is started over by a RESTART checkpoint
// that the leader of a batch runs on the writer's connection before its
// BEGIN (sqlite_checkpointer.hpp, note 4b). One appending thread is every
// batch's leader, so the rule "this thread, the database file" fails that
// restart and nothing else (the checkpointer's thread makes its own calls;
// commits never write or sync the database file in WAL mode; a restart
// that finds the WAL copied already writes nothing, so the fault may come
// some restarts after it is set). The failed
// restart is counted, the batch it came before commits, later restarts
// succeed, and the file holds every append.
void fail_a_restart(Io kind, Fault fault) {
  TempDir dir;
  const std::string path = dir.file("events.db");
  FaultVfs& vfs = FaultVfs::get();
  StoreOptions options;
  options.sqlite_vfs = FaultVfs::kName;
  options.synchronous = StoreOptions::Synchronous::full;
  options.wal_checkpoint_pages = 16;
  std::uint64_t version = 0;
  {
    auto store = Backend::open("sqlite://" + path, options);
    version = append_until(*store, "Order-1", version,
                           [](const StoreCounters& c) { return c.wal_restarts >= 1; });
    REQUIRE(store->counters().checkpoint_errors == 0);
    vfs.fail(kind, 1, fault, {FileRole::database, true});
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (!vfs.fired() && std::chrono::steady_clock::now() < deadline) {
      // Every append commits: the fault is the restart's, before the batch.
      appended(
          store->append(request("Order-1", ExpectedVersion::exact(version), sized_events(1000))));
      ++version;
      std::this_thread::sleep_for(1ms);
    }
    REQUIRE(vfs.fired());
    vfs.stop();
    const StoreCounters failed = store->counters();
    CAPTURE(failed.last_checkpoint_error);
    CHECK(failed.checkpoint_errors == 1);
    CHECK(
        failed.last_checkpoint_error.starts_with("sqlite://" + path + ": checkpointing the WAL: "));
    // The WAL starts over again at a later batch.
    version = append_until(*store, "Order-1", version, [&](const StoreCounters& c) {
      return c.wal_restarts >= failed.wal_restarts + 2;
    });
    CHECK(store->counters().checkpoint_errors == 1);
    CHECK(value(store->stream_version("Order-1")) == version);
  }
  check_store_invariants(path);
  auto reopened = Backend::open("sqlite://" + path);
  const auto events = value(reopened->read_stream("Order-1", 1, 100'000));
  REQUIRE(events.size() == version);
  for (std::size_t i = 0; i < events.size(); ++i)
    CHECK(events[i].stream_version == i + 1);
}

}  // namespace

TEST_CASE("store/faults: a WAL restart on the commit path whose sync fails (FULL) loses nothing") {
  fail_a_restart(Io::sync, Fault::io_error);
}

TEST_CASE(
    "store/faults: a WAL restart on the commit path whose write finds the disk full loses "
    "nothing") {
  fail_a_restart(Io::write, Fault::full);
}

TEST_CASE("store/faults: a checkpoint whose sync fails loses nothing, and appends keep working") {
  fail_a_checkpoint(Io::sync, Fault::io_error, 0);
}

TEST_CASE("store/faults: the same with the WAL bounded, its sync failing") {
  fail_a_checkpoint(Io::sync, Fault::io_error, 64);
}

TEST_CASE("store/faults: a checkpoint or append whose write finds the disk full loses nothing") {
  fail_a_checkpoint(Io::write, Fault::full, 0);
}
