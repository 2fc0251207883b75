// What a store holds, for tools that look at a whole store (the `mealy`
// operator's tool, backups, copies): its streams, how many events of each
// category and type, its snapshots and checkpoints. See the EventStore
// calls that give them (store.hpp): list_streams, statistics,
// list_snapshots, list_checkpoints. None of them is on the path of an
// append or a read of one stream.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "mealy/event.hpp"
#include "mealy/values.hpp"

namespace mealy {

// One stream as the store knows it.
struct StreamInfo {
  std::string stream{};
  std::uint64_t version = 0;        // its current version: the number of its events
  std::uint64_t last_position = 0;  // the global position of its last event
  Timestamp last_recorded_at{};     // when its last event was appended

  friend bool operator==(const StreamInfo&, const StreamInfo&) = default;
};

// Which streams list_streams gives: in name order (bytewise), those after
// `after` ("" for the first), of `category` only when it is not empty, at
// most `max_count`.
struct StreamQuery {
  std::string category{};
  std::string after{};
  std::size_t max_count = 1000;
};

// A page of streams and where the next begins.
struct StreamPage {
  std::vector<StreamInfo> streams{};
  std::string next_after{};  // pass as StreamQuery::after for the next page
  bool at_end = false;       // no stream after these
};

// The events of one type in one category.
struct TypeCount {
  std::string category{};
  std::string type{};
  std::uint64_t events = 0;

  friend bool operator==(const TypeCount&, const TypeCount&) = default;
};

// The streams and events of one category.
struct CategoryCount {
  std::string category{};
  std::uint64_t streams = 0;
  std::uint64_t events = 0;

  friend bool operator==(const CategoryCount&, const CategoryCount&) = default;
};

// A store at a glance, as of one read.
struct StoreStatistics {
  std::uint64_t head = 0;  // the position of the last event (0: none)
  std::uint64_t events =
      0;  // how many events the log holds (== head unless rows were deleted by hand)
  std::uint64_t streams = 0;                // how many streams have events
  std::vector<CategoryCount> categories{};  // by category name
  std::vector<TypeCount> types{};           // by category, then type name
  std::uint64_t snapshots = 0;              // snapshots of every fingerprint
  std::uint64_t checkpoints = 0;
  // What the store takes: an SQLite database's pages (its file, without the
  // WAL), the PostgreSQL tables of the store with their indexes and TOAST,
  // or for the in-memory store the bytes of the texts it keeps.
  std::uint64_t size_bytes = 0;
};

// A named position kept by the store (see compare_and_set_checkpoint).
struct Checkpoint {
  std::string name{};
  std::uint64_t position = 0;

  friend bool operator==(const Checkpoint&, const Checkpoint&) = default;
};

// An event as the log keeps it: with the stream versions of the whole
// append that wrote it, which the idempotency check of a retried append
// compares (store.hpp, contract point 4). 0 and 0 when the store kept no
// boundaries (events of SQLite stores made before format 2).
struct LoggedEvent {
  RecordedEvent event{};
  std::uint64_t append_first = 0;
  std::uint64_t append_last = 0;

  friend bool operator==(const LoggedEvent&, const LoggedEvent&) = default;
};

// A page of the log as it is kept, for copying a store (read_log,
// import_log): the events after a position, and the commands recorded with
// them (CommandRecord::first_position among the page's events).
struct LogPage {
  std::vector<LoggedEvent> events{};
  std::vector<CommandRecord> commands{};  // by first_position
  std::uint64_t next_position = 0;        // pass as `after` for the next page
  bool at_end = false;                    // nothing committed after next_position when read
};

}  // namespace mealy
