// What the store keeps: events as they are appended and as they are read.
//
// A stream holds the events of one aggregate instance, named
// `<Category>-<id>` (e.g. `Order-0190f3c4-...`): the category is the text
// before the first '-', the aggregate's name. Stream versions count from 1;
// the global position counts every event of the store from 1, without gaps
// and without reuse.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mealy/values.hpp"

namespace mealy {

// Who and what caused an append; the same for every event of one append.
//
// Every field has a default, so designated initializers may leave any out:
// `Metadata{.actor = "web"}`.
struct Metadata {
  Uuid correlation_id{};  // the conversation this belongs to (nil: none)
  Uuid causation_id{};    // the command or event that caused it (nil: none)
  std::string actor{};    // who asked for it, as the app names them
  // Further key/values, kept in the order given.
  std::vector<std::pair<std::string, std::string>> extra{};

  friend bool operator==(const Metadata&, const Metadata&) = default;
};

// Appends the JSON form the stores keep metadata in to `out`:
// {"correlation_id":"...","causation_id":"...","actor":"...","extra":{"k":"v"}},
// nil ids and an empty actor or extra left out (for servers and tools that
// show events as the store holds them).
void write_metadata_json(std::string& out, const Metadata& metadata);

// An event to append: its id (UUIDv7; appending the same ids again is an
// idempotent retry), type name, the schema version it is written at, and its
// payload, a JSON object. The nil id is refused.
struct NewEvent {
  Uuid id{};
  std::string type{};
  std::uint32_t schema_version = 1;
  std::string payload{};
};

// An event as read back.
struct RecordedEvent {
  std::uint64_t position = 0;        // global, from 1, gap-free
  std::string stream{};              // `<Category>-<id>`
  std::uint64_t stream_version = 0;  // from 1 within the stream
  Uuid id{};
  std::string type{};
  std::uint32_t schema_version = 1;
  std::string payload{};  // the JSON object as appended
  Metadata metadata{};
  Timestamp recorded_at{};  // when the append committed, UTC microseconds

  friend bool operator==(const RecordedEvent&, const RecordedEvent&) = default;
};

// The category of a stream: the text before its first '-' (all of it when
// there is none).
[[nodiscard]] std::string_view category_of(std::string_view stream) noexcept;

// What the writer expects of the stream's current version.
class ExpectedVersion {
 public:
  enum class Kind { exact, no_stream, any };

  // The stream is at exactly `version` (0: it has no events yet, like no_stream).
  static ExpectedVersion exact(std::uint64_t version) { return {Kind::exact, version}; }
  // The stream has no events yet.
  static ExpectedVersion no_stream() { return {Kind::no_stream, 0}; }
  // Whatever the stream holds; append after it.
  static ExpectedVersion any() { return {Kind::any, 0}; }

  [[nodiscard]] Kind kind() const { return kind_; }
  [[nodiscard]] std::uint64_t version() const { return version_; }
  // Whether a stream now at `current` meets the expectation.
  [[nodiscard]] bool admits(std::uint64_t current) const {
    return kind_ == Kind::any || current == version_;
  }

 private:
  ExpectedVersion(Kind kind, std::uint64_t version) : kind_(kind), version_(version) {}
  Kind kind_;
  std::uint64_t version_;
};

// "exact 3", "no stream" or "any".
[[nodiscard]] std::string to_string(const ExpectedVersion& expected);

// A snapshot of an aggregate: its state as JSON at a stream version, tagged
// with the fingerprint of the schema that wrote it. Loading ignores snapshots
// of other fingerprints.
struct Snapshot {
  std::string stream{};
  std::uint64_t version = 0;
  std::uint64_t fingerprint = 0;
  std::string state{};  // JSON

  friend bool operator==(const Snapshot&, const Snapshot&) = default;
};

// One append: events to add to a stream in one transaction, all or nothing,
// and optionally a snapshot written in the same transaction.
//
// The structs of this header (and store.hpp's options) give every field a
// default, so that designated initializers may leave any of them out under
// -Wextra: `AppendRequest{.stream = s, .events = {...}}`.
struct AppendRequest {
  std::string stream{};
  ExpectedVersion expected = ExpectedVersion::any();
  std::vector<NewEvent> events{};
  Metadata metadata{};
  // Written with the events when set; its version must be the stream's new version.
  const Snapshot* snapshot = nullptr;
  // The command these events answer; nil: none. When set and there are
  // events, the store records the command with them, in the same
  // transaction (see CommandRecord). An append whose command id is recorded
  // already writes nothing, whatever its expected version and event ids: it
  // gives the original Appended marked `duplicate` when the command was
  // recorded for the same stream, a Conflict when for another.
  Uuid command_id{};
};

// A command the store recorded with the events it produced (see
// AppendRequest::command_id): how a retried command finds its first outcome.
struct CommandRecord {
  Uuid command_id{};
  std::string stream{};
  std::uint64_t first_position = 0;  // of its first event
  std::uint64_t first_version = 0;   // the stream versions its events took
  std::uint64_t last_version = 0;

  friend bool operator==(const CommandRecord&, const CommandRecord&) = default;
};

// A committed append. Its events got the contiguous global positions
// first_position .. first_position + count - 1 and the stream versions
// first_version .. last_version. `duplicate` is set for an idempotent retry
// (the same events appended again, or the same command id; see the store's
// contract, points 4 and 6): nothing was written, and the original
// positions come back.
struct Appended {
  std::uint64_t first_position = 0;
  std::uint64_t first_version = 0;
  std::uint64_t last_version = 0;  // the stream's version after the append
  std::size_t count = 0;
  bool duplicate = false;

  friend bool operator==(const Appended&, const Appended&) = default;
};

// An append refused for concurrency: the stream did not meet the expected
// version; or its event ids were appended before but not as this very
// append (some of them only, part of an earlier append, across two appends,
// to another stream, or with another type, schema version or payload); or
// its command id was recorded for another stream. Nothing was written.
struct Conflict {
  std::string stream{};
  ExpectedVersion expected = ExpectedVersion::any();
  std::uint64_t current_version = 0;  // the stream's version when refused
  std::string message{};              // says which of the above, for people

  friend bool operator==(const Conflict& a, const Conflict& b) {
    return a.stream == b.stream && a.current_version == b.current_version && a.message == b.message;
  }
};

// Which events of the log a reader wants: all when every list is empty.
struct Filter {
  std::vector<std::string> categories{};   // any of these categories
  std::vector<std::string> event_types{};  // any of these types
  std::string stream{};                    // only this stream, when not empty

  [[nodiscard]] bool matches(const RecordedEvent& event) const;
};

// A page of the log: the matching events after a position, in position order,
// and the cursor to resume from. The cursor moves past every event the page
// examined, matching or not, so a filtered page that is empty still advances.
struct Page {
  std::vector<RecordedEvent> events{};
  std::uint64_t next_position = 0;  // pass as `after` to read the next page
  bool at_end = false;              // nothing committed after next_position when read
};

}  // namespace mealy
