// An aggregate's types and JSON functions: its commands, events and states
// as discriminated unions, its data and snapshot, the readers of the wrapped
// forms with the paths C++ reports, decodeStoredEvent with the upcast hooks,
// and the public const object that gathers them.
#include <algorithm>
#include <cstdio>

#include "mealy/schema/fingerprint.hpp"
#include "ts_context.hpp"
#include "ts_names.hpp"

namespace mealy::codegen::ts {

using schema::Aggregate;

namespace {

std::string id_type(schema::IdKind id) {
  return id == schema::IdKind::int64 ? "bigint" : "string";
}

std::string id_suffix(schema::IdKind id) {
  switch (id) {
    case schema::IdKind::uuid:
      return "Uuid";
    case schema::IdKind::string:
      return "String";
    case schema::IdKind::int64:
      return "Int64";
  }
  return "Uuid";
}

// `export type Order_Command = | {...} ...;` and the union of the names.
template <typename Item>
void emit_union(TsContext& ctx, const std::string& prefix, const std::string& kind,
                const std::vector<Item>& items, const std::vector<std::string>& versions) {
  Printer& p = ctx.out;
  if (items.empty()) {
    // An aggregate without commands or events: a type no value has, whose
    // members code may still name.
    p.print(
        "export type $prefix$$kind$ = { readonly type: never;$version$ readonly payload: never };\n"
        "export type $prefix$$kind$Name = never;\n\n",
        {{"prefix", prefix},
         {"kind", kind},
         {"version", kind == "State" ? "" : " readonly version: never;"}});
    return;
  }
  p.print("export type $prefix$$kind$ =\n", {{"prefix", prefix}, {"kind", kind}});
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string version = versions.empty() ? "" : " version: " + versions[i] + ";";
    p.print("  | { type: $name$;$version$ payload: $prefix$$kind$_$item$ }$end$\n",
            {{"name", string_literal(items[i].name.text)},
             {"version", version},
             {"prefix", prefix},
             {"kind", kind},
             {"item", items[i].name.text},
             {"end", i + 1 == items.size() ? ";" : ""}});
  }
  p.print("export type $prefix$$kind$Name = $prefix$$kind$[\"type\"];\n\n",
          {{"prefix", prefix}, {"kind", kind}});
}

void emit_messages(TsContext& ctx, const Aggregate& aggregate, const std::string& prefix) {
  for (const schema::Command& command : aggregate.commands) {
    const std::string name = prefix + "Command_" + command.name.text;
    emit_record_like(ctx, name, command.doc, command.fields, false);
    emit_validate(ctx, name, command.fields);
  }
  emit_union(ctx, prefix, "Command", aggregate.commands,
             std::vector<std::string>(aggregate.commands.size(), "1"));
  std::vector<std::string> versions;
  for (const schema::Event& event : aggregate.events) {
    emit_record_like(ctx, prefix + "Event_" + event.name.text, event.doc, event.fields, true);
    versions.push_back(std::to_string(event.version));
  }
  emit_union(ctx, prefix, "Event", aggregate.events, versions);
  for (const schema::State& state : aggregate.states) {
    emit_record_like(ctx, prefix + "State_" + state.name.text, state.doc, state.fields, false);
  }
  emit_union(ctx, prefix, "State", aggregate.states, {});
  emit_record_like(ctx, prefix + "Data", "Data kept across states: the aggregate's own fields.",
                   aggregate.fields, false);
  ctx.out.print(
      "$doc$export interface $prefix$Aggregate {\n"
      "  id: $id$;\n"
      "  /** Events applied so far: the stream version. */\n"
      "  version: bigint;\n"
      "  data: $prefix$Data;\n"
      "  state: $prefix$State;\n"
      "}\n\n",
      {{"doc", doc_comment(aggregate.doc)}, {"prefix", prefix}, {"id", id_type(aggregate.id)}});
}

// `switch (subject.type) { case "X": return <verb><prefix><kind>_X(subject.payload); ... }`,
// exhaustive over the items.
template <typename Item>
void emit_payload_switch(Printer& p, const std::vector<Item>& items, const std::string& signature,
                         const std::string& call) {
  if (items.empty()) {  // no value can exist
    p.print("$signature$ {\n  return mealy.unreachable(value.type);\n}\n\n",
            {{"signature", signature}});
    return;
  }
  p.print("$signature$ {\n  switch (value.type) {\n", {{"signature", signature}});
  for (const Item& item : items) {
    p.print("    case $name$:\n      return $call$$item$(value.payload);\n",
            {{"name", string_literal(item.name.text)}, {"call", call}, {"item", item.name.text}});
  }
  p.print("  }\n}\n\n");
}

// The reader of a wrapped form: mealy.readWrapped, then a case per name.
// `version` is the version literal of the value (empty for states).
template <typename Item>
void emit_wrapped_reader(Printer& p, const std::vector<Item>& items, const std::string& prefix,
                         const std::string& kind, const std::string& unknown,
                         const std::vector<std::string>& versions) {
  p.print(
      "function read$prefix$$kind$(ctx: mealy.ReadContext, value: unknown): $prefix$$kind$ {\n"
      "  return mealy.readWrapped(ctx, value, false, (type, _version, payload): $prefix$$kind$ => "
      "{\n"
      "    switch (type) {\n",
      {{"prefix", prefix}, {"kind", kind}});
  for (std::size_t i = 0; i < items.size(); ++i) {
    p.print(
        "      case $name$:\n"
        "        return { type: $name$,$version$ payload: read$prefix$$kind$_$item$(ctx, payload) "
        "};\n",
        {{"name", string_literal(items[i].name.text)},
         {"prefix", prefix},
         {"kind", kind},
         {"item", items[i].name.text},
         {"version", versions.empty() ? "" : " version: " + versions[i] + ","}});
  }
  p.print(
      "      default:\n"
      "        return ctx.fail(\"unknown $unknown$ '\" + type + \"'\");\n"
      "    }\n"
      "  });\n"
      "}\n\n",
      {{"unknown", unknown}});
}

void emit_command_codecs(TsContext& ctx, const Aggregate& aggregate, const std::string& prefix) {
  Printer& p = ctx.out;
  emit_wrapped_reader(p, aggregate.commands, prefix, "Command", "command type",
                      std::vector<std::string>(aggregate.commands.size(), "1"));
  p.print(
      "function write$prefix$Command(command: $prefix$Command): string {\n"
      "  return mealy.writeWrapped(command.type, 1, write$prefix$CommandPayload(command));\n"
      "}\n\n",
      {{"prefix", prefix}});
  emit_payload_switch(
      p, aggregate.commands,
      "function write" + prefix + "CommandPayload(value: " + prefix + "Command): string",
      "write" + prefix + "Command_");
  emit_payload_switch(p, aggregate.commands,
                      "function validate" + prefix + "Command(value: " + prefix +
                          "Command): mealy.Violation | undefined",
                      "validate" + prefix + "Command_");
}

void emit_event_codecs(TsContext& ctx, const Aggregate& aggregate, const std::string& prefix) {
  Printer& p = ctx.out;
  p.print(
      "// An event's payload written at `version` under the name `type` (current or former).\n"
      "function read$prefix$EventPayload(ctx: mealy.ReadContext, value: unknown, type: string, "
      "version: number): $prefix$Event {\n"
      "  if (version === 0) return ctx.fail(\"event versions start at 1, found 0\");\n"
      "  switch (type) {\n",
      {{"prefix", prefix}});
  for (const schema::Event& event : aggregate.events) {
    std::string labels = "    case " + string_literal(event.name.text) + ":\n";
    for (const schema::Name& old_name : event.renamed_from)
      labels += "    case " + string_literal(old_name.text) + ":\n";
    p.print(
        "$labels$"
        "      if (version > $version$) {\n"
        "        return ctx.fail(\"event '\" + type + \"' has version \" + String(version) + \", "
        "newer than this code's $version$\");\n"
        "      }\n"
        "      return { type: $name$, version: $version$, payload: read$prefix$Event_$item$(ctx, "
        "value, version) };\n",
        {{"labels", labels},
         {"version", std::to_string(event.version)},
         {"name", string_literal(event.name.text)},
         {"prefix", prefix},
         {"item", event.name.text}});
  }
  p.print(
      "    default:\n"
      "      return ctx.fail(\"unknown event type '\" + type + \"'\");\n"
      "  }\n"
      "}\n\n"
      "function read$prefix$Event(ctx: mealy.ReadContext, value: unknown): $prefix$Event {\n"
      "  return mealy.readWrapped(ctx, value, true, (type, version, payload) => "
      "read$prefix$EventPayload(ctx, payload, type, version));\n"
      "}\n\n"
      "function write$prefix$Event(event: $prefix$Event): string {\n"
      "  return mealy.writeWrapped(event.type, event.version, write$prefix$EventPayload(event));\n"
      "}\n\n",
      {{"prefix", prefix}});
  emit_payload_switch(
      p, aggregate.events,
      "function write" + prefix + "EventPayload(value: " + prefix + "Event): string",
      "write" + prefix + "Event_");
}

void emit_state_codecs(TsContext& ctx, const Aggregate& aggregate, const std::string& prefix) {
  Printer& p = ctx.out;
  emit_wrapped_reader(p, aggregate.states, prefix, "State", "state", {});
  p.print(
      "function write$prefix$State(state: $prefix$State): string {\n"
      "  return mealy.writeWrapped(state.type, undefined, write$prefix$StatePayload(state));\n"
      "}\n\n",
      {{"prefix", prefix}});
  emit_payload_switch(
      p, aggregate.states,
      "function write" + prefix + "StatePayload(value: " + prefix + "State): string",
      "write" + prefix + "State_");
}

void emit_snapshot_codecs(TsContext& ctx, const Aggregate& aggregate, const std::string& prefix) {
  ctx.out.print(
      "// A snapshot: {\"id\", \"version\", \"state\", \"data\"}, keys in any order.\n"
      "function read$prefix$Aggregate(ctx: mealy.ReadContext, value: unknown): $prefix$Aggregate "
      "{\n"
      "  const object = mealy.readObject(ctx, value);\n"
      "  ctx.enter();\n"
      "  let id: $id$ | undefined;\n"
      "  let version: bigint | undefined;\n"
      "  let state: $prefix$State | undefined;\n"
      "  let data: $prefix$Data | undefined;\n"
      "  for (const key of Object.keys(object)) {\n"
      "    ctx.pushKey(key);\n"
      "    if (key === \"id\") id = mealy.read$suffix$(ctx, object[key]);\n"
      "    else if (key === \"version\") version = mealy.readUint64(ctx, object[key]);\n"
      "    else if (key === \"state\") state = read$prefix$State(ctx, object[key]);\n"
      "    else if (key === \"data\") data = read$prefix$Data(ctx, object[key]);\n"
      "    ctx.pop();\n"
      "  }\n"
      "  if (id === undefined) return ctx.failMissing(\"id\");\n"
      "  if (version === undefined) return ctx.failMissing(\"version\");\n"
      "  if (state === undefined) return ctx.failMissing(\"state\");\n"
      "  if (data === undefined) return ctx.failMissing(\"data\");\n"
      "  ctx.leave();\n"
      "  return { id, version, data, state };\n"
      "}\n\n"
      "function write$prefix$Aggregate(aggregate: $prefix$Aggregate): string {\n"
      "  return mealy.writeObject([\n"
      "    [\"id\", mealy.write$suffix$(aggregate.id)],\n"
      "    [\"version\", mealy.writeUint64(aggregate.version)],\n"
      "    [\"state\", write$prefix$State(aggregate.state)],\n"
      "    [\"data\", write$prefix$Data(aggregate.data)],\n"
      "  ]);\n"
      "}\n\n",
      {{"prefix", prefix}, {"id", id_type(aggregate.id)}, {"suffix", id_suffix(aggregate.id)}});
}

// Hook names with the events that name them, in schema order.
std::vector<std::pair<std::string, std::vector<const schema::Event*>>> hooks_of(
    const Aggregate& aggregate, schema::Name schema::Event::*hook) {
  std::vector<std::pair<std::string, std::vector<const schema::Event*>>> out;
  for (const schema::Event& event : aggregate.events) {
    const std::string& name = (event.*hook).text;
    if (name.empty()) continue;
    auto it = std::find_if(out.begin(), out.end(),
                           [&](const auto& entry) { return entry.first == name; });
    if (it == out.end()) {
      out.push_back({name, {&event}});
    } else {
      it->second.push_back(&event);
    }
  }
  return out;
}

std::string event_types(const std::string& prefix,
                        const std::vector<const schema::Event*>& events) {
  std::string out;
  for (const schema::Event* event : events)
    out += (out.empty() ? "" : " | ") + prefix + "Event_" + event->name.text;
  return out;
}

void emit_upcasts(TsContext& ctx, const Aggregate& aggregate, const std::string& prefix) {
  Printer& p = ctx.out;
  p.print(
      "/**\n"
      " * The upcast hooks of $name$'s events, as C++ calls them: each runs when an event\n"
      " * was stored at an older version or under a former name, receives the decoded\n"
      " * event (or, when the old payload no longer decodes, the event's empty value), the\n"
      " * stored version and the stored payload as parsed JSON, and returns the event.\n"
      " */\n"
      "export interface $prefix$UpcastHooks {\n",
      {{"name", aggregate.name.text}, {"prefix", prefix}});
  for (const auto& [hook, events] : hooks_of(aggregate, &schema::Event::upcast)) {
    p.print("  $hook$(event: $type$, storedVersion: number, storedPayload: unknown): $type$;\n",
            {{"hook", hook}, {"type", event_types(prefix, events)}});
  }
  p.print(
      "}\n\n"
      "function $prefix$decodeStoredEvent(type: string, version: number, payload: unknown, "
      "limits?: mealy.Limits): mealy.Decoded<$prefix$Event> {\n"
      "  return mealy.decode(payload, limits, (ctx, value) => read$prefix$EventPayload(ctx, value, "
      "type, version));\n"
      "}\n\n"
      "function $prefix$decodeStoredEventWith(hooks: $prefix$UpcastHooks, type: string, version: "
      "number, payload: unknown, limits?: mealy.Limits): mealy.Decoded<$prefix$Event> {\n"
      "  void hooks;\n"
      "  const decoded = $prefix$decodeStoredEvent(type, version, payload, limits);\n"
      "  if (!decoded.ok) {\n",
      {{"prefix", prefix}});
  for (const schema::Event& event : aggregate.events) {
    if (event.upcast.empty()) continue;
    std::string condition;
    for (const schema::Event::OldForm& form : event.upcast_forms) {
      if (!condition.empty()) condition += " || ";
      condition += "(type === " + string_literal(form.type) +
                   " && version > 0 && version <= " + std::to_string(form.max_version) + ")";
    }
    if (condition.empty()) continue;
    p.print(
        "    if ($condition$) {\n"
        "      return { ok: true, value: { type: $name$, version: $version$, payload: "
        "hooks.$hook$(empty$prefix$Event_$item$(), version, payload) } };\n"
        "    }\n",
        {{"condition", condition},
         {"name", string_literal(event.name.text)},
         {"version", std::to_string(event.version)},
         {"hook", event.upcast.text},
         {"prefix", prefix},
         {"item", event.name.text}});
  }
  p.print(
      "    return decoded;\n"
      "  }\n"
      "  const event = decoded.value;\n"
      "  switch (event.type) {\n");
  for (const schema::Event& event : aggregate.events) {
    if (event.upcast.empty()) continue;
    p.print(
        "    case $name$:\n"
        "      if (version < $version$ || type !== $name$) {\n"
        "        return { ok: true, value: { type: $name$, version: $version$, payload: "
        "hooks.$hook$(event.payload, version, payload) } };\n"
        "      }\n"
        "      break;\n",
        {{"name", string_literal(event.name.text)},
         {"version", std::to_string(event.version)},
         {"hook", event.upcast.text}});
  }
  p.print(
      "    default:\n"
      "      break;\n"
      "  }\n"
      "  return decoded;\n"
      "}\n\n");
}

void emit_public_object(TsContext& ctx, const Aggregate& aggregate, const std::string& prefix) {
  char fingerprint[32];
  std::snprintf(fingerprint, sizeof fingerprint, "0x%016llxn",
                static_cast<unsigned long long>(schema::fingerprint(aggregate)));
  std::string finals;
  for (const schema::State& state : aggregate.states) {
    if (state.final) finals += (finals.empty() ? "" : ", ") + string_literal(state.name.text);
  }
  ctx.out.print(
      "$doc$export const $name$ = {\n"
      "  name: $text$,\n"
      "  /** Changes whenever stored events or snapshots would be read differently (as C++'s "
      "kFingerprint). */\n"
      "  fingerprint: $fingerprint$,\n"
      "  initialState: $initial$,\n"
      "  finalStates: [$finals$],\n"
      "  /** Per state and command, the alternatives in the order decide() tries them. */\n"
      "  transitions: $prefix$transitions,\n"
      "  /** Per state and event, the state replay moves to. */\n"
      "  replayTable: $prefix$replayTable,\n"
      "  acceptedCommands: $prefix$acceptedCommands,\n"
      "  nextState: $prefix$nextState,\n"
      "  create: $prefix$create,\n"
      "  evolve: $prefix$evolve,\n"
      "  replay: $prefix$replay,\n"
      "  decodeCommand: (value: unknown, limits?: mealy.Limits): mealy.Decoded<$prefix$Command> => "
      "mealy.decode(value, limits, read$prefix$Command),\n"
      "  commandFromJson: (text: string, limits?: mealy.Limits): mealy.Decoded<$prefix$Command> => "
      "mealy.decodeJson(text, limits, read$prefix$Command),\n"
      "  encodeCommand: write$prefix$Command,\n"
      "  validateCommand: validate$prefix$Command,\n"
      "  decodeEvent: (value: unknown, limits?: mealy.Limits): mealy.Decoded<$prefix$Event> => "
      "mealy.decode(value, limits, read$prefix$Event),\n"
      "  eventFromJson: (text: string, limits?: mealy.Limits): mealy.Decoded<$prefix$Event> => "
      "mealy.decodeJson(text, limits, read$prefix$Event),\n"
      "  encodeEvent: write$prefix$Event,\n"
      "  encodeEventPayload: write$prefix$EventPayload,\n"
      "  decodeStoredEvent: $prefix$decodeStoredEvent,\n"
      "  decodeStoredEventWith: $prefix$decodeStoredEventWith,\n"
      "  decodeState: (value: unknown, limits?: mealy.Limits): mealy.Decoded<$prefix$State> => "
      "mealy.decode(value, limits, read$prefix$State),\n"
      "  encodeState: write$prefix$State,\n"
      "  decodeSnapshot: (value: unknown, limits?: mealy.Limits): mealy.Decoded<$prefix$Aggregate> "
      "=> mealy.decode(value, limits, read$prefix$Aggregate),\n"
      "  snapshotFromJson: (text: string, limits?: mealy.Limits): mealy.Decoded<$prefix$Aggregate> "
      "=> mealy.decodeJson(text, limits, read$prefix$Aggregate),\n"
      "  encodeSnapshot: write$prefix$Aggregate,\n"
      "  emptyData: empty$prefix$Data,\n"
      "} as const;\n\n",
      {{"doc", doc_comment(aggregate.doc)},
       {"name", identifier(aggregate.name.text)},
       {"text", string_literal(aggregate.name.text)},
       {"fingerprint", fingerprint},
       {"initial", string_literal(aggregate.states.at(aggregate.initial_state).name.text)},
       {"finals", finals},
       {"prefix", prefix}});
}

// The aggregate's types by qualified name, as TypeScript reads them:
// Order.Command.Open, Order.Event, Order.Data. A namespace of types only,
// which merges with the aggregate's object of the same name (a value), so
// that `Order` is both; each name is an alias of the flat name the module
// defines it under (Order_Command_Open).
void emit_type_namespace(TsContext& ctx, const Aggregate& aggregate, const std::string& prefix) {
  Printer& p = ctx.out;
  p.print(
      "/**\n"
      " * $name$'s types by name: $name$.Command is any command and $name$.Command.X one\n"
      " * command's payload (likewise Event and State), $name$.CommandName a command's\n"
      " * name, and $name$.Data, $name$.Aggregate, $name$.ApplyHooks and $name$.UpcastHooks.\n"
      " */\n"
      "export declare namespace $binding$ {\n",
      {{"name", aggregate.name.text}, {"binding", identifier(aggregate.name.text)}});
  {
    Printer::Indent in(p);
    auto group = [&](const char* kind, const auto& items) {
      p.print(
          "export type $kind$ = $prefix$$kind$;\n"
          "export type $kind$Name = $prefix$$kind$Name;\n"
          "export namespace $kind$ {\n",
          {{"kind", kind}, {"prefix", prefix}});
      for (const auto& item : items) {
        p.print("  export type $item$ = $prefix$$kind$_$item$;\n",
                {{"item", item.name.text}, {"kind", kind}, {"prefix", prefix}});
      }
      p.print("}\n");
    };
    group("Command", aggregate.commands);
    group("Event", aggregate.events);
    group("State", aggregate.states);
    p.print(
        "export type Data = $prefix$Data;\n"
        "export type Aggregate = $prefix$Aggregate;\n"
        "export type UpcastHooks = $prefix$UpcastHooks;\n",
        {{"prefix", prefix}});
    if (!apply_hooks_of(aggregate).empty())
      p.print("export type ApplyHooks = $prefix$ApplyHooks;\n", {{"prefix", prefix}});
  }
  p.print("}\n\n");
}

}  // namespace

std::vector<std::pair<std::string, std::vector<const schema::Event*>>> apply_hooks_of(
    const Aggregate& aggregate) {
  return hooks_of(aggregate, &schema::Event::apply);
}

std::string event_union(const std::string& prefix,
                        const std::vector<const schema::Event*>& events) {
  return event_types(prefix, events);
}

void emit_aggregate(TsContext& ctx, const Aggregate& aggregate) {
  const std::string prefix = aggregate_prefix(aggregate);
  ctx.out.print(
      "// ---------------------------------------------------------------------------\n"
      "// Aggregate $name$.\n\n",
      {{"name", aggregate.name.text}});
  emit_messages(ctx, aggregate, prefix);
  emit_command_codecs(ctx, aggregate, prefix);
  emit_event_codecs(ctx, aggregate, prefix);
  emit_state_codecs(ctx, aggregate, prefix);
  emit_snapshot_codecs(ctx, aggregate, prefix);
  emit_upcasts(ctx, aggregate, prefix);
  emit_machine(ctx, aggregate);
  emit_public_object(ctx, aggregate, prefix);
  emit_type_namespace(ctx, aggregate, prefix);
}

}  // namespace mealy::codegen::ts
