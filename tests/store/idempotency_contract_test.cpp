// The store contract, points 4 and 6: only an exact retry of one earlier
// append is a duplicate; a recorded command id gives its first outcome. On
// every backend.
#include <optional>
#include <thread>

#include "store_fixture.hpp"
#include "store_helpers.hpp"

using namespace mealy;
using namespace mealy::testing;

namespace {

Status failure(Result<AppendOutcome> outcome) {
  if (outcome) FAIL("the append did not fail");
  return outcome.status();
}

// What a conflicting retry must leave: the log as it was.
void check_unchanged(EventStore& store, std::uint64_t head, const std::string& stream,
                     std::uint64_t version) {
  CHECK(value(store.head()) == head);
  CHECK(value(store.stream_version(stream)) == version);
}

}  // namespace

STORE_CONTRACT("the same ids with another payload, type or schema version are a conflict") {
  EventStore& store = *backend.store;
  const auto first = events(2);
  appended(store.append(request("Order-1", ExpectedVersion::no_stream(), first)));
  auto changed = first;
  changed[1].payload = R"({"n":99})";
  const Conflict payload =
      conflict(store.append(request("Order-1", ExpectedVersion::any(), changed)));
  CHECK(payload.current_version == 2);
  CHECK(payload.message ==
        "event " + first[1].id.to_string() +
            " was appended before (in Order-1 at version 2) with another payload; only an exact "
            "retry of that append is idempotent");
  changed = first;
  changed[0].type = "Other";
  CHECK(conflict(store.append(request("Order-1", ExpectedVersion::any(), changed))).message ==
        "event " + first[0].id.to_string() +
            " was appended before (in Order-1 at version 1) with type Happened, not Other; only an "
            "exact retry of "
            "that append is idempotent");
  changed = first;
  changed[0].schema_version = 2;
  CHECK(conflict(store.append(request("Order-1", ExpectedVersion::any(), changed))).message ==
        "event " + first[0].id.to_string() +
            " was appended before (in Order-1 at version 1) with schema version 1, not 2; only an "
            "exact retry of "
            "that append is idempotent");
  check_unchanged(store, 2, "Order-1", 2);
  // The exact retry still is one.
  CHECK(appended(store.append(request("Order-1", ExpectedVersion::any(), first))).duplicate);
}

STORE_CONTRACT("a prefix, a suffix or the middle of an earlier append is a conflict") {
  EventStore& store = *backend.store;
  const auto first = events(4);
  appended(store.append(request("Order-1", ExpectedVersion::no_stream(), first)));
  const std::vector<std::vector<NewEvent>> parts{
      {first[0], first[1]}, {first[2], first[3]}, {first[1], first[2]}, {first[3]}, {first[0]}};
  for (const auto& part : parts) {
    const Conflict refused =
        conflict(store.append(request("Order-1", ExpectedVersion::any(), part)));
    CHECK(refused.current_version == 4);
    CHECK(refused.message.find("as part of an append of versions 1 to 4") != std::string::npos);
  }
  check_unchanged(store, 4, "Order-1", 4);
}

STORE_CONTRACT("ids spanning two earlier appends are a conflict") {
  EventStore& store = *backend.store;
  const auto first = events(2);
  const auto second = events(2);
  appended(store.append(request("Order-1", ExpectedVersion::no_stream(), first)));
  appended(store.append(request("Order-1", ExpectedVersion::exact(2), second)));
  for (const auto& spanning : {std::vector<NewEvent>{first[0], first[1], second[0], second[1]},
                               std::vector<NewEvent>{first[1], second[0]}}) {
    const Conflict refused =
        conflict(store.append(request("Order-1", ExpectedVersion::any(), spanning)));
    CHECK(refused.message.find("span two appends") != std::string::npos);
  }
  check_unchanged(store, 4, "Order-1", 4);
  CHECK(appended(store.append(request("Order-1", ExpectedVersion::any(), second))).duplicate);
}

STORE_CONTRACT("a request with one id twice, or the nil id, is refused and writes nothing") {
  EventStore& store = *backend.store;
  auto twice = events(3);
  twice[2].id = twice[0].id;
  const Status repeated = failure(store.append(request("Order-1", ExpectedVersion::any(), twice)));
  CHECK(repeated.code() == StatusCode::invalid_argument);
  CHECK(repeated.message() ==
        "appending to Order-1: event id " + twice[0].id.to_string() + " is given twice");
  // Many events: the sorted check.
  auto many = events(40);
  many[39].id = many[7].id;
  CHECK(failure(store.append(request("Order-1", ExpectedVersion::any(), many))).message() ==
        "appending to Order-1: event id " + many[7].id.to_string() + " is given twice");
  auto nil = events(2);
  nil[1].id = Uuid();
  const Status refused = failure(store.append(request("Order-1", ExpectedVersion::any(), nil)));
  CHECK(refused.code() == StatusCode::invalid_argument);
  CHECK(refused.message() == "appending to Order-1: an event has the nil id");
  check_unchanged(store, 0, "Order-1", 0);
  appended(store.append(request("Order-1", ExpectedVersion::no_stream(), events(1))));
}

STORE_CONTRACT(
    "a payload or snapshot state that is not one JSON object is refused and writes nothing") {
  EventStore& store = *backend.store;
  auto refused = [&](const std::string& payload) {
    auto batch = events(3);
    batch[1].payload = payload;
    const Status status = failure(store.append(request("Order-1", ExpectedVersion::any(), batch)));
    CHECK(status.code() == StatusCode::invalid_argument);
    return status.message();
  };
  CHECK(refused("not json") ==
        "appending to Order-1: the payload of event 2 (Happened) is not a JSON object");
  CHECK(refused("") ==
        "appending to Order-1: the payload of event 2 (Happened) is not a JSON object");
  CHECK(refused("[1, 2]") ==
        "appending to Order-1: the payload of event 2 (Happened) is not a JSON object");
  CHECK(refused("42") ==
        "appending to Order-1: the payload of event 2 (Happened) is not a JSON object");
  for (const std::string bad : {R"({"a":1)", R"({"a":1} {})", R"({"a":tru})", R"({"a":1,"a":2})",
                                "{\"a\":\"\xff\"}", R"({"a":"\q"})"}) {
    INFO(bad);
    CHECK(refused(bad).starts_with(
        "appending to Order-1: the payload of event 2 (Happened) is not valid JSON: "));
  }
  const Snapshot snapshot{"Order-1", 1, 7, "{\"half\":"};
  auto with_snapshot = request("Order-1", ExpectedVersion::any(), events(1));
  with_snapshot.snapshot = &snapshot;
  CHECK(failure(store.append(with_snapshot))
            .message()
            .starts_with("appending to Order-1: the snapshot's state is not valid JSON: "));
  check_unchanged(store, 0, "Order-1", 0);
  // Whitespace around an object is JSON too.
  auto spaced = events(1);
  spaced[0].payload = " {\"n\": 1}\n";
  appended(store.append(request("Order-1", ExpectedVersion::no_stream(), spaced)));
  CHECK(value(store.read_stream("Order-1", 1, 10))[0].payload == spaced[0].payload);
}

STORE_CONTRACT(
    "an append whose command id is recorded gives the first outcome, whatever it expects") {
  EventStore& store = *backend.store;
  const Uuid command = Uuid::v7(SystemClock().now());
  appended(store.append(request("Order-0", ExpectedVersion::any(), events(1))));
  auto first = request("Order-1", ExpectedVersion::no_stream(), events(2));
  first.command_id = command;
  const Appended original = appended(store.append(first));
  CHECK_FALSE(original.duplicate);
  appended(store.append(request("Order-1", ExpectedVersion::exact(2), events(1))));

  const auto record = value(store.read_command(command));
  REQUIRE(record.has_value());
  CHECK(*record == CommandRecord{command, "Order-1", 2, 1, 2});
  CHECK_FALSE(value(store.read_command(Uuid::v7(SystemClock().now()))).has_value());

  // Decided again, with new event ids, on a stale or on the current version.
  for (auto expected :
       {ExpectedVersion::no_stream(), ExpectedVersion::exact(3), ExpectedVersion::any()}) {
    auto retry = request("Order-1", expected, events(1));
    retry.command_id = command;
    const Appended again = appended(store.append(retry));
    CHECK(again.duplicate);
    CHECK(again.first_position == 2);
    CHECK(again.first_version == 1);
    CHECK(again.last_version == 2);
    CHECK(again.count == 2);
  }
  check_unchanged(store, 4, "Order-1", 3);

  // The same command id for another stream.
  auto elsewhere = request("Order-2", ExpectedVersion::any(), events(1));
  elsewhere.command_id = command;
  const Conflict refused = conflict(store.append(elsewhere));
  CHECK(refused.message == "command " + command.to_string() + " was handled before, for Order-1");
  check_unchanged(store, 4, "Order-2", 0);
}

STORE_CONTRACT("an empty append records no command") {
  EventStore& store = *backend.store;
  const Uuid command = Uuid::v7(SystemClock().now());
  auto empty = request("Order-1", ExpectedVersion::any(), {});
  empty.command_id = command;
  appended(store.append(empty));
  CHECK_FALSE(value(store.read_command(command)).has_value());
  auto full = request("Order-1", ExpectedVersion::any(), events(1));
  full.command_id = command;
  CHECK_FALSE(appended(store.append(full)).duplicate);
  CHECK(value(store.read_command(command)).has_value());
}

STORE_CONTRACT("concurrent deliveries of one command commit it once") {
  EventStore& store = *backend.store;
  const Uuid command = Uuid::v7(SystemClock().now());
  constexpr int kThreads = 8;
  std::vector<std::optional<Result<AppendOutcome>>> outcomes(kThreads);
  {
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        auto delivery = request("Order-1", ExpectedVersion::any(), events(2));
        delivery.command_id = command;
        outcomes[static_cast<std::size_t>(t)].emplace(store.append(delivery));
      });
    }
    for (auto& thread : threads)
      thread.join();
  }
  int fresh = 0;
  for (auto& outcome : outcomes) {
    const Appended done = appended(std::move(*outcome));
    fresh += done.duplicate ? 0 : 1;
    CHECK(done.first_version == 1);
    CHECK(done.last_version == 2);
  }
  CHECK(fresh == 1);
  check_unchanged(store, 2, "Order-1", 2);
}
