// What `mealyc dot` and `mealyc render` share: options naming the aggregates
// to draw and the detail level, and the checked schema they come from.
#pragma once

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli.hpp"
#include "mealy/schema/workspace.hpp"
#include "mealy/viz/dot.hpp"
#include "mealy/viz/path.hpp"

namespace mealy::cli {

struct DiagramRequest {
  std::shared_ptr<const schema::Model> model;
  std::vector<const schema::Aggregate*> aggregates;  // the one named by --aggregate, else all
  viz::DotOptions dot;                               // detail and source path set
};

// Declares --help, --aggregate NAME, --detail LEVEL, and --store URL with
// --id ID (the live view).
void declare_diagram_options(Arguments& arguments);

// Checks the one schema file given in `parsed` in `workspace` and fills
// `request`. On failure prints the diagnostics or the usage error to `err`
// and returns the exit code; returns kExitOk on success.
int load_diagram_request(const Arguments& parsed, std::string_view verb,
                         schema::Workspace& workspace, std::ostream& err, DiagramRequest& request);

// The live view: with --store URL and --id ID, reads the event types of the
// stream `<Aggregate>-<ID>` from the store (which must exist) and traces them
// on the one aggregate of `request` into `path`, which `request.dot.path` then
// points at; without them, does nothing. On failure prints why to `err` and
// returns the exit code (2 for a usage error: only one of the two options, or
// several aggregates to draw; 1 when the store cannot be read, the stream has
// no events, or the machine cannot have written them); else kExitOk.
int load_stream_path(const Arguments& parsed, std::string_view verb, DiagramRequest& request,
                     std::ostream& err, std::optional<viz::StreamPath>& path);

}  // namespace mealy::cli
