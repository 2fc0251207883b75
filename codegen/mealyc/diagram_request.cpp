#include "diagram_request.hpp"

#include <ostream>

#include "mealy/repository.hpp"
#include "mealy/store.hpp"

namespace mealy::cli {

void declare_diagram_options(Arguments& arguments) {
  arguments.flag("--help");
  arguments.option("--aggregate");
  arguments.option("--detail");
  arguments.option("--store");
  arguments.option("--id");
}

int load_diagram_request(const Arguments& parsed, std::string_view verb,
                         schema::Workspace& workspace, std::ostream& err, DiagramRequest& request) {
  if (parsed.positional().size() != 1)
    return usage_error(err, verb, "expected exactly one schema file");
  std::string detail = parsed.value("--detail").value_or("transitions");
  auto level = viz::parse_detail(detail);
  if (!level) {
    return usage_error(err, verb,
                       "unknown detail '" + detail + "'; expected names, transitions or fields");
  }
  request.dot.detail = *level;

  request.model = workspace.compile(parsed.positional().front());
  workspace.diagnostics().sort(workspace.sources());
  print_diagnostics(err, workspace.diagnostics(), workspace.sources());
  if (!request.model) return kExitUserError;
  const schema::SchemaFile& root = request.model->root();
  request.dot.source_path = request.model->source_of(root).display_path;

  auto wanted = parsed.value("--aggregate");
  std::string names;
  for (const schema::Aggregate& aggregate : root.aggregates) {
    names += (names.empty() ? "" : ", ") + aggregate.name.text;
    if (!wanted || aggregate.name.text == *wanted) request.aggregates.push_back(&aggregate);
  }
  if (root.aggregates.empty()) {
    err << "mealyc " << verb << ": " << request.dot.source_path << " declares no aggregate\n";
    return kExitUserError;
  }
  if (request.aggregates.empty()) {
    return usage_error(
        err, verb,
        "no aggregate '" + *wanted + "' in " + request.dot.source_path + "; it declares " + names);
  }
  return kExitOk;
}

namespace {

// The type names of every event of `stream`, oldest first, read a page at a
// time.
Result<std::vector<std::string>> read_event_types(EventStore& store, const std::string& stream) {
  constexpr std::size_t kPage = 4096;
  std::vector<std::string> types;
  for (;;) {
    Result<std::vector<RecordedEvent>> page = store.read_stream(stream, types.size() + 1, kPage);
    if (!page) return page.status();
    for (RecordedEvent& event : *page)
      types.push_back(std::move(event.type));
    if (page->size() < kPage) return types;
  }
}

}  // namespace

int load_stream_path(const Arguments& parsed, std::string_view verb, DiagramRequest& request,
                     std::ostream& err, std::optional<viz::StreamPath>& path) {
  auto url = parsed.value("--store");
  auto id = parsed.value("--id");
  if (!url && !id) return kExitOk;
  if (!url || !id)
    return usage_error(err, verb,
                       url ? "--store needs --id ID, the instance to draw"
                           : "--id needs --store URL, the store to read");
  if (request.aggregates.size() != 1) {
    return usage_error(
        err, verb,
        request.dot.source_path +
            " declares several aggregates; choose the stream's with --aggregate NAME");
  }
  const schema::Aggregate& aggregate = *request.aggregates.front();
  const std::string stream = stream_name(aggregate.name.text, *id);  // as Repository names it
  auto fail = [&](const std::string& message) {
    err << "mealyc " << verb << ": " << message << "\n";
    return kExitUserError;
  };
  StoreOptions options;
  options.create = false;
  Result<std::unique_ptr<EventStore>> store = open_store(*url, options);
  if (!store) return fail(store.status().message());
  Result<std::vector<std::string>> types = read_event_types(**store, stream);
  if (!types) return fail(types.status().message());
  if (types->empty()) return fail((*store)->url() + " has no events in stream " + stream);
  Result<viz::StreamPath> traced = viz::trace_stream(aggregate, *types);
  if (!traced)
    return fail("stream " + stream + " of " + (*store)->url() + ": " + traced.status().message());
  path = std::move(*traced);
  request.dot.path = &*path;
  return kExitOk;
}

}  // namespace mealy::cli
