// evolve(): the replay table. Applying an event moves the state as the
// model's EvolveStep says, fills the next state's fields from their resolved
// sources, updates the aggregate's fields of the same names, runs the event's
// `apply` hook and counts the version. It calls no guard and no action.
//
// As decide, compiled once in the schema's .mealy.cpp: evolve() there takes the
// host as the generated interface EvolveHooks (one virtual function per apply
// hook); the header's HostEvolveHooks<Host> adapts a host of any type to it
// and checks its hooks at compile time, and the evolve() and replay()
// templates build one.
#include <algorithm>

#include "cpp_names.hpp"
#include "emit_context.hpp"

namespace mealy::codegen::cpp {

using schema::Aggregate;
using schema::SourceKind;

namespace {

bool has_apply_hooks(const Aggregate& aggregate) {
  return std::any_of(aggregate.events.begin(), aggregate.events.end(),
                     [](const schema::Event& event) { return !event.apply.empty(); });
}

// EvolveHooks: the interface the compiled evolve() calls.
void emit_hooks_interface(EmitContext& ctx, const Aggregate& aggregate) {
  Printer& h = ctx.header;
  h.print(
      "// The apply hooks evolve() calls, as one interface. evolve() and replay() adapt\n"
      "// any host to it (HostEvolveHooks below); a host may also implement it itself.\n"
      "class EvolveHooks {\n");
  if (has_apply_hooks(aggregate)) h.print(" public:\n");
  {
    Printer::Indent in(h);
    for (const schema::Event& event : aggregate.events) {
      if (event.apply.empty()) continue;
      h.print(
          "// Run after event $event$ is applied.\n"
          "virtual void $hook$(Aggregate& aggregate, const events::$type$& event) = 0;\n",
          {{"event", event.name.text},
           {"hook", identifier(event.apply.text)},
           {"type", identifier(event.name.text)}});
    }
  }
  if (has_apply_hooks(aggregate)) h.print("\n");
  h.print(
      " protected:\n"
      "  EvolveHooks() = default;\n"
      "  EvolveHooks(const EvolveHooks&) = default;\n"
      "  EvolveHooks& operator=(const EvolveHooks&) = default;\n"
      "  ~EvolveHooks() = default;\n"
      "};\n\n");
}

// HostEvolveHooks<Host>, with the compile-time check of each apply hook.
void emit_host_adapter(EmitContext& ctx, const Aggregate& aggregate) {
  Printer& h = ctx.header;
  const bool any = has_apply_hooks(aggregate);
  h.print(
      "// EvolveHooks over a host of any type: each hook calls the host's function of\n"
      "// the same name (checked at compile time).\n"
      "template <typename Host>\n"
      "class HostEvolveHooks final : public EvolveHooks {\n");
  {
    Printer::Indent in(h);
    for (const schema::Event& event : aggregate.events) {
      if (event.apply.empty()) continue;
      const std::string type = "events::" + identifier(event.name.text);
      h.print(
          "static_assert(requires(Host& host, Aggregate& aggregate, const $type$& event) {\n"
          "  host.$hook$(aggregate, event);\n"
          "}, $message$);\n",
          {{"type", type},
           {"hook", identifier(event.apply.text)},
           {"message",
            string_literal("mealy: the host has no apply hook '" + event.apply.text +
                           "': define void " + event.apply.text + "(Aggregate&, const " + type +
                           "&), run after event " + event.name.text + " is applied")}});
    }
  }
  if (any) h.print("\n");
  h.print(" public:\n");
  {
    Printer::Indent in(h);
    if (any) {
      h.print("explicit HostEvolveHooks(Host& host) noexcept : host_(host) {}\n");
    } else {
      h.print("explicit HostEvolveHooks(Host& /*host*/) noexcept {}\n");
    }
    for (const schema::Event& event : aggregate.events) {
      if (event.apply.empty()) continue;
      h.print(
          "void $hook$(Aggregate& aggregate, const events::$type$& event) override {\n"
          "  host_.$hook$(aggregate, event);\n"
          "}\n",
          {{"hook", identifier(event.apply.text)}, {"type", identifier(event.name.text)}});
    }
  }
  if (any) h.print("\n private:\n  Host& host_;\n");
  h.print("};\n\n");
}

std::string field_expression(EmitContext& ctx, const schema::Event& event,
                             const schema::State& from, const schema::Field& field,
                             const schema::FieldSource& source) {
  switch (source.kind) {
    case SourceKind::event_field:
      return "event." + identifier(event.fields[source.index].name.text);
    case SourceKind::state_field:
      return "std::move(state." + identifier(from.fields[source.index].name.text) + ")";
    case SourceKind::default_value:
      // Replay must not read the clock: a `now` default starts empty here, as
      // does an optional field without a default.
      if (!field.default_value || field.default_value->is_now) return "{}";
      return constant_expression(ctx, *field.default_value, field.type);
    default:
      return "{}";  // left to the apply hook
  }
}

void emit_step(EmitContext& ctx, const Aggregate& aggregate, std::uint32_t from_index,
               const schema::EvolveStep& step) {
  Printer& h = ctx.source;
  const schema::State& from = aggregate.states[from_index];
  const schema::State& to = aggregate.states[step.target];
  const schema::Event& event = aggregate.events[step.event];
  h.print(
      "case $index$: {  // $event$ -> $to$\n",
      {{"index", std::to_string(step.event)}, {"event", event.name.text}, {"to", to.name.text}});
  {
    Printer::Indent in(h);
    h.print("[[maybe_unused]] const auto& event = std::get<$index$>(event_variant);\n",
            {{"index", std::to_string(step.event)}});
    if (step.target == from_index) {
      // Staying: only fields of the same name in the event change.
      for (std::size_t i = 0; i < to.fields.size(); ++i) {
        if (step.fields[i].kind != SourceKind::event_field) continue;
        h.print("state.$field$ = event.$source$;\n",
                {{"field", identifier(to.fields[i].name.text)},
                 {"source", identifier(event.fields[step.fields[i].index].name.text)}});
      }
    } else if (to.fields.empty()) {
      h.print("aggregate.state.emplace<$index$>();\n", {{"index", std::to_string(step.target)}});
    } else {
      h.print("states::$to$ next{\n", {{"to", identifier(to.name.text)}});
      {
        Printer::Indent in2(h);
        Printer::Indent in3(h);
        for (std::size_t i = 0; i < to.fields.size(); ++i) {
          h.print(".$field$ = $value$$comma$\n",
                  {{"field", identifier(to.fields[i].name.text)},
                   {"value", field_expression(ctx, event, from, to.fields[i], step.fields[i])},
                   {"comma", i + 1 < to.fields.size() ? "," : ""}});
        }
      }
      h.print("};\naggregate.state = std::move(next);\n");
    }
    for (const auto& [aggregate_field, event_field] : event.aggregate_updates) {
      h.print("aggregate.data.$field$ = event.$source$;\n",
              {{"field", identifier(aggregate.fields[aggregate_field].name.text)},
               {"source", identifier(event.fields[event_field].name.text)}});
    }
    if (!event.apply.empty())
      h.print("hooks.$hook$(aggregate, event);\n", {{"hook", identifier(event.apply.text)}});
    h.print("++aggregate.version;\nreturn {};\n");
  }
  h.print("}\n");
}

}  // namespace

void emit_evolve(EmitContext& ctx, const Aggregate& aggregate) {
  emit_hooks_interface(ctx, aggregate);
  emit_host_adapter(ctx, aggregate);
  ctx.header.print(
      "// Applies one stored event: moves the state, fills the next state's fields, updates\n"
      "// the data, runs the event's apply hook and counts the version. Calls no guard or\n"
      "// action. When the event cannot occur in the current state, returns an error and\n"
      "// changes nothing. Compiled once, in the schema's .mealy.cpp.\n"
      "mealy::Status evolve(Aggregate& aggregate, const Event& event_variant, EvolveHooks& "
      "hooks);\n"
      "\n"
      "// evolve() with a host of any type, its apply hooks checked at compile time\n"
      "// (HostEvolveHooks).\n"
      "template <typename Host>\n"
      "mealy::Status evolve(Aggregate& aggregate, const Event& event_variant, Host& host) {\n"
      "  if constexpr (std::is_base_of_v<EvolveHooks, Host>) {\n"
      "    return evolve(aggregate, event_variant, static_cast<EvolveHooks&>(host));\n"
      "  } else {\n"
      "    HostEvolveHooks<Host> hooks(host);\n"
      "    return evolve(aggregate, event_variant, static_cast<EvolveHooks&>(hooks));\n"
      "  }\n"
      "}\n\n"
      "// Applies `events` in order with evolve(); stops at the first that cannot apply.\n"
      "template <typename Host>\n"
      "mealy::Status replay(Aggregate& aggregate, const std::vector<Event>& events, Host& host) {\n"
      "  for (const Event& event : events) {\n"
      "    if (mealy::Status status = evolve(aggregate, event, host); !status.ok()) return "
      "status;\n"
      "  }\n"
      "  return {};\n"
      "}\n\n");
  Printer& s = ctx.source;
  s.print(
      "mealy::Status evolve(Aggregate& aggregate, const Event& event_variant, EvolveHooks& hooks) "
      "{\n");
  {
    Printer::Indent in(s);
    s.print("(void)hooks;\nswitch (aggregate.state.index()) {\n");
    for (std::uint32_t i = 0; i < aggregate.states.size(); ++i) {
      const schema::State& state = aggregate.states[i];
      bool any = false;
      for (const auto& step : state.evolve)
        any |= step.has_value();
      if (!any) continue;
      s.print("case $index$: {  // $state$\n",
              {{"index", std::to_string(i)}, {"state", state.name.text}});
      {
        Printer::Indent in_state(s);
        s.print(
            "[[maybe_unused]] auto& state = std::get<$index$>(aggregate.state);\n"
            "switch (event_variant.index()) {\n",
            {{"index", std::to_string(i)}});
        for (const auto& step : state.evolve) {
          if (step) emit_step(ctx, aggregate, i, *step);
        }
        s.print("default:\n  break;\n}\nbreak;\n");
      }
      s.print("}\n");
    }
    s.print("default:\n  break;\n}\nreturn cannot_apply(aggregate, event_variant);\n");
  }
  s.print("}\n\n");
}

}  // namespace mealy::codegen::cpp
