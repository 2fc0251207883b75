// An aggregate's commands, events and states as structs and variants, its
// data, and the Aggregate struct itself.
#include <cstdio>

#include "cpp_names.hpp"
#include "emit_context.hpp"
#include "mealy/schema/fingerprint.hpp"

namespace mealy::codegen::cpp {
namespace {

// A struct of a namespace (commands, events, states) with its codecs.
template <typename Item>
void emit_message_struct(EmitContext& ctx, const Item& item, const std::string& extra_constants) {
  Printer& h = ctx.header;
  const std::string name = identifier(item.name.text);
  if (!item.doc.empty()) h.print("$doc$", {{"doc", comment(item.doc)}});
  h.print("struct $name$ {\n", {{"name", name}});
  {
    Printer::Indent in(h);
    h.print("static constexpr std::string_view kName = $text$;\n$extra$",
            {{"text", string_literal(item.name.text)}, {"extra", extra_constants}});
    emit_members(ctx, item.fields);
    h.print("\nfriend bool operator==(const $name$&, const $name$&) = default;\n",
            {{"name", name}});
    emit_print_declaration(ctx, name);
    emit_field_visitor(ctx, name, item.fields);
  }
  h.print("};\n\n");
}

// The operator<< of each struct of a namespace (commands, events, states),
// which prints it wrapped as its variant writes it: {"type": ..., "payload":
// ...}. Written here rather than through the variant, which would copy the
// value into one and instantiate the variant's machinery once per struct
// (about a sixth of the compile time of a .mealy.cpp, measured).
// `version` is what follows the name in begin_wrapped: ", 1" for commands,
// ", value.kVersion" for events, nothing for states.
template <typename Item>
void emit_print_definitions(EmitContext& ctx, const std::vector<Item>& items,
                            const std::string& space, const std::string& version) {
  if (items.empty()) return;
  ctx.source.print("namespace $space$ {\n\n", {{"space", space}});
  for (const Item& item : items) {
    ctx.source.print(
        "std::ostream& operator<<(std::ostream& out, const $name$& value) {\n"
        "  std::string text;\n"
        "  mealy::json::begin_wrapped(text, value.kName$version$);\n"
        "  write(text, value);\n"
        "  text += '}';\n"
        "  return out << text;\n"
        "}\n\n",
        {{"name", identifier(item.name.text)}, {"version", version}});
  }
  ctx.source.print("}  // namespace $space$\n\n", {{"space", space}});
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

  h.print("namespace commands {\n\n");
  for (const schema::Command& command : aggregate.commands)
    emit_message_struct(ctx, command, "");
  h.print("}  // namespace commands\n\n");
  if (aggregate.commands.empty()) {
    emit_placeholder_variant(ctx, "commands", "Command",
                             "from_json() refuses every type and decide() can\n"
                             "// only reject.");
  } else {
    emit_variant(ctx, aggregate.commands, "commands", "Command");
  }
  for (const schema::Command& command : aggregate.commands) {
    const std::string self = "commands::" + identifier(command.name.text);
    emit_struct_codec(ctx, self, command.fields, false);
    emit_validate(ctx, self, command.fields);
  }
  emit_print_definitions(ctx, aggregate.commands, "commands", ", 1");
  h.print("\nnamespace events {\n\n");
  for (const schema::Event& event : aggregate.events) {
    emit_message_struct(
        ctx, event,
        "static constexpr std::uint32_t kVersion = " + std::to_string(event.version) + ";\n");
  }
  h.print("}  // namespace events\n\n");
  if (aggregate.events.empty()) {
    emit_placeholder_variant(ctx, "events", "Event",
                             "decide() emits no event, decode_event() refuses\n"
                             "// every type and evolve() applies nothing.");
  } else {
    emit_variant(ctx, aggregate.events, "events", "Event");
  }
  for (const schema::Event& event : aggregate.events) {
    emit_struct_codec(ctx, "events::" + identifier(event.name.text), event.fields, true);
  }
  emit_print_definitions(ctx, aggregate.events, "events", ", value.kVersion");
  h.print("\nnamespace states {\n\n");
  for (const schema::State& state : aggregate.states)
    emit_message_struct(ctx, state, "");
  h.print("}  // namespace states\n\n");
  emit_variant(ctx, aggregate.states, "states", "State");
  for (const schema::State& state : aggregate.states) {
    emit_struct_codec(ctx, "states::" + identifier(state.name.text), state.fields, false);
  }
  emit_print_definitions(ctx, aggregate.states, "states", "");
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
  emit_struct_codec(ctx, "Data", aggregate.fields, false);
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
