// Copying a store (read_log, import_log, put_snapshot) on every backend:
// the log read back as it is kept and written into another store of the
// same backend unchanged (positions, ids, metadata, times, append
// boundaries, commands); a page written twice writes nothing; a page that
// does not continue the log is refused whole; the copy keeps the
// idempotency of retried appends and commands.
#include <thread>

#include "store_fixture.hpp"
#include "store_helpers.hpp"

using namespace mealy;
using namespace mealy::testing;

namespace {

std::vector<RecordedEvent> whole_log(EventStore& store) {
  return value(store.read_all(0, {}, 1000)).events;
}

// Two appends to Order-1 (the second with a command id), one to Order-2.
struct Filled {
  AppendRequest first, second, third;
};

Filled fill_copied(EventStore& store) {
  Filled f{
      request(
          "Order-1", ExpectedVersion::no_stream(), {event("Opened"), event("Paid")},
          {.correlation_id = Uuid::v7(SystemClock().now()), .actor = "web", .extra = {{"k", "v"}}}),
      request("Order-1", ExpectedVersion::exact(2), {event("Shipped")}),
      request("Order-2", ExpectedVersion::no_stream(), {event("Opened")})};
  f.second.command_id = Uuid::v7(SystemClock().now());
  appended(store.append(f.first));
  appended(store.append(f.second));
  appended(store.append(f.third));
  return f;
}

}  // namespace

STORE_CONTRACT("copy: the log reads with its append boundaries and commands") {
  EventStore& store = *backend.store;
  const Filled f = fill_copied(store);
  const LogPage page = value(store.read_log(0, 10));
  REQUIRE(page.events.size() == 4);
  CHECK(page.at_end);
  CHECK(page.next_position == 4);
  CHECK(page.events[0].append_first == 1);
  CHECK(page.events[0].append_last == 2);
  CHECK(page.events[1].append_last == 2);
  CHECK(page.events[2].append_first == 3);
  CHECK(page.events[2].append_last == 3);
  const auto log = whole_log(store);
  for (std::size_t i = 0; i < 4; ++i)
    CHECK(page.events[i].event == log[i]);
  REQUIRE(page.commands.size() == 1);
  CHECK(page.commands[0] == CommandRecord{f.second.command_id, "Order-1", 3, 3, 3});
  const LogPage first = value(store.read_log(0, 2));
  CHECK_FALSE(first.at_end);
  CHECK(first.next_position == 2);
  CHECK(first.commands.empty());
  const LogPage rest = value(store.read_log(first.next_position, 10));
  CHECK(rest.events.size() == 2);
  CHECK(rest.commands.size() == 1);
  const LogPage none = value(store.read_log(4, 10));
  CHECK(none.events.empty());
  CHECK(none.at_end);
  CHECK(none.next_position == 4);
}

STORE_CONTRACT("copy: an imported log is the same log, and importing it again writes nothing") {
  EventStore& source = *backend.store;
  const Filled f = fill_copied(source);
  Backend target_backend(backend.name);
  EventStore& target = *target_backend.store;
  const LogPage page = value(source.read_log(0, 10));
  CHECK(value(target.import_log(page)) == 4);
  CHECK(whole_log(target) == whole_log(source));
  CHECK(value(target.read_log(0, 10)).events == page.events);
  CHECK(value(target.read_command(f.second.command_id)) ==
        value(source.read_command(f.second.command_id)));
  CHECK(value(target.stream_version("Order-1")) == 3);
  CHECK(value(target.list_streams({})).streams == value(source.list_streams({})).streams);
  // Again, whole or in part: nothing written.
  CHECK(value(target.import_log(page)) == 0);
  CHECK(value(target.import_log(value(source.read_log(2, 10)))) == 0);
  CHECK(whole_log(target) == whole_log(source));
  // The copy answers retries as the source does.
  const Appended retried = appended(target.append(f.first));
  CHECK(retried.duplicate);
  CHECK(retried.first_position == 1);
  AppendRequest command_again = request("Order-1", ExpectedVersion::any(), {event("Other")});
  command_again.command_id = f.second.command_id;
  const Appended by_command = appended(target.append(command_again));
  CHECK(by_command.duplicate);
  CHECK(by_command.first_position == 3);
  // And goes on from there.
  CHECK(appended(target.append(request("Order-2", ExpectedVersion::exact(1), {event("Paid")})))
            .first_position == 5);
}

STORE_CONTRACT("copy: a page imported in parts, overlapping, continues where the log ends") {
  EventStore& source = *backend.store;
  fill_copied(source);
  Backend target_backend(backend.name);
  EventStore& target = *target_backend.store;
  CHECK(value(target.import_log(value(source.read_log(0, 3)))) == 3);
  CHECK(value(target.import_log(value(source.read_log(1, 10)))) == 1);  // 2 and 3 are there already
  CHECK(whole_log(target) == whole_log(source));
}

STORE_CONTRACT("copy: a page that does not continue the log is refused whole") {
  EventStore& source = *backend.store;
  fill_copied(source);
  Backend target_backend(backend.name);
  EventStore& target = *target_backend.store;
  // A gap: positions 3 and 4 into an empty log.
  auto gap = target.import_log(value(source.read_log(2, 10)));
  REQUIRE_FALSE(gap.ok());
  CHECK(gap.status().code() == StatusCode::invalid_argument);
  CHECK(gap.status().message().find("position 3 does not continue the log at 0") !=
        std::string::npos);
  CHECK(value(target.head()) == 0);
  // Another log's events at positions this one holds.
  appended(target.append(request("Other-1", ExpectedVersion::no_stream(), {event("Opened")})));
  auto other = target.import_log(value(source.read_log(0, 10)));
  REQUIRE_FALSE(other.ok());
  CHECK(other.status().code() == StatusCode::invalid_argument);
  CHECK(other.status().message().find("position 1 holds another event than") != std::string::npos);
  CHECK(value(target.head()) == 1);
  // A stream version that does not follow: nothing of the page is written.
  LogPage bad = value(source.read_log(0, 10));
  for (LoggedEvent& logged : bad.events)
    ++logged.event.position;  // continue at 2
  bad.events[1].event.stream_version = 5;
  auto skipped = target.import_log(bad);
  REQUIRE_FALSE(skipped.ok());
  CHECK(skipped.status().message().find("has version 5, but the stream is at version 1") !=
        std::string::npos);
  CHECK(value(target.head()) == 1);
}

STORE_CONTRACT("copy: snapshots are written as they are, and an import wakes waiters") {
  EventStore& source = *backend.store;
  fill_copied(source);
  Backend target_backend(backend.name);
  EventStore& target = *target_backend.store;
  const Snapshot snapshot{"Order-1", 3, 0xabcdef0123456789ULL, R"({"state":"Shipped"})"};
  REQUIRE(target.put_snapshot(snapshot).ok());
  const Snapshot newer{"Order-1", 4, 0xabcdef0123456789ULL, R"({"state":"Done"})"};
  REQUIRE(target.put_snapshot(newer).ok());
  CHECK(value(target.list_snapshots("Order-1")) == std::vector<Snapshot>{newer});
  std::thread importer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    CHECK(value(target.import_log(value(source.read_log(0, 10)))) == 4);
  });
  CHECK(target.wait_for_commit(0, std::chrono::seconds(30)));
  importer.join();
}
