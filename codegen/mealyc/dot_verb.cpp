#include <iostream>

#include "diagram_request.hpp"
#include "target.hpp"
#include "verbs.hpp"

namespace mealy::cli {
namespace {

constexpr std::string_view kDotHelp =
    R"HELP(Usage: mealyc dot FILE [--aggregate NAME] [--detail names|transitions|fields]
                 [--store URL --id ID]

Checks FILE, then writes the machine of each of its aggregates as a Graphviz
digraph (DOT) to stdout: states as nodes, transitions as edges labelled
`Command [guard] / action(): Event1, Event2`, explicit rejects dashed with
their reason, the aggregate-wide `on` drawn once from an "any other state"
node, docs as tooltips.

Options:
  --aggregate NAME   only this aggregate (default: every aggregate, one digraph each)
  --detail LEVEL     names        state and command names only
                     transitions  plus guards, actions and events (default)
                     fields       plus the fields of states, commands and events
  --store URL        the live view: read the stream <Aggregate>-<ID> from the store
  --id ID            at URL (sqlite:///path/to.db; it must exist) and draw its path:
                     the current state highlighted, each edge it took in blue
                     with how many times (one aggregate only: give --aggregate
                     when FILE declares several)
  --help             show this help

Exit status: 0 on success, 1 when the schema has errors (they are printed as
by `mealyc check`) or the stream cannot be read or drawn, 2 on a usage error.
)HELP";

}  // namespace

int run_dot(const Args& args, std::ostream& out, std::ostream& err) {
  Arguments parsed;
  declare_diagram_options(parsed);
  std::string error;
  if (!parsed.parse(args, error)) return usage_error(err, "dot", error);
  if (parsed.has("--help")) {
    out << kDotHelp;
    return kExitOk;
  }
  schema::Workspace workspace({}, codegen::registered_name_rules());
  DiagramRequest request;
  if (int code = load_diagram_request(parsed, "dot", workspace, err, request); code != kExitOk)
    return code;
  std::optional<viz::StreamPath> path;
  if (int code = load_stream_path(parsed, "dot", request, err, path); code != kExitOk) return code;
  for (std::size_t i = 0; i < request.aggregates.size(); ++i) {
    out << (i ? "\n" : "") << viz::emit_dot(*request.aggregates[i], request.dot);
  }
  return kExitOk;
}

}  // namespace mealy::cli
