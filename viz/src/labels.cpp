#include "labels.hpp"

#include "dot_text.hpp"

namespace mealy::viz {
namespace {

constexpr std::size_t kDocWidth = 72;  // characters per line of the title's doc

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const std::string& item : items)
    out += (out.empty() ? "" : std::string(separator)) + item;
  return out;
}

std::string guard_text(const schema::Transition& t) {
  return t.guard.empty() ? "" : " [" + t.guard.text + "]";
}

std::string except_text(const schema::Aggregate& aggregate, const EdgeLine& line) {
  if (line.ref.state != schema::kNone) return "";
  std::vector<std::string> states = overriding_states(aggregate, line.command);
  return states.empty() ? "" : "  (not in " + join(states, ", ") + ")";
}

// `name: type` per field, in a small font, one per line.
std::string fields_html(const std::vector<schema::Field>& fields) {
  std::string out;
  for (const schema::Field& field : fields) {
    out += "<BR/><FONT POINT-SIZE=\"8\">" + html(field.name.text + ": " + field.type.spelling) +
           "</FONT>";
  }
  return out;
}

}  // namespace

std::vector<std::string> overriding_states(const schema::Aggregate& aggregate,
                                           std::uint32_t command) {
  std::vector<std::string> names;
  for (const schema::State& state : aggregate.states) {
    if (state.final || command >= state.handling_by_command.size()) continue;
    std::uint32_t index = state.handling_by_command[command];
    if (index != schema::kNone && !state.handling[index].inherited)
      names.push_back(state.name.text);
  }
  return names;
}

std::string line_text(const schema::Aggregate& aggregate, const EdgeLine& line, Detail detail) {
  if (!line.transition) return aggregate.events[line.event].name.text + " (replayed)";
  const schema::Transition& t = *line.transition;
  std::string text = aggregate.commands[line.command].name.text;
  if (detail != Detail::names) text += guard_text(t);
  if (!t.reject.empty()) return text + " / reject: " + t.reject.text;
  if (detail == Detail::names) return text;
  text += " / ";
  if (!t.action.empty()) text += t.action.text + "(): ";
  std::vector<std::string> events;
  for (const schema::Name& event : t.emit)
    events.push_back(event.text);
  text += events.empty() ? "(no event)" : join(events, ", ");
  return text + except_text(aggregate, line);
}

std::string line_html(const schema::Aggregate& aggregate, const EdgeLine& line) {
  if (!line.transition) return html(line_text(aggregate, line, Detail::fields));
  const schema::Transition& t = *line.transition;
  const schema::Command& command = aggregate.commands[line.command];
  std::string out = "<B>" + html(command.name.text) + "</B>" + html(guard_text(t));
  if (!t.reject.empty())
    return out + "<BR/>" + html("/ reject: " + t.reject.text);  // refused: its fields do not matter
  out += fields_html(command.fields);
  out += "<BR/>/ ";
  if (!t.action.empty()) out += html(t.action.text + "(): ");
  if (t.emit_events.empty()) out += html("(no event)");
  for (std::size_t i = 0; i < t.emit_events.size(); ++i) {
    const schema::Event& event = aggregate.events[t.emit_events[i]];
    out += std::string(i ? "<BR/>" : "") + "<B>" + html(event.name.text) + "</B>" +
           fields_html(event.fields);
  }
  std::string except = except_text(aggregate, line);
  return except.empty() ? out : out + "<BR/>" + html(except.substr(2));  // on a line of its own
}

std::string state_html(const schema::State& state) {
  std::string out =
      "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"1\"><TR><TD><B>" +
      html(state.name.text) + "</B></TD></TR>";
  if (!state.fields.empty()) {
    out += "<TR><TD ALIGN=\"LEFT\" BALIGN=\"LEFT\">" + fields_html(state.fields).substr(5) +
           "</TD></TR>";
  }
  return out + "</TABLE>";
}

std::string title_html(const schema::Aggregate& aggregate) {
  std::string out =
      "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\"><TR><TD ALIGN=\"LEFT\" "
      "BALIGN=\"LEFT\"><B>" +
      html(aggregate.name.text) + "</B>";
  for (const std::string& line : wrap(aggregate.doc, kDocWidth)) {
    if (!line.empty()) out += "<BR/>" + html(line);
  }
  return out + fields_html(aggregate.fields) + "</TD></TR></TABLE>";
}

}  // namespace mealy::viz
