#include <array>
#include <limits>
#include <string>

#include "loader/excerpt.hpp"
#include "loader/load_parts.hpp"
#include "loader/type_parser.hpp"

namespace mealy::schema::loader {

namespace {

constexpr std::array<std::string_view, 8> kFieldKeys{"type", "doc", "default",    "since",
                                                     "min",  "max", "min_length", "max_length"};

// The `type` of a field, written as a scalar type expression.
std::optional<TypeRef> read_type(const LoadContext& context, const YamlEntry& entry) {
  if (entry.value->kind != YamlNode::Kind::scalar) {
    context.error(
        entry.value->location, "shape",
        "'type' must be a type expression, found " + std::string(kind_phrase(*entry.value)));
    return std::nullopt;
  }
  return parse_type(context, *entry.value);
}

// The optional keys of `{type: ..., ...}`; a key in error is left out.
void read_field_options(const LoadContext& context, const YamlNode& map, Field& field) {
  if (const YamlEntry* doc = find_entry(map, "doc")) {
    if (auto text = read_text(context, *doc)) field.doc = std::move(*text);
  }
  if (const YamlEntry* value = find_entry(map, "default")) {
    field.default_written = read_value(context, *value->value);
  }
  if (const YamlEntry* since = find_entry(map, "since")) {
    if (auto version =
            read_integer(context, *since, 1, std::numeric_limits<std::uint32_t>::max())) {
      field.since = static_cast<std::uint32_t>(*version);
      field.since_location = since->value->location;
    }
  }
  if (const YamlEntry* min = find_entry(map, "min")) field.min = read_value(context, *min->value);
  if (const YamlEntry* max = find_entry(map, "max")) field.max = read_value(context, *max->value);
  constexpr std::uint64_t kAny = std::numeric_limits<std::uint64_t>::max();
  if (const YamlEntry* length = find_entry(map, "min_length")) {
    field.min_length = read_integer(context, *length, 0, kAny);
  }
  if (const YamlEntry* length = find_entry(map, "max_length")) {
    field.max_length = read_integer(context, *length, 0, kAny);
  }
}

std::optional<Field> load_field(const LoadContext& context, Name name, const YamlNode& value) {
  Field field;
  field.location = name.location;
  field.name = std::move(name);
  if (value.kind == YamlNode::Kind::scalar) {
    std::optional<TypeRef> type = parse_type(context, value);
    if (!type) return std::nullopt;
    field.type = std::move(*type);
    return field;
  }
  std::string where = where_in("field", field.name);
  if (value.kind != YamlNode::Kind::map) {
    context.error(value.location, "shape",
                  "expected a type or a map with 'type'" + where + ", found " +
                      std::string(kind_phrase(value)));
    return std::nullopt;
  }
  check_keys(context, value, kFieldKeys, where);
  const YamlEntry* type_entry = require_entry(context, value, "type", where);
  read_field_options(context, value, field);
  if (type_entry == nullptr) return std::nullopt;
  std::optional<TypeRef> type = read_type(context, *type_entry);
  if (!type) return std::nullopt;
  field.type = std::move(*type);
  return field;
}

}  // namespace

std::string where_in(std::string_view what, const Name& name) {
  return " in " + std::string(what) + " '" + excerpt(name.text) + "'";
}

std::vector<Field> load_fields(const LoadContext& context, const YamlNode& fields) {
  std::vector<Field> loaded;
  for_each_named(context, fields, "a map of field names to types",
                 [&](Name name, const YamlNode& value) {
                   if (auto field = load_field(context, std::move(name), value)) {
                     loaded.push_back(std::move(*field));
                   }
                 });
  return loaded;
}

}  // namespace mealy::schema::loader
