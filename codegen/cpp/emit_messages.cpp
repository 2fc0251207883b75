// An aggregate's commands, events and states as structs and variants, its
// data, and the Aggregate struct itself.
#include <cstdio>

#include "cpp_names.hpp"
#include "emit_context.hpp"
#include "mealy/schema/fingerprint.hpp"

namespace mealy::codegen::cpp {
namespace {

// A struct of a namespace (commands, events, states). Its operator<< prints
// it wrapped as its variant writes it ({"type": ..., "payload": ...})
// through wire_::print_<kind> (`kind`: command, event, state), by its
// `index` in the variant, rather than through the variant, which would copy
// the value into one.
template <typename Item>
void emit_message_struct(EmitContext& ctx, const Item& item, const std::string& extra_constants,
                         const std::string& kind, std::size_t index) {
  Printer& h = ctx.header;
  const std::string name = identifier(item.name.text);
  if (!item.doc.empty()) h.print("$doc$", {{"doc", comment(item.doc)}});
  h.print("struct $name$ {\n", {{"name", name}});
  {
    Printer::Indent in(h);
    h.print("static constexpr std::string_view kName = $text$;\n$extra$",
            {{"text", string_literal(item.name.text)}, {"extra", extra_constants}});
    emit_members(ctx, item.fields);
    h.print(
        "\nfriend bool operator==(const $name$&, const $name$&) = default;\n"
        "// Prints canonical JSON, as to_json() writes it (what a failed test shows).\n"
        "friend std::ostream& operator<<(std::ostream& out, const $name$& value) {\n"
        "  return wire_::print_$kind$(out, $index$, &value);\n"
        "}\n",
        {{"name", name}, {"kind", kind}, {"index", std::to_string(index)}});
    emit_field_visitor(ctx, name, item.fields);
  }
  h.print("};\n\n");
}

// The writers of the structs of a namespace, inline: each is its variant's
// wire_::write_<kind> with its index.
template <typename Item>
void emit_message_writers(EmitContext& ctx, const std::vector<Item>& items,
                          const std::string& space, const std::string& kind) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    ctx.header.print(
        "inline void write(std::string& out, const $space$::$name$& value) {\n"
        "  wire_::write_$kind$(out, $index$, &value);\n"
        "}\n",
        {{"space", space},
         {"name", identifier(items[i].name.text)},
         {"kind", kind},
         {"index", std::to_string(i)}});
  }
}

// The functions the structs' writers and printers call, declared before the
// structs (the tables they read are the source's).
void emit_wire_declarations(EmitContext& ctx, const schema::Aggregate& aggregate) {
  Printer& h = ctx.header;
  h.print(
      "// How the commands, events and states are written and printed, by their\n"
      "// index in Command, Event and State: what their write() and operator<<\n"
      "// call, over the tables of their fields in the .mealy.cpp. Call those.\n"
      "namespace wire_ {\n");
  const std::pair<const char*, bool> kinds[] = {{"command", !aggregate.commands.empty()},
                                                {"event", !aggregate.events.empty()},
                                                {"state", true}};
  for (const auto& [kind, present] : kinds) {
    if (!present) continue;
    h.print(
        "void write_$kind$(std::string& out, std::size_t index, const void* $kind$);\n"
        "std::ostream& print_$kind$(std::ostream& out, std::size_t index, const void* $kind$);\n",
        {{"kind", kind}});
  }
  h.print("}  // namespace wire_\n\n");
}

template <typename Item>
void emit_variant(EmitContext& ctx, const std::vector<Item>& items, const std::string& space,
                  const std::string& alias) {
  std::string list;
  for (std::size_t i = 0; i < items.size(); ++i) {
    list += (i ? ",\n    " : "") + space + "::" + identifier(items[i].name.text);
  }
  ctx.header.print("using $alias$ = std::variant<\n    $list$>;\n\n",
                   {{"alias", alias}, {"list", list}});
}

// `std::variant<>` is ill-formed, so an aggregate without commands (or without
// events) gets a variant of std::monostate alone: a value that no decoder
// produces and that the functions over the variant treat as nameless (see
// emit_aggregate_codecs.cpp). `what` says what the aggregate does without them.
void emit_placeholder_variant(EmitContext& ctx, const std::string& space, const std::string& alias,
                              const std::string& what) {
  ctx.header.print(
      "// This aggregate declares no $space$. std::variant needs a member, so\n"
      "// std::monostate stands in: $what$\n"
      "using $alias$ = std::variant<std::monostate>;\n\n",
      {{"space", space}, {"alias", alias}, {"what", what}});
}

std::string id_type(schema::IdKind id) {
  switch (id) {
    case schema::IdKind::uuid:
      return "mealy::Uuid";
    case schema::IdKind::string:
      return "std::string";
    case schema::IdKind::int64:
      return "std::int64_t";
  }
  return "mealy::Uuid";
}

std::string hex64(std::uint64_t value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "0x%016llxull", static_cast<unsigned long long>(value));
  return buffer;
}

}  // namespace

void emit_messages(EmitContext& ctx, const schema::Aggregate& aggregate) {
  Printer& h = ctx.header;
  const schema::State& initial = aggregate.states.at(aggregate.initial_state);
  h.print(
      "inline constexpr std::string_view kName = $name$;\n"
      "// Changes whenever stored events or snapshots would be read differently.\n"
      "inline constexpr std::uint64_t kFingerprint = $fingerprint$;\n"
      "using Id = $id$;\n\n",
      {{"name", string_literal(aggregate.name.text)},
       {"fingerprint", hex64(schema::fingerprint(aggregate))},
       {"id", id_type(aggregate.id)}});

  emit_wire_declarations(ctx, aggregate);
  h.print("namespace commands {\n\n");
  for (std::size_t i = 0; i < aggregate.commands.size(); ++i)
    emit_message_struct(ctx, aggregate.commands[i], "", "command", i);
  h.print("}  // namespace commands\n\n");
  if (aggregate.commands.empty()) {
    emit_placeholder_variant(ctx, "commands", "Command",
                             "from_json() refuses every type and decide() can\n"
                             "// only reject.");
  } else {
    emit_variant(ctx, aggregate.commands, "commands", "Command");
  }
  emit_message_writers(ctx, aggregate.commands, "commands", "command");
  for (const schema::Command& command : aggregate.commands) {
    const std::string self = "commands::" + identifier(command.name.text);
    emit_fields_table(ctx, self, command.fields, false);
    emit_validate(ctx, self, command.fields);
  }
  h.print("\nnamespace events {\n\n");
  for (std::size_t i = 0; i < aggregate.events.size(); ++i) {
    emit_message_struct(ctx, aggregate.events[i],
                        "static constexpr std::uint32_t kVersion = " +
                            std::to_string(aggregate.events[i].version) + ";\n",
                        "event", i);
  }
  h.print("}  // namespace events\n\n");
  if (aggregate.events.empty()) {
    emit_placeholder_variant(ctx, "events", "Event",
                             "decide() emits no event, decode_event() refuses\n"
                             "// every type and evolve() applies nothing.");
  } else {
    emit_variant(ctx, aggregate.events, "events", "Event");
  }
  emit_message_writers(ctx, aggregate.events, "events", "event");
  for (const schema::Event& event : aggregate.events)
    emit_fields_table(ctx, "events::" + identifier(event.name.text), event.fields, true);
  h.print("\nnamespace states {\n\n");
  for (std::size_t i = 0; i < aggregate.states.size(); ++i)
    emit_message_struct(ctx, aggregate.states[i], "", "state", i);
  h.print("}  // namespace states\n\n");
  emit_variant(ctx, aggregate.states, "states", "State");
  emit_message_writers(ctx, aggregate.states, "states", "state");
  for (const schema::State& state : aggregate.states)
    emit_fields_table(ctx, "states::" + identifier(state.name.text), state.fields, false);
  h.print("\n");

  h.print("// Data kept across states: the aggregate's own fields.\nstruct Data {\n");
  {
    Printer::Indent in(h);
    emit_members(ctx, aggregate.fields);
    h.print("\nfriend bool operator==(const Data&, const Data&) = default;\n");
    emit_print_declaration(ctx, "Data");
    emit_field_visitor(ctx, "Data", aggregate.fields);
  }
  h.print("};\n");
  emit_struct_codec(ctx, "Data", aggregate.fields);
  emit_print_definition(ctx, "Data", "value");
  h.print("\n");

  if (!aggregate.doc.empty()) h.print("$doc$", {{"doc", comment(aggregate.doc)}});
  h.print(
      "struct Aggregate {\n"
      "  Id id{};\n"
      "  // Events applied so far: the stream version.\n"
      "  std::uint64_t version = 0;\n"
      "  Data data{};\n"
      "  State state{states::$initial${}};\n\n"
      "  friend bool operator==(const Aggregate&, const Aggregate&) = default;\n"
      "  // Prints canonical JSON, a snapshot's form (what a failed test shows).\n"
      "  friend std::ostream& operator<<(std::ostream& out, const Aggregate& value);\n"
      "  // Calls visit(name, member) for id, version, data and state.\n"
      "  template <typename Self, typename Visit>\n"
      "    requires std::same_as<std::remove_const_t<Self>, Aggregate>\n"
      "  friend void for_each_field(Self& value, Visit&& visit) {\n"
      "    visit(std::string_view(\"id\"), value.id);\n"
      "    visit(std::string_view(\"version\"), value.version);\n"
      "    visit(std::string_view(\"data\"), value.data);\n"
      "    visit(std::string_view(\"state\"), value.state);\n"
      "  }\n"
      "};\n\n",
      {{"initial", identifier(initial.name.text)}});
  emit_print_definition(ctx, "Aggregate", "value");
}

}  // namespace mealy::codegen::cpp
