#include <exception>
#include <iostream>
#include <new>

#include "cli.hpp"
#include "mealy/version.hpp"
#include "verbs.hpp"

namespace mealy::cli {
namespace {

constexpr std::string_view kHelp = R"HELP(Usage: mealyc VERB [OPTIONS] FILE...

mealyc compiles mealy schemas: YAML files declaring event-sourced aggregates
as Mealy machines.

Verbs:
  check      check schemas and report diagnostics
  describe   print an aggregate's states, commands, events and transitions
  generate   write the code and drawings of schemas, one folder per target
  dot        print an aggregate's machine as a Graphviz digraph
  render     draw an aggregate's machine as SVG, PNG or PDF
  paths      list every transition with the shortest command path to it
  coverage   report the transitions a test run did not reach
  compat     report what a new version of a schema breaks

Run 'mealyc VERB --help' for a verb's options.

Options:
  --help      show this help
  --version   print mealyc's version
)HELP";

int run_verb(const Args& args, std::ostream& out, std::ostream& err) {
  if (args.empty()) {
    err << kHelp;
    return kExitUsage;
  }
  std::string_view verb = args.front();
  Args rest(args.begin() + 1, args.end());
  if (verb == "--help" || verb == "-h" || verb == "help") {
    out << kHelp;
    return kExitOk;
  }
  if (verb == "--version") {
    out << "mealyc " << mealy::kVersion << "\n";
    return kExitOk;
  }
  if (verb == "check") return run_check(rest, out, err);
  if (verb == "describe") return run_describe(rest, out, err);
  if (verb == "generate") return run_generate(rest, out, err);
  if (verb == "dot") return run_dot(rest, out, err);
  if (verb == "render") return run_render(rest, out, err);
  if (verb == "paths") return run_paths(rest, out, err);
  if (verb == "coverage") return run_coverage(rest, out, err);
  if (verb == "compat") return run_compat(rest, out, err);
  err << "mealyc: unknown verb '" << verb << "'\nTry 'mealyc --help'.\n";
  return kExitUsage;
}

}  // namespace

int run_mealyc(const Args& args, std::ostream& out, std::ostream& err) {
  // The last guard: every expected failure is already a diagnostic or a
  // usage error, but no exception may end mealyc without a message.
  try {
    return run_verb(args, out, err);
  } catch (const std::bad_alloc&) {
    err << "mealyc: out of memory\n";
  } catch (const std::exception& e) {
    err << "mealyc: internal error: " << e.what() << "\n";
  }
  return kExitUserError;
}

}  // namespace mealy::cli
