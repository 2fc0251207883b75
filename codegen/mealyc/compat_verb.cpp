// `mealyc compat OLD NEW`: what shipping NEW in place of OLD breaks (compat.hpp).
#include <iostream>

#include "cli.hpp"
#include "compat.hpp"
#include "mealy/schema/workspace.hpp"
#include "target.hpp"
#include "verbs.hpp"

namespace mealy::cli {
namespace {

constexpr std::string_view kCompatHelp =
    R"HELP(Usage: mealyc compat [--werror] [--format text|json] OLD.yaml NEW.yaml

Checks both schemas, then reports every change from OLD (the schema whose
events are stored) to NEW (the schema about to ship) that breaks stored events
or their readers, as errors, and every change that breaks clients sending
commands, as warnings: `file:line:column: error|warning: message [rule]`, at
the line in NEW, or in OLD for what was removed.

Errors: an event removed (neither kept with `retired: true` nor listed in
another event's `renamed_from`), an event renamed without its former name, a
former name dropped, a field whose type changed, a new required field (neither
optional nor with `since` above the stored version), a version lowered or
raised with nothing to upcast, an enum value removed, a constraint added or
tightened, a record type's new required field, an aggregate removed or its id
type changed, a state removed or renamed.
Warnings: an event field removed (readers on the old schema miss it), a
command removed, a command field removed, retyped or newly required, a
tighter constraint on a command field.

Options:
  --werror          treat warnings as errors (exit status 1 when there are any)
  --format FORMAT   `text` (default, on stderr) or `json` (an array on stdout)
  --help            show this help

Exit status: 0 when NEW reads everything OLD stored (warnings allowed), 1 on a
breaking change, 2 on a usage error or when a schema does not load or check.
)HELP";

}  // namespace

int run_compat(const Args& args, std::ostream& out, std::ostream& err) {
  Arguments parsed;
  parsed.flag("--help");
  parsed.flag("--werror");
  parsed.option("--format");
  std::string error;
  if (!parsed.parse(args, error)) return usage_error(err, "compat", error);
  if (parsed.has("--help")) {
    out << kCompatHelp;
    return kExitOk;
  }
  const std::string format = parsed.value("--format").value_or("text");
  if (format != "text" && format != "json") {
    return usage_error(err, "compat", "unknown format '" + format + "'; expected text or json");
  }
  if (parsed.positional().size() != 2)
    return usage_error(err, "compat", "expected two schema files: OLD.yaml NEW.yaml");

  schema::Workspace workspace({}, codegen::registered_name_rules());
  auto old_model = workspace.compile(parsed.positional()[0]);
  auto new_model = workspace.compile(parsed.positional()[1]);
  // Workspace::compile() hands out a model when only the loader found errors
  // (a duplicate key, for one); compat compares only schemas that check clean.
  if (!old_model || !new_model || workspace.diagnostics().has_errors()) {
    workspace.diagnostics().sort(workspace.sources());
    print_diagnostics(err, workspace.diagnostics(), workspace.sources());
    err << "mealyc compat: the schemas must load and check without errors before they are "
           "compared\n";
    return kExitUsage;
  }

  schema::Diagnostics found;
  compare_schemas(*old_model, *new_model, found);
  found.sort(workspace.sources());
  if (format == "json") {
    out << schema::format_json(found.items(), workspace.sources());
  } else if (found.items().empty()) {
    out << parsed.positional()[1] << " can replace " << parsed.positional()[0]
        << ": no breaking change\n";
  } else {
    print_diagnostics(err, found, workspace.sources());
    err << plural(found.error_count(), "breaking change") << " (errors), "
        << plural(found.warning_count(), "client warning")
        << (parsed.has("--werror") && found.warning_count() > 0
                ? " (warnings are errors with --werror)"
                : "")
        << "\n";
  }
  const bool failed = found.has_errors() || (parsed.has("--werror") && found.warning_count() > 0);
  return failed ? kExitUserError : kExitOk;
}

}  // namespace mealy::cli
