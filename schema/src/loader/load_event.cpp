#include <array>
#include <limits>
#include <string>

#include "loader/excerpt.hpp"
#include "loader/load_parts.hpp"

namespace mealy::schema::loader {

namespace {

constexpr std::array<std::string_view, 7> kEventKeys{"doc",          "version", "fields", "apply",
                                                     "renamed_from", "upcast",  "retired"};

}  // namespace

std::optional<Event> load_event(const LoadContext& context, Name name, const YamlNode& value) {
  Event event;
  // With no `version` written, diagnostics about the version point at the
  // event's name.
  event.version_location = name.location;
  std::string where = where_in("event", name);
  event.name = std::move(name);
  if (value.kind == YamlNode::Kind::null) return event;
  if (!expect_map(context, value, "a map for event '" + excerpt(event.name.text) + "'")) {
    return std::nullopt;
  }
  check_keys(context, value, kEventKeys, where);
  if (const YamlEntry* doc = find_entry(value, "doc")) {
    if (auto text = read_text(context, *doc)) event.doc = std::move(*text);
  }
  if (const YamlEntry* version = find_entry(value, "version")) {
    if (auto number =
            read_integer(context, *version, 1, std::numeric_limits<std::uint32_t>::max())) {
      event.version = static_cast<std::uint32_t>(*number);
      event.version_location = version->value->location;
    }
  }
  if (const YamlEntry* fields = find_entry(value, "fields")) {
    event.fields = load_fields(context, *fields->value);
  }
  if (const YamlEntry* apply = find_entry(value, "apply")) {
    if (auto hook = read_name(context, *apply, "a hook name")) event.apply = std::move(*hook);
  }
  if (const YamlEntry* renamed = find_entry(value, "renamed_from")) {
    if (auto names = read_names(context, *renamed, "an event name")) {
      event.renamed_from = std::move(*names);
    }
  }
  if (const YamlEntry* upcast = find_entry(value, "upcast")) {
    if (auto hook = read_name(context, *upcast, "a hook name")) event.upcast = std::move(*hook);
  }
  if (const YamlEntry* retired = find_entry(value, "retired")) {
    if (auto flag = read_bool(context, *retired)) event.retired = *flag;
  }
  return event;
}

}  // namespace mealy::schema::loader
