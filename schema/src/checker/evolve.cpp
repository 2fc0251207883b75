// The replay table (evolve) and the source of every next-state field.
//
// Invariants of State::evolve, for every state S and event E:
//   1. evolve[E] is set exactly when some transition of S emits E, or E is
//      retired (old streams may hold it: it keeps the state).
//   2. In a transition emitting E1..En, E1..En-1 keep S and En moves to the
//      transition's target; the target of (S, E) is the same for every
//      transition of the aggregate, otherwise replay would be ambiguous and
//      the checker reports both transitions.
//   3. The target's fields are filled by name from E, else carried from S's
//      field of the same name, else from their default, else left to E's
//      `apply` hook; a field with none of these is an error.
#include "checker/aggregate.hpp"

namespace mealy::schema::checker {
namespace {

struct Origin {
  const Transition* transition = nullptr;
  std::uint32_t command = kNone;
  bool last = true;  // the event is the last the transition emits (so it moves)
};

std::string how(const Aggregate& aggregate, const Origin& origin, std::uint32_t target,
                std::uint32_t event) {
  std::string text = "transition " + quote(aggregate.commands[origin.command].name.text) + " (" +
                     place(origin.transition->location) + ") ";
  if (origin.last) return text + "moves to " + quote(aggregate.states[target].name.text);
  return text + "keeps " + quote(aggregate.states[target].name.text) + ", since " +
         quote(aggregate.events[event].name.text) + " is not the last event it emits";
}

void set_step(Context& ctx, Aggregate& aggregate, std::uint32_t state_index,
              std::uint32_t event_index, std::uint32_t target, Origin origin,
              std::vector<Origin>& origins) {
  State& state = aggregate.states[state_index];
  std::optional<EvolveStep>& step = state.evolve[event_index];
  if (!step) {
    step = EvolveStep{event_index, target, {}};
    origins[event_index] = origin;
    return;
  }
  if (step->target == target) return;
  const Origin& first = origins[event_index];
  ctx.error(origin.transition->location, "ambiguous-replay",
            "replaying event " + quote(aggregate.events[event_index].name.text) + " in state " +
                quote(state.name.text) +
                " is ambiguous: " + how(aggregate, first, step->target, event_index) + ", but " +
                how(aggregate, origin, target, event_index));
}

void fill_state_fields(Context& ctx, const Aggregate& aggregate, const State& from,
                       EvolveStep& step) {
  const Event& event = aggregate.events[step.event];
  const State& to = aggregate.states[step.target];
  step.fields.clear();
  for (const Field& field : to.fields) {
    FieldSource source;
    std::uint32_t index = find_field(event.fields, field.name.text);
    const std::vector<Field>* origin = &event.fields;
    std::string origin_name = "event " + quote(event.name.text);
    source.kind = SourceKind::event_field;
    if (index == kNone) {
      index = find_field(from.fields, field.name.text);
      origin = &from.fields;
      origin_name = "state " + quote(from.name.text);
      source.kind = SourceKind::state_field;
    }
    if (index != kNone) {
      const Field& origin_field = (*origin)[index];
      if (!fills(origin_field.type, field.type)) {
        ctx.error(field.location, "field-type",
                  "field " + quote(field.name.text) + " of state " + quote(to.name.text) + " is " +
                      quote(field.type.spelling) + ", but replaying event " +
                      quote(event.name.text) + " in state " + quote(from.name.text) +
                      " fills it from " + origin_name + ", where it is " +
                      quote(origin_field.type.spelling));
      }
      source.index = index;
    } else if (field.default_written || field.type.kind == TypeKind::optional) {
      source = {SourceKind::default_value, kNone};  // an optional without a default starts empty
    } else if (!event.apply.empty()) {
      source = {SourceKind::apply_hook, kNone};
    } else {
      ctx.error(field.location, "state-field-source",
                "field " + quote(field.name.text) + " of state " + quote(to.name.text) +
                    " has no source when event " + quote(event.name.text) + " moves " +
                    quote(from.name.text) + " to " + quote(to.name.text) +
                    ": no field of that name in the event or in state " + quote(from.name.text) +
                    ", and no default; add one, or an 'apply' hook to the event");
    }
    step.fields.push_back(source);
  }
}

void compute_aggregate_updates(Context& ctx, Aggregate& aggregate) {
  for (Event& event : aggregate.events) {
    event.aggregate_updates.clear();
    for (std::uint32_t a = 0; a < aggregate.fields.size(); ++a) {
      const Field& aggregate_field = aggregate.fields[a];
      std::uint32_t e = find_field(event.fields, aggregate_field.name.text);
      if (e == kNone) continue;
      if (!fills(event.fields[e].type, aggregate_field.type)) {
        ctx.error(event.fields[e].location, "field-type",
                  "field " + quote(event.fields[e].name.text) + " of event " +
                      quote(event.name.text) + " is " + quote(event.fields[e].type.spelling) +
                      ", but the aggregate field it updates is " +
                      quote(aggregate_field.type.spelling));
        continue;
      }
      event.aggregate_updates.emplace_back(a, e);
    }
  }
}

}  // namespace

void compute_evolve(Context& ctx, Aggregate& aggregate) {
  const std::uint32_t event_count = static_cast<std::uint32_t>(aggregate.events.size());
  for (std::uint32_t s = 0; s < aggregate.states.size(); ++s) {
    State& state = aggregate.states[s];
    state.evolve.assign(event_count, std::nullopt);
    std::vector<Origin> origins(event_count);
    for (const CommandHandling& handling : state.handling) {
      for (const StateTransition& st : handling.alternatives) {
        if (!st.transition->reject.empty()) continue;  // a refusal appends nothing
        const std::vector<std::uint32_t>& emitted = st.transition->emit_events;
        for (std::size_t i = 0; i < emitted.size(); ++i) {
          const bool last = i + 1 == emitted.size();
          std::uint32_t target = last ? st.target : s;  // invariant 2
          set_step(ctx, aggregate, s, emitted[i], target, {st.transition, handling.command, last},
                   origins);
        }
      }
    }
    for (std::uint32_t e = 0; e < event_count; ++e) {
      if (aggregate.events[e].retired && !state.evolve[e]) {
        state.evolve[e] = EvolveStep{e, s, {}};  // invariant 1
      }
    }
  }
  for (State& state : aggregate.states) {
    for (std::optional<EvolveStep>& step : state.evolve) {
      if (step) fill_state_fields(ctx, aggregate, state, *step);
    }
  }
  compute_aggregate_updates(ctx, aggregate);
}

}  // namespace mealy::schema::checker
