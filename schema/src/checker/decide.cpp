// The source of every field of every emitted event (decide).
//
// Without an action, an emitted event's field is filled by name from, in
// order: the command, the current state's fields, the aggregate's fields,
// the field's default. The first place that has the name decides; its type
// must fill the field's (the same type, or T into optional<T>). An
// aggregate-wide transition is checked in every state that inherits it,
// since the current state's fields differ from state to state.
#include "checker/aggregate.hpp"

namespace mealy::schema::checker {
namespace {

struct Place {
  SourceKind kind;
  const std::vector<Field>* fields;
  std::string description;
};

}  // namespace

void compute_decide_sources(Context& ctx, Aggregate& aggregate) {
  for (State& state : aggregate.states) {
    for (CommandHandling& handling : state.handling) {
      const Command& command = aggregate.commands[handling.command];
      const std::vector<Place> places = {
          {SourceKind::command_field, &command.fields, "command " + quote(command.name.text)},
          {SourceKind::state_field, &state.fields, "state " + quote(state.name.text)},
          {SourceKind::aggregate_field, &aggregate.fields, describe(aggregate)},
      };
      for (StateTransition& st : handling.alternatives) {
        const Transition& t = *st.transition;
        const std::string transition = "transition " + quote(command.name.text) + " of state " +
                                       quote(state.name.text) +
                                       (st.inherited ? " (from the aggregate-wide 'on')" : "");
        for (std::uint32_t event_index : t.emit_events) {
          const Event& event = aggregate.events[event_index];
          Emission emission;
          emission.event = event_index;
          for (const Field& field : event.fields) {
            FieldSource source;
            if (!t.action.empty()) {
              source.kind = SourceKind::action;
              emission.fields.push_back(source);
              continue;
            }
            bool found = false;
            for (const Place& place : places) {
              std::uint32_t index = find_field(*place.fields, field.name.text);
              if (index == kNone) continue;
              const Field& from = (*place.fields)[index];
              if (!fills(from.type, field.type)) {
                ctx.error(t.location, "field-type",
                          "field " + quote(field.name.text) + " of event " +
                              quote(event.name.text) + " is " + quote(field.type.spelling) +
                              ", but in " + transition + " it would be filled from " +
                              place.description + ", where it is " + quote(from.type.spelling));
              }
              source = {place.kind, index};
              found = true;
              break;
            }
            // An optional field without a default starts empty.
            if (!found && (field.default_written || field.type.kind == TypeKind::optional)) {
              source.kind = SourceKind::default_value;
              found = true;
            }
            if (!found) {
              ctx.error(t.location, "field-source",
                        "field " + quote(field.name.text) + " of event " + quote(event.name.text) +
                            " has no source in " + transition +
                            ": no field of that name in the command, the state or the aggregate, "
                            "and no default; add one, or an 'action' that builds the event");
            }
            emission.fields.push_back(source);
          }
          st.emissions.push_back(std::move(emission));
        }
      }
    }
  }
}

}  // namespace mealy::schema::checker
