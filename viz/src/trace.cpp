// Rebuilding a stream's path from its event type names (see path.hpp).
//
// Invariants, at every step of the loop in trace_stream:
//   1. `state` is the state the replay tables give for the events before
//      `next`; an event with no replay step in it fails the trace.
//   2. An alternative explains events [next, next + n) only if its `emit`
//      list equals them; replaying them from `state` then ends in the
//      alternative's target (the checker made the replay table so).
//   3. Steps are merged by (from, to, via or event), in first-taken order.
#include <algorithm>

#include "mealy/viz/path.hpp"

namespace mealy::viz {
namespace {

// The event named `type`, by its current name or a former one.
std::uint32_t find_event(const schema::Aggregate& aggregate, std::string_view type) {
  for (std::uint32_t e = 0; e < aggregate.events.size(); ++e) {
    const schema::Event& event = aggregate.events[e];
    if (event.name.text == type) return e;
    for (const schema::Name& former : event.renamed_from) {
      if (former.text == type) return e;
    }
  }
  return schema::kNone;
}

// The alternative of `state` whose emit list is the longest run of events at
// `next`; nullptr when none is.
const schema::StateTransition* explain(const schema::State& state,
                                       const std::vector<std::uint32_t>& events, std::size_t next) {
  const schema::StateTransition* best = nullptr;
  for (const schema::CommandHandling& handling : state.handling) {
    for (const schema::StateTransition& st : handling.alternatives) {
      const std::vector<std::uint32_t>& emits = st.transition->emit_events;
      if (emits.empty() || emits.size() > events.size() - next) continue;
      if (!std::equal(emits.begin(), emits.end(),
                      events.begin() + static_cast<std::ptrdiff_t>(next)))
        continue;
      if (!best || emits.size() > best->transition->emit_events.size()) best = &st;
    }
  }
  return best;
}

void add_step(StreamPath& path, Step step) {
  for (Step& existing : path.steps) {
    if (existing.from == step.from && existing.to == step.to &&
        existing.replay_only == step.replay_only && existing.via == step.via &&
        existing.event == step.event) {
      ++existing.count;
      return;
    }
  }
  step.count = 1;
  path.steps.push_back(step);
}

}  // namespace

Result<StreamPath> trace_stream(const schema::Aggregate& aggregate,
                                std::span<const std::string> event_types) {
  std::vector<std::uint32_t> events;
  for (std::size_t i = 0; i < event_types.size(); ++i) {
    std::uint32_t event = find_event(aggregate, event_types[i]);
    if (event == schema::kNone) {
      return Status::invalid_argument("event " + std::to_string(i + 1) + " of the stream, '" +
                                      event_types[i] + "', is not an event of aggregate '" +
                                      aggregate.name.text + "'");
    }
    events.push_back(event);
  }

  StreamPath path;
  path.current_state = aggregate.initial_state;
  path.events = events.size();
  std::size_t next = 0;
  while (next < events.size()) {
    const std::uint32_t from = path.current_state;
    const schema::State& state = aggregate.states[from];
    const std::optional<schema::EvolveStep>& replay = state.evolve[events[next]];
    if (!replay) {
      return Status(StatusCode::corruption,
                    "event " + std::to_string(next + 1) + " of the stream, '" +
                        aggregate.events[events[next]].name.text + "', cannot occur in state '" +
                        state.name.text + "' of aggregate '" + aggregate.name.text + "'");
    }
    if (const schema::StateTransition* st = explain(state, events, next)) {
      std::uint32_t owner = st->inherited ? schema::kNone : from;
      add_step(
          path,
          Step{from, st->target, false, {owner, st->handler, st->alternative}, schema::kNone, 0});
      path.current_state = st->target;
      next += st->transition->emit_events.size();
    } else {
      add_step(path, Step{from, replay->target, true, {}, events[next], 0});
      path.current_state = replay->target;
      ++next;
    }
  }
  return path;
}

}  // namespace mealy::viz
