#include "checker/aggregate.hpp"

#include "checker/names.hpp"

namespace mealy::schema::checker {
namespace {

// Members of the generated aggregate data that fields may not shadow.
constexpr std::string_view kReservedAggregateFields[] = {"id", "state", "version"};

void check_members(Context& ctx, Aggregate& aggregate) {
  const std::string where = describe(aggregate);
  check_fields(ctx, aggregate.fields, where, 0);
  for (const Field& field : aggregate.fields) {
    for (std::string_view reserved : kReservedAggregateFields) {
      if (field.name.text == reserved) {
        ctx.error(field.name.location, "reserved-name",
                  "aggregate field name " + quote(reserved) +
                      " is reserved: the aggregate's id, state and version are built in");
      }
    }
  }
  CollisionScope commands(ctx, "the commands of " + where);
  for (Command& command : aggregate.commands) {
    check_pascal_name(ctx, command.name, "command", NameRole::command);
    commands.add(command.name, "command");
    check_fields(ctx, command.fields, "command " + quote(command.name.text), 0);
  }
  CollisionScope events(ctx, "the events of " + where);
  for (Event& event : aggregate.events) {
    check_pascal_name(ctx, event.name, "event", NameRole::event);
    events.add(event.name, "event");
    check_fields(ctx, event.fields, "event " + quote(event.name.text), event.version);
    if (!event.apply.empty()) check_snake_name(ctx, event.apply, "apply hook", NameRole::hook);
    if (!event.upcast.empty()) {
      check_snake_name(ctx, event.upcast, "upcast hook", NameRole::hook);
      event.upcast_forms.clear();
      if (event.version > 1) event.upcast_forms.push_back({event.name.text, event.version - 1});
      for (const Name& old_name : event.renamed_from)
        event.upcast_forms.push_back({old_name.text, event.version});
    }
  }
  // Old names decode as the renamed event: they must not be taken twice.
  std::map<std::string, const Event*> old_names;
  for (const Event& event : aggregate.events) {
    for (const Name& old_name : event.renamed_from) {
      check_pascal_name(ctx, old_name, "event", NameRole::event);
      bool current = false;
      for (const Event& other : aggregate.events)
        current |= other.name.text == old_name.text;
      if (current) {
        ctx.error(old_name.location, "name-collision",
                  "event " + quote(event.name.text) + " is renamed from " + quote(old_name.text) +
                      ", which is also a current event");
      } else if (auto [it, inserted] = old_names.emplace(old_name.text, &event); !inserted) {
        ctx.error(old_name.location, "name-collision",
                  "events " + quote(it->second->name.text) + " and " + quote(event.name.text) +
                      " are both renamed from " + quote(old_name.text));
      }
    }
  }
  CollisionScope states(ctx, "the states of " + where);
  for (State& state : aggregate.states) {
    check_pascal_name(ctx, state.name, "state", NameRole::state);
    states.add(state.name, "state");
    check_fields(ctx, state.fields, "state " + quote(state.name.text), 0);
  }
}

void check_initial_and_final(Context& ctx, Aggregate& aggregate) {
  for (std::uint32_t i = 0; i < aggregate.states.size(); ++i) {
    State& state = aggregate.states[i];
    if (state.final && state.has_on) {
      ctx.error(
          state.name.location, "final-state-on",
          "final state " + quote(state.name.text) + " has 'on'; a final state accepts no commands");
    }
    if (!state.initial) continue;
    if (aggregate.initial_state != kNone) {
      const State& first = aggregate.states[aggregate.initial_state];
      ctx.error(state.name.location, "initial-state",
                "state " + quote(state.name.text) + " is initial, but so is " +
                    quote(first.name.text) + " (" + place(first.name.location) +
                    "); an aggregate has exactly one initial state");
      continue;
    }
    aggregate.initial_state = i;
    if (!state.fields.empty()) {
      ctx.error(state.fields.front().name.location, "initial-fields",
                "initial state " + quote(state.name.text) +
                    " has fields; nothing has happened yet to fill them");
    }
    if (state.final) {
      ctx.error(state.name.location, "initial-state",
                "state " + quote(state.name.text) + " is both initial and final");
    }
  }
  if (aggregate.initial_state == kNone) {
    ctx.error(aggregate.name.location, "initial-state",
              describe(aggregate) + " has no initial state; mark one state 'initial: true'");
  }
}

}  // namespace

std::string describe(const Aggregate& aggregate) {
  return "aggregate " + quote(aggregate.name.text);
}

void check_aggregate(Context& ctx, Aggregate& aggregate) {
  check_pascal_name(ctx, aggregate.name, "aggregate", NameRole::aggregate);
  if (aggregate.snapshot_every && *aggregate.snapshot_every == 0) {
    ctx.error(aggregate.name.location, "value", "'snapshot_every' must be at least 1");
  }
  std::size_t errors = ctx.diagnostics.error_count();
  check_members(ctx, aggregate);
  // After loader errors, parts of the machine may be missing: checking it
  // would only report their absence again.
  if (!ctx.check_machines) return;
  check_initial_and_final(ctx, aggregate);
  // The tables read resolved references and types: they are computed only
  // when everything resolved, so that one typo does not cascade.
  if (!check_transitions(ctx, aggregate) || aggregate.initial_state == kNone) return;
  compute_decide_sources(ctx, aggregate);
  compute_evolve(ctx, aggregate);
  // Warnings about the shape of a machine with errors would be noise.
  if (ctx.diagnostics.error_count() != errors) return;
  warn_aggregate(ctx, aggregate);
}

}  // namespace mealy::schema::checker
