#include <iostream>

#include "cli.hpp"
#include "mealy/schema/workspace.hpp"
#include "target.hpp"
#include "text_table.hpp"
#include "totality.hpp"
#include "verbs.hpp"

namespace mealy::cli {
namespace {

constexpr std::string_view kDescribeHelp = R"HELP(Usage: mealyc describe FILE [--totality]

Checks FILE, then prints each aggregate as tables: its fields, states,
commands, events and transitions. Aggregate-wide transitions are listed under
every state that inherits them, marked "(aggregate-wide)".

Options:
  --totality   also print the state x command matrix and its unhandled cells
  --help       show this help

Exit status: 0 on success, 1 when the schema has errors (they are printed as
by `mealyc check`), 2 on a usage error.
)HELP";

std::string value_text(const schema::Value& value) {
  switch (value.kind) {
    case schema::Value::Kind::null:
      return "null";
    case schema::Value::Kind::scalar:
      return value.quoted ? "\"" + value.text + "\"" : value.text;
    case schema::Value::Kind::list: {
      std::string out = "[";
      for (std::size_t i = 0; i < value.items.size(); ++i) {
        out += (i ? ", " : "") + value_text(value.items[i]);
      }
      return out + "]";
    }
    case schema::Value::Kind::map: {
      std::string out = "{";
      for (std::size_t i = 0; i < value.entries.size(); ++i) {
        out += (i ? ", " : "") + value.entries[i].first.text + ": " +
               value_text(value.entries[i].second);
      }
      return out + "}";
    }
  }
  return {};
}

std::string field_text(const schema::Field& field) {
  std::string out = field.name.text + ": " + field.type.spelling;
  if (field.default_written) out += " = " + value_text(*field.default_written);
  if (field.since) out += " (since v" + std::to_string(field.since) + ")";
  if (field.min) out += " min " + value_text(*field.min);
  if (field.max) out += " max " + value_text(*field.max);
  if (field.min_length) out += " min_length " + std::to_string(*field.min_length);
  if (field.max_length) out += " max_length " + std::to_string(*field.max_length);
  return out;
}

std::string fields_text(const std::vector<schema::Field>& fields) {
  std::string out;
  for (const schema::Field& field : fields)
    out += (out.empty() ? "" : ", ") + field_text(field);
  return out;
}

std::string first_line(const std::string& doc) {
  return doc.substr(0, doc.find('\n'));
}

void describe_aggregate(std::ostream& out, const schema::Aggregate& aggregate) {
  out << "aggregate " << aggregate.name.text << " (id " << schema::spelling(aggregate.id);
  if (aggregate.snapshot_every)
    out << ", snapshot every " << *aggregate.snapshot_every << " events";
  out << ")\n";
  if (!aggregate.doc.empty()) out << "  " << first_line(aggregate.doc) << "\n";

  if (!aggregate.fields.empty()) {
    std::vector<std::vector<std::string>> rows;
    for (const schema::Field& field : aggregate.fields)
      rows.push_back({field_text(field)});
    out << "\n  fields\n" << format_table(rows, 4);
  }

  std::vector<std::vector<std::string>> states;
  for (const schema::State& state : aggregate.states) {
    std::string marks = state.initial ? "initial" : state.final ? "final" : "";
    states.push_back({state.name.text, marks, fields_text(state.fields)});
  }
  out << "\n  states\n" << format_table(states, 4);

  std::vector<std::vector<std::string>> commands;
  for (const schema::Command& command : aggregate.commands) {
    commands.push_back({command.name.text, fields_text(command.fields)});
  }
  out << "\n  commands\n" << format_table(commands, 4);

  std::vector<std::vector<std::string>> events;
  for (const schema::Event& event : aggregate.events) {
    std::string notes;
    if (!event.apply.empty()) notes += "apply " + event.apply.text;
    if (!event.upcast.empty())
      notes += std::string(notes.empty() ? "" : ", ") + "upcast " + event.upcast.text;
    for (const schema::Name& old_name : event.renamed_from) {
      notes += std::string(notes.empty() ? "" : ", ") + "renamed from " + old_name.text;
    }
    if (event.retired) notes += std::string(notes.empty() ? "" : ", ") + "retired";
    events.push_back(
        {event.name.text, "v" + std::to_string(event.version), fields_text(event.fields), notes});
  }
  out << "\n  events\n" << format_table(events, 4);

  std::vector<std::vector<std::string>> transitions{
      {"state", "command", "guard", "outcome", "emits", "notes"}};
  for (const schema::State& state : aggregate.states) {
    for (const schema::CommandHandling& handling : state.handling) {
      for (const schema::StateTransition& st : handling.alternatives) {
        const schema::Transition& t = *st.transition;
        std::string outcome = !t.reject.empty() ? "reject " + t.reject.text
                              : t.to            ? "-> " + t.to->text
                                                : "stay";
        std::string emits;
        for (const schema::Name& e : t.emit)
          emits += (emits.empty() ? "" : ", ") + e.text;
        std::string notes;
        if (!t.action.empty()) notes += "action " + t.action.text;
        if (st.inherited) notes += std::string(notes.empty() ? "" : ", ") + "(aggregate-wide)";
        transitions.push_back({state.name.text, aggregate.commands[handling.command].name.text,
                               t.guard.empty() ? "" : "[" + t.guard.text + "]", outcome, emits,
                               notes});
      }
    }
  }
  out << "\n  transitions\n" << format_table(transitions, 4) << "\n";
}

}  // namespace

int run_describe(const Args& args, std::ostream& out, std::ostream& err) {
  Arguments parsed;
  parsed.flag("--help");
  parsed.flag("--totality");
  std::string error;
  if (!parsed.parse(args, error)) return usage_error(err, "describe", error);
  if (parsed.has("--help")) {
    out << kDescribeHelp;
    return kExitOk;
  }
  if (parsed.positional().size() != 1) {
    return usage_error(err, "describe", "expected exactly one schema file");
  }
  schema::Workspace workspace({}, codegen::registered_name_rules());
  auto model = workspace.compile(parsed.positional().front());
  workspace.diagnostics().sort(workspace.sources());
  print_diagnostics(err, workspace.diagnostics(), workspace.sources());
  if (!model) return kExitUserError;

  const schema::SchemaFile& root = model->root();
  out << model->source_of(root).display_path << ": package " << root.package.text << "\n";
  if (!root.doc.empty()) out << "  " << first_line(root.doc) << "\n";
  for (const schema::Import& import : root.imports) {
    out << "  imports " << import.path.text << " (package " << import.file->package.text << ")\n";
  }
  if (!root.types.empty()) {
    std::vector<std::vector<std::string>> types;
    for (const schema::TypeDecl& decl : root.types) {
      std::string body;
      if (decl.is_enum) {
        body = "enum";
        for (std::size_t i = 0; i < decl.members.size(); ++i) {
          body += (i ? ", " : " ") + decl.members[i].name.text;
        }
      } else {
        body = fields_text(decl.fields);
      }
      types.push_back({decl.name.text, body});
    }
    out << "\n  types\n" << format_table(types, 4);
  }
  out << "\n";
  for (const schema::Aggregate& aggregate : root.aggregates) {
    describe_aggregate(out, aggregate);
    if (parsed.has("--totality")) out << format_totality(aggregate);
  }
  return kExitOk;
}

}  // namespace mealy::cli
