#include <array>
#include <limits>
#include <string>

#include "loader/excerpt.hpp"
#include "loader/load_parts.hpp"

namespace mealy::schema::loader {

namespace {

constexpr std::array<std::string_view, 8> kAggregateKeys{
    "doc", "id", "fields", "commands", "events", "states", "on", "snapshot_every"};
constexpr std::array<std::string_view, 2> kCommandKeys{"doc", "fields"};
constexpr std::array<std::string_view, 5> kStateKeys{"doc", "initial", "final", "fields", "on"};

std::optional<std::string> read_doc(const LoadContext& context, const YamlNode& map) {
  const YamlEntry* doc = find_entry(map, "doc");
  return doc != nullptr ? read_text(context, *doc) : std::nullopt;
}

std::vector<Field> read_fields(const LoadContext& context, const YamlNode& map) {
  const YamlEntry* fields = find_entry(map, "fields");
  return fields != nullptr ? load_fields(context, *fields->value) : std::vector<Field>{};
}

// {doc, fields}, or null for a command without fields.
std::optional<Command> load_command(const LoadContext& context, Name name, const YamlNode& value) {
  Command command;
  std::string where = where_in("command", name);
  command.name = std::move(name);
  if (value.kind == YamlNode::Kind::null) return command;
  if (!expect_map(context, value, "a map for command '" + excerpt(command.name.text) + "'")) {
    return std::nullopt;
  }
  check_keys(context, value, kCommandKeys, where);
  if (auto doc = read_doc(context, value)) command.doc = std::move(*doc);
  command.fields = read_fields(context, value);
  return command;
}

// {doc, initial, final, fields, on}, or null.
std::optional<State> load_state(const LoadContext& context, Name name, const YamlNode& value) {
  State state;
  std::string where = where_in("state", name);
  state.name = std::move(name);
  if (value.kind == YamlNode::Kind::null) return state;
  if (!expect_map(context, value, "a map for state '" + excerpt(state.name.text) + "'")) {
    return std::nullopt;
  }
  check_keys(context, value, kStateKeys, where);
  if (auto doc = read_doc(context, value)) state.doc = std::move(*doc);
  if (const YamlEntry* initial = find_entry(value, "initial")) {
    if (auto flag = read_bool(context, *initial)) state.initial = *flag;
  }
  if (const YamlEntry* final = find_entry(value, "final")) {
    if (auto flag = read_bool(context, *final)) state.final = *flag;
  }
  state.fields = read_fields(context, value);
  if (const YamlEntry* on = find_entry(value, "on")) {
    state.has_on = true;
    state.on = load_handlers(context, *on->value);
  }
  return state;
}

std::optional<IdKind> read_id(const LoadContext& context, const YamlEntry& entry) {
  const YamlNode& value = *entry.value;
  if (value.kind == YamlNode::Kind::scalar) {
    if (value.text == "uuid") return IdKind::uuid;
    if (value.text == "string") return IdKind::string;
    if (value.text == "int64") return IdKind::int64;
  }
  context.error(value.location, value.kind == YamlNode::Kind::scalar ? "value" : "shape",
                "'id' must be uuid, string or int64, found " + found_phrase(value));
  return std::nullopt;
}

// Calls add(Name, const YamlNode&) for each entry of the map under `key`.
template <typename Add>
void each_entry_of(const LoadContext& context, const YamlNode& map, std::string_view key,
                   std::string_view what, Add add) {
  if (const YamlEntry* entry = find_entry(map, key)) {
    for_each_named(context, *entry->value, what, add);
  }
}

void load_members(const LoadContext& context, const YamlNode& value, Aggregate& aggregate) {
  each_entry_of(context, value, "commands", "a map of command names to commands",
                [&](Name name, const YamlNode& node) {
                  if (auto command = load_command(context, std::move(name), node)) {
                    aggregate.commands.push_back(std::move(*command));
                  }
                });
  each_entry_of(context, value, "events", "a map of event names to events",
                [&](Name name, const YamlNode& node) {
                  if (auto event = load_event(context, std::move(name), node)) {
                    aggregate.events.push_back(std::move(*event));
                  }
                });
  each_entry_of(context, value, "states", "a map of state names to states",
                [&](Name name, const YamlNode& node) {
                  if (auto state = load_state(context, std::move(name), node)) {
                    aggregate.states.push_back(std::move(*state));
                  }
                });
}

std::optional<Aggregate> load_aggregate(const LoadContext& context, Name name,
                                        const YamlNode& value) {
  Aggregate aggregate;
  // With no `id` written, diagnostics about the id point at the aggregate.
  aggregate.id_location = name.location;
  std::string where = where_in("aggregate", name);
  aggregate.name = std::move(name);
  if (!expect_map(context, value, "a map for aggregate '" + excerpt(aggregate.name.text) + "'")) {
    return std::nullopt;
  }
  check_keys(context, value, kAggregateKeys, where);
  if (auto doc = read_doc(context, value)) aggregate.doc = std::move(*doc);
  if (const YamlEntry* id = find_entry(value, "id")) {
    if (auto kind = read_id(context, *id)) {
      aggregate.id = *kind;
      aggregate.id_location = id->value->location;
    }
  }
  if (const YamlEntry* every = find_entry(value, "snapshot_every")) {
    aggregate.snapshot_every =
        read_integer(context, *every, 1, std::numeric_limits<std::uint64_t>::max());
  }
  aggregate.fields = read_fields(context, value);
  load_members(context, value, aggregate);
  if (const YamlEntry* on = find_entry(value, "on")) {
    aggregate.on = load_handlers(context, *on->value);
  }
  return aggregate;
}

}  // namespace

std::vector<Aggregate> load_aggregates(const LoadContext& context, const YamlNode& aggregates) {
  std::vector<Aggregate> loaded;
  for_each_named(context, aggregates, "a map of aggregate names to aggregates",
                 [&](Name name, const YamlNode& value) {
                   if (auto aggregate = load_aggregate(context, std::move(name), value)) {
                     loaded.push_back(std::move(*aggregate));
                   }
                 });
  return loaded;
}

}  // namespace mealy::schema::loader
