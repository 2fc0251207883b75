// Many threads on one store object, on every backend: appends land or fail
// with a conflict, never anything else; stream versions have no gaps; each
// append's positions are contiguous; a conflicting append in a shared
// transaction fails alone.
#include <thread>

#include "store_fixture.hpp"
#include "store_helpers.hpp"

using namespace mealy;
using namespace mealy::testing;

namespace {

struct Tally {
  std::atomic<std::size_t> appended_events{0};
  std::atomic<std::size_t> conflicts{0};
  std::atomic<std::size_t> errors{0};
  std::atomic<std::size_t> gaps{0};  // appends whose positions were not contiguous
};

void check_stream_without_gaps(EventStore& store, const std::string& stream,
                               std::size_t expected_events) {
  const auto read = value(store.read_stream(stream, 1, expected_events + 10));
  REQUIRE(read.size() == expected_events);
  for (std::size_t i = 0; i < read.size(); ++i)
    REQUIRE(read[i].stream_version == i + 1);
}

}  // namespace

STORE_CONTRACT("20 threads appending to one stream with exact and any expectations") {
  EventStore& store = *backend.store;
  Tally tally;
  std::vector<std::thread> threads;
  for (int t = 0; t < 20; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        const std::size_t count = 1 + static_cast<std::size_t>((t + i) % 3);
        ExpectedVersion expected = ExpectedVersion::any();
        if (t % 2 == 0) {
          auto current = store.stream_version("Counter-1");
          if (!current) {
            ++tally.errors;
            continue;
          }
          expected = ExpectedVersion::exact(*current);
        }
        auto outcome = store.append(request("Counter-1", expected, events(count)));
        if (!outcome) {
          ++tally.errors;
        } else if (const auto* done = std::get_if<Appended>(&outcome.value())) {
          tally.appended_events += done->count;
          const auto read = store.read_all(done->first_position - 1, {}, done->count);
          bool contiguous = read && read->events.size() == done->count;
          for (std::size_t k = 0; contiguous && k < done->count; ++k) {
            contiguous = read->events[k].stream == "Counter-1" &&
                         read->events[k].stream_version == done->first_version + k;
          }
          if (!contiguous) ++tally.gaps;
        } else {
          ++tally.conflicts;
        }
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  CHECK(tally.errors == 0);
  CHECK(tally.gaps == 0);
  CHECK(tally.appended_events > 0);
  CHECK(value(store.stream_version("Counter-1")) == tally.appended_events);
  CHECK(value(store.head()) == tally.appended_events);
  check_stream_without_gaps(store, "Counter-1", tally.appended_events);
  // Every append with `any` lands: 10 threads x 25 appends at least.
  CHECK(tally.conflicts <= 250);
}

STORE_CONTRACT("appends that share a transaction keep their own expectations") {
  EventStore& store = *backend.store;
  // 16 threads, each on its own stream, each also trying once to create a
  // stream that another thread creates: exactly one creation wins.
  // Catch2 assertions are for the main thread: the workers count.
  std::atomic<int> created{0};
  std::atomic<int> refused{0};
  std::atomic<int> own_failed{0};
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&, t] {
      const std::string own = "Own-" + std::to_string(t);
      for (std::uint64_t i = 0; i < 30; ++i) {
        auto outcome = store.append(request(own, ExpectedVersion::exact(i), events(1)));
        if (!outcome || !std::holds_alternative<Appended>(outcome.value())) ++own_failed;
      }
      auto outcome = store.append(request("Shared-1", ExpectedVersion::no_stream(), events(2)));
      if (!outcome) {
        ++errors;
        return;
      }
      (std::holds_alternative<Appended>(outcome.value()) ? created : refused)++;
    });
  }
  for (auto& thread : threads)
    thread.join();
  CHECK(own_failed == 0);
  CHECK(errors == 0);
  CHECK(created == 1);
  CHECK(refused == 15);
  for (int t = 0; t < 16; ++t)
    check_stream_without_gaps(store, "Own-" + std::to_string(t), 30);
  check_stream_without_gaps(store, "Shared-1", 2);
  CHECK(value(store.head()) == 16 * 30 + 2);
  // The log has no gaps either.
  Page all = value(store.read_all(0, {}, 10000));
  for (std::size_t i = 0; i < all.events.size(); ++i)
    REQUIRE(all.events[i].position == i + 1);
}
