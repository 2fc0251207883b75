// compare_schemas(): aggregates, states and commands; events and types are
// compared in compat_events.cpp and compat_types.cpp.
#include "compat.hpp"

#include "compat_parts.hpp"
#include "mealy/schema/names.hpp"

namespace mealy::cli {

namespace {

using compat::find_named;
using schema::Aggregate;

void compare_aggregate(const Aggregate& was, const Aggregate& now, schema::Diagnostics& out) {
  const std::string aggregate = "aggregate '" + now.name.text + "'";
  if (was.id != now.id) {
    out.error(
        now.id_location.line != 0 ? now.id_location : now.name.location, "aggregate-id-changed",
        aggregate + " is now identified by " + std::string(schema::spelling(now.id)) + " (was " +
            std::string(schema::spelling(was.id)) + "): stored streams are named by their " +
            std::string(schema::spelling(was.id)) + " ids");
  }
  compat::compare_events(was, now, out);
  for (const schema::State& state : was.states) {
    if (find_named(now.states, state.name.text)) continue;
    out.error(state.name.location, "state-removed",
              "state '" + state.name.text + "' of " + aggregate +
                  " was removed or renamed: stored snapshots and the table " +
                  schema::state_table_name(was.name.text) + " hold instances in it by name");
  }
  for (const schema::Command& command : was.commands) {
    const schema::Command* same = find_named(now.commands, command.name.text);
    if (!same) {
      out.warning(command.name.location, "command-removed",
                  "command '" + command.name.text + "' of " + aggregate +
                      " was removed: clients that send it are rejected");
      continue;
    }
    compat::compare_plain_fields({"command '" + command.name.text + "'", false}, command.fields,
                                 same->fields, out);
  }
}

}  // namespace

void compare_schemas(const schema::Model& old_model, const schema::Model& new_model,
                     schema::Diagnostics& out) {
  const compat::TypeIndex old_types = compat::index_types(old_model);
  const compat::TypeIndex new_types = compat::index_types(new_model);
  // Types whose values are stored (in events, and in snapshots through the
  // states' and aggregate's fields), and types only commands carry.
  std::set<std::string> stored, sent;
  for (const Aggregate& was : old_model.root().aggregates) {
    for (const schema::Event& event : was.events)
      compat::collect_types(event.fields, old_types, stored);
    for (const schema::State& state : was.states)
      compat::collect_types(state.fields, old_types, stored);
    compat::collect_types(was.fields, old_types, stored);
    for (const schema::Command& command : was.commands)
      compat::collect_types(command.fields, old_types, sent);

    const Aggregate* now = find_named(new_model.root().aggregates, was.name.text);
    if (!now) {
      out.error(was.name.location, "aggregate-removed",
                "aggregate '" + was.name.text +
                    "' was removed: its stored streams and events could no "
                    "longer be read");
      continue;
    }
    compare_aggregate(was, *now, out);
  }
  for (const std::string& name : stored)
    sent.erase(name);
  compat::compare_types(old_types, new_types, stored, sent, out);
}

}  // namespace mealy::cli
