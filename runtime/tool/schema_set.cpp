#include "schema_set.hpp"

#include <ostream>

#include "mealy/schema/diagnostic.hpp"

namespace mealy::tool {

bool SchemaSet::load(const std::vector<std::string>& paths, std::ostream& err) {
  bool ok = true;
  std::map<std::string, std::string, std::less<>> declared_in;
  for (const std::string& path : paths) {
    auto model = workspace_.compile(path);
    if (!model) {
      ok = false;
      continue;
    }
    models_.push_back(model);
    for (const auto& file : model->files) {
      const std::string& display = model->source_of(*file).display_path;
      for (const schema::Aggregate& aggregate : file->aggregates) {
        auto [found, inserted] = declared_in.emplace(aggregate.name.text, display);
        if (inserted) {
          aggregates_.emplace(aggregate.name.text, &aggregate);
        } else if (found->second != display) {
          err << "mealy: aggregate " << aggregate.name.text << " is declared in " << found->second
              << " and in " << display << "\n";
          ok = false;
        }
      }
    }
  }
  schema::Diagnostics& diagnostics = workspace_.diagnostics();
  diagnostics.sort(workspace_.sources());
  for (const schema::Diagnostic& diagnostic : diagnostics.items()) {
    if (diagnostic.severity == schema::Severity::error) {
      err << schema::format_text(diagnostic, workspace_.sources(), true);
    }
  }
  return ok && !diagnostics.has_errors();
}

const schema::Aggregate* SchemaSet::aggregate(std::string_view category) const {
  auto found = aggregates_.find(category);
  return found == aggregates_.end() ? nullptr : found->second;
}

std::uint32_t SchemaSet::event_index(const schema::Aggregate& aggregate, std::string_view type) {
  for (std::uint32_t i = 0; i < aggregate.events.size(); ++i) {
    const schema::Event& event = aggregate.events[i];
    if (event.name.text == type) return i;
  }
  for (std::uint32_t i = 0; i < aggregate.events.size(); ++i) {
    for (const schema::Name& former : aggregate.events[i].renamed_from) {
      if (former.text == type) return i;
    }
  }
  return schema::kNone;
}

}  // namespace mealy::tool
