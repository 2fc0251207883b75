// Warnings about a machine that is valid but probably not what was meant.
#include <array>
#include <deque>

#include "checker/aggregate.hpp"
#include "checker/past_tense.hpp"

namespace mealy::schema::checker {
namespace {

void mark_reachable(Aggregate& aggregate) {
  for (State& state : aggregate.states)
    state.reachable = false;
  std::deque<std::uint32_t> queue{aggregate.initial_state};
  aggregate.states[aggregate.initial_state].reachable = true;
  while (!queue.empty()) {
    const State& state = aggregate.states[queue.front()];
    queue.pop_front();
    for (const CommandHandling& handling : state.handling) {
      for (const StateTransition& st : handling.alternatives) {
        if (!st.transition->reject.empty()) continue;
        State& next = aggregate.states[st.target];
        if (!next.reachable) {
          next.reachable = true;
          queue.push_back(st.target);
        }
      }
    }
  }
}

bool has_way_out(const State& state, std::uint32_t self) {
  for (const CommandHandling& handling : state.handling) {
    for (const StateTransition& st : handling.alternatives) {
      if (st.transition->reject.empty() && st.target != self) return true;
    }
  }
  return false;
}

}  // namespace

void warn_aggregate(Context& ctx, Aggregate& aggregate) {
  mark_reachable(aggregate);
  const State& initial = aggregate.states[aggregate.initial_state];
  std::vector<bool> accepted(aggregate.commands.size(), false);
  std::vector<bool> rejected(aggregate.commands.size(), false);
  std::vector<bool> emitted(aggregate.events.size(), false);
  for (std::uint32_t s = 0; s < aggregate.states.size(); ++s) {
    const State& state = aggregate.states[s];
    if (!state.reachable) {
      ctx.warning(state.name.location, "unreachable-state",
                  "state " + quote(state.name.text) + " is unreachable from the initial state " +
                      quote(initial.name.text));
    }
    if (!state.final && !has_way_out(state, s)) {
      ctx.warning(state.name.location, "no-way-out",
                  "state " + quote(state.name.text) +
                      " is not final but has no transition to another state");
    }
    for (const CommandHandling& handling : state.handling) {
      for (const StateTransition& st : handling.alternatives) {
        if (!st.transition->reject.empty()) {
          rejected[handling.command] = true;
          continue;
        }
        accepted[handling.command] = true;
        for (std::uint32_t e : st.transition->emit_events)
          emitted[e] = true;
      }
    }
  }
  for (std::uint32_t c = 0; c < aggregate.commands.size(); ++c) {
    if (accepted[c]) continue;
    const Command& command = aggregate.commands[c];
    ctx.warning(command.name.location, "command-never-accepted",
                "command " + quote(command.name.text) + " is never accepted: " +
                    (rejected[c] ? "every state that handles it rejects it"
                                 : "no state has a transition for it"));
  }
  for (std::uint32_t e = 0; e < aggregate.events.size(); ++e) {
    const Event& event = aggregate.events[e];
    if (!emitted[e] && !event.retired) {
      ctx.warning(event.name.location, "event-never-emitted",
                  "event " + quote(event.name.text) +
                      " is never emitted; emit it from a transition or mark it 'retired: true'");
    }
    if (!looks_past_tense(event.name.text)) {
      ctx.warning(event.name.location, "event-tense",
                  "event name " + quote(event.name.text) +
                      " is not in the past tense; events say what happened, e.g. 'OrderPlaced'");
    }
  }
}

}  // namespace mealy::schema::checker
