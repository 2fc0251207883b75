// The append half of the store contract (store.hpp, points 1 to 5), on every backend.
#include "store_fixture.hpp"
#include "store_helpers.hpp"

using namespace mealy;
using namespace mealy::testing;

STORE_CONTRACT("an append to a new stream gets versions and positions from 1") {
  EventStore& store = *backend.store;
  Metadata metadata{Uuid::v7(SystemClock().now()),
                    Uuid::v7(SystemClock().now()),
                    "clerk",
                    {{"ip", "10.0.0.1"}, {"note", "\"quoted\" ü"}}};
  auto batch = events(3);
  const Appended result =
      appended(store.append(request("Order-1", ExpectedVersion::no_stream(), batch, metadata)));
  CHECK(result == Appended{1, 1, 3, 3, false});
  CHECK(value(store.stream_version("Order-1")) == 3);
  CHECK(value(store.head()) == 3);
  const auto read = value(store.read_stream("Order-1", 1, 100));
  REQUIRE(read.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(read[i].position == i + 1);
    CHECK(read[i].stream == "Order-1");
    CHECK(read[i].stream_version == i + 1);
    CHECK(read[i].id == batch[i].id);
    CHECK(read[i].type == "Happened");
    CHECK(read[i].schema_version == 1);
    CHECK(read[i].payload == batch[i].payload);
    CHECK(read[i].metadata == metadata);
    CHECK(std::chrono::abs(read[i].recorded_at - SystemClock().now()) < std::chrono::minutes(1));
  }
}

STORE_CONTRACT("expected versions: exact, no stream and any") {
  EventStore& store = *backend.store;
  appended(store.append(request("Order-1", ExpectedVersion::exact(0), events(2))));
  CHECK(appended(store.append(request("Order-1", ExpectedVersion::exact(2), events(1))))
            .last_version == 3);
  CHECK(appended(store.append(request("Order-1", ExpectedVersion::any(), events(2)))) ==
        Appended{4, 4, 5, 2, false});
  CHECK(appended(store.append(request("Order-2", ExpectedVersion::any(), events(1)))) ==
        Appended{6, 1, 1, 1, false});

  const Conflict stale =
      conflict(store.append(request("Order-1", ExpectedVersion::exact(3), events(1))));
  CHECK(stale.current_version == 5);
  CHECK(stale.stream == "Order-1");
  CHECK(stale.message == "expected exact 3, but Order-1 is at version 5");
  const Conflict exists =
      conflict(store.append(request("Order-1", ExpectedVersion::no_stream(), events(1))));
  CHECK(exists.current_version == 5);
  CHECK(exists.message == "expected no stream, but Order-1 is at version 5");
  const Conflict missing =
      conflict(store.append(request("Order-9", ExpectedVersion::exact(1), events(1))));
  CHECK(missing.current_version == 0);
  // Nothing of the refused appends was written.
  CHECK(value(store.head()) == 6);
  CHECK(value(store.stream_version("Order-1")) == 5);
  CHECK(value(store.stream_version("Order-9")) == 0);
  CHECK(value(store.read_stream("Order-9", 1, 10)).empty());
}

STORE_CONTRACT("the exact retry of a committed append returns its positions and writes nothing") {
  EventStore& store = *backend.store;
  appended(store.append(request("Order-0", ExpectedVersion::any(), events(2))));
  const auto first = request("Order-1", ExpectedVersion::no_stream(), events(3));
  const Appended original = appended(store.append(first));
  appended(store.append(request("Order-1", ExpectedVersion::exact(3), events(1))));
  for (auto expected :
       {ExpectedVersion::no_stream(), ExpectedVersion::any(), ExpectedVersion::exact(3)}) {
    auto retry = first;
    retry.expected = expected;
    const Appended again = appended(store.append(retry));
    CHECK(again.duplicate);
    CHECK(again.first_position == original.first_position);
    CHECK(again.first_version == original.first_version);
    CHECK(again.last_version == original.last_version);
    CHECK(again.count == 3);
  }
  CHECK(value(store.head()) == 6);
  CHECK(value(store.stream_version("Order-1")) == 4);
}

STORE_CONTRACT("a partial overlap with a committed append is a conflict") {
  EventStore& store = *backend.store;
  const auto first = events(2);
  appended(store.append(request("Order-1", ExpectedVersion::no_stream(), first)));
  std::vector<NewEvent> overlapping{first[1], event("Happened")};
  const Conflict partial =
      conflict(store.append(request("Order-1", ExpectedVersion::any(), overlapping)));
  CHECK(partial.current_version == 2);
  CHECK(partial.message.starts_with(
      "1 of the 2 events were appended before, as a different append: event " +
      first[1].id.to_string() + " (in Order-1 at version 2)"));
  // The same ids to another stream.
  const Conflict elsewhere =
      conflict(store.append(request("Order-2", ExpectedVersion::any(), first)));
  CHECK(elsewhere.current_version == 0);
  // In another order.
  conflict(store.append(request("Order-1", ExpectedVersion::any(), {first[1], first[0]})));
  CHECK(value(store.head()) == 2);
  CHECK(value(store.stream_version("Order-2")) == 0);
}

STORE_CONTRACT("an empty append checks the expectation and writes nothing") {
  EventStore& store = *backend.store;
  appended(store.append(request("Order-1", ExpectedVersion::no_stream(), events(2))));
  const Appended none = appended(store.append(request("Order-1", ExpectedVersion::exact(2), {})));
  CHECK(none.count == 0);
  CHECK(none.last_version == 2);
  CHECK(conflict(store.append(request("Order-1", ExpectedVersion::exact(1), {}))).current_version ==
        2);
  CHECK(value(store.head()) == 2);
}

STORE_CONTRACT("a snapshot is written with its append and read by fingerprint") {
  EventStore& store = *backend.store;
  Snapshot snapshot{"Order-1", 2, 0xfeedfacecafebeefull, R"({"state":"two"})"};
  auto with_snapshot = request("Order-1", ExpectedVersion::no_stream(), events(2));
  with_snapshot.snapshot = &snapshot;
  appended(store.append(with_snapshot));
  CHECK(value(store.read_snapshot("Order-1", 0xfeedfacecafebeefull)) == snapshot);
  CHECK_FALSE(value(store.read_snapshot("Order-1", 0x1234)).has_value());
  CHECK_FALSE(value(store.read_snapshot("Order-2", 0xfeedfacecafebeefull)).has_value());

  // A later snapshot replaces it; one of a refused append is not written.
  Snapshot later{"Order-1", 3, 0xfeedfacecafebeefull, R"({"state":"three"})"};
  auto next = request("Order-1", ExpectedVersion::exact(2), events(1));
  next.snapshot = &later;
  appended(store.append(next));
  Snapshot refused_snapshot{"Order-1", 4, 0xfeedfacecafebeefull, R"({"state":"never"})"};
  auto refused = request("Order-1", ExpectedVersion::exact(2), events(1));
  refused.snapshot = &refused_snapshot;
  conflict(store.append(refused));
  CHECK(value(store.read_snapshot("Order-1", 0xfeedfacecafebeefull)) == later);
}
