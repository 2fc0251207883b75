// The machine as data, and replay: the transition table (as const), the
// commands each state accepts, the replay table, nextState(), create(),
// evolve() and replay(). evolve() follows the model's EvolveSteps as the C++
// evolve does (codegen/cpp/emit_evolve.cpp): it moves the state, fills the
// next state's fields from their resolved sources, updates the data fields of
// the same names, runs the event's apply hook and counts the version.
#include "transition_words.hpp"
#include "ts_context.hpp"
#include "ts_names.hpp"

namespace mealy::codegen::ts {

using schema::Aggregate;
using schema::SourceKind;
using schema::TypeKind;

namespace {

std::string name_or_null(const schema::Name& name) {
  return name.empty() ? "null" : string_literal(name.text);
}

void emit_transition_table(TsContext& ctx, const Aggregate& aggregate, const std::string& prefix) {
  Printer& p = ctx.out;
  p.print("const $prefix$transitions = {\n", {{"prefix", prefix}});
  for (const schema::State& state : aggregate.states) {
    if (state.handling.empty()) {
      p.print("  $state$: {},\n", {{"state", state.name.text}});
      continue;
    }
    p.print("  $state$: {\n", {{"state", state.name.text}});
    for (const schema::CommandHandling& handling : state.handling) {
      p.print("    $command$: [\n", {{"command", aggregate.commands[handling.command].name.text}});
      for (const schema::StateTransition& st : handling.alternatives) {
        const schema::Transition& t = *st.transition;
        std::string emit;
        for (std::uint32_t event : t.emit_events) {
          emit += (emit.empty() ? "" : ", ") + string_literal(aggregate.events[event].name.text);
        }
        const bool rejects = !t.reject.empty();
        p.print(
            "      { guard: $guard$, action: $action$, emit: [$emit$], to: $to$, reject: $reject$, "
            "inherited: $inherited$ },\n",
            {{"guard", name_or_null(t.guard)},
             {"action", name_or_null(t.action)},
             {"emit", emit},
             {"to", rejects ? "null" : string_literal(aggregate.states[st.target].name.text)},
             {"reject", name_or_null(t.reject)},
             {"inherited", st.inherited ? "true" : "false"}});
      }
      p.print("    ],\n");
    }
    p.print("  },\n");
  }
  p.print("} as const;\n\n");

  // Accepted: a command with an alternative other than `reject`, in handling
  // order (C++'s accepted_commands).
  p.print(
      "const $prefix$accepted: { readonly [S in $prefix$StateName]: readonly $prefix$CommandName[] "
      "} = {\n",
      {{"prefix", prefix}});
  for (const schema::State& state : aggregate.states) {
    std::string accepted;
    for (const std::string& name : codegen::accepted_commands(aggregate, state)) {
      accepted += (accepted.empty() ? "" : ", ") + string_literal(name);
    }
    p.print("  $state$: [$accepted$],\n", {{"state", state.name.text}, {"accepted", accepted}});
  }
  p.print("};\n\n");

  p.print("const $prefix$replayTable = {\n", {{"prefix", prefix}});
  for (const schema::State& state : aggregate.states) {
    std::string steps;
    for (const auto& step : state.evolve) {
      if (!step) continue;
      steps += (steps.empty() ? " " : ", ") + aggregate.events[step->event].name.text + ": " +
               string_literal(aggregate.states[step->target].name.text);
    }
    p.print("  $state$: {$steps$},\n",
            {{"state", state.name.text}, {"steps", steps.empty() ? "" : steps + " "}});
  }
  p.print(
      "} as const satisfies { readonly [S in $prefix$StateName]: { readonly [E in "
      "$prefix$EventName]?: $prefix$StateName } };\n\n",
      {{"prefix", prefix}});
}

// An assignment of a field of the next state (or of the data) from a source
// expression, as statements on `target`: an optional source fills an optional
// field only when it holds a value.
std::string optional_assignment(const std::string& target, const std::string& field,
                                const std::string& source) {
  return "if (" + source + " !== undefined) " + target + "." + field + " = " + source + ";\n";
}

struct NextState {
  std::string literal;     // the members given in the object literal
  std::string statements;  // optional members set afterwards
  bool uses_event = false;
};

NextState next_state_fields(const TsContext& ctx, const schema::Event& event,
                            const schema::State& from, const schema::State& to,
                            const schema::EvolveStep& step) {
  NextState out;
  for (std::size_t i = 0; i < to.fields.size(); ++i) {
    const schema::Field& field = to.fields[i];
    const schema::FieldSource& source = step.fields[i];
    const bool optional = field.type.kind == TypeKind::optional;
    std::string value;
    bool source_optional = false;
    switch (source.kind) {
      case SourceKind::event_field:
        value = "e." + event.fields[source.index].name.text;
        source_optional = event.fields[source.index].type.kind == TypeKind::optional;
        out.uses_event = true;
        break;
      case SourceKind::state_field:
        value = "state.payload." + from.fields[source.index].name.text;
        source_optional = from.fields[source.index].type.kind == TypeKind::optional;
        break;
      case SourceKind::default_value:
        // Replay never reads the clock: a `now` default starts empty.
        if (!field.default_value || field.default_value->is_now) {
          if (optional) continue;
          value = ctx.empty_value(field.type);
        } else if (optional) {
          if (field.default_value->is_null) continue;
          value = ctx.constant(field.default_value->items.at(0), field.type.element.at(0));
        } else {
          value = ctx.constant(*field.default_value, field.type);
        }
        break;
      default:  // left to the apply hook, which starts from the empty value
        if (optional) continue;
        value = ctx.empty_value(field.type);
        break;
    }
    if (optional && source_optional) {
      out.statements += optional_assignment("payload", field.name.text, value);
    } else {
      out.literal += (out.literal.empty() ? " " : ", ") + field.name.text + ": " + value;
    }
  }
  if (!out.literal.empty()) out.literal += " ";
  return out;
}

void emit_step(TsContext& ctx, const Aggregate& aggregate, std::uint32_t from_index,
               const schema::EvolveStep& step, const std::string& prefix) {
  Printer& p = ctx.out;
  const schema::State& from = aggregate.states[from_index];
  const schema::State& to = aggregate.states[step.target];
  const schema::Event& event = aggregate.events[step.event];
  std::string body;
  bool uses_event = !event.aggregate_updates.empty() || !event.apply.empty();
  std::string state_expression = "state";
  if (step.target == from_index) {
    // Staying: only the fields the event holds change.
    std::string updates;
    for (std::size_t i = 0; i < to.fields.size(); ++i) {
      if (step.fields[i].kind != SourceKind::event_field) continue;
      const schema::Field& field = to.fields[i];
      const schema::Field& source = event.fields[step.fields[i].index];
      const std::string value = "e." + source.name.text;
      if (field.type.kind == TypeKind::optional && source.type.kind == TypeKind::optional) {
        updates += "if (" + value + " !== undefined) payload." + field.name.text + " = " + value +
                   ";\nelse delete payload." + field.name.text + ";\n";
      } else {
        updates += "payload." + field.name.text + " = " + value + ";\n";
      }
      uses_event = true;
    }
    if (!updates.empty()) {
      body += "const payload: " + prefix + "State_" + to.name.text + " = { ...state.payload };\n" +
              updates;
      state_expression = "{ type: " + string_literal(to.name.text) + ", payload }";
    }
  } else {
    NextState next = next_state_fields(ctx, event, from, to, step);
    uses_event |= next.uses_event;
    body += "const payload: " + prefix + "State_" + to.name.text + " = {" + next.literal + "};\n" +
            next.statements;
    state_expression = "{ type: " + string_literal(to.name.text) + ", payload }";
  }
  std::string data_expression = "aggregate.data";
  if (!event.aggregate_updates.empty()) {
    body += "const data: " + prefix + "Data = { ...aggregate.data };\n";
    for (const auto& [aggregate_field, event_field] : event.aggregate_updates) {
      const schema::Field& field = aggregate.fields[aggregate_field];
      const schema::Field& source = event.fields[event_field];
      const std::string value = "e." + source.name.text;
      if (field.type.kind == TypeKind::optional && source.type.kind == TypeKind::optional) {
        body += "if (" + value + " !== undefined) data." + field.name.text + " = " + value +
                ";\nelse delete data." + field.name.text + ";\n";
      } else {
        body += "data." + field.name.text + " = " + value + ";\n";
      }
    }
    data_expression = "data";
  }
  auto next = [&](const std::string& version) {
    return "{ id: aggregate.id, version: " + version + ", data: " + data_expression +
           ", state: " + state_expression + " }";
  };
  if (event.apply.empty()) {
    body += "return { ok: true, value: " + next("aggregate.version + 1n") + " };\n";
  } else {
    body += "const applied = hooks." + event.apply.text + "(" + next("aggregate.version") +
            ", e);\n"
            "return { ok: true, value: { ...applied, version: applied.version + 1n } };\n";
  }
  p.print("case $name$: {  // -> $to$\n",
          {{"name", string_literal(event.name.text)}, {"to", to.name.text}});
  {
    Printer::Indent in(p);
    if (uses_event) p.print("const e = event.payload;\n");
    p.print("$body$", {{"body", body}});
  }
  p.print("}\n");
}

}  // namespace

void emit_machine(TsContext& ctx, const Aggregate& aggregate) {
  const std::string prefix = aggregate_prefix(aggregate);
  const auto hooks = apply_hooks_of(aggregate);
  Printer& p = ctx.out;
  emit_transition_table(ctx, aggregate, prefix);
  p.print(
      "/** The commands a state accepts (has an alternative other than `reject` for), in the order "
      "it handles them. */\n"
      "function $prefix$acceptedCommands(state: $prefix$StateName | $prefix$State): readonly "
      "$prefix$CommandName[] {\n"
      "  return $prefix$accepted[typeof state === \"string\" ? state : state.type];\n"
      "}\n\n"
      "/** The state that applying `event` in `state` moves to; undefined when the event cannot "
      "occur there. */\n"
      "function $prefix$nextState(state: $prefix$StateName | $prefix$State, event: "
      "$prefix$EventName | $prefix$Event): $prefix$StateName | undefined {\n"
      "  const steps: { readonly [event: string]: $prefix$StateName | undefined } = "
      "$prefix$replayTable[typeof state === \"string\" ? state : state.type];\n"
      "  const name = typeof event === \"string\" ? event : event.type;\n"
      "  return mealy.own(steps, name) ? steps[name] : undefined;\n"
      "}\n\n"
      "/** A new aggregate: version 0, data at its defaults, in the initial state. */\n"
      "function $prefix$create(id: $id$): $prefix$Aggregate {\n"
      "  return { id, version: 0n, data: empty$prefix$Data(), state: { type: $initial$, payload: "
      "empty$prefix$State_$initial_name$() } };\n"
      "}\n\n",
      {{"prefix", prefix},
       {"id", aggregate.id == schema::IdKind::int64 ? "bigint" : "string"},
       {"initial", string_literal(aggregate.states.at(aggregate.initial_state).name.text)},
       {"initial_name", aggregate.states.at(aggregate.initial_state).name.text}});

  if (!hooks.empty()) {
    p.print(
        "/** The apply hooks of $name$'s events: each runs after the built-in evolve and returns "
        "the aggregate. */\n"
        "export interface $prefix$ApplyHooks {\n",
        {{"name", aggregate.name.text}, {"prefix", prefix}});
    for (const auto& [hook, events] : hooks) {
      p.print("  $hook$(aggregate: $prefix$Aggregate, event: $type$): $prefix$Aggregate;\n",
              {{"hook", hook}, {"prefix", prefix}, {"type", event_union(prefix, events)}});
    }
    p.print("}\n\n");
  }
  const std::string hooks_parameter = hooks.empty() ? "" : ", hooks: " + prefix + "ApplyHooks";
  p.print(
      "/**\n"
      " * Applies one event as C++'s evolve() does, to a new aggregate (the data and\n"
      " * state are copied shallowly; hooks should replace what they change). An event\n"
      " * that cannot occur in the current state is an error, as in C++.\n"
      " */\n"
      "function $prefix$evolve(aggregate: $prefix$Aggregate, event: $prefix$Event$hooks$): "
      "mealy.Outcome<$prefix$Aggregate> {\n"
      "  const state = aggregate.state;\n"
      "  switch (state.type) {\n",
      {{"prefix", prefix}, {"hooks", hooks_parameter}});
  p.indent();
  p.indent();
  for (std::uint32_t s = 0; s < aggregate.states.size(); ++s) {
    const schema::State& state = aggregate.states[s];
    bool any = false;
    for (const auto& step : state.evolve)
      any |= step.has_value();
    if (!any) continue;
    p.print("case $name$:\n  switch (event.type) {\n", {{"name", string_literal(state.name.text)}});
    p.indent();
    p.indent();
    for (const auto& step : state.evolve) {
      if (step) emit_step(ctx, aggregate, s, *step, prefix);
    }
    p.print("default:\n  break;\n");
    p.outdent();
    p.print("}\nbreak;\n");
    p.outdent();
  }
  p.print("default:\n  break;\n");
  p.outdent();
  p.print("}\n");
  p.outdent();
  p.print(
      "  return { ok: false, error: \"event '\" + event.type + \"' cannot occur in state '\" + "
      "state.type + \"'\" };\n"
      "}\n\n"
      "/** Applies `events` in order with evolve(); stops at the first that cannot apply. */\n"
      "function $prefix$replay(aggregate: $prefix$Aggregate, events: readonly "
      "$prefix$Event[]$hooks$): mealy.Outcome<$prefix$Aggregate> {\n"
      "  let current = aggregate;\n"
      "  for (const event of events) {\n"
      "    const result = $prefix$evolve(current, event$pass$);\n"
      "    if (!result.ok) return result;\n"
      "    current = result.value;\n"
      "  }\n"
      "  return { ok: true, value: current };\n"
      "}\n\n",
      {{"prefix", prefix}, {"hooks", hooks_parameter}, {"pass", hooks.empty() ? "" : ", hooks"}});
}

}  // namespace mealy::codegen::ts
