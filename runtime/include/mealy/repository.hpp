// Handling commands: load an aggregate, decide, append, retry on conflict.
//
//   mealy::Repository<shop::orders::order::Machine, OrderHost> orders(*store, host, clock);
//   auto outcome = orders.handle(id, order::commands::Submit{}, {.actor = "web"});
//   if (!outcome) ...                                  // the store failed
//   else if (auto* done = std::get_if<mealy::Committed<Machine>>(&*outcome)) ...
//   else if (auto* no = std::get_if<mealy::Rejected>(&*outcome)) ...   // no->rejection
//   else ... std::get<mealy::ConcurrencyConflict>(*outcome)           // after retries
//
// `Machine` is the struct mealyc generates in each aggregate's namespace;
// `Host` implements its guards, actions and hooks. The stream of instance
// `id` is `<Aggregate name>-<id>` (stream_name below).
//
// Design notes:
//  1. handle() decides on the aggregate it loaded and appends with that
//     aggregate's version as the exact expected version, so a command never
//     commits on top of events it did not see. On a conflict it drops the
//     cached aggregate, loads afresh and decides again, up to max_attempts.
//  2. A snapshot is written in the same transaction as the append that
//     reaches it: a loaded snapshot is always one of a committed version.
//  3. load() reads the snapshot of this schema's fingerprint only; another
//     fingerprint's is ignored, as is one this schema cannot read.
//  4. The events of one command carry the command's id as their causation
//     and its correlation id (the command id when it has none).
//  5. handle() calls for the same instance through one repository run one
//     after the other (a lock per instance, striped over kLockStripes
//     mutexes): the second decides on the first's outcome instead of racing
//     it into a conflict and a reload. Conflicts then come only from other
//     repositories or processes writing the same stream. Instances on
//     different stripes never wait for each other, so their appends still
//     share transactions (group commit).
//  6. Commands apply once (the store's contract, point 6). A command with an
//     id (CommandContext::command_id) is looked up in the store's command
//     records before each decision: when it was handled before, by any
//     repository or process, handle() returns that first outcome (its
//     events as stored, the aggregate as they left it, its positions),
//     marked `duplicate`, without deciding again and writing nothing. The
//     append carries the command id, so two deliveries racing past the
//     lookup cannot both commit: the loser's decision is dropped and it
//     returns the winner's outcome. A command without an id gets a fresh one
//     and no record: it is not idempotent. A command that emits no events
//     leaves no record either (there is nothing to apply twice); a rejection
//     neither (nothing was written; a retry decides again).
//  7. Host code that throws (a guard, an action, an apply or upcast hook):
//     the exception leaves handle() or load() as it came, nothing has been
//     appended (host code runs before the append, never inside it), the
//     instance's lock is released and the cached aggregate is untouched.
//
// Thread safety: handle() and load() may run on many threads at once; the
// host's guards, actions and hooks then run concurrently too (for different
// instances) and must be safe to.
#pragma once

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <system_error>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "mealy/aggregate_cache.hpp"
#include "mealy/decide.hpp"
#include "mealy/json.hpp"
#include "mealy/store.hpp"

namespace mealy {

// The stream of an aggregate instance: "Order-0190f3c4-...".
inline std::string stream_name(std::string_view aggregate, const Uuid& id) {
  return std::string(aggregate) + "-" + id.to_string();
}
inline std::string stream_name(std::string_view aggregate, std::string_view id) {
  return std::string(aggregate) + "-" + std::string(id);
}
inline std::string stream_name(std::string_view aggregate, std::int64_t id) {
  return std::string(aggregate) + "-" + std::to_string(id);
}

// Reads an instance id back from the text after `<Aggregate>-` in a stream
// name; false when it is not one.
inline bool parse_id(std::string_view text, Uuid& out) {
  auto parsed = Uuid::parse(text);
  if (parsed) out = *parsed;
  return parsed.has_value();
}
inline bool parse_id(std::string_view text, std::string& out) {
  out = std::string(text);
  return true;
}
inline bool parse_id(std::string_view text, std::int64_t& out) {
  const char* end = text.data() + text.size();
  auto [last, error] = std::from_chars(text.data(), end, out);
  return error == std::errc() && last == end && !text.empty();
}

// Applies a stored event of `stream` to `aggregate`: decodes it into
// `scratch` (upcasting an older version through the host's hooks) and
// evolves. The aggregate must be at the version before the event's. A
// corruption error names the store, the stream, the version, the event and
// the JSON path. A replay passes the same `scratch` for every event.
template <typename Machine, typename Host>
Status apply_stored(Host& host, typename Machine::Aggregate& aggregate, std::string_view stream,
                    const StoredEventView& stored, typename Machine::Event& scratch,
                    std::string_view store_url, const json::Limits& limits = {}) {
  auto where = [&] {
    std::string text(store_url);
    text += ": stream ";
    text += stream;
    text += ", version " + std::to_string(stored.stream_version) + " (";
    text += stored.type;
    text += " at position " + std::to_string(stored.position) + "): ";
    return text;
  };
  if (stored.stream_version != aggregate.version + 1) {
    return {StatusCode::corruption,
            where() + "expected version " + std::to_string(aggregate.version + 1)};
  }
  if (Status status = Machine::decode_event(host, stored.type, stored.schema_version,
                                            stored.payload, scratch, limits);
      !status.ok()) {
    return {StatusCode::corruption, where() + status.message()};
  }
  if (Status status = Machine::evolve(aggregate, scratch, host); !status.ok()) {
    return {StatusCode::corruption, where() + status.message()};
  }
  return {};
}

// apply_stored() of an event as read_stream() or read_all() give it.
template <typename Machine, typename Host>
Status apply_recorded(Host& host, typename Machine::Aggregate& aggregate,
                      const RecordedEvent& recorded, std::string_view store_url,
                      const json::Limits& limits = {}) {
  typename Machine::Event event;
  const StoredEventView stored{recorded.position, recorded.stream_version, recorded.type,
                               recorded.schema_version, recorded.payload};
  return apply_stored<Machine>(host, aggregate, recorded.stream, stored, event, store_url, limits);
}

// Who sends a command, and why; becomes the metadata of its events.
struct CommandContext {
  // The command's id, and its events' causation. Given: the command applies
  // once, whoever delivers it again (design note 6). Nil: handle() makes a
  // fresh one, and a retry is a new command.
  Uuid command_id{};
  Uuid correlation_id{};  // nil: the command id
  std::string actor{};
  std::vector<std::pair<std::string, std::string>> extra{};
};

// A command that was accepted and whose events are committed.
template <typename Machine>
struct Committed {
  std::vector<typename Machine::Event> events{};  // possibly none
  typename Machine::Aggregate aggregate{};  // after the events (its version: the last event's)
  std::uint64_t first_position = 0;         // of the first event (0 when none); the rest follow
  unsigned attempts = 1;                    // 2 or more after conflicts
  // The command id had been handled before: this is that first outcome,
  // read back from the store; nothing was decided or written this time.
  bool duplicate = false;
};

// A command the aggregate refused (see mealy::Rejection); nothing appended.
struct Rejected {
  Rejection rejection{};
};

// Still conflicting after the last attempt; nothing appended.
struct ConcurrencyConflict {
  Conflict conflict{};
  unsigned attempts = 0;
};

template <typename Machine>
using HandleOutcome = std::variant<Committed<Machine>, Rejected, ConcurrencyConflict>;

// An aggregate as load() found it.
template <typename Machine>
struct Loaded {
  typename Machine::Aggregate aggregate{};
  std::uint64_t snapshot_version = 0;  // the snapshot it started from (0: none)
  std::size_t events_replayed = 0;     // events read after the snapshot
};

struct RepositoryOptions {
  unsigned max_attempts = 3;  // decisions per handle(), conflicts included
  // Snapshot every this many events; nullopt: the schema's snapshot_every
  // (none when the schema sets none); 0: never.
  std::optional<std::uint64_t> snapshot_every{};
  // Decides instead, when set: snapshot after an append that took the
  // aggregate from version `before` to `after`?
  std::function<bool(std::uint64_t before, std::uint64_t after)> snapshot_policy{};
  std::size_t cache_capacity = 10'000;  // aggregates kept between commands; 0: none
  std::size_t page_size = 1'000;        // events per read when loading
  json::Limits limits{};                // for decoding events and snapshots
};

template <typename Machine, typename Host>
class Repository {
 public:
  using Aggregate = typename Machine::Aggregate;
  using Command = typename Machine::Command;
  using Event = typename Machine::Event;
  using Id = typename Machine::Id;

  // `store`, `host` and `clock` must outlive the repository.
  Repository(EventStore& store, Host& host, const Clock& clock, RepositoryOptions options = {})
      : store_(store),
        host_(host),
        clock_(clock),
        options_(std::move(options)),
        cache_(options_.cache_capacity) {}

  // The instance `id`: its latest snapshot of this schema plus the events
  // after it. An instance with no events is the initial state at version 0.
  // A corruption error names the stream, the version and the JSON path when
  // a stored event cannot be read or applied; an invalid_argument an empty id.
  Result<Loaded<Machine>> load(const Id& id) { return load_through(id, kLatest); }

  // The instance `id` as it was at stream version `version` (its latest
  // state when the stream is shorter).
  Result<Loaded<Machine>> load_through(const Id& id, std::uint64_t version) {
    if (Status status = check_id(id); !status.ok()) return status;
    const std::string stream = stream_name(Machine::kName, id);
    Loaded<Machine> loaded{initial(id), 0, 0};
    auto snapshot = store_.read_snapshot(stream, Machine::kFingerprint);
    if (!snapshot) return snapshot.status();
    if (*snapshot && (*snapshot)->version <= version) {
      Aggregate from_snapshot{};
      if (Machine::read_snapshot((*snapshot)->state, from_snapshot, options_.limits).ok() &&
          from_snapshot.version == (*snapshot)->version) {
        loaded.aggregate = std::move(from_snapshot);
        loaded.aggregate.id = id;
        loaded.snapshot_version = (*snapshot)->version;
      }
    }
    // The events after it, decoded one by one into the same Event, straight
    // from the store's rows (visit_stream), a page per read.
    Event scratch;
    const std::size_t page_size = std::max<std::size_t>(options_.page_size, 1);
    while (loaded.aggregate.version < version) {
      const std::size_t wanted = static_cast<std::size_t>(
          std::min<std::uint64_t>(page_size, version - loaded.aggregate.version));
      std::size_t visited = 0;
      Status status = store_.visit_stream(
          stream, loaded.aggregate.version + 1, wanted, [&](const StoredEventView& stored) {
            ++visited;
            return apply_stored<Machine>(host_, loaded.aggregate, stream, stored, scratch,
                                         store_.url(), options_.limits);
          });
      if (!status.ok()) return status;
      loaded.events_replayed += visited;
      if (visited < wanted) break;
    }
    return loaded;
  }

  // Handles `command` for instance `id` (see the design notes above).
  // An error only when the store failed or a stored event cannot be read.
  Result<HandleOutcome<Machine>> handle(const Id& id, const Command& command,
                                        const CommandContext& context = {}) {
    if (Status status = check_id(id); !status.ok()) return status;
    const std::string stream = stream_name(Machine::kName, id);
    std::lock_guard instance_lock(stripes_[std::hash<std::string>{}(stream) % kLockStripes]);
    Metadata metadata{context.correlation_id, context.command_id, context.actor, context.extra};
    const bool idempotent = !context.command_id.is_nil();
    if (!idempotent) metadata.causation_id = Uuid::v7(clock_.now());
    if (metadata.correlation_id.is_nil()) metadata.correlation_id = metadata.causation_id;
    Conflict last_conflict;
    for (unsigned attempt = 1; attempt <= options_.max_attempts; ++attempt) {
      if (idempotent) {
        auto recorded = store_.read_command(context.command_id);
        if (!recorded) return recorded.status();
        if (*recorded) return first_outcome(id, stream, **recorded);
      }
      std::optional<Aggregate> cached = cache_.get(stream);
      if (!cached) {
        auto loaded = load(id);
        if (!loaded) return loaded.status();
        cached = std::move(loaded->aggregate);
      }
      Decision<Event> decision = Machine::decide(*cached, command, host_, clock_);
      if (!decision.accepted()) return HandleOutcome<Machine>(Rejected{decision.rejection()});
      std::vector<Event> events = std::move(decision).events();
      // The cached copy is ours: evolve it in place rather than copy it again.
      const std::uint64_t loaded_version = cached->version;
      Aggregate next = std::move(*cached);
      AppendRequest request{stream,  ExpectedVersion::exact(loaded_version),  {}, metadata,
                            nullptr, idempotent ? context.command_id : Uuid()};
      request.events.reserve(events.size());
      for (const Event& event : events) {
        if (Status status = Machine::evolve(next, event, host_); !status.ok()) return status;
        NewEvent& added = request.events.emplace_back();
        added.id = Uuid::v7(clock_.now());
        added.type = Machine::name_of(event);
        added.schema_version = Machine::version_of(event);
        Machine::write_payload(added.payload, event);
      }
      if (events.empty()) {
        return HandleOutcome<Machine>(Committed<Machine>{{}, std::move(next), 0, attempt});
      }
      Snapshot snapshot;
      if (wants_snapshot(loaded_version, next.version)) {
        snapshot = {stream, next.version, Machine::kFingerprint, {}};
        Machine::write_snapshot(snapshot.state, next);
        request.snapshot = &snapshot;
      }
      auto outcome = store_.append(request);
      if (!outcome) {
        cache_.erase(stream);
        return outcome.status();
      }
      if (auto* conflict = std::get_if<Conflict>(&outcome.value())) {
        cache_.erase(stream);
        last_conflict = std::move(*conflict);
        continue;
      }
      const Appended& appended = std::get<Appended>(outcome.value());
      if (appended.duplicate) {
        // Another delivery of this command committed first (design note 6).
        cache_.erase(stream);
        return first_outcome(id, stream,
                             CommandRecord{context.command_id, stream, appended.first_position,
                                           appended.first_version, appended.last_version});
      }
      cache_.put(stream, next);
      return HandleOutcome<Machine>(
          Committed<Machine>{std::move(events), std::move(next), appended.first_position, attempt});
    }
    return HandleOutcome<Machine>(
        ConcurrencyConflict{std::move(last_conflict), options_.max_attempts});
  }

  // Applies a stored event to `aggregate`: what load() does for each event.
  Status apply(Aggregate& aggregate, const RecordedEvent& recorded) {
    return apply_recorded<Machine>(host_, aggregate, recorded, store_.url(), options_.limits);
  }

  // The state of a new instance: the initial state at version 0.
  static Aggregate initial(const Id& id) {
    Aggregate aggregate{};
    aggregate.id = id;
    return aggregate;
  }

  // Forgets the cached aggregates of instance `id` (after writing to its
  // stream some other way).
  void forget(const Id& id) { cache_.erase(stream_name(Machine::kName, id)); }

 private:
  static constexpr std::uint64_t kLatest = ~std::uint64_t{0};

  static Status check_id(const Id& id) {
    bool empty = false;
    if constexpr (std::is_same_v<Id, std::string>) empty = id.empty();
    if (!empty) return {};
    return Status::invalid_argument(std::string(Machine::kName) +
                                    ": an instance id may not be empty");
  }

  // The outcome of a command handled before (design note 6): its events as
  // stored and the aggregate they left, read back from the store.
  Result<HandleOutcome<Machine>> first_outcome(const Id& id, const std::string& stream,
                                               const CommandRecord& recorded) {
    if (recorded.stream != stream) {
      return Status::invalid_argument("command " + recorded.command_id.to_string() +
                                      " was handled before, for " + recorded.stream + ", not " +
                                      stream);
    }
    const std::size_t count =
        static_cast<std::size_t>(recorded.last_version - recorded.first_version + 1);
    auto stored = store_.read_stream(stream, recorded.first_version, count);
    if (!stored) return stored.status();
    if (stored->size() != count) {
      return Status(StatusCode::corruption,
                    store_.url() + ": command " + recorded.command_id.to_string() +
                        " is recorded with versions " + std::to_string(recorded.first_version) +
                        " to " + std::to_string(recorded.last_version) + " of " + stream +
                        ", which holds fewer events");
    }
    Committed<Machine> committed{{}, {}, recorded.first_position, 1, true};
    committed.events.reserve(count);
    for (const RecordedEvent& event : *stored) {
      Event& decoded = committed.events.emplace_back();
      if (Status status = Machine::decode_event(host_, event.type, event.schema_version,
                                                event.payload, decoded, options_.limits);
          !status.ok()) {
        return Status(StatusCode::corruption, store_.url() + ": stream " + stream + ", version " +
                                                  std::to_string(event.stream_version) + ": " +
                                                  status.message());
      }
    }
    auto loaded = load_through(id, recorded.last_version);
    if (!loaded) return loaded.status();
    committed.aggregate = std::move(loaded->aggregate);
    return HandleOutcome<Machine>(std::move(committed));
  }

  bool wants_snapshot(std::uint64_t before, std::uint64_t after) const {
    if (options_.snapshot_policy) return options_.snapshot_policy(before, after);
    const std::uint64_t every = options_.snapshot_every.value_or(Machine::kSnapshotEvery);
    return every > 0 && before / every != after / every;
  }

  // How many mutexes serialize handle() per instance (design note 5): with
  // this many, two of 16 threads busy on different instances share one with
  // a chance of about 1 in 16 (16 / 256), and then only wait, never conflict.
  static constexpr std::size_t kLockStripes = 256;

  EventStore& store_;
  Host& host_;
  const Clock& clock_;
  RepositoryOptions options_;
  AggregateCache<Aggregate> cache_;
  std::array<std::mutex, kLockStripes> stripes_;
};

}  // namespace mealy
