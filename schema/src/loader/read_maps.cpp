#include <string>

#include "loader/excerpt.hpp"
#include "loader/reader.hpp"
#include "suggest.hpp"

namespace mealy::schema::loader {

namespace {

std::string join(std::span<const std::string_view> words) {
  std::string out;
  for (std::string_view word : words) {
    if (!out.empty()) out += ", ";
    out += word;
  }
  return out;
}

bool is_known(std::string_view key, std::span<const std::string_view> known) {
  for (std::string_view candidate : known) {
    if (candidate == key) return true;
  }
  return false;
}

}  // namespace

void check_keys(const LoadContext& context, const YamlNode& map,
                std::span<const std::string_view> known, std::string_view where) {
  for (const YamlEntry& entry : map.entries) {
    std::optional<Name> key = key_name(context, entry);
    if (!key || is_known(key->text, known)) continue;
    std::string message = "unknown key '" + excerpt(key->text) + "'" + std::string(where) +
                          "; expected one of " + join(known);
    std::string_view suggestion = closest(key->text, known);
    if (!suggestion.empty()) message += "; did you mean '" + std::string(suggestion) + "'?";
    context.error(key->location, "unknown-key", std::move(message));
  }
}

const YamlEntry* find_entry(const YamlNode& map, std::string_view key) {
  for (const YamlEntry& entry : map.entries) {
    if (entry.key->kind == YamlNode::Kind::scalar && entry.key->text == key) return &entry;
  }
  return nullptr;
}

const YamlEntry* require_entry(const LoadContext& context, const YamlNode& map,
                               std::string_view key, std::string_view where) {
  const YamlEntry* entry = find_entry(map, key);
  if (entry == nullptr) {
    context.error(map.location, "missing-key",
                  "missing key '" + std::string(key) + "'" + std::string(where));
  }
  return entry;
}

std::optional<Name> key_name(const LoadContext& context, const YamlEntry& entry) {
  const YamlNode& key = *entry.key;
  if (key.kind != YamlNode::Kind::scalar) {
    context.error(key.location, "shape",
                  "expected a name as key, found " + std::string(kind_phrase(key)));
    return std::nullopt;
  }
  return Name{key.text, key.location};
}

bool expect_map(const LoadContext& context, const YamlNode& node, std::string_view what) {
  if (node.kind == YamlNode::Kind::map) return true;
  context.error(node.location, "shape",
                "expected " + std::string(what) + ", found " + std::string(kind_phrase(node)));
  return false;
}

}  // namespace mealy::schema::loader
