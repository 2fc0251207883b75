#include <array>
#include <string>

#include "loader/excerpt.hpp"
#include "loader/load_parts.hpp"

namespace mealy::schema::loader {

namespace {

constexpr std::array<std::string_view, 3> kTypeKeys{"doc", "fields", "enum"};

// An enum member: `NAME`, or `NAME: doc text` to document it.
std::optional<EnumMember> load_member(const LoadContext& context, const YamlNode& item) {
  if (item.kind == YamlNode::Kind::scalar) return EnumMember{{item.text, item.location}, {}};
  if (item.kind == YamlNode::Kind::map && item.entries.size() == 1) {
    const YamlEntry& entry = item.entries.front();
    std::optional<Name> name = key_name(context, entry);
    if (!name) return std::nullopt;
    std::optional<std::string> doc = read_text(context, entry);
    if (!doc) return std::nullopt;
    return EnumMember{std::move(*name), std::move(*doc)};
  }
  std::string found = std::string(kind_phrase(item));
  if (item.kind == YamlNode::Kind::map) {
    found += " with " + std::to_string(item.entries.size()) + " entries";
  }
  context.error(item.location, "shape",
                "expected an enum member name, or a map of one name to its doc, found " + found);
  return std::nullopt;
}

std::vector<EnumMember> load_members(const LoadContext& context, const YamlNode& members) {
  std::vector<EnumMember> loaded;
  if (members.kind == YamlNode::Kind::null) return loaded;
  if (members.kind != YamlNode::Kind::sequence) {
    context.error(members.location, "shape",
                  "expected a list of enum members, found " + std::string(kind_phrase(members)));
    return loaded;
  }
  for (const YamlNode* item : members.items) {
    if (auto member = load_member(context, *item)) loaded.push_back(std::move(*member));
  }
  return loaded;
}

std::optional<TypeDecl> load_type(const LoadContext& context, Name name, const YamlNode& value) {
  std::string where = where_in("type", name);
  if (!expect_map(context, value,
                  "a map with 'fields' or 'enum' for type '" + excerpt(name.text) + "'")) {
    return std::nullopt;
  }
  check_keys(context, value, kTypeKeys, where);
  const YamlEntry* fields = find_entry(value, "fields");
  const YamlEntry* members = find_entry(value, "enum");
  if (fields != nullptr && members != nullptr) {
    context.error(name.location, "shape",
                  "type '" + excerpt(name.text) +
                      "' has both 'fields' and 'enum'; a type is a record or an enum");
    return std::nullopt;
  }
  if (fields == nullptr && members == nullptr) {
    context.error(
        name.location, "shape",
        "type '" + excerpt(name.text) + "' needs 'fields' (a record) or 'enum' (an enum)");
    return std::nullopt;
  }
  TypeDecl decl;
  decl.name = std::move(name);
  if (const YamlEntry* doc = find_entry(value, "doc")) {
    if (auto text = read_text(context, *doc)) decl.doc = std::move(*text);
  }
  if (fields != nullptr) {
    decl.fields = load_fields(context, *fields->value);
  } else {
    decl.is_enum = true;
    decl.members = load_members(context, *members->value);
  }
  return decl;
}

}  // namespace

std::vector<TypeDecl> load_types(const LoadContext& context, const YamlNode& types) {
  std::vector<TypeDecl> loaded;
  for_each_named(context, types, "a map of type names to types",
                 [&](Name name, const YamlNode& value) {
                   if (auto decl = load_type(context, std::move(name), value)) {
                     loaded.push_back(std::move(*decl));
                   }
                 });
  return loaded;
}

}  // namespace mealy::schema::loader
