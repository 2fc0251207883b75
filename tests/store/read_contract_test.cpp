// Reading streams and the change feed, on every backend.
#include <optional>

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
