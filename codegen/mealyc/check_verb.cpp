#include <iostream>

#include "cli.hpp"
#include "mealy/schema/workspace.hpp"
#include "target.hpp"
#include "totality.hpp"
#include "verbs.hpp"

namespace mealy::cli {
namespace {

constexpr std::string_view kCheckHelp =
    R"HELP(Usage: mealyc check [--werror] [--totality] [--format text|json] FILE...

Loads and checks each schema FILE and the files it imports, and reports every
problem found as `file:line:column: error|warning: message [rule]`, followed by
the source line and a caret under the column.

Options:
  --werror          treat warnings as errors (exit status 1 when there are any)
  --totality        print each aggregate's state x command matrix and the cells
                    that are neither a transition nor an explicit reject
  --format FORMAT   `text` (default, on stderr) or `json` (an array on stdout)
  --help            show this help

Exit status: 0 when no errors, 1 on errors (or warnings with --werror), 2 on a
usage error.
)HELP";

}  // namespace

int run_check(const Args& args, std::ostream& out, std::ostream& err) {
  Arguments parsed;
  parsed.flag("--help");
  parsed.flag("--werror");
  parsed.flag("--totality");
  parsed.option("--format");
  std::string error;
  if (!parsed.parse(args, error)) return usage_error(err, "check", error);
  if (parsed.has("--help")) {
    out << kCheckHelp;
    return kExitOk;
  }
  std::string format = parsed.value("--format").value_or("text");
  if (format != "text" && format != "json") {
    return usage_error(err, "check", "unknown format '" + format + "'; expected text or json");
  }
  if (parsed.positional().empty()) return usage_error(err, "check", "no schema file given");

  schema::Workspace workspace({}, codegen::registered_name_rules());
  std::vector<std::shared_ptr<const schema::Model>> models;
  for (const std::string& file : parsed.positional()) {
    if (auto model = workspace.compile(file)) models.push_back(std::move(model));
  }
  schema::Diagnostics& diagnostics = workspace.diagnostics();
  diagnostics.sort(workspace.sources());

  if (format == "json") {
    out << schema::format_json(diagnostics.items(), workspace.sources());
  } else {
    print_diagnostics(err, diagnostics, workspace.sources());
    if (!diagnostics.items().empty()) {
      err << plural(diagnostics.error_count(), "error") << ", "
          << plural(diagnostics.warning_count(), "warning")
          << (parsed.has("--werror") && diagnostics.warning_count() > 0
                  ? " (warnings are errors with --werror)"
                  : "")
          << "\n";
    }
  }
  if (parsed.has("--totality")) {
    for (const auto& model : models) {
      for (const schema::Aggregate& aggregate : model->root().aggregates) {
        out << format_totality(aggregate);
      }
    }
  }
  bool failed =
      diagnostics.has_errors() || (parsed.has("--werror") && diagnostics.warning_count() > 0);
  return failed ? kExitUserError : kExitOk;
}

}  // namespace mealy::cli
