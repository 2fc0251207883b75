// The aggregate's functions around decide and evolve: names, validation of
// any command, rejections with their messages, and the JSON forms of
// commands, events, states and snapshots.
#include <type_traits>

#include "cpp_names.hpp"
#include "emit_context.hpp"
#include "transition_words.hpp"

namespace mealy::codegen::cpp {

using schema::Aggregate;

namespace {

// An aggregate without commands (or events) has the variant of std::monostate
// alone (see emit_messages.cpp): the functions over it are written out for
// that placeholder, which has no name, no fields and, as an event, version 0,
// so that what they write no decoder accepts.
// A switch over a variant's alternatives (`count` of them), rather than
// std::visit, whose dispatch machinery the compiler instantiates again for
// every function (about 7% of a .mealy.cpp's compile time, measured): each
// case binds the alternative as `item` (when `body` names it) and runs
// `body`; `fallback` is the default.
std::string variant_switch(const std::string& variant, std::size_t count, const std::string& body,
                           const std::string& fallback) {
  std::string out = "  switch (" + variant + ".index()) {\n";
  for (std::size_t i = 0; i < count; ++i) {
    const std::string n = std::to_string(i);
    out += "    case " + n + ": {\n";
    out += "      const auto& item = *std::get_if<" + n + ">(&" + variant + ");\n";
    out += body;
    out += "    }\n";
  }
  out += "    default:\n      " + fallback + "\n  }\n";
  return out;
}

template <typename Item>
void emit_name_of(EmitContext& ctx, const std::vector<Item>& items, const std::string& variant) {
  if (items.empty()) {
    ctx.source.print(
        "std::string_view name_of(const $variant$&) noexcept {\n"
        "  return {};  // the placeholder std::monostate has no name\n"
        "}\n\n",
        {{"variant", variant}});
    return;
  }
  ctx.source.print(
      "std::string_view name_of(const $variant$& value) noexcept {\n"
      "  return value.valueless_by_exception() ? std::string_view() : "
      "k$variant$Names[value.index()];\n"
      "}\n\n",
      {{"variant", variant}});
}

// The tables the functions over a variant read, by the index of its
// alternatives: their names, the names their reader accepts (an event's
// former names too), the tables of their fields; and the two functions that
// reach an alternative through a `void*`, as the tables' codecs take it.
// `space` is the namespace of the alternatives, `items` the alternatives.
template <typename Item>
void emit_variant_tables(EmitContext& ctx, const std::vector<Item>& items, const std::string& space,
                         const std::string& variant) {
  if (items.empty()) return;
  std::string names, types, fields;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string text = items[i].name.text;
    names += (i ? ", " : "") + string_literal(text);
    types += (i ? ", {" : "{") + string_literal(text) + ", " + std::to_string(i) + "}";
    if constexpr (std::is_same_v<Item, schema::Event>) {
      for (const schema::Name& old_name : items[i].renamed_from)
        types += ", {" + string_literal(old_name.text) + ", " + std::to_string(i) + "}";
    }
    fields += (i ? ", " : "") + fields_table(space + "::" + identifier(text));
  }
  Printer& s = ctx.source;
  s.print(
      "constexpr std::string_view k$variant$Names[] = {$names$};\n"
      "constexpr mealy::json::TypeName k$variant$Types[] = {$types$};\n"
      "constexpr std::span<const mealy::json::Field> k$variant$Fields[] = {$fields$};\n\n",
      {{"variant", variant}, {"names", names}, {"types", types}, {"fields", fields}});
  if constexpr (std::is_same_v<Item, schema::Event>) {
    s.print(
        "// Removes the event decide_into() was filling when filling it threw (unused\n"
        "// when no transition fills an event's fields).\n"
        "[[maybe_unused, gnu::noinline]] void drop_last(std::vector<Event>& out) {\n"
        "  out.pop_back();\n"
        "}\n\n");
    std::string versions;
    for (std::size_t i = 0; i < items.size(); ++i)
      versions += (i ? ", " : "") + std::to_string(items[i].version) + "u";
    s.print("constexpr std::uint32_t kEventVersions[] = {$versions$};\n\n",
            {{"versions", versions}});
  }
  std::string held, alternative;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string n = std::to_string(i);
    held += "    case " + n + ": return std::get_if<" + n + ">(&value);\n";
    alternative += "    case " + n + ": return value.index() == " + n +
                   " ? static_cast<void*>(std::get_if<" + n +
                   ">(&value)) : static_cast<void*>(&value.emplace<" + n + ">());\n";
  }
  s.print(
      "// The alternative `value` holds; null when valueless.\n"
      "const void* held(const $variant$& value) noexcept {\n"
      "  switch (value.index()) {\n"
      "$held$"
      "    default: return nullptr;\n"
      "  }\n"
      "}\n\n"
      "// The alternative `index` of `value`, made the one it holds when it held\n"
      "// another (which it then destroys): a reader reads over what it holds.\n"
      "void* alternative($variant$& value, std::size_t index) {\n"
      "  switch (index) {\n"
      "$alternative$"
      "    default: return nullptr;\n"
      "  }\n"
      "}\n\n",
      {{"variant", variant}, {"held", held}, {"alternative", alternative}});
}

void emit_tables(EmitContext& ctx, const Aggregate& aggregate) {
  ctx.source.print("namespace {\n\n");
  emit_variant_tables(ctx, aggregate.commands, "commands", "Command");
  emit_variant_tables(ctx, aggregate.events, "events", "Event");
  emit_variant_tables(ctx, aggregate.states, "states", "State");
  ctx.source.print("}  // namespace\n\n");
}

// wire_::write_<kind> and wire_::print_<kind>, which the header's writers
// and printers of the commands, events and states call (emit_messages.cpp).
// `version` is what the wrapped form says after the name.
void emit_wire_definitions(EmitContext& ctx, const Aggregate& aggregate) {
  struct Kind {
    const char* kind;
    const char* variant;
    const char* version;
    bool present;
  };
  const Kind kinds[] = {{"command", "Command", "1", !aggregate.commands.empty()},
                        {"event", "Event", "kEventVersions[index]", !aggregate.events.empty()},
                        {"state", "State", "0", true}};
  ctx.source.print("namespace wire_ {\n\n");
  for (const Kind& each : kinds) {
    if (!each.present) continue;
    ctx.source.print(
        "void write_$kind$(std::string& out, std::size_t index, const void* $kind$) {\n"
        "  mealy::json::write_fields(out, k$variant$Fields[index], $kind$);\n"
        "}\n\n"
        "std::ostream& print_$kind$(std::ostream& out, std::size_t index, const void* $kind$) {\n"
        "  return mealy::json::print_fields(out, k$variant$Names[index], $version$, "
        "k$variant$Fields[index], $kind$);\n"
        "}\n\n",
        {{"kind", each.kind}, {"variant", each.variant}, {"version", each.version}});
  }
  ctx.source.print("}  // namespace wire_\n\n");
}

void emit_declarations(EmitContext& ctx) {
  ctx.header.print(
      "// Names as in the schema (and in JSON).\n"
      "[[nodiscard]] std::string_view name_of(const Command& command) noexcept;\n"
      "[[nodiscard]] std::string_view name_of(const Event& event) noexcept;\n"
      "[[nodiscard]] std::string_view name_of(const State& state) noexcept;\n"
      "// The names of the commands `state` accepts: those it has an alternative\n"
      "// other than `reject` for, in the order the schema handles them (TypeScript's\n"
      "// acceptedCommands). What a client offers, not what decide() will do: a\n"
      "// guarded alternative may still reject.\n"
      "[[nodiscard]] std::span<const std::string_view> accepted_commands(const State& state) "
      "noexcept;\n"
      "// Whether `state` accepts `command`: its name is in accepted_commands(state).\n"
      "[[nodiscard]] bool accepts(const State& state, const Command& command) noexcept;\n"
      "// The schema version an event is written at.\n"
      "[[nodiscard]] std::uint32_t version_of(const Event& event) noexcept;\n"
      "// The first constraint the command breaks, if any.\n"
      "[[nodiscard]] std::optional<mealy::Violation> validate(const Command& command);\n"
      "// Rejections, as decide() returns them.\n"
      "[[nodiscard]] mealy::Rejection invalid_transition(const Aggregate& aggregate, const "
      "Command& command);\n"
      "[[nodiscard]] mealy::Rejection rejection(const Aggregate& aggregate, const Command& "
      "command,\n"
      "                                         mealy::RejectionKind kind, std::string code);\n"
      "[[nodiscard]] mealy::Rejection constraint_rejection(const Aggregate& aggregate, const "
      "Command& command,\n"
      "                                                    mealy::Violation violation);\n"
      "// The error evolve() returns for an event the current state cannot take.\n"
      "[[nodiscard]] mealy::Status cannot_apply(const Aggregate& aggregate, const Event& "
      "event);\n\n"
      "// Canonical JSON. Commands and events stand alone as\n"
      "// {\"type\": name, \"version\": n, \"payload\": {...}}; states as {\"type\", "
      "\"payload\"};\n"
      "// an aggregate (a snapshot) as {\"id\", \"version\", \"state\", \"data\"}.\n"
      "void write(std::string& out, const Command& command);\n"
      "void write(std::string& out, const Event& event);\n"
      "void write(std::string& out, const State& state);\n"
      "void write(std::string& out, const Aggregate& aggregate);\n"
      "// The event's payload object alone: the store keeps type and version in columns.\n"
      "void write_payload(std::string& out, const Event& event);\n"
      "[[nodiscard]] std::string to_json(const Command& command);\n"
      "[[nodiscard]] std::string to_json(const Event& event);\n"
      "[[nodiscard]] std::string to_json(const Aggregate& aggregate);\n"
      "mealy::Status from_json(std::string_view json, Command& out, const mealy::json::Limits& "
      "limits = {});\n"
      "mealy::Status from_json(std::string_view json, Event& out, const mealy::json::Limits& "
      "limits = {});\n"
      "mealy::Status from_json(std::string_view json, Aggregate& out, const mealy::json::Limits& "
      "limits = {});\n"
      "// Decodes a stored event: its type (current or former name), the version it was\n"
      "// written at, and its payload. Fields added since then take their defaults; the\n"
      "// upcast hooks run in the overload taking a host, below.\n"
      "mealy::Status decode_event(std::string_view type, std::uint32_t version, std::string_view "
      "payload,\n"
      "                           Event& out, const mealy::json::Limits& limits = {});\n\n");
}

void emit_upcast_template(EmitContext& ctx, const Aggregate& aggregate) {
  Printer& h = ctx.header;
  h.print(
      "// decode_event() with the events' upcast hooks (checked at compile time): each runs\n"
      "// when an event was written at an older version or under a former name.\n"
      "template <typename Host>\n"
      "mealy::Status decode_event(Host& host, std::string_view type, std::uint32_t version,\n"
      "                           std::string_view payload, Event& out, const mealy::json::Limits& "
      "limits = {}) {\n");
  {
    Printer::Indent in(h);
    for (const schema::Event& event : aggregate.events) {
      if (event.upcast.empty()) continue;
      const std::string t = "events::" + identifier(event.name.text);
      h.print(
          "static_assert(requires(Host& host, $t$& event, std::uint32_t version, std::string_view "
          "payload) {\n"
          "  host.$hook$(event, version, payload);\n"
          "}, $message$);\n",
          {{"t", t},
           {"hook", identifier(event.upcast.text)},
           {"message",
            string_literal("mealy: the host has no upcast hook '" + event.upcast.text +
                           "': define void " + event.upcast.text + "(" + t +
                           "&, std::uint32_t stored_version, std::string_view stored_payload)")}});
    }
    h.print(
        "(void)host;\n"
        "if (mealy::Status status = decode_event(type, version, payload, out, limits); "
        "!status.ok()) {\n");
    {
      Printer::Indent failed(h);
      h.print(
          "// An old payload of an event with an upcast hook may not fit today's types (a\n"
          "// field whose type changed): the hook then reads it from the raw payload,\n"
          "// starting from the event's defaults. A payload that is not strict JSON\n"
          "// reaches no hook.\n"
          "if (!mealy::json::validate(payload, limits).ok()) return status;\n");
      for (std::uint32_t e = 0; e < aggregate.events.size(); ++e) {
        const schema::Event& event = aggregate.events[e];
        if (event.upcast.empty()) continue;
        std::string condition;
        for (const schema::Event::OldForm& form : event.upcast_forms) {
          if (!condition.empty()) condition += " || ";
          condition += "(type == " + string_literal(form.type) +
                       " && version > 0 && version <= " + std::to_string(form.max_version) + ")";
        }
        if (condition.empty()) continue;
        h.print(
            "if ($condition$) {\n"
            "  host.$hook$(out.emplace<$e$>(), version, payload);\n"
            "  return {};\n"
            "}\n",
            {{"condition", condition},
             {"hook", identifier(event.upcast.text)},
             {"e", std::to_string(e)}});
      }
      h.print("return status;\n");
    }
    h.print(
        "}\n"
        "switch (out.index()) {\n");
    for (std::uint32_t e = 0; e < aggregate.events.size(); ++e) {
      const schema::Event& event = aggregate.events[e];
      if (event.upcast.empty()) continue;
      h.print(
          "case $e$: {\n"
          "  auto& event = std::get<$e$>(out);\n"
          "  if (version < event.kVersion || type != event.kName) host.$hook$(event, version, "
          "payload);\n"
          "  break;\n"
          "}\n",
          {{"e", std::to_string(e)}, {"hook", identifier(event.upcast.text)}});
    }
    h.print("default:\n  break;\n}\nreturn {};\n");
  }
  h.print("}\n\n");
}

void emit_rejections(EmitContext& ctx) {
  Printer& s = ctx.source;
  s.print(
      "mealy::Rejection invalid_transition(const Aggregate& aggregate, const Command& command) {\n"
      "  return mealy::invalid_transition_rejection(name_of(aggregate.state), name_of(command),\n"
      "                                             accepted_commands(aggregate.state));\n"
      "}\n\n"
      "mealy::Rejection rejection(const Aggregate& aggregate, const Command& command, "
      "mealy::RejectionKind kind,\n"
      "                           std::string code) {\n"
      "  return mealy::command_rejection(kind, std::move(code), name_of(aggregate.state), "
      "name_of(command));\n"
      "}\n\n"
      "mealy::Rejection constraint_rejection(const Aggregate& aggregate, const Command& command,\n"
      "                                      mealy::Violation violation) {\n"
      "  return mealy::constraint_rejection(std::move(violation), name_of(aggregate.state), "
      "name_of(command));\n"
      "}\n\n"
      "mealy::Status cannot_apply(const Aggregate& aggregate, const Event& event) {\n"
      "  return mealy::cannot_apply_error(name_of(event), name_of(aggregate.state));\n"
      "}\n\n");
}

void emit_accepted_commands(EmitContext& ctx, const Aggregate& aggregate) {
  Printer& s = ctx.source;
  s.print(
      "std::span<const std::string_view> accepted_commands(const State& state) noexcept {\n"
      "  switch (state.index()) {\n");
  for (std::uint32_t i = 0; i < aggregate.states.size(); ++i) {
    const std::vector<std::string> accepted =
        codegen::accepted_commands(aggregate, aggregate.states[i]);
    if (accepted.empty()) continue;
    std::string names;
    for (const std::string& name : accepted)
      names += (names.empty() ? "" : ", ") + string_literal(name);
    s.print(
        "    case $i$: {  // $state$\n"
        "      static constexpr std::array<std::string_view, $count$> kNames{$names$};\n"
        "      return kNames;\n"
        "    }\n",
        {{"i", std::to_string(i)},
         {"state", aggregate.states[i].name.text},
         {"count", std::to_string(accepted.size())},
         {"names", names}});
  }
  s.print(
      "    default:\n"
      "      return {};\n"
      "  }\n"
      "}\n\n"
      "bool accepts(const State& state, const Command& command) noexcept {\n"
      "  return mealy::contains_name(accepted_commands(state), name_of(command));\n"
      "}\n\n");
}

void emit_version_of(EmitContext& ctx, const Aggregate& aggregate) {
  if (aggregate.events.empty()) {
    ctx.source.print(
        "std::uint32_t version_of(const Event&) noexcept {\n"
        "  return 0;  // the placeholder std::monostate: event versions start at 1\n"
        "}\n\n");
    return;
  }
  ctx.source.print(
      "std::uint32_t version_of(const Event& event) noexcept {\n"
      "  return event.valueless_by_exception() ? 0 : kEventVersions[event.index()];\n"
      "}\n\n");
}

void emit_command_writers(EmitContext& ctx, const Aggregate& aggregate) {
  if (aggregate.commands.empty()) {
    ctx.source.print(
        "std::optional<mealy::Violation> validate(const Command&) {\n"
        "  return std::nullopt;  // the placeholder std::monostate has no fields\n"
        "}\n\n"
        "void write(std::string& out, const Command&) {\n"
        "  // The placeholder std::monostate: a command without a name, which no decoder accepts.\n"
        "  out += \"{\\\"type\\\":\\\"\\\",\\\"version\\\":1,\\\"payload\\\":{}}\";\n"
        "}\n\n");
    return;
  }
  const std::size_t count = aggregate.commands.size();
  ctx.source.print(
      "std::optional<mealy::Violation> validate(const Command& command) {\n$validate$}\n\n"
      "void write(std::string& out, const Command& command) {\n"
      "  if (command.valueless_by_exception()) return;  // nothing to write\n"
      "  mealy::json::begin_wrapped(out, kCommandNames[command.index()], 1);\n"
      "  mealy::json::write_fields(out, kCommandFields[command.index()], held(command));\n"
      "  out += '}';\n"
      "}\n\n",
      {{"validate", variant_switch("command", count, "      return validate(item);\n",
                                   "return std::nullopt;")}});
}

void emit_event_writers(EmitContext& ctx, const Aggregate& aggregate) {
  if (aggregate.events.empty()) {
    ctx.source.print(
        "void write(std::string& out, const Event&) {\n"
        "  // The placeholder std::monostate: an event without a name or a version, which no\n"
        "  // decoder accepts.\n"
        "  out += \"{\\\"type\\\":\\\"\\\",\\\"version\\\":0,\\\"payload\\\":{}}\";\n"
        "}\n\n"
        "void write_payload(std::string& out, const Event&) {\n"
        "  out += \"{}\";  // the placeholder std::monostate has no fields\n"
        "}\n\n");
    return;
  }
  ctx.source.print(
      "void write(std::string& out, const Event& event) {\n"
      "  if (event.valueless_by_exception()) return;  // nothing to write\n"
      "  mealy::json::begin_wrapped(out, kEventNames[event.index()], "
      "kEventVersions[event.index()]);\n"
      "  mealy::json::write_fields(out, kEventFields[event.index()], held(event));\n"
      "  out += '}';\n"
      "}\n\n"
      "void write_payload(std::string& out, const Event& event) {\n"
      "  if (event.valueless_by_exception()) return;  // nothing to write\n"
      "  mealy::json::write_fields(out, kEventFields[event.index()], held(event));\n"
      "}\n\n");
}

// The writers of states and snapshots, and to_json() of commands, events and snapshots.
void emit_other_writers(EmitContext& ctx) {
  ctx.source.print(
      "void write(std::string& out, const State& state) {\n"
      "  if (state.valueless_by_exception()) return;  // nothing to write\n"
      "  mealy::json::begin_wrapped(out, kStateNames[state.index()]);\n"
      "  mealy::json::write_fields(out, kStateFields[state.index()], held(state));\n"
      "  out += '}';\n"
      "}\n\n"
      "void write(std::string& out, const Aggregate& aggregate) {\n"
      "  out += \"{\\\"id\\\":\";\n"
      "  mealy::json::write(out, aggregate.id);\n"
      "  out += \",\\\"version\\\":\";\n"
      "  mealy::json::write(out, aggregate.version);\n"
      "  out += \",\\\"state\\\":\";\n"
      "  write(out, aggregate.state);\n"
      "  out += \",\\\"data\\\":\";\n"
      "  write(out, aggregate.data);\n"
      "  out += '}';\n"
      "}\n\n"
      "std::string to_json(const Command& command) {\n  std::string out;\n  write(out, command);\n "
      " return out;\n}\n\n"
      "std::string to_json(const Event& event) {\n  std::string out;\n  write(out, event);\n  "
      "return out;\n}\n\n"
      "std::string to_json(const Aggregate& aggregate) {\n  std::string out;\n  write(out, "
      "aggregate);\n  return out;\n}\n\n");
}

// Readers of a member of the variants by its name: the name looked up in the
// variant's table (an event's former names too), the alternative made the
// one the variant holds, and its fields read through their table.
void emit_variant_readers(EmitContext& ctx, const Aggregate& aggregate) {
  Printer& s = ctx.source;
  s.print(
      "bool read_command(mealy::json::ReadContext& ctx, mealy::json::Value value, std::string_view "
      "type,\n"
      "                  Command& out) {\n");
  if (aggregate.commands.empty()) {
    s.print(
        "  // This aggregate declares no commands: every type is unknown.\n"
        "  (void)value;\n"
        "  (void)out;\n"
        "  return mealy::json::fail_unknown_type(ctx, \"command type\", type);\n"
        "}\n\n");
  } else {
    s.print(
        "  const std::size_t index = mealy::json::find_type(type, kCommandTypes);\n"
        "  if (index == mealy::json::kNoType) return mealy::json::fail_unknown_type(ctx, \"command "
        "type\", type);\n"
        "  return mealy::json::read_fields(ctx, value, kCommandFields[index], alternative(out, "
        "index));\n"
        "}\n\n");
  }

  s.print(
      "bool read_event(mealy::json::ReadContext& ctx, mealy::json::Value value, std::string_view "
      "type,\n"
      "                std::uint32_t version, Event& out) {\n"
      "  if (version == 0) return ctx.fail(\"event versions start at 1, found 0\");\n");
  if (aggregate.events.empty()) {
    s.print(
        "  // This aggregate declares no events: every type is unknown.\n"
        "  (void)value;\n"
        "  (void)out;\n"
        "  return mealy::json::fail_unknown_type(ctx, \"event type\", type);\n"
        "}\n\n");
  } else {
    s.print(
        "  const std::size_t index = mealy::json::find_type(type, kEventTypes);\n"
        "  if (index == mealy::json::kNoType) return mealy::json::fail_unknown_type(ctx, \"event "
        "type\", type);\n"
        "  if (version > kEventVersions[index]) {\n"
        "    return mealy::json::fail_newer_version(ctx, type, version, kEventVersions[index]);\n"
        "  }\n"
        "  return mealy::json::read_fields(ctx, value, kEventFields[index], alternative(out, "
        "index), "
        "version);\n"
        "}\n\n");
  }

  s.print(
      "bool read_state(mealy::json::ReadContext& ctx, mealy::json::Value value, std::string_view "
      "type,\n"
      "                State& out) {\n"
      "  const std::size_t index = mealy::json::find_type(type, kStateTypes);\n"
      "  if (index == mealy::json::kNoType) return mealy::json::fail_unknown_type(ctx, \"state\", "
      "type);\n"
      "  return mealy::json::read_fields(ctx, value, kStateFields[index], alternative(out, "
      "index));\n"
      "}\n\n");
}

// Readers of the wrapped forms, with the keys in any order
// (mealy::json::read_wrapped), and of whole documents
// (mealy::json::decode_document), through plain functions over a `void*`
// rather than lambdas: the runtime's non-template overloads, nothing
// instantiated here.
void emit_wrapper_readers(EmitContext& ctx) {
  ctx.source.print(
      "namespace {\n\n"
      "bool read_command_payload(mealy::json::ReadContext& ctx, mealy::json::Value payload,\n"
      "                          std::string_view type, std::uint32_t, void* out) {\n"
      "  return read_command(ctx, payload, type, *static_cast<Command*>(out));\n"
      "}\n\n"
      "bool read_event_payload(mealy::json::ReadContext& ctx, mealy::json::Value payload,\n"
      "                        std::string_view type, std::uint32_t version, void* out) {\n"
      "  return read_event(ctx, payload, type, version, *static_cast<Event*>(out));\n"
      "}\n\n"
      "bool read_state_payload(mealy::json::ReadContext& ctx, mealy::json::Value payload,\n"
      "                        std::string_view type, std::uint32_t, void* out) {\n"
      "  return read_state(ctx, payload, type, *static_cast<State*>(out));\n"
      "}\n\n"
      "}  // namespace\n\n"
      "bool read(mealy::json::ReadContext& ctx, mealy::json::Value value, Command& out) {\n"
      "  return mealy::json::read_wrapped(ctx, value, mealy::json::Wrapped::command, "
      "read_command_payload, &out);\n"
      "}\n\n"
      "bool read(mealy::json::ReadContext& ctx, mealy::json::Value value, Event& out) {\n"
      "  return mealy::json::read_wrapped(ctx, value, mealy::json::Wrapped::event, "
      "read_event_payload, &out);\n"
      "}\n\n"
      "bool read(mealy::json::ReadContext& ctx, mealy::json::Value value, State& out) {\n"
      "  return mealy::json::read_wrapped(ctx, value, mealy::json::Wrapped::state, "
      "read_state_payload, &out);\n"
      "}\n\n"
      "namespace {\n\n"
      "bool read_snapshot_part(mealy::json::ReadContext& ctx, mealy::json::Value item,\n"
      "                        mealy::json::SnapshotPart part, void* state) {\n"
      "  Aggregate& out = *static_cast<Aggregate*>(state);\n"
      "  switch (part) {\n"
      "    case mealy::json::SnapshotPart::id: return read(ctx, item, out.id);\n"
      "    case mealy::json::SnapshotPart::version: return read(ctx, item, out.version);\n"
      "    case mealy::json::SnapshotPart::state: return read(ctx, item, out.state);\n"
      "    case mealy::json::SnapshotPart::data: return read(ctx, item, out.data);\n"
      "  }\n"
      "  return false;\n"
      "}\n\n"
      "// A document's root, for decode_document(): `state` is the value read into.\n"
      "template <typename T>\n"
      "bool read_root(mealy::json::ReadContext& ctx, mealy::json::Value value, void* state) {\n"
      "  return read(ctx, value, *static_cast<T*>(state));\n"
      "}\n\n"
      "// A stored event's payload, with the type and version stored beside it.\n"
      "struct StoredEvent {\n"
      "  std::string_view type;\n"
      "  std::uint32_t version;\n"
      "  Event* out;\n"
      "};\n\n"
      "bool read_stored_event(mealy::json::ReadContext& ctx, mealy::json::Value value, void* "
      "state) "
      "{\n"
      "  const StoredEvent& stored = *static_cast<const StoredEvent*>(state);\n"
      "  return read_event(ctx, value, stored.type, stored.version, *stored.out);\n"
      "}\n\n"
      "}  // namespace\n\n"
      "bool read(mealy::json::ReadContext& ctx, mealy::json::Value value, Aggregate& out) {\n"
      "  return mealy::json::read_snapshot(ctx, value, read_snapshot_part, &out);\n"
      "}\n\n"
      "mealy::Status from_json(std::string_view json, Command& out, const mealy::json::Limits& "
      "limits) {\n"
      "  return mealy::json::decode_document(json, limits, read_root<Command>, &out);\n"
      "}\n\n"
      "mealy::Status from_json(std::string_view json, Event& out, const mealy::json::Limits& "
      "limits) {\n"
      "  return mealy::json::decode_document(json, limits, read_root<Event>, &out);\n"
      "}\n\n"
      "mealy::Status from_json(std::string_view json, Aggregate& out, const mealy::json::Limits& "
      "limits) {\n"
      "  return mealy::json::decode_document(json, limits, read_root<Aggregate>, &out);\n"
      "}\n\n"
      "mealy::Status decode_event(std::string_view type, std::uint32_t version, std::string_view "
      "payload, Event& out,\n"
      "                           const mealy::json::Limits& limits) {\n"
      "  StoredEvent stored{type, version, &out};\n"
      "  return mealy::json::decode_document(payload, limits, read_stored_event, &stored);\n"
      "}\n\n");
}

}  // namespace

void emit_aggregate_codecs(EmitContext& ctx, const Aggregate& aggregate) {
  emit_declarations(ctx);
  emit_upcast_template(ctx, aggregate);
  emit_tables(ctx, aggregate);
  emit_wire_definitions(ctx, aggregate);
  emit_name_of(ctx, aggregate.commands, "Command");
  emit_name_of(ctx, aggregate.events, "Event");
  emit_name_of(ctx, aggregate.states, "State");
  emit_rejections(ctx);
  emit_accepted_commands(ctx, aggregate);
  emit_version_of(ctx, aggregate);
  emit_command_writers(ctx, aggregate);
  emit_event_writers(ctx, aggregate);
  emit_other_writers(ctx);
  emit_variant_readers(ctx, aggregate);
  emit_wrapper_readers(ctx);
}

}  // namespace mealy::codegen::cpp
