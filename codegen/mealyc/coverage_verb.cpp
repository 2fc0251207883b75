// `mealyc coverage SCHEMA... --runs FILE`: transition coverage, from the
// lines test processes appended to MEALY_COVERAGE_FILE (see
// runtime/include/mealy/testing_coverage.hpp), merged with the schemas'
// transitions: per aggregate, how many were reached and which were not,
// each with the shortest command path that would take it.
//
// Design notes:
//  1. A transition is a state, a command and an alternative (from 1), the
//     identity `mealyc paths` uses; a run line names one as
//     `Aggregate<TAB>State<TAB>Command<TAB>N`. Lines may repeat (processes
//     append independently) and may name aggregates of other schemas (one
//     file serves a whole test suite): those are skipped.
//  2. A line naming an aggregate of the schemas but a transition it does not
//     have comes from an older schema: that is an error (exit 2), since the
//     report would otherwise count the wrong machine.
//  3. Transitions of states no command path reaches cannot be taken by any
//     test; they are listed but do not fail the run (the checker already
//     warns of unreachable states).
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <tuple>
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

constexpr std::string_view kCoverageHelp =
    R"HELP(Usage: mealyc coverage SCHEMA... --runs FILE [--runs FILE]... [--aggregate NAME] [--format text|json]

Transition coverage of a test run. Test processes using mealy/testing.hpp
with MEALY_COVERAGE_FILE set append one line per transition they take
(aggregate, state, command and alternative, separated by tabs); this verb
checks each SCHEMA, reads the FILEs and reports, per aggregate, how many of
its transitions (as `mealyc paths` lists them) were reached, and each one
that was not, with the shortest command path that takes it. Lines of
aggregates the schemas do not declare are skipped.

Options:
  --runs FILE       a file of recorded transitions (repeatable)
  --aggregate NAME  only this aggregate (default: every aggregate)
  --format FORMAT   text (the default) or json
  --help            show this help

Exit status: 0 when every transition a command path reaches was reached, 1
when one was not, 2 on a usage error, a schema with errors, or a FILE that
cannot be read, is malformed or names a transition the schema does not have.
)HELP";

// One transition of one aggregate, and whether a run took it.
struct Row {
  std::uint32_t state = 0;
  const schema::CommandHandling* handling = nullptr;
  std::uint32_t alternative = 0;
  bool reached = false;
};

struct AggregateRows {
  const schema::Aggregate* aggregate = nullptr;
  std::string file;  // the schema, as given
  std::vector<Row> rows;
  // (state, command, alternative from 1) -> index in rows
  std::map<std::tuple<std::string, std::string, std::uint32_t>, std::size_t> index;
};

AggregateRows rows_of(const schema::Aggregate& aggregate, std::string file) {
  AggregateRows out{&aggregate, std::move(file), {}, {}};
  for (std::uint32_t s = 0; s < aggregate.states.size(); ++s) {
    for (const schema::CommandHandling& handling : aggregate.states[s].handling) {
      for (std::uint32_t a = 0; a < handling.alternatives.size(); ++a) {
        out.index[{aggregate.states[s].name.text, aggregate.commands[handling.command].name.text,
                   a + 1}] = out.rows.size();
        out.rows.push_back({s, &handling, a, false});
      }
    }
  }
  return out;
}

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> parts{""};
  for (char c : line) {
    if (c == '\t')
      parts.emplace_back();
    else
      parts.back() += c;
  }
  return parts;
}

// Reads one run file into `aggregates` (design notes 1 and 2); on an error
// prints it and returns false.
bool read_run(const std::string& path, std::vector<AggregateRows>& aggregates, std::ostream& err) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    err << "mealyc coverage: cannot read " << path << "\n";
    return false;
  }
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const std::vector<std::string> parts = split_tabs(line);
    std::uint32_t alternative = 0;
    bool valid = parts.size() == 4 && !parts[3].empty() && parts[3].size() <= 9;
    for (char c : valid ? parts[3] : std::string()) {
      if (c < '0' || c > '9')
        valid = false;
      else
        alternative = alternative * 10 + static_cast<std::uint32_t>(c - '0');
    }
    if (!valid || alternative == 0) {
      err << path << ":" << number
          << ": error: expected aggregate, state, command and alternative (from 1), separated by "
             "tabs\n";
      return false;
    }
    for (AggregateRows& rows : aggregates) {
      if (rows.aggregate->name.text != parts[0]) continue;
      auto found = rows.index.find({parts[1], parts[2], alternative});
      if (found == rows.index.end()) {
        err << path << ":" << number << ": error: aggregate '" << parts[0] << "' of " << rows.file
            << " has no transition from state '" << parts[1] << "' on command '" << parts[2]
            << "', alternative " << alternative
            << "; the run predates the schema: run the tests again\n";
        return false;
      }
      rows.rows[found->second].reached = true;
    }
  }
  return true;
}

std::string path_text(const schema::Aggregate& aggregate,
                      const std::optional<std::vector<Step>>& path, const Row& row) {
  if (!path) return "(unreachable)";
  std::string text;
  for (const Step& step : *path)
    text += codegen::transition_label(aggregate, *step.handling, step.alternative) + ", ";
  return text + codegen::transition_label(aggregate, *row.handling, row.alternative);
}

struct Counts {
  std::size_t total = 0, reached = 0, unreachable = 0,
              missed = 0;  // missed: reachable, not reached
};

Counts count(const AggregateRows& rows,
             const std::vector<std::optional<std::vector<Step>>>& paths) {
  Counts counts;
  for (const Row& row : rows.rows) {
    ++counts.total;
    if (row.reached) ++counts.reached;
    if (!paths[row.state]) ++counts.unreachable;
    if (!row.reached && paths[row.state]) ++counts.missed;
  }
  return counts;
}

std::string percent(std::size_t part, std::size_t whole) {
  return whole == 0 ? "100%" : std::to_string(part * 100 / whole) + "%";
}

void print_text(std::ostream& out, const AggregateRows& rows, const Counts& counts,
                const std::vector<std::optional<std::vector<Step>>>& paths) {
  const schema::Aggregate& aggregate = *rows.aggregate;
  out << "aggregate " << aggregate.name.text << ": " << counts.reached << " of " << counts.total
      << " transitions reached (" << percent(counts.reached, counts.total) << ")";
  if (counts.unreachable > 0) out << ", " << counts.unreachable << " unreachable";
  out << "\n";
  std::vector<std::vector<std::string>> table{{"not reached", "command", "outcome", "path"}};
  for (const Row& row : rows.rows) {
    if (row.reached) continue;
    table.push_back(
        {aggregate.states[row.state].name.text,
         codegen::transition_label(aggregate, *row.handling, row.alternative),
         codegen::transition_outcome(aggregate, row.handling->alternatives[row.alternative]),
         path_text(aggregate, paths[row.state], row)});
  }
  if (table.size() > 1) out << format_table(table, 2);
}

void append_json(std::string& out, const AggregateRows& rows, const Counts& counts,
                 const std::vector<std::optional<std::vector<Step>>>& paths) {
  const schema::Aggregate& aggregate = *rows.aggregate;
  out += "{\"aggregate\":";
  json::write(out, aggregate.name.text);
  out += ",\"transitions\":" + std::to_string(counts.total) +
         ",\"reached\":" + std::to_string(counts.reached) +
         ",\"unreachable\":" + std::to_string(counts.unreachable) + ",\"not_reached\":[";
  bool first = true;
  for (const Row& row : rows.rows) {
    if (row.reached) continue;
    const schema::Transition& transition = *row.handling->alternatives[row.alternative].transition;
    out += first ? "\n  {\"state\":" : ",\n  {\"state\":";
    first = false;
    json::write(out, aggregate.states[row.state].name.text);
    out += ",\"command\":";
    json::write(out, aggregate.commands[row.handling->command].name.text);
    out += ",\"alternative\":" + std::to_string(row.alternative + 1);
    if (!transition.guard.empty()) {
      out += ",\"guard\":";
      json::write(out, transition.guard.text);
    }
    out += ",\"outcome\":";
    json::write(
        out, codegen::transition_outcome(aggregate, row.handling->alternatives[row.alternative]));
    out += ",\"path\":";
    if (paths[row.state])
      json::write(out, path_text(aggregate, paths[row.state], row));
    else
      out += "null";
    out += "}";
  }
  out += first ? "]}" : "\n]}";
}

}  // namespace

int run_coverage(const Args& args, std::ostream& out, std::ostream& err) {
  Arguments parsed;
  parsed.flag("--help");
  parsed.option("--runs");
  parsed.option("--aggregate");
  parsed.option("--format");
  std::string error;
  if (!parsed.parse(args, error)) return usage_error(err, "coverage", error);
  if (parsed.has("--help")) {
    out << kCoverageHelp;
    return kExitOk;
  }
  const std::string format = parsed.value("--format").value_or("text");
  if (format != "text" && format != "json")
    return usage_error(err, "coverage", "unknown format '" + format + "'; expected text or json");
  if (parsed.positional().empty()) return usage_error(err, "coverage", "no schema file given");
  const std::vector<std::string> runs = parsed.values("--runs");
  if (runs.empty()) return usage_error(err, "coverage", "no run file given (--runs FILE)");

  schema::Workspace workspace({}, codegen::registered_name_rules());
  std::vector<std::shared_ptr<const schema::Model>> models;
  for (const std::string& file : parsed.positional())
    models.push_back(workspace.compile(file));
  if (workspace.diagnostics().has_errors()) {
    workspace.diagnostics().sort(workspace.sources());
    print_diagnostics(err, workspace.diagnostics(), workspace.sources());
    return kExitUsage;
  }
  const auto wanted = parsed.value("--aggregate");
  std::vector<AggregateRows> aggregates;
  for (std::size_t i = 0; i < models.size(); ++i) {
    for (const schema::Aggregate& aggregate : models[i]->root().aggregates) {
      if (!wanted || aggregate.name.text == *wanted)
        aggregates.push_back(rows_of(aggregate, parsed.positional()[i]));
    }
  }
  if (wanted && aggregates.empty())
    return usage_error(err, "coverage", "no aggregate '" + *wanted + "' in the schemas given");
  for (const std::string& run : runs) {
    if (!read_run(run, aggregates, err)) return kExitUsage;
  }

  bool missed = false;
  std::string json = "[";
  for (std::size_t i = 0; i < aggregates.size(); ++i) {
    const auto paths = shortest_paths(*aggregates[i].aggregate);
    const Counts counts = count(aggregates[i], paths);
    missed = missed || counts.missed > 0;
    if (format == "text") {
      print_text(out, aggregates[i], counts, paths);
    } else {
      json += i == 0 ? "" : ",\n";
      append_json(json, aggregates[i], counts, paths);
    }
  }
  if (format == "json") out << json << "]\n";
  return missed ? kExitUserError : kExitOk;
}

}  // namespace mealy::cli
