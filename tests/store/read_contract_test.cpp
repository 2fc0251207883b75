// Reading streams and the change feed, on every backend.
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "store_fixture.hpp"
#include "store_helpers.hpp"

using namespace mealy;
using namespace mealy::testing;

namespace {

// Order-1: Opened, Paid; Ticket-1: Opened; Order-2: Opened, Shipped.
void fill_reads(EventStore& store) {
  appended(store.append(
      request("Order-1", ExpectedVersion::no_stream(), {event("Opened"), event("Paid")})));
  appended(store.append(request("Ticket-1", ExpectedVersion::no_stream(), {event("Opened")})));
  appended(store.append(
      request("Order-2", ExpectedVersion::no_stream(), {event("Opened"), event("Shipped")})));
}

std::vector<std::uint64_t> positions(const Page& page) {
  std::vector<std::uint64_t> out;
  for (const auto& e : page.events)
    out.push_back(e.position);
  return out;
}

}  // namespace

STORE_CONTRACT("a stream reads from a version, up to a count") {
  EventStore& store = *backend.store;
  appended(store.append(request("Order-1", ExpectedVersion::no_stream(), events(5))));
  const auto tail = value(store.read_stream("Order-1", 3, 2));
  REQUIRE(tail.size() == 2);
  CHECK(tail[0].stream_version == 3);
  CHECK(tail[1].stream_version == 4);
  CHECK(value(store.read_stream("Order-1", 6, 10)).empty());
  CHECK(value(store.read_stream("Order-1", 0, 10)).size() == 5);
}

STORE_CONTRACT("the change feed pages through the log with a cursor") {
  EventStore& store = *backend.store;
  fill_reads(store);
  Page first = value(store.read_all(0, {}, 2));
  CHECK(positions(first) == std::vector<std::uint64_t>{1, 2});
  CHECK(first.next_position == 2);
  CHECK_FALSE(first.at_end);
  Page second = value(store.read_all(first.next_position, {}, 2));
  CHECK(positions(second) == std::vector<std::uint64_t>{3, 4});
  Page third = value(store.read_all(second.next_position, {}, 2));
  CHECK(positions(third) == std::vector<std::uint64_t>{5});
  CHECK(third.at_end);
  CHECK(third.next_position == 5);
  Page empty = value(store.read_all(third.next_position, {}, 2));
  CHECK(empty.events.empty());
  CHECK(empty.next_position == 5);
  CHECK(empty.at_end);
}

STORE_CONTRACT("the change feed filters by category, event type and stream") {
  EventStore& store = *backend.store;
  fill_reads(store);
  CHECK(positions(value(store.read_all(0, {.categories = {"Order"}}, 10))) ==
        std::vector<std::uint64_t>{1, 2, 4, 5});
  CHECK(positions(value(store.read_all(0, {.event_types = {"Opened"}}, 10))) ==
        std::vector<std::uint64_t>{1, 3, 4});
  CHECK(positions(value(store.read_all(
            0, {.categories = {"Order"}, .event_types = {"Paid", "Shipped"}}, 10))) ==
        std::vector<std::uint64_t>{2, 5});
  CHECK(positions(value(store.read_all(0, {.categories = {"Ticket", "Order"}}, 10))).size() == 5);
  CHECK(positions(value(store.read_all(0, {.stream = "Order-2"}, 10))) ==
        std::vector<std::uint64_t>{4, 5});
  // A full filtered page resumes after its last event.
  Page page = value(store.read_all(0, {.categories = {"Order"}}, 2));
  CHECK(page.next_position == 2);
  // An empty filtered page still moves the cursor to what it examined.
  Page none = value(store.read_all(0, {.categories = {"Invoice"}}, 10));
  CHECK(none.events.empty());
  CHECK(none.next_position == 5);
  CHECK(none.at_end);
  appended(store.append(request("Ticket-1", ExpectedVersion::exact(1), {event("Closed")})));
  Page later = value(store.read_all(none.next_position, {.categories = {"Invoice"}}, 10));
  CHECK(later.events.empty());
  CHECK(later.next_position == 6);
}

STORE_CONTRACT("reading the feed does not wait for a commit signal, and commits signal waiters") {
  EventStore& store = *backend.store;
  CHECK_FALSE(store.wait_for_commit(0, std::chrono::milliseconds(1)));
  std::optional<Result<AppendOutcome>>
      outcome;  // the writer's; checked here, as Catch2 asserts on one thread
  std::thread writer(
      [&] { outcome = store.append(request("Order-1", ExpectedVersion::any(), events(1))); });
  CHECK(store.wait_for_commit(0, std::chrono::seconds(10)));
  writer.join();
  REQUIRE(outcome.has_value());
  appended(std::move(*outcome));
  CHECK(value(store.head()) == 1);
}

STORE_CONTRACT("checkpoints are compare-and-set") {
  EventStore& store = *backend.store;
  CHECK_FALSE(value(store.read_checkpoint("emails")).has_value());
  CHECK_FALSE(value(store.compare_and_set_checkpoint("emails", 3, 5)));
  CHECK(value(store.compare_and_set_checkpoint("emails", std::nullopt, 5)));
  CHECK_FALSE(value(store.compare_and_set_checkpoint("emails", std::nullopt, 6)));
  CHECK_FALSE(value(store.compare_and_set_checkpoint("emails", 4, 6)));
  CHECK(value(store.read_checkpoint("emails")) == std::optional<std::uint64_t>(5));
  CHECK(value(store.compare_and_set_checkpoint("emails", 5, 9)));
  CHECK(value(store.read_checkpoint("emails")) == std::optional<std::uint64_t>(9));
  CHECK_FALSE(value(store.read_checkpoint("other")).has_value());
}

namespace {

// What visit_stream() handed out, copied while the views were valid.
struct Visited {
  std::uint64_t position;
  std::uint64_t stream_version;
  std::string type;
  std::uint32_t schema_version;
  std::string payload;
};

std::vector<Visited> visit_all(EventStore& store, std::string_view stream, std::uint64_t from,
                               std::size_t max_count) {
  std::vector<Visited> out;
  const Status status = store.visit_stream(stream, from, max_count, [&](const StoredEventView& e) {
    out.push_back({e.position, e.stream_version, std::string(e.type), e.schema_version,
                   std::string(e.payload)});
    return Status();
  });
  REQUIRE(status.ok());
  return out;
}

}  // namespace

STORE_CONTRACT("visit_stream hands out a stream's events in order, as read_stream reads them") {
  EventStore& store = *backend.store;
  fill_reads(store);
  appended(store.append(request("Order-1", ExpectedVersion::exact(2),
                                {event("Noted", R"({"text":"a \"quoted\" note"})", 3)})));
  const auto read = value(store.read_stream("Order-1", 1, 10));
  const auto visited = visit_all(store, "Order-1", 1, 10);
  REQUIRE(visited.size() == read.size());
  REQUIRE(visited.size() == 3);
  for (std::size_t i = 0; i < read.size(); ++i) {
    CHECK(visited[i].position == read[i].position);
    CHECK(visited[i].stream_version == read[i].stream_version);
    CHECK(visited[i].type == read[i].type);
    CHECK(visited[i].schema_version == read[i].schema_version);
    CHECK(visited[i].payload == read[i].payload);
  }
  CHECK(visited[2].schema_version == 3);
  CHECK(visited[2].payload == R"({"text":"a \"quoted\" note"})");
  // From a version, up to a count; nothing for an unknown stream.
  const auto tail = visit_all(store, "Order-1", 2, 1);
  REQUIRE(tail.size() == 1);
  CHECK(tail[0].stream_version == 2);
  CHECK(tail[0].type == "Paid");
  CHECK(visit_all(store, "Order-1", 4, 10).empty());
  CHECK(visit_all(store, "Order-9", 1, 10).empty());
  CHECK(visit_all(store, "Order-1", 0, 10).size() == 3);
}

STORE_CONTRACT("visit_stream walks a stream longer than a page of the default reader") {
  EventStore& store = *backend.store;
  for (std::uint64_t version = 0; version < 2'500; version += 500) {
    appended(store.append(request("Order-1", ExpectedVersion::exact(version), events(500))));
  }
  const auto all = visit_all(store, "Order-1", 1, 10'000);
  REQUIRE(all.size() == 2'500);
  for (std::size_t i = 0; i < all.size(); ++i)
    REQUIRE(all[i].stream_version == i + 1);
  CHECK(visit_all(store, "Order-1", 1'001, 1'200).size() == 1'200);
  CHECK(visit_all(store, "Order-1", 1'001, 1'200).back().stream_version == 2'200);
}

STORE_CONTRACT("visit_stream stops at the visitor's first error and gives it back") {
  EventStore& store = *backend.store;
  appended(store.append(request("Order-1", ExpectedVersion::no_stream(), events(5))));
  std::size_t calls = 0;
  const Status status = store.visit_stream("Order-1", 1, 10, [&](const StoredEventView& e) {
    ++calls;
    if (e.stream_version == 3) return Status(StatusCode::corruption, "bad event 3");
    return Status();
  });
  CHECK(calls == 3);
  CHECK(status.code() == StatusCode::corruption);
  CHECK(status.message() == "bad event 3");
  // The store reads and writes on.
  CHECK(visit_all(store, "Order-1", 1, 10).size() == 5);
  appended(store.append(request("Order-1", ExpectedVersion::exact(5), events(1))));
}

STORE_CONTRACT("a visitor may read from and append to the store it visits") {
  EventStore& store = *backend.store;
  appended(store.append(request("Order-1", ExpectedVersion::no_stream(), events(3))));
  std::vector<std::uint64_t> versions_seen;
  std::uint64_t appended_to_other = 0;
  const Status status = store.visit_stream("Order-1", 1, 10, [&](const StoredEventView& e) {
    versions_seen.push_back(value(store.stream_version("Order-1")));
    auto outcome = store.append(
        request("Audit-1", ExpectedVersion::exact(appended_to_other), {event("Seen")}));
    if (!outcome || !std::holds_alternative<Appended>(*outcome)) {
      return Status(StatusCode::internal, "append while visiting failed");
    }
    ++appended_to_other;
    (void)e;
    return Status();
  });
  REQUIRE(status.ok());
  CHECK(versions_seen == std::vector<std::uint64_t>{3, 3, 3});
  CHECK(value(store.stream_version("Audit-1")) == 3);
}

STORE_CONTRACT("a visitor that throws leaves the store working") {
  EventStore& store = *backend.store;
  appended(store.append(request("Order-1", ExpectedVersion::no_stream(), events(4))));
  CHECK_THROWS_WITH(store.visit_stream("Order-1", 1, 10,
                                       [&](const StoredEventView& e) -> Status {
                                         if (e.stream_version == 2)
                                           throw std::runtime_error("boom");
                                         return {};
                                       }),
                    "boom");
  // Every reader is free again: visits, reads and appends go on.
  for (int i = 0; i < 4; ++i)
    CHECK(visit_all(store, "Order-1", 1, 10).size() == 4);
  appended(store.append(request("Order-1", ExpectedVersion::exact(4), events(1))));
  CHECK(value(store.read_stream("Order-1", 1, 10)).size() == 5);
}
