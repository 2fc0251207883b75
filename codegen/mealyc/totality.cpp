#include "totality.hpp"

#include <algorithm>

#include "text_table.hpp"

namespace mealy::cli {

using schema::kNone;

std::string totality_cell(const schema::Aggregate& aggregate, const schema::State& state,
                          std::uint32_t command) {
  if (state.final) return "final";
  std::uint32_t index = state.handling_by_command.at(command);
  if (index == kNone) return "-";
  std::string cell;
  for (const schema::StateTransition& st : state.handling[index].alternatives) {
    std::string outcome;
    if (!st.transition->reject.empty()) {
      outcome = "reject: " + st.transition->reject.text;
    } else if (&aggregate.states[st.target] == &state) {
      outcome = "stay";
    } else {
      outcome = aggregate.states[st.target].name.text;
    }
    if (!st.transition->guard.empty()) outcome += " [" + st.transition->guard.text + "]";
    cell += (cell.empty() ? "" : " | ") + outcome;
  }
  return cell;
}

std::string format_totality(const schema::Aggregate& aggregate) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> header{""};
  for (const schema::Command& command : aggregate.commands)
    header.push_back(command.name.text);
  rows.push_back(std::move(header));
  std::vector<std::string> gaps;
  std::size_t cells = 0;
  for (const schema::State& state : aggregate.states) {
    std::vector<std::string> row{state.name.text};
    for (std::uint32_t c = 0; c < aggregate.commands.size(); ++c) {
      row.push_back(totality_cell(aggregate, state, c));
      if (state.final) continue;
      ++cells;
      if (row.back() == "-")
        gaps.push_back(state.name.text + " x " + aggregate.commands[c].name.text);
    }
    rows.push_back(std::move(row));
  }
  std::string out =
      "totality of aggregate " + aggregate.name.text +
      " (rows: states, columns: commands; '-' is neither a transition nor a reject)\n";
  out += format_table(rows, 2);
  if (gaps.empty()) {
    out += "  every command is handled or rejected in every non-final state\n";
  } else {
    out +=
        "  " + std::to_string(gaps.size()) + " of " + std::to_string(cells) + " cells unhandled: ";
    for (std::size_t i = 0; i < gaps.size(); ++i)
      out += (i ? ", " : "") + gaps[i];
    out += "\n";
  }
  return out + "\n";
}

}  // namespace mealy::cli
