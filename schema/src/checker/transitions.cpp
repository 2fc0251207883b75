// `on` maps: resolving commands, events and states, the rules of
// alternatives, and the per-state transition tables.
//
// Invariants of the tables built here (State::handling):
//   1. A final state has no handling.
//   2. A non-final state's own handlers come first, in written order, then
//      the aggregate-wide handlers for commands it does not handle itself.
//   3. handling_by_command[c] is the index of command c's handling, or kNone.
//   4. Every StateTransition's target is a state index: the `to` state, or
//      the state itself when the transition stays.
#include <map>

#include "checker/aggregate.hpp"
#include "checker/names.hpp"

namespace mealy::schema::checker {
namespace {

template <typename T>
std::map<std::string, std::uint32_t, std::less<>> index_by_name(const std::vector<T>& items) {
  std::map<std::string, std::uint32_t, std::less<>> index;
  for (std::uint32_t i = 0; i < items.size(); ++i)
    index.emplace(items[i].name.text, i);
  return index;
}

struct Resolver {
  Context& ctx;
  Aggregate& aggregate;
  std::map<std::string, std::uint32_t, std::less<>> commands = index_by_name(aggregate.commands);
  std::map<std::string, std::uint32_t, std::less<>> events = index_by_name(aggregate.events);
  std::map<std::string, std::uint32_t, std::less<>> states = index_by_name(aggregate.states);
  bool resolved = true;

  template <typename T>
  std::uint32_t lookup(const std::map<std::string, std::uint32_t, std::less<>>& index,
                       const std::vector<T>& items, const Name& name, const char* what,
                       const char* rule) {
    if (auto found = index.find(name.text); found != index.end()) return found->second;
    std::vector<std::string> candidates;
    if (can_suggest(ctx, items.size())) {
      for (const T& item : items)
        candidates.push_back(item.name.text);
    }
    ctx.error(name.location, rule,
              std::string("unknown ") + what + " " + quote(name.text) + " in " +
                  describe(aggregate) + did_you_mean(ctx, name.text, candidates));
    resolved = false;
    return kNone;
  }

  void resolve_alternative(Transition& t, const std::string& where) {
    for (const Name& emitted : t.emit) {
      std::uint32_t event = lookup(events, aggregate.events, emitted, "event", "unknown-event");
      if (event == kNone) continue;
      t.emit_events.push_back(event);
      if (aggregate.events[event].retired) {
        ctx.error(
            emitted.location, "retired-emitted",
            "event " + quote(emitted.text) + " is retired and may not be emitted (" + where + ")");
      }
    }
    if (t.to) t.to_state = lookup(states, aggregate.states, *t.to, "state", "unknown-state");
    if (!t.guard.empty()) check_snake_name(ctx, t.guard, "guard name", NameRole::hook);
    if (!t.action.empty()) check_snake_name(ctx, t.action, "action name", NameRole::hook);
    if (!t.reject.empty()) {
      check_snake_name(ctx, t.reject, "reject reason", NameRole::reason);
      if (!t.emit.empty() || t.to || !t.action.empty()) {
        ctx.error(t.reject.location, "reject-exclusive",
                  "a transition with 'reject' may not also have 'emit', 'to' or 'action' (" +
                      where + ")");
      }
    }
    if (t.to && t.emit.empty() && t.reject.empty() && t.action.empty()) {
      ctx.error(t.to->location, "move-without-event",
                "transition to " + quote(t.to->text) + " emits no event (" + where +
                    "); replay rebuilds the state from events alone, so a move needs one");
    }
    if (!t.action.empty() && t.emit.empty()) {
      ctx.error(t.action.location, "action-emit",
                "action " + quote(t.action.text) + " needs 'emit' to list the events it builds (" +
                    where + ")");
    }
  }

  void resolve_handler(Handler& handler, const std::string& where_prefix) {
    handler.command_index =
        lookup(commands, aggregate.commands, handler.command, "command", "unknown-command");
    const std::string where = quote(handler.command.text) + " " + where_prefix;
    for (std::size_t i = 0; i < handler.alternatives.size(); ++i) {
      Transition& t = handler.alternatives[i];
      resolve_alternative(t, where);
      if (t.guard.empty() && i + 1 < handler.alternatives.size()) {
        ctx.error(t.location, "unguarded-alternative",
                  "alternative " + std::to_string(i + 1) + " of " + where +
                      " has no guard but is not the last; later alternatives could never apply");
      }
    }
  }
};

StateTransition make_state_transition(const Handler& handler, std::uint32_t handler_index,
                                      std::uint32_t alternative, std::uint32_t state,
                                      bool inherited) {
  StateTransition st;
  st.inherited = inherited;
  st.handler = handler_index;
  st.alternative = alternative;
  st.transition = &handler.alternatives[alternative];
  st.target = st.transition->to_state != kNone ? st.transition->to_state : state;
  return st;
}

void add_handling(State& state, std::uint32_t state_index, const std::vector<Handler>& handlers,
                  bool inherited) {
  for (std::uint32_t h = 0; h < handlers.size(); ++h) {
    const Handler& handler = handlers[h];
    if (handler.command_index == kNone) continue;
    if (state.handling_by_command[handler.command_index] != kNone) continue;  // invariant 2
    CommandHandling handling;
    handling.command = handler.command_index;
    handling.inherited = inherited;
    for (std::uint32_t a = 0; a < handler.alternatives.size(); ++a) {
      handling.alternatives.push_back(make_state_transition(handler, h, a, state_index, inherited));
    }
    state.handling_by_command[handler.command_index] =
        static_cast<std::uint32_t>(state.handling.size());
    state.handling.push_back(std::move(handling));
  }
}

bool types_resolved(const TypeRef& type) {
  if (type.kind == TypeKind::named && !type.decl) return false;
  for (const TypeRef& element : type.element) {
    if (!types_resolved(element)) return false;
  }
  return true;
}

bool fields_resolved(const std::vector<Field>& fields) {
  for (const Field& field : fields) {
    if (!types_resolved(field.type)) return false;
  }
  return true;
}

}  // namespace

bool check_transitions(Context& ctx, Aggregate& aggregate) {
  Resolver resolver{ctx, aggregate};
  for (Handler& handler : aggregate.on) {
    resolver.resolve_handler(handler, "in the aggregate-wide 'on' of " + describe(aggregate));
  }
  for (State& state : aggregate.states) {
    for (Handler& handler : state.on) {
      resolver.resolve_handler(handler, "in state " + quote(state.name.text));
    }
  }
  for (std::uint32_t s = 0; s < aggregate.states.size(); ++s) {
    State& state = aggregate.states[s];
    state.handling.clear();
    state.handling_by_command.assign(aggregate.commands.size(), kNone);
    if (state.final) continue;  // invariant 1
    add_handling(state, s, state.on, false);
    add_handling(state, s, aggregate.on, true);
  }
  bool resolved = resolver.resolved && fields_resolved(aggregate.fields);
  for (const Command& command : aggregate.commands)
    resolved &= fields_resolved(command.fields);
  for (const Event& event : aggregate.events)
    resolved &= fields_resolved(event.fields);
  for (const State& state : aggregate.states)
    resolved &= fields_resolved(state.fields);
  return resolved;
}

}  // namespace mealy::schema::checker
