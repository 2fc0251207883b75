// A stream's path through its aggregate's machine, for the live view.
//
// A stream stores events, not commands: the path is rebuilt by replaying the
// events' type names from the initial state through the model's replay
// (evolve) tables, and grouping them into the transition alternatives that
// emit them. At each step the alternative of the current state (its own or
// an inherited aggregate-wide one) whose `emit` list is the longest run of
// the next events wins; on a tie, the first in the state's order. Events that
// the replay table accepts but no alternative explains (a retired event, or a
// stream written before the schema changed) are counted as replay-only steps
// of one event each, so nothing in the stream is left out.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "mealy/result.hpp"
#include "mealy/schema/model.hpp"

namespace mealy::viz {

// A transition alternative as written: in a state's `on`, or in the
// aggregate-wide `on` when `state` is schema::kNone.
struct AlternativeRef {
  std::uint32_t state = schema::kNone;  // index into Aggregate::states, or kNone
  std::uint32_t handler = 0;            // index into that `on`
  std::uint32_t alternative = 0;        // index into the handler's alternatives

  friend bool operator==(const AlternativeRef&, const AlternativeRef&) = default;
};

// How many times the stream went from `from` to `to` one way.
struct Step {
  std::uint32_t from = schema::kNone;   // state index
  std::uint32_t to = schema::kNone;     // state index (== from when it stayed)
  bool replay_only = false;             // no transition explains it; see `event`
  AlternativeRef via;                   // the alternative (when !replay_only)
  std::uint32_t event = schema::kNone;  // the event (when replay_only)
  std::uint64_t count = 0;
};

struct StreamPath {
  std::uint32_t current_state = schema::kNone;  // after the last event
  std::uint64_t events = 0;                     // events replayed
  // Distinct steps in the order the stream first took them. The same
  // aggregate-wide alternative taken from two states is two steps.
  std::vector<Step> steps;
};

// Replays `event_types` (the stream's event type names, oldest first, as a
// store gives them: current names or names in an event's `renamed_from`) on
// `aggregate`. Fails with invalid_argument naming the event's position when a
// name is not an event of the aggregate, and with corruption when an event
// cannot occur in the state the stream is in then. An empty stream is in the
// initial state. The aggregate must come from a model without errors.
[[nodiscard]] Result<StreamPath> trace_stream(const schema::Aggregate& aggregate,
                                              std::span<const std::string> event_types);

}  // namespace mealy::viz
