// `mealyc paths`: for every transition of an aggregate (a state, a command,
// one of its alternatives), the shortest sequence of commands from the
// initial state that takes it, as XState's path generation gives, so that a
// test author knows how to reach each one.
//
// Design notes:
//  1. A breadth-first search over states from the initial one, following
//     every alternative that moves or stays (never a `reject`), in schema
//     order: states, then their handling (own, then aggregate-wide), then
//     alternatives. The first path found to a state is kept, so the output
//     is shortest and deterministic.
//  2. A step names its alternative when the command has several: by its
//     guard (`Withdraw [covers]`) or, for an unguarded one after guarded
//     ones, `[otherwise]`. A transition's path is its state's path plus its
//     own step.
//  3. Transitions of states the search cannot reach are listed as
//     unreachable, with no path.
#include <iostream>
#include <string>
#include <vector>

#include "cli.hpp"
#include "mealy/json_write.hpp"
#include "mealy/schema/workspace.hpp"
#include "target.hpp"
#include "text_table.hpp"
#include "transition_paths.hpp"
#include "transition_words.hpp"
#include "verbs.hpp"

namespace mealy::cli {
namespace {

constexpr std::string_view kPathsHelp =
    R"HELP(Usage: mealyc paths FILE [--aggregate NAME] [--format text|json]

Checks FILE, then lists every transition of each aggregate (a state, a
command and one of its alternatives, rejects included) with the shortest
sequence of commands from the initial state that takes it. A step names the
alternative when a command has several: by its guard, or [otherwise].
Transitions of states no command sequence reaches are marked unreachable.

Options:
  --aggregate NAME   only this aggregate (default: every aggregate)
  --format FORMAT    text (a table per aggregate, the default) or json (an
                     array of aggregates, each with its transitions)
  --help             show this help

Exit status: 0 on success, 1 when the schema has errors (they are printed as
by `mealyc check`), 2 on a usage error.
)HELP";

std::string step_text(const schema::Aggregate& aggregate, const Step& step) {
  return codegen::transition_label(aggregate, *step.handling, step.alternative);
}

std::string outcome_text(const schema::Aggregate& aggregate,
                         const schema::StateTransition& alternative) {
  return codegen::transition_outcome(aggregate, alternative);
}

void print_text(std::ostream& out, const schema::Aggregate& aggregate) {
  const auto paths = shortest_paths(aggregate);
  std::vector<std::vector<std::string>> rows{{"state", "command", "outcome", "path"}};
  std::size_t count = 0, unreachable = 0;
  for (std::uint32_t s = 0; s < aggregate.states.size(); ++s) {
    for (const schema::CommandHandling& handling : aggregate.states[s].handling) {
      for (std::uint32_t a = 0; a < handling.alternatives.size(); ++a) {
        const Step step{s, &handling, a};
        std::string path;
        if (paths[s]) {
          for (const Step& before : *paths[s])
            path += step_text(aggregate, before) + ", ";
          path += step_text(aggregate, step);
        } else {
          path = "(unreachable)";
          ++unreachable;
        }
        rows.push_back({aggregate.states[s].name.text, step_text(aggregate, step),
                        outcome_text(aggregate, handling.alternatives[a]), path});
        ++count;
      }
    }
  }
  out << "aggregate " << aggregate.name.text << ": " << count << " transitions";
  if (unreachable > 0) out << ", " << unreachable << " unreachable";
  out << "\n" << format_table(rows, 2) << "\n";
}

void write_step(std::string& out, const schema::Aggregate& aggregate, const Step& step) {
  const schema::Transition& transition = *step.handling->alternatives[step.alternative].transition;
  out += "{\"state\":";
  json::write(out, aggregate.states[step.state].name.text);
  out += ",\"command\":";
  json::write(out, aggregate.commands[step.handling->command].name.text);
  out += ",\"alternative\":" + std::to_string(step.alternative + 1);
  if (!transition.guard.empty()) {
    out += ",\"guard\":";
    json::write(out, transition.guard.text);
  }
  out += "}";
}

void append_json(std::string& out, const schema::Aggregate& aggregate) {
  const auto paths = shortest_paths(aggregate);
  out += "{\"aggregate\":";
  json::write(out, aggregate.name.text);
  out += ",\"transitions\":[";
  bool first = true;
  for (std::uint32_t s = 0; s < aggregate.states.size(); ++s) {
    for (const schema::CommandHandling& handling : aggregate.states[s].handling) {
      for (std::uint32_t a = 0; a < handling.alternatives.size(); ++a) {
        const Step step{s, &handling, a};
        out += first ? "\n  " : ",\n  ";
        first = false;
        out += "{\"transition\":";
        write_step(out, aggregate, step);
        out += ",\"outcome\":";
        json::write(out, outcome_text(aggregate, handling.alternatives[a]));
        if (!paths[s]) {
          out += ",\"reachable\":false}";
          continue;
        }
        out += ",\"reachable\":true,\"path\":[";
        for (const Step& before : *paths[s]) {
          write_step(out, aggregate, before);
          out += ",";
        }
        write_step(out, aggregate, step);
        out += "]}";
      }
    }
  }
  out += "\n]}";
}

}  // namespace

int run_paths(const Args& args, std::ostream& out, std::ostream& err) {
  Arguments parsed;
  parsed.flag("--help");
  parsed.option("--aggregate");
  parsed.option("--format");
  std::string error;
  if (!parsed.parse(args, error)) return usage_error(err, "paths", error);
  if (parsed.has("--help")) {
    out << kPathsHelp;
    return kExitOk;
  }
  if (parsed.positional().size() != 1)
    return usage_error(err, "paths", "expected exactly one schema file");
  const std::string format = parsed.value("--format").value_or("text");
  if (format != "text" && format != "json") {
    return usage_error(err, "paths", "unknown format '" + format + "'; expected text or json");
  }
  schema::Workspace workspace({}, codegen::registered_name_rules());
  auto model = workspace.compile(parsed.positional().front());
  workspace.diagnostics().sort(workspace.sources());
  for (const schema::Diagnostic& d : workspace.diagnostics().items()) {
    err << schema::format_text(d, workspace.sources(), true);
  }
  if (!model) return kExitUserError;
  const schema::SchemaFile& root = model->root();
  const auto wanted = parsed.value("--aggregate");
  std::vector<const schema::Aggregate*> chosen;
  std::string names;
  for (const schema::Aggregate& aggregate : root.aggregates) {
    names += (names.empty() ? "" : ", ") + aggregate.name.text;
    if (!wanted || aggregate.name.text == *wanted) chosen.push_back(&aggregate);
  }
  if (wanted && chosen.empty()) {
    return usage_error(err, "paths",
                       "no aggregate '" + *wanted + "' in " + model->source_of(root).display_path +
                           (names.empty() ? "; it declares none" : "; it declares " + names));
  }
  if (format == "text") {
    for (const schema::Aggregate* aggregate : chosen)
      print_text(out, *aggregate);
    return kExitOk;
  }
  std::string json = "[";
  for (std::size_t i = 0; i < chosen.size(); ++i) {
    if (i > 0) json += ",\n";
    append_json(json, *chosen[i]);
  }
  out << json << "]\n";
  return kExitOk;
}

}  // namespace mealy::cli
