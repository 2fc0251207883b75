// load_schema: the encoding check, the YAML parse into our own tree, then the
// walk of the document's top level (the parts are in load_*.cpp).
#include "mealy/schema/loader.hpp"

#include <array>

#include "loader/load_parts.hpp"
#include "loader/reader.hpp"
#include "loader/utf8.hpp"
#include "loader/yaml_parse.hpp"

namespace mealy::schema {

namespace {

using loader::find_entry;
using loader::LoadContext;
using loader::YamlEntry;
using loader::YamlNode;

constexpr std::array<std::string_view, 6> kTopKeys{"mealy",   "package", "doc",
                                                   "imports", "types",   "aggregates"};

std::vector<Import> load_imports(const LoadContext& context, const YamlEntry& entry) {
  std::vector<Import> imports;
  const YamlNode& list = *entry.value;
  if (list.kind == YamlNode::Kind::null) return imports;
  if (list.kind != YamlNode::Kind::sequence) {
    context.error(
        list.location, "shape",
        "expected a list of import paths, found " + std::string(loader::kind_phrase(list)));
    return imports;
  }
  for (const YamlNode* item : list.items) {
    if (item->kind == YamlNode::Kind::scalar) {
      imports.push_back(Import{{item->text, item->location}});
    } else {
      context.error(item->location, "shape",
                    "expected an import path, found " + std::string(loader::kind_phrase(*item)));
    }
  }
  return imports;
}

void load_top_level(const LoadContext& context, const YamlNode& root, SchemaFile& file) {
  if (!loader::expect_map(context, root, "a map with 'mealy' and 'package' at the top level")) {
    return;
  }
  loader::check_keys(context, root, kTopKeys, "");
  if (const YamlEntry* mealy = loader::require_entry(context, root, "mealy", "")) {
    if (auto version = loader::read_name(context, *mealy, "the language version")) {
      file.language_version = std::move(*version);
    }
  }
  if (const YamlEntry* package = loader::require_entry(context, root, "package", "")) {
    if (auto name = loader::read_name(context, *package, "a package name")) {
      file.package = std::move(*name);
    }
  }
  if (const YamlEntry* doc = find_entry(root, "doc")) {
    if (auto text = loader::read_text(context, *doc)) file.doc = std::move(*text);
  }
  if (const YamlEntry* imports = find_entry(root, "imports")) {
    file.imports = load_imports(context, *imports);
  }
  if (const YamlEntry* types = find_entry(root, "types")) {
    file.types = loader::load_types(context, *types->value);
  }
  if (const YamlEntry* aggregates = find_entry(root, "aggregates")) {
    file.aggregates = loader::load_aggregates(context, *aggregates->value);
  }
}

}  // namespace

std::unique_ptr<SchemaFile> load_schema(const SourceSet& sources, std::uint32_t source,
                                        Diagnostics& diagnostics, const LoadLimits& limits) {
  const std::string& text = sources.file(source).text;
  if (!loader::check_encoding(text, source, diagnostics)) return nullptr;
  std::unique_ptr<loader::YamlDocument> document =
      loader::parse_yaml(text, source, limits, diagnostics);
  if (document == nullptr) return nullptr;
  auto file = std::make_unique<SchemaFile>();
  file->source = source;
  load_top_level(LoadContext{diagnostics, limits}, *document->root, *file);
  return file;
}

}  // namespace mealy::schema
