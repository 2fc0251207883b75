// The inventory (mealy/inventory.hpp) on every backend: streams in name
// order with their versions and last events, page by page and by category;
// statistics per category and type; snapshots of every fingerprint; and
// checkpoints.
#include "store_fixture.hpp"
#include "store_helpers.hpp"

using namespace mealy;
using namespace mealy::testing;

namespace {

// Order-2: 2 events, Ticket-1: 1, Order-1: 3 (appended in that order, so
// that name order and append order differ).
void fill(EventStore& store) {
  appended(store.append(
      request("Order-2", ExpectedVersion::no_stream(), {event("Opened"), event("Shipped")})));
  appended(store.append(request("Ticket-1", ExpectedVersion::no_stream(), {event("Opened")})));
  appended(store.append(
      request("Order-1", ExpectedVersion::no_stream(), {event("Opened"), event("Paid")})));
  appended(store.append(request("Order-1", ExpectedVersion::exact(2), {event("Shipped")})));
}

std::vector<std::string> names(const StreamPage& page) {
  std::vector<std::string> out;
  for (const auto& info : page.streams)
    out.push_back(info.stream);
  return out;
}

}  // namespace

STORE_CONTRACT("inventory: an empty store lists nothing and counts zero") {
  EventStore& store = *backend.store;
  const StreamPage page = value(store.list_streams({}));
  CHECK(page.streams.empty());
  CHECK(page.at_end);
  const StoreStatistics stats = value(store.statistics());
  CHECK(stats.head == 0);
  CHECK(stats.events == 0);
  CHECK(stats.streams == 0);
  CHECK(stats.categories.empty());
  CHECK(stats.types.empty());
  CHECK(value(store.list_checkpoints()).empty());
  CHECK(value(store.list_snapshots("Order-1")).empty());
}

STORE_CONTRACT("inventory: streams come in name order with their version and last event") {
  EventStore& store = *backend.store;
  fill(store);
  const StreamPage page = value(store.list_streams({}));
  CHECK(names(page) == std::vector<std::string>{"Order-1", "Order-2", "Ticket-1"});
  CHECK(page.at_end);
  REQUIRE(page.streams.size() == 3);
  const auto last = value(store.read_stream("Order-1", 3, 1));
  REQUIRE(last.size() == 1);
  CHECK(page.streams[0].version == 3);
  CHECK(page.streams[0].last_position == 6);
  CHECK(page.streams[0].last_recorded_at == last[0].recorded_at);
  CHECK(page.streams[1].version == 2);
  CHECK(page.streams[1].last_position == 2);
  CHECK(page.streams[2].version == 1);
  CHECK(page.streams[2].last_position == 3);
}

STORE_CONTRACT("inventory: streams page with a cursor and filter by category") {
  EventStore& store = *backend.store;
  fill(store);
  StreamPage first = value(store.list_streams({.max_count = 2}));
  CHECK(names(first) == std::vector<std::string>{"Order-1", "Order-2"});
  CHECK_FALSE(first.at_end);
  CHECK(first.next_after == "Order-2");
  StreamPage second = value(store.list_streams({.after = first.next_after, .max_count = 2}));
  CHECK(names(second) == std::vector<std::string>{"Ticket-1"});
  CHECK(second.at_end);
  // A page that ends exactly at the last stream says so.
  StreamPage exact = value(store.list_streams({.after = "Order-2", .max_count = 1}));
  CHECK(names(exact) == std::vector<std::string>{"Ticket-1"});
  CHECK(exact.at_end);
  CHECK(names(value(store.list_streams({.category = "Order"}))) ==
        std::vector<std::string>{"Order-1", "Order-2"});
  CHECK(names(value(store.list_streams({.category = "Ticket"}))) ==
        std::vector<std::string>{"Ticket-1"});
  CHECK(value(store.list_streams({.category = "Invoice"})).streams.empty());
  // Bytewise order, whatever the database's collation: upper case first.
  appended(store.append(request("order-0", ExpectedVersion::no_stream(), {event("Opened")})));
  appended(store.append(request("Zebra-1", ExpectedVersion::no_stream(), {event("Opened")})));
  CHECK(names(value(store.list_streams({}))) ==
        std::vector<std::string>{"Order-1", "Order-2", "Ticket-1", "Zebra-1", "order-0"});
}

STORE_CONTRACT(
    "inventory: statistics count events per category and type, and streams per category") {
  EventStore& store = *backend.store;
  fill(store);
  REQUIRE(value(store.compare_and_set_checkpoint("orders-view", std::nullopt, 4)));
  const StoreStatistics stats = value(store.statistics());
  CHECK(stats.head == 6);
  CHECK(stats.events == 6);
  CHECK(stats.streams == 3);
  CHECK(stats.categories == std::vector<CategoryCount>{{"Order", 2, 5}, {"Ticket", 1, 1}});
  CHECK(stats.types == std::vector<TypeCount>{{"Order", "Opened", 2},
                                              {"Order", "Paid", 1},
                                              {"Order", "Shipped", 2},
                                              {"Ticket", "Opened", 1}});
  CHECK(stats.snapshots == 0);
  CHECK(stats.checkpoints == 1);
  CHECK(stats.size_bytes > 0);
}

STORE_CONTRACT("inventory: snapshots of every fingerprint, and checkpoints by name") {
  EventStore& store = *backend.store;
  const Snapshot old_schema{"Order-1", 1, 0xfedcba9876543210ULL, R"({"state":"Open"})"};
  const Snapshot new_schema{"Order-1", 2, 0x0123456789abcdefULL, R"({"state":"Paid"})"};
  AppendRequest first = request("Order-1", ExpectedVersion::no_stream(), {event("Opened")});
  first.snapshot = &old_schema;
  appended(store.append(first));
  AppendRequest second = request("Order-1", ExpectedVersion::exact(1), {event("Paid")});
  second.snapshot = &new_schema;
  appended(store.append(second));
  appended(store.append(request("Order-10", ExpectedVersion::no_stream(), {event("Opened")})));
  CHECK(value(store.list_snapshots("Order-1")) == std::vector<Snapshot>{new_schema, old_schema});
  CHECK(value(store.list_snapshots("Order-10")).empty());
  CHECK(value(store.statistics()).snapshots == 2);
  REQUIRE(value(store.compare_and_set_checkpoint("b-view", std::nullopt, 2)));
  REQUIRE(value(store.compare_and_set_checkpoint("a-view", std::nullopt, 1)));
  REQUIRE(value(store.compare_and_set_checkpoint("a-view", 1, 3)));
  CHECK(value(store.list_checkpoints()) == std::vector<Checkpoint>{{"a-view", 3}, {"b-view", 2}});
}
