// decide(): per state and command, the ordered alternatives of the model's
// transition table, with every emitted field filled from its resolved source.
//
// Compiled once, in the schema's .mealy.cpp: decide_into() there takes the
// host as the generated interface DecideHooks (one virtual function per guard
// and per action, overloaded by command) and the trace as a mealy::TraceRef.
// The header keeps only what depends on the host's type: HostDecideHooks<Host>,
// which adapts any host to DecideHooks and checks at compile time that it has
// every hook (a static_assert naming the hook, its signature and a transition
// that uses it), and the decide_into()/decide() templates that build one.
//
// The transitions are numbered in the order `mealyc paths` lists them (states,
// then each state's handling, then alternatives): kTransitions names them,
// and the branch that takes transition k calls trace(k) first. A command that
// the aggregate-wide `on` handles is decided by one function shared by the
// states that inherit it, when its code is the same in each (it differs when
// an event's field is filled from the state), called with the number of its
// first transition in that state.
#include <algorithm>
#include <map>
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
  std::string text =
      "state " + state.name.text + ", command " + aggregate.commands[command].name.text;
  if (!t.reject.empty()) return text + " (reject " + t.reject.text + ")";
  return text + " -> " + aggregate.states[st.target].name.text;
}

// One hook decide calls, for one command: a guard or an action, with the
// first transition that uses it (for the messages).
struct Hook {
  bool guard = false;
  std::string name;     // as written
  std::string command;  // "commands::Submit"
  std::string result;   // an action's events: "events::Paid" or "std::tuple<...>"
  std::string where;    // "state Draft, command Submit -> Paid"
};

std::vector<Hook> decide_hooks(const Aggregate& aggregate) {
  std::vector<Hook> hooks;
  std::set<std::pair<std::string, std::uint32_t>> done;
  for (const schema::State& state : aggregate.states) {
    for (const schema::CommandHandling& handling : state.handling) {
      const std::string command =
          "commands::" + identifier(aggregate.commands[handling.command].name.text);
      for (const StateTransition& st : handling.alternatives) {
        const schema::Transition& t = *st.transition;
        if (!t.guard.empty() && done.insert({"guard " + t.guard.text, handling.command}).second) {
          hooks.push_back(
              {true, t.guard.text, command, "", describe(aggregate, state, handling.command, st)});
        }
        if (!t.action.empty() &&
            done.insert({"action " + t.action.text, handling.command}).second) {
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
          hooks.push_back({false, t.action.text, command, result,
                           describe(aggregate, state, handling.command, st)});
        }
      }
    }
  }
  return hooks;
}

// DecideHooks: the interface the compiled decide_into() calls.
void emit_hooks_interface(EmitContext& ctx, const std::vector<Hook>& hooks) {
  Printer& h = ctx.header;
  h.print(
      "// The guards and actions decide() calls, as one interface. decide() and\n"
      "// decide_into() adapt any host to it (HostDecideHooks below); a host may also\n"
      "// implement it itself. A guard's GuardResult says whether its alternative is\n"
      "// taken and, if not, why; an action builds the events of its transition.\n"
      "class DecideHooks {\n");
  if (!hooks.empty()) h.print(" public:\n");
  {
    Printer::Indent in(h);
    for (const Hook& hook : hooks) {
      h.print("// $kind$ of $where$.\n",
              {{"kind", hook.guard ? "Guard" : "Action"}, {"where", hook.where}});
      if (hook.guard) {
        h.print(
            "virtual mealy::GuardResult $hook$(const Aggregate& aggregate, const $command$& "
            "command) = 0;\n",
            {{"hook", identifier(hook.name)}, {"command", hook.command}});
      } else {
        h.print(
            "virtual $result$ $hook$(const Aggregate& aggregate, const $command$& command,\n"
            "$pad$const mealy::Clock& clock) = 0;\n",
            {{"result", hook.result},
             {"hook", identifier(hook.name)},
             {"command", hook.command},
             {"pad", std::string(10 + hook.result.size() + identifier(hook.name).size(), ' ')}});
      }
    }
  }
  if (!hooks.empty()) h.print("\n");
  h.print(
      " protected:\n"
      "  DecideHooks() = default;\n"
      "  DecideHooks(const DecideHooks&) = default;\n"
      "  DecideHooks& operator=(const DecideHooks&) = default;\n"
      "  ~DecideHooks() = default;\n"
      "};\n\n");
}

// HostDecideHooks<Host>: DecideHooks over any host, with the compile-time
// checks: a missing or mistyped hook fails here, naming the hook, its
// signature and a transition using it.
void emit_host_adapter(EmitContext& ctx, const std::vector<Hook>& hooks) {
  Printer& h = ctx.header;
  h.print(
      "// DecideHooks over a host of any type: each hook calls the host's function of\n"
      "// the same name (checked at compile time). A guard may return bool (false\n"
      "// refuses with the guard's name as the reason) or mealy::GuardResult; an action\n"
      "// may take the clock or not.\n"
      "template <typename Host>\n"
      "class HostDecideHooks final : public DecideHooks {\n");
  {
    Printer::Indent in(h);
    for (const Hook& hook : hooks) {
      if (hook.guard) {
        h.print(
            "static_assert(requires(Host& host, const Aggregate& aggregate, const $command$& "
            "command) {\n"
            "  mealy::to_guard_result(host.$hook$(aggregate, command), \"\");\n"
            "}, $message$);\n",
            {{"command", hook.command},
             {"hook", identifier(hook.name)},
             {"message", string_literal("mealy: the host has no guard '" + hook.name +
                                        "': define bool (or mealy::GuardResult) " + hook.name +
                                        "(const Aggregate&, const " + hook.command +
                                        "&), used by " + hook.where)}});
      } else {
        h.print(
            "static_assert(requires(Host& host, const Aggregate& aggregate, const $command$& "
            "command) {\n"
            "  { host.$hook$(aggregate, command) } -> std::convertible_to<$result$>;\n"
            "} || requires(Host& host, const Aggregate& aggregate, const $command$& command,\n"
            "              const mealy::Clock& clock) {\n"
            "  { host.$hook$(aggregate, command, clock) } -> std::convertible_to<$result$>;\n"
            "}, $message$);\n",
            {{"command", hook.command},
             {"hook", identifier(hook.name)},
             {"result", hook.result},
             {"message",
              string_literal(
                  "mealy: the host has no action '" + hook.name + "': define " + hook.result + " " +
                  hook.name + "(const Aggregate&, const " + hook.command +
                  "&) (optionally taking a const mealy::Clock& too), used by " + hook.where)}});
      }
    }
  }
  if (!hooks.empty()) h.print("\n");
  h.print(" public:\n");
  {
    Printer::Indent in(h);
    if (hooks.empty()) {
      h.print("explicit HostDecideHooks(Host& /*host*/) noexcept {}\n");
    } else {
      h.print("explicit HostDecideHooks(Host& host) noexcept : host_(host) {}\n");
    }
    for (const Hook& hook : hooks) {
      if (hook.guard) {
        h.print(
            "mealy::GuardResult $hook$(const Aggregate& aggregate, const $command$& command) "
            "override {\n"
            "  return mealy::to_guard_result(host_.$hook$(aggregate, command), $name$);\n"
            "}\n",
            {{"hook", identifier(hook.name)},
             {"command", hook.command},
             {"name", string_literal(hook.name)}});
      } else {
        h.print(
            "$result$ $hook$(const Aggregate& aggregate, const $command$& command,\n"
            "$pad$const mealy::Clock& clock) override {\n"
            "  if constexpr (requires { host_.$hook$(aggregate, command, clock); }) {\n"
            "    return host_.$hook$(aggregate, command, clock);\n"
            "  } else {\n"
            "    (void)clock;\n"
            "    return host_.$hook$(aggregate, command);\n"
            "  }\n"
            "}\n",
            {{"result", hook.result},
             {"hook", identifier(hook.name)},
             {"command", hook.command},
             {"pad", std::string(2 + hook.result.size() + identifier(hook.name).size(), ' ')}});
      }
    }
  }
  if (!hooks.empty()) h.print("\n private:\n  Host& host_;\n");
  h.print("};\n\n");
}

std::string source_expression(EmitContext& ctx, const Aggregate& aggregate,
                              const schema::State& state, const schema::Command& command,
                              const schema::Field& field, const schema::FieldSource& source) {
  switch (source.kind) {
    case SourceKind::command_field:
      return "command." + identifier(command.fields[source.index].name.text);
    case SourceKind::state_field:
      return "state." + identifier(state.fields[source.index].name.text);
    case SourceKind::aggregate_field:
      return "aggregate.data." + identifier(aggregate.fields[source.index].name.text);
    case SourceKind::default_value:
      if (!field.default_value) return "{}";  // an optional without a default
      return constant_expression(ctx, *field.default_value, field.type);
    default:
      return "{}";
  }
}

// How the branch that takes transition k names it to the trace:
// `std::size_t{7}` in a state's own case, `first + 2` in a function that
// states share.
struct TraceNumbers {
  bool relative = false;
  std::size_t base = 0;
  [[nodiscard]] std::string of(std::size_t k) const {
    return relative ? "first + " + std::to_string(k - base)
                    : "std::size_t{" + std::to_string(k) + "}";
  }
};

// The events of one accepted alternative, appended to `out`.
void emit_outcome(EmitContext& ctx, Printer& p, const Aggregate& aggregate,
                  const schema::State& state, const schema::Command& command,
                  const StateTransition& st, const std::string& number) {
  const schema::Transition& t = *st.transition;
  p.print("trace($number$);\n", {{"number", number}});
  if (!t.reject.empty()) {
    p.print(
        "return rejection(aggregate, command_variant, mealy::RejectionKind::explicit_reject, "
        "$code$);\n",
        {{"code", string_literal(t.reject.text)}});
    return;
  }
  if (st.emissions.empty()) {
    p.print("return std::nullopt;\n");
    return;
  }
  if (st.emissions.size() > 1) {
    p.print("out.reserve(out.size() + $n$);\n", {{"n", std::to_string(st.emissions.size())}});
  }
  if (!t.action.empty()) {
    if (st.emissions.size() == 1) {
      p.print("out.emplace_back(hooks.$hook$(aggregate, command, clock));\n",
              {{"hook", identifier(t.action.text)}});
    } else {
      p.print(
          "std::apply([&](auto&&... each) { (out.emplace_back(std::move(each)), ...); },\n"
          "           hooks.$hook$(aggregate, command, clock));\n",
          {{"hook", identifier(t.action.text)}});
    }
    p.print("return std::nullopt;\n");
    return;
  }
  // Each event is appended in place, its alternative default-constructed
  // (out.emplace_back(std::in_place_index<k>)), then its fields are filled:
  // appending a whole events::X{...} converted to the variant instantiated
  // the variant's converting construction and a move per event type, most
  // of what decide_into cost to compile (issue 18). An exception while
  // filling it (std::bad_alloc) removes it again (drop_last).
  for (const schema::Emission& emission : st.emissions) {
    const schema::Event& event = aggregate.events[emission.event];
    const std::string index = std::to_string(emission.event);
    if (event.fields.empty()) {
      p.print("out.emplace_back(std::in_place_index<$index$>);\n", {{"index", index}});
      continue;
    }
    p.print(
        "{\n"
        "  auto& emitted = "
        "*std::get_if<$index$>(&out.emplace_back(std::in_place_index<$index$>));\n"
        "  try {\n",
        {{"index", index}});
    {
      Printer::Indent in(p);
      Printer::Indent in2(p);
      for (std::size_t i = 0; i < event.fields.size(); ++i) {
        const schema::Field& field = event.fields[i];
        p.print("emitted.$name$ = $value$;\n",
                {{"name", identifier(field.name.text)},
                 {"value",
                  source_expression(ctx, aggregate, state, command, field, emission.fields[i])}});
      }
    }
    p.print(
        "  } catch (...) {\n"
        "    drop_last(out);\n"
        "    throw;\n"
        "  }\n"
        "}\n");
  }
  p.print("return std::nullopt;\n");
}

// The alternatives of one command in one state, tried in order; `number` is
// the number of the first.
void emit_alternatives(EmitContext& ctx, Printer& p, const Aggregate& aggregate,
                       const schema::State& state, const schema::CommandHandling& handling,
                       std::size_t number, const TraceNumbers& numbers) {
  const schema::Command& command = aggregate.commands[handling.command];
  p.print("[[maybe_unused]] const auto& command = std::get<$index$>(command_variant);\n",
          {{"index", std::to_string(handling.command)}});
  const auto& alternatives = handling.alternatives;
  bool last_guarded = !alternatives.back().transition->guard.empty();
  if (last_guarded) p.print("std::string reason;\n");
  for (const StateTransition& st : alternatives) {
    const schema::Transition& t = *st.transition;
    const std::string this_number = numbers.of(number++);
    if (t.guard.empty()) {
      emit_outcome(ctx, p, aggregate, state, command, st, this_number);
      continue;
    }
    p.print("if (auto guard = hooks.$guard$(aggregate, command); guard.allowed) {\n",
            {{"guard", identifier(t.guard.text)}});
    {
      Printer::Indent branch(p);
      emit_outcome(ctx, p, aggregate, state, command, st, this_number);
    }
    if (last_guarded && t.reject.empty()) {
      p.print("} else {\n  reason = std::move(guard.reason);\n}\n");
    } else if (last_guarded) {
      // A refused guard of a `reject` alternative only says that this
      // rejection does not apply: the reason stays that of the alternatives
      // that would have accepted, if one was refused.
      p.print("} else if (reason.empty()) {\n  reason = std::move(guard.reason);\n}\n");
    } else {
      p.print("}\n");
    }
  }
  if (last_guarded) {
    p.print(
        "return rejection(aggregate, command_variant, mealy::RejectionKind::guard, "
        "std::move(reason));\n");
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
    for (const schema::CommandHandling& handling : state.handling)
      count += handling.alternatives.size();
  }
  h.print(
      "// Every transition: a state, a command and one of its alternatives (rejects\n"
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
          h.print(
              "{$state$, $command$, $alternative$, $state_name$, $command_name$, $guard$, $label$, "
              "$outcome$},\n",
              {{"state", std::to_string(s)},
               {"command", std::to_string(handling.command)},
               {"alternative", std::to_string(a)},
               {"state_name", string_literal(state.name.text)},
               {"command_name", string_literal(aggregate.commands[handling.command].name.text)},
               {"guard", string_literal(handling.alternatives[a].transition->guard.text)},
               {"label", string_literal(codegen::transition_label(aggregate, handling, a))},
               {"outcome",
                string_literal(codegen::transition_outcome(aggregate, handling.alternatives[a]))}});
        }
      }
    }
  }
  h.print("}};\n\n");
}

// The aggregate-wide commands whose code is the same in every state that
// inherits them: command index -> that code (alternatives numbered from
// `first`), rendered once per state and compared.
std::map<std::uint32_t, std::string> shared_handlings(EmitContext& ctx,
                                                      const Aggregate& aggregate) {
  std::map<std::uint32_t, std::vector<std::string>> bodies;
  std::size_t number = 0;
  for (const schema::State& state : aggregate.states) {
    for (const schema::CommandHandling& handling : state.handling) {
      if (handling.inherited) {
        Printer body;
        emit_alternatives(ctx, body, aggregate, state, handling, number, {true, number});
        bodies[handling.command].push_back(body.take());
      }
      number += handling.alternatives.size();
    }
  }
  std::map<std::uint32_t, std::string> shared;
  for (auto& [command, texts] : bodies) {
    // (Not a lambda capturing `texts`: clang 14 refuses to capture a structured binding.)
    const std::string& first = texts.front();
    bool same = std::all_of(texts.begin(), texts.end(),
                            [&first](const std::string& t) { return t == first; });
    if (texts.size() > 1 && same) shared.emplace(command, std::move(texts.front()));
  }
  return shared;
}

std::string shared_function_name(const Aggregate& aggregate, std::uint32_t command) {
  return "decide_" + identifier(aggregate.commands[command].name.text);
}

// decide_into() as compiled in the source, with the shared aggregate-wide
// functions before it.
void emit_decide_definition(EmitContext& ctx, const Aggregate& aggregate) {
  Printer& s = ctx.source;
  const bool now = uses_now(aggregate);
  const std::map<std::uint32_t, std::string> shared = shared_handlings(ctx, aggregate);
  const std::string now_parameter = now ? "const mealy::Timestamp& now, " : "";
  if (!shared.empty()) s.print("namespace {\n\n");
  for (const auto& [command, body] : shared) {
    s.print(
        "// $command$, as every state that inherits it from the aggregate-wide `on`\n"
        "// decides it; `first` numbers its first transition in the caller's state.\n"
        "std::optional<mealy::Rejection> $function$(const Aggregate& aggregate, const Command& "
        "command_variant,\n"
        "    DecideHooks& hooks, const mealy::Clock& clock, $now$std::vector<Event>& out,\n"
        "    const mealy::TraceRef& trace, std::size_t first) {\n",
        {{"command", aggregate.commands[command].name.text},
         {"function", shared_function_name(aggregate, command)},
         {"now", now_parameter}});
    {
      Printer::Indent in(s);
      s.print("(void)aggregate;\n(void)hooks;\n(void)clock;\n(void)out;\n$now$$body$",
              {{"now", now ? "(void)now;\n" : ""}, {"body", body}});
    }
    s.print("}\n\n");
  }
  if (!shared.empty()) s.print("}  // namespace\n\n");

  s.print(
      "std::optional<mealy::Rejection> decide_into(const Aggregate& aggregate, const Command& "
      "command_variant,\n"
      "                                            DecideHooks& hooks, const mealy::Clock& clock,\n"
      "                                            std::vector<Event>& out, mealy::TraceRef trace) "
      "{\n");
  {
    Printer::Indent in(s);
    s.print(
        "(void)hooks;\n(void)clock;\n(void)out;\n(void)trace;\n"
        "if (auto violation = validate(command_variant)) {\n"
        "  return constraint_rejection(aggregate, command_variant, std::move(*violation));\n"
        "}\n");
    if (now) {
      s.print(
          "// `default: now`, read once, so that all events of one decision agree.\n"
          "[[maybe_unused]] const mealy::Timestamp now = clock.now();\n");
    }
    s.print("switch (aggregate.state.index()) {\n");
    std::size_t number = 0;
    for (std::uint32_t i = 0; i < aggregate.states.size(); ++i) {
      const schema::State& state = aggregate.states[i];
      if (state.handling.empty()) continue;
      s.print("case $index$: {  // $state$\n",
              {{"index", std::to_string(i)}, {"state", state.name.text}});
      {
        Printer::Indent in_state(s);
        s.print(
            "[[maybe_unused]] const auto& state = std::get<$index$>(aggregate.state);\n"
            "switch (command_variant.index()) {\n",
            {{"index", std::to_string(i)}});
        for (const schema::CommandHandling& handling : state.handling) {
          const schema::Command& command = aggregate.commands[handling.command];
          auto found = handling.inherited ? shared.find(handling.command) : shared.end();
          if (found != shared.end()) {
            s.print(
                "case $index$:  // $command$ (aggregate-wide)\n"
                "  return $function$(aggregate, command_variant, hooks, clock, $now$out, trace, "
                "$first$);\n",
                {{"index", std::to_string(handling.command)},
                 {"command", command.name.text},
                 {"function", shared_function_name(aggregate, handling.command)},
                 {"now", now ? "now, " : ""},
                 {"first", std::to_string(number)}});
          } else {
            s.print("case $index$: {  // $command$$inherited$\n",
                    {{"index", std::to_string(handling.command)},
                     {"command", command.name.text},
                     {"inherited", handling.inherited ? " (aggregate-wide)" : ""}});
            {
              Printer::Indent in_case(s);
              emit_alternatives(ctx, s, aggregate, state, handling, number, {});
            }
            s.print("}\n");
          }
          number += handling.alternatives.size();
        }
        s.print("default:\n  break;\n}\nbreak;\n");
      }
      s.print("}\n");
    }
    s.print("default:\n  break;\n}\nreturn invalid_transition(aggregate, command_variant);\n");
  }
  s.print("}\n\n");
}

}  // namespace

void emit_decide(EmitContext& ctx, const Aggregate& aggregate) {
  Printer& h = ctx.header;
  const std::vector<Hook> hooks = decide_hooks(aggregate);
  emit_transition_table(ctx, aggregate);
  emit_hooks_interface(ctx, hooks);
  emit_host_adapter(ctx, hooks);
  h.print(
      "// Decides what `command_variant` does to `aggregate`, as decide() below does, but\n"
      "// appends the events to `out` (without clearing it) and returns the rejection, if\n"
      "// any: for loops that reuse one vector rather than allocate one per command. On a\n"
      "// rejection `out` is left as it was. `trace(k)` is called with the index in\n"
      "// kTransitions of the transition taken, if any. Compiled once, in the schema's\n"
      "// .mealy.cpp; the template below adapts a host of any type.\n"
      "std::optional<mealy::Rejection> decide_into(const Aggregate& aggregate, const Command& "
      "command_variant,\n"
      "                                            DecideHooks& hooks, const mealy::Clock& clock,\n"
      "                                            std::vector<Event>& out, mealy::TraceRef trace "
      "= {});\n"
      "\n"
      "// decide_into() with a host of any type: its hooks are checked at compile time\n"
      "// (HostDecideHooks), and `trace` is any callable taking the transition's index.\n"
      "template <typename Host, typename Trace = mealy::NoTrace>\n"
      "std::optional<mealy::Rejection> decide_into(const Aggregate& aggregate, const Command& "
      "command_variant,\n"
      "                                            Host& host, const mealy::Clock& clock, "
      "std::vector<Event>& out,\n"
      "                                            Trace&& trace = {}) {\n"
      "  if constexpr (std::is_base_of_v<DecideHooks, Host>) {\n"
      "    return decide_into(aggregate, command_variant, static_cast<DecideHooks&>(host), clock, "
      "out,\n"
      "                       mealy::TraceRef(trace));\n"
      "  } else {\n"
      "    HostDecideHooks<Host> hooks(host);\n"
      "    return decide_into(aggregate, command_variant, static_cast<DecideHooks&>(hooks), clock, "
      "out,\n"
      "                       mealy::TraceRef(trace));\n"
      "  }\n"
      "}\n\n"
      "// Decides what `command_variant` does to `aggregate`: the events to append, or a\n"
      "// rejection (a value; nothing is appended). Constraints are checked first. `host`\n"
      "// implements the guards and actions (checked at compile time, HostDecideHooks);\n"
      "// `clock` gives `default: now`; `trace(k)` hears which transition of kTransitions\n"
      "// is taken. Changes neither the aggregate nor anything else of its own; the host\n"
      "// is passed mutable because its hooks may call services (a payment provider), and\n"
      "// what they do is the host's to answer for.\n"
      "template <typename Host, typename Trace = mealy::NoTrace>\n"
      "mealy::Decision<Event> decide(const Aggregate& aggregate, const Command& command_variant, "
      "Host& host,\n"
      "                              const mealy::Clock& clock, Trace&& trace = {}) {\n"
      "  std::vector<Event> events;\n"
      "  if (std::optional<mealy::Rejection> rejection =\n"
      "          decide_into(aggregate, command_variant, host, clock, events, "
      "std::forward<Trace>(trace))) {\n"
      "    return std::move(*rejection);\n"
      "  }\n"
      "  return events;\n"
      "}\n\n");
  emit_decide_definition(ctx, aggregate);
}

}  // namespace mealy::codegen::cpp
