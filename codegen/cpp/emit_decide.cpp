// decide(): per state and command, the ordered alternatives of the model's
// transition table, with every emitted field filled from its resolved source.
//
// The transitions are numbered in the order `mealyc paths` lists them (states,
// then each state's handling, then alternatives): kTransitions names them,
// and the branch that takes transition k calls trace(k) first. The trace is
// a template parameter (mealy::NoTrace by default, an empty inline call), so
// that decide costs nothing more when no test records coverage.
#include <set>

#include "cpp_names.hpp"
#include "emit_context.hpp"
#include "transition_words.hpp"

namespace mealy::codegen::cpp {

using schema::Aggregate;
using schema::SourceKind;
using schema::StateTransition;

namespace {

std::string describe(const Aggregate& aggregate, const schema::State& state, std::uint32_t command,
                     const StateTransition& st) {
  const schema::Transition& t = *st.transition;
  std::string text = "state " + state.name.text + ", command " + aggregate.commands[command].name.text;
  if (!t.reject.empty()) return text + " (reject " + t.reject.text + ")";
  return text + " -> " + aggregate.states[st.target].name.text;
}

// The compile-time checks of the hooks decide calls: a missing or mistyped
// hook fails here, naming the hook, its signature and a transition using it.
void emit_hook_checks(EmitContext& ctx, const Aggregate& aggregate) {
  Printer& h = ctx.header;
  std::set<std::pair<std::string, std::uint32_t>> done;
  for (const schema::State& state : aggregate.states) {
    for (const schema::CommandHandling& handling : state.handling) {
      const std::string command = "commands::" + identifier(aggregate.commands[handling.command].name.text);
      for (const StateTransition& st : handling.alternatives) {
        const schema::Transition& t = *st.transition;
        std::string where = describe(aggregate, state, handling.command, st);
        if (!t.guard.empty() && done.insert({"guard " + t.guard.text, handling.command}).second) {
          h.print("static_assert(requires(Host& host, const Aggregate& aggregate, const $command$& command) {\n"
                  "  mealy::to_guard_result(host.$hook$(aggregate, command), \"\");\n"
                  "}, $message$);\n",
                  {{"command", command}, {"hook", identifier(t.guard.text)},
                   {"message", string_literal("mealy: the host has no guard '" + t.guard.text +
                                              "': define bool (or mealy::GuardResult) " + t.guard.text +
                                              "(const Aggregate&, const " + command +
                                              "&), used by " + where)}});
        }
        if (!t.action.empty() && done.insert({"action " + t.action.text, handling.command}).second) {
          std::string result;
          if (t.emit_events.size() == 1) {
            result = "events::" + identifier(aggregate.events[t.emit_events[0]].name.text);
          } else {
            result = "std::tuple<";
            for (std::size_t i = 0; i < t.emit_events.size(); ++i) {
              result += (i ? ", " : "") + std::string("events::") +
                        identifier(aggregate.events[t.emit_events[i]].name.text);
            }
            result += ">";
          }
          h.print("static_assert(requires(Host& host, const Aggregate& aggregate, const $command$& command) {\n"
                  "  { host.$hook$(aggregate, command) } -> std::convertible_to<$result$>;\n"
                  "} || requires(Host& host, const Aggregate& aggregate, const $command$& command,\n"
                  "              const mealy::Clock& clock) {\n"
                  "  { host.$hook$(aggregate, command, clock) } -> std::convertible_to<$result$>;\n"
                  "}, $message$);\n",
                  {{"command", command}, {"hook", identifier(t.action.text)}, {"result", result},
                   {"message", string_literal("mealy: the host has no action '" + t.action.text + "': define " +
                                              result + " " + t.action.text + "(const Aggregate&, const " +
                                              command + "&) (optionally taking a const mealy::Clock& too), used by " +
                                              where)}});
        }
      }
    }
  }
}

std::string source_expression(EmitContext& ctx, const Aggregate& aggregate, const schema::State& state,
                              const schema::Command& command, const schema::Field& field,
                              const schema::FieldSource& source) {
  (void)aggregate;
  switch (source.kind) {
    case SourceKind::command_field: return "command." + identifier(command.fields[source.index].name.text);
    case SourceKind::state_field: return "state." + identifier(state.fields[source.index].name.text);
    case SourceKind::aggregate_field:
      return "aggregate.data." + identifier(aggregate.fields[source.index].name.text);
    case SourceKind::default_value:
      if (!field.default_value) return "{}";  // an optional without a default
      return constant_expression(ctx, *field.default_value, field.type);
    default: return "{}";
  }
}

// The events of one accepted alternative, appended to `out`.
void emit_outcome(EmitContext& ctx, const Aggregate& aggregate, const schema::State& state,
                  const schema::Command& command, const StateTransition& st, std::size_t number) {
  Printer& h = ctx.header;
  const schema::Transition& t = *st.transition;
  h.print("trace(std::size_t{$number$});\n", {{"number", std::to_string(number)}});
  if (!t.reject.empty()) {
    h.print("return rejection(aggregate, command_variant, mealy::RejectionKind::explicit_reject, $code$);\n",
            {{"code", string_literal(t.reject.text)}});
    return;
  }
  if (st.emissions.empty()) {
    h.print("return std::nullopt;\n");
    return;
  }
  if (st.emissions.size() > 1) {
    h.print("out.reserve(out.size() + $n$);\n", {{"n", std::to_string(st.emissions.size())}});
  }
  if (!t.action.empty()) {
    // The action may take the decision's clock, for times it fills itself.
    h.print("auto built = [&] {\n"
            "  if constexpr (requires { host.$hook$(aggregate, command, clock); }) {\n"
            "    return host.$hook$(aggregate, command, clock);\n"
            "  } else {\n"
            "    return host.$hook$(aggregate, command);\n"
            "  }\n"
            "}();\n",
            {{"hook", identifier(t.action.text)}});
    if (st.emissions.size() == 1) {
      h.print("out.emplace_back(std::move(built));\n");
    } else {
      h.print("std::apply([&](auto&&... each) { (out.emplace_back(std::move(each)), ...); }, std::move(built));\n");
    }
    h.print("return std::nullopt;\n");
    return;
  }
  for (const schema::Emission& emission : st.emissions) {
    const schema::Event& event = aggregate.events[emission.event];
    if (event.fields.empty()) {
      h.print("out.emplace_back(events::$event${});\n", {{"event", identifier(event.name.text)}});
      continue;
    }
    h.print("out.emplace_back(events::$event${\n", {{"event", identifier(event.name.text)}});
    {
      Printer::Indent in(h);
      Printer::Indent in2(h);
      for (std::size_t i = 0; i < event.fields.size(); ++i) {
        const schema::Field& field = event.fields[i];
        h.print(".$name$ = $value$$comma$\n",
                {{"name", identifier(field.name.text)},
                 {"value", source_expression(ctx, aggregate, state, command, field, emission.fields[i])},
                 {"comma", i + 1 < event.fields.size() ? "," : ""}});
      }
    }
    h.print("});\n");
  }
  h.print("return std::nullopt;\n");
}

void emit_alternatives(EmitContext& ctx, const Aggregate& aggregate, const schema::State& state,
                       const schema::Command& command, const schema::CommandHandling& handling,
                       std::size_t& number);

void emit_handling(EmitContext& ctx, const Aggregate& aggregate, const schema::State& state,
                   const schema::CommandHandling& handling, std::size_t& number) {
  Printer& h = ctx.header;
  const schema::Command& command = aggregate.commands[handling.command];
  h.print("case $index$: {  // $command$$inherited$\n",
          {{"index", std::to_string(handling.command)}, {"command", command.name.text},
           {"inherited", handling.inherited ? " (aggregate-wide)" : ""}});
  emit_alternatives(ctx, aggregate, state, command, handling, number);
  h.print("}\n");
}

void emit_alternatives(EmitContext& ctx, const Aggregate& aggregate, const schema::State& state,
                       const schema::Command& command, const schema::CommandHandling& handling,
                       std::size_t& number) {
  Printer& h = ctx.header;
  Printer::Indent in(h);
  h.print("[[maybe_unused]] const auto& command = std::get<$index$>(command_variant);\n",
          {{"index", std::to_string(handling.command)}});
  const auto& alternatives = handling.alternatives;
  bool last_guarded = !alternatives.back().transition->guard.empty();
  if (last_guarded) h.print("std::string reason;\n");
  for (const StateTransition& st : alternatives) {
    const schema::Transition& t = *st.transition;
    const std::size_t this_number = number++;
    if (t.guard.empty()) {
      emit_outcome(ctx, aggregate, state, command, st, this_number);
      continue;
    }
    h.print("if (auto guard = mealy::to_guard_result(host.$guard$(aggregate, command), $name$); guard.allowed) {\n",
            {{"guard", identifier(t.guard.text)}, {"name", string_literal(t.guard.text)}});
    {
      Printer::Indent branch(h);
      emit_outcome(ctx, aggregate, state, command, st, this_number);
    }
    if (last_guarded) {
      h.print("} else {\n  reason = std::move(guard.reason);\n}\n");
    } else {
      h.print("}\n");
    }
  }
  if (last_guarded) {
    h.print("return rejection(aggregate, command_variant, mealy::RejectionKind::guard, std::move(reason));\n");
  }
}

bool uses_now(const Aggregate& aggregate) {
  for (const schema::State& state : aggregate.states) {
    for (const schema::CommandHandling& handling : state.handling) {
      for (const StateTransition& st : handling.alternatives) {
        for (const schema::Emission& emission : st.emissions) {
          const schema::Event& event = aggregate.events[emission.event];
          for (std::size_t i = 0; i < event.fields.size(); ++i) {
            const schema::Field& field = event.fields[i];
            if (emission.fields[i].kind == SourceKind::default_value && field.default_value &&
                field.default_value->is_now) {
              return true;
            }
          }
        }
      }
    }
  }
  return false;
}

// kTransitions: every transition, numbered as decide's trace calls say.
void emit_transition_table(EmitContext& ctx, const Aggregate& aggregate) {
  Printer& h = ctx.header;
  std::size_t count = 0;
  for (const schema::State& state : aggregate.states) {
    for (const schema::CommandHandling& handling : state.handling) count += handling.alternatives.size();
  }
  h.print("// Every transition: a state, a command and one of its alternatives (rejects\n"
          "// included), as `mealyc paths` lists them. decide() passes the index of the one\n"
          "// it takes to its trace.\n"
          "inline constexpr std::array<mealy::TransitionInfo, $count$> kTransitions{{\n",
          {{"count", std::to_string(count)}});
  {
    Printer::Indent in(h);
    for (std::uint32_t s = 0; s < aggregate.states.size(); ++s) {
      const schema::State& state = aggregate.states[s];
      for (const schema::CommandHandling& handling : state.handling) {
        for (std::uint32_t a = 0; a < handling.alternatives.size(); ++a) {
          h.print("{$state$, $command$, $alternative$, $state_name$, $command_name$, $guard$, $label$, $outcome$},\n",
                  {{"state", std::to_string(s)}, {"command", std::to_string(handling.command)},
                   {"alternative", std::to_string(a)}, {"state_name", string_literal(state.name.text)},
                   {"command_name", string_literal(aggregate.commands[handling.command].name.text)},
                   {"guard", string_literal(handling.alternatives[a].transition->guard.text)},
                   {"label", string_literal(codegen::transition_label(aggregate, handling, a))},
                   {"outcome", string_literal(codegen::transition_outcome(aggregate, handling.alternatives[a]))}});
        }
      }
    }
  }
  h.print("}};\n\n");
}

}  // namespace

void emit_decide(EmitContext& ctx, const Aggregate& aggregate) {
  Printer& h = ctx.header;
  emit_transition_table(ctx, aggregate);
  h.print(
      "// Decides what `command_variant` does to `aggregate`, as decide() below does, but\n"
      "// appends the events to `out` (without clearing it) and returns the rejection, if\n"
      "// any: for loops that reuse one vector rather than allocate one per command. On a\n"
      "// rejection `out` is left as it was. `trace(k)` is called with the index in\n"
      "// kTransitions of the transition taken, if any.\n"
      "template <typename Host, typename Trace = mealy::NoTrace>\n"
      "std::optional<mealy::Rejection> decide_into(const Aggregate& aggregate, const Command& command_variant,\n"
      "                                            Host& host, const mealy::Clock& clock, std::vector<Event>& out,\n"
      "                                            Trace&& trace = {}) {\n");
  {
    Printer::Indent in(h);
    emit_hook_checks(ctx, aggregate);
    h.print("(void)host;\n(void)clock;\n(void)out;\n(void)trace;\n"
            "if (auto violation = validate(command_variant)) {\n"
            "  return constraint_rejection(aggregate, command_variant, std::move(*violation));\n"
            "}\n");
    if (uses_now(aggregate)) {
      h.print("// `default: now`, read once, so that all events of one decision agree.\n"
              "[[maybe_unused]] const mealy::Timestamp now = clock.now();\n");
    }
    h.print("switch (aggregate.state.index()) {\n");
    std::size_t number = 0;
    for (std::uint32_t s = 0; s < aggregate.states.size(); ++s) {
      const schema::State& state = aggregate.states[s];
      if (state.handling.empty()) continue;
      h.print("case $index$: {  // $state$\n", {{"index", std::to_string(s)}, {"state", state.name.text}});
      {
        Printer::Indent in_state(h);
        h.print("[[maybe_unused]] const auto& state = std::get<$index$>(aggregate.state);\n"
                "switch (command_variant.index()) {\n",
                {{"index", std::to_string(s)}});
        for (const schema::CommandHandling& handling : state.handling) {
          emit_handling(ctx, aggregate, state, handling, number);
        }
        h.print("default:\n  break;\n}\nbreak;\n");
      }
      h.print("}\n");
    }
    h.print("default:\n  break;\n}\nreturn invalid_transition(aggregate, command_variant);\n");
  }
  h.print("}\n\n");
  h.print(
      "// Decides what `command_variant` does to `aggregate`: the events to append, or a\n"
      "// rejection (a value; nothing is appended). Constraints are checked first. `host`\n"
      "// implements the guards and actions (checked at compile time in decide_into);\n"
      "// `clock` gives `default: now`; `trace(k)` hears which transition of kTransitions\n"
      "// is taken. Pure: reads the aggregate, changes nothing.\n"
      "template <typename Host, typename Trace = mealy::NoTrace>\n"
      "mealy::Decision<Event> decide(const Aggregate& aggregate, const Command& command_variant, Host& host,\n"
      "                              const mealy::Clock& clock, Trace&& trace = {}) {\n"
      "  std::vector<Event> events;\n"
      "  if (std::optional<mealy::Rejection> rejection =\n"
      "          decide_into(aggregate, command_variant, host, clock, events, std::forward<Trace>(trace))) {\n"
      "    return std::move(*rejection);\n"
      "  }\n"
      "  return events;\n"
      "}\n\n");
}

}  // namespace mealy::codegen::cpp
