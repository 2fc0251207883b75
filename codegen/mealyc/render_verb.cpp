#include <filesystem>
#include <fstream>
#include <iostream>

#include "diagram_request.hpp"
#include "dot_files.hpp"
#include "mealy/viz/render.hpp"
#include "target.hpp"
#include "verbs.hpp"

namespace mealy::cli {
namespace {

constexpr std::string_view kRenderHelp =
    R"HELP(Usage: mealyc render FILE --format svg|png|pdf -o OUT [--aggregate NAME] [--detail LEVEL]
                    [--store URL --id ID]

Checks FILE, then draws the machine of one of its aggregates with Graphviz
(linked into mealyc: no `dot` program is needed) and writes the drawing to OUT.

Options:
  --format FORMAT    svg, png or pdf (default: OUT's extension)
  -o, --output OUT   the file to write
  --aggregate NAME   the aggregate to draw; needed when FILE declares several
  --detail LEVEL     names, transitions (default) or fields, as for `mealyc dot`
  --store URL        the live view: read the stream <Aggregate>-<ID> from the store
  --id ID            at URL (sqlite:///path/to.db; it must exist) and draw its path:
                     the current state highlighted, each edge it took in blue
                     with how many times
  --help             show this help

Graphviz's warnings are printed to stderr; its errors fail the command.

Exit status: 0 on success, 1 when the schema has errors, the stream cannot be
read or drawn, Graphviz fails or OUT cannot be written, 2 on a usage error.
)HELP";

}  // namespace

int run_render(const Args& args, std::ostream& out, std::ostream& err) {
  Arguments parsed;
  declare_diagram_options(parsed);
  parsed.option("--format");
  parsed.option("-o");
  parsed.option("--output");
  std::string error;
  if (!parsed.parse(args, error)) return usage_error(err, "render", error);
  if (parsed.has("--help")) {
    out << kRenderHelp;
    return kExitOk;
  }
  auto output = parsed.value("-o");
  if (!output) output = parsed.value("--output");
  if (!output) return usage_error(err, "render", "no output file given; use -o OUT");
  std::string format_text = parsed.value("--format").value_or("");
  if (format_text.empty()) {
    format_text = std::filesystem::path(*output).extension().string();
    if (!format_text.empty()) format_text.erase(0, 1);
  }
  auto format = viz::parse_format(format_text);
  if (!format) {
    return usage_error(err, "render",
                       format_text.empty()
                           ? std::string("no format given; use --format svg|png|pdf")
                           : "unknown format '" + format_text + "'; expected svg, png or pdf");
  }

  schema::Workspace workspace({}, codegen::registered_name_rules());
  DiagramRequest request;
  if (int code = load_diagram_request(parsed, "render", workspace, err, request); code != kExitOk)
    return code;
  if (request.aggregates.size() != 1) {
    std::string names;
    for (const schema::Aggregate* aggregate : request.aggregates)
      names += (names.empty() ? "" : ", ") + aggregate->name.text;
    return usage_error(err, "render",
                       request.dot.source_path + " declares several aggregates (" + names +
                           "); choose one with --aggregate NAME");
  }
  const schema::Aggregate& aggregate = *request.aggregates.front();
  std::optional<viz::StreamPath> path;
  if (int code = load_stream_path(parsed, "render", request, err, path); code != kExitOk)
    return code;
  viz::RenderOptions options{*format,
                             codegen::dot::drawing_comment(request.dot.source_path, aggregate)};
  Result<viz::Rendering> drawing = viz::render(viz::emit_dot(aggregate, request.dot), options);
  if (!drawing) {
    err << "mealyc render: " << drawing.status().message() << "\n";
    return kExitUserError;
  }
  if (!drawing->warnings.empty()) err << "mealyc render: graphviz: " << drawing->warnings << "\n";
  std::ofstream file(*output, std::ios::binary | std::ios::trunc);
  file << drawing->data;
  file.close();
  if (!file) {
    err << "mealyc render: cannot write " << *output << "\n";
    return kExitUserError;
  }
  return kExitOk;
}

}  // namespace mealy::cli
