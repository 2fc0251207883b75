#include <array>
#include <string>

#include "loader/excerpt.hpp"
#include "loader/load_parts.hpp"

namespace mealy::schema::loader {

namespace {

constexpr std::array<std::string_view, 6> kTransitionKeys{"emit",   "to",     "guard",
                                                          "action", "reject", "doc"};

// {emit, to, guard, action, reject, doc}: whether the alternative makes sense
// (reject with emit, say) is the checker's to decide.
Transition load_transition(const LoadContext& context, const YamlNode& map) {
  Transition transition;
  transition.location = map.location;
  check_keys(context, map, kTransitionKeys, " in transition");
  if (const YamlEntry* emit = find_entry(map, "emit")) {
    if (auto names = read_names(context, *emit, "an event name")) {
      transition.emit = std::move(*names);
    }
  }
  if (const YamlEntry* to = find_entry(map, "to")) {
    transition.to = read_name(context, *to, "a state name");
  }
  if (const YamlEntry* guard = find_entry(map, "guard")) {
    if (auto name = read_name(context, *guard, "a guard name")) transition.guard = std::move(*name);
  }
  if (const YamlEntry* action = find_entry(map, "action")) {
    if (auto name = read_name(context, *action, "an action name")) {
      transition.action = std::move(*name);
    }
  }
  if (const YamlEntry* reject = find_entry(map, "reject")) {
    if (auto name = read_name(context, *reject, "a reason code")) {
      transition.reject = std::move(*name);
    }
  }
  if (const YamlEntry* doc = find_entry(map, "doc")) {
    if (auto text = read_text(context, *doc)) transition.doc = std::move(*text);
  }
  return transition;
}

// One alternative: a map, or null for an alternative with nothing in it.
// yaml-cpp places an empty list item at the token after it, so a null
// alternative is located at the command's key instead.
std::optional<Transition> load_alternative(const LoadContext& context, const Name& command,
                                           const YamlNode& node) {
  if (node.kind == YamlNode::Kind::map) return load_transition(context, node);
  if (node.kind == YamlNode::Kind::null) {
    Transition nothing;
    nothing.location = command.location;
    return nothing;
  }
  context.error(node.location, "shape",
                "expected a transition (a map) for '" + excerpt(command.text) + "', found " +
                    std::string(kind_phrase(node)));
  return std::nullopt;
}

std::optional<Handler> load_handler(const LoadContext& context, Name command,
                                    const YamlNode& value) {
  Handler handler;
  if (value.kind == YamlNode::Kind::sequence) {
    for (const YamlNode* item : value.items) {
      if (auto alternative = load_alternative(context, command, *item)) {
        handler.alternatives.push_back(std::move(*alternative));
      }
    }
  } else if (value.kind == YamlNode::Kind::scalar) {
    context.error(value.location, "shape",
                  "expected a transition or a list of transitions for '" + excerpt(command.text) +
                      "', found " + std::string(kind_phrase(value)));
    return std::nullopt;
  } else if (auto alternative = load_alternative(context, command, value)) {
    handler.alternatives.push_back(std::move(*alternative));
  }
  handler.command = std::move(command);
  return handler;
}

}  // namespace

std::vector<Handler> load_handlers(const LoadContext& context, const YamlNode& on) {
  std::vector<Handler> loaded;
  for_each_named(context, on, "a map of command names to transitions",
                 [&](Name command, const YamlNode& value) {
                   if (auto handler = load_handler(context, std::move(command), value)) {
                     loaded.push_back(std::move(*handler));
                   }
                 });
  return loaded;
}

}  // namespace mealy::schema::loader
