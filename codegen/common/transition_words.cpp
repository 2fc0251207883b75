#include "transition_words.hpp"

namespace mealy::codegen {

std::string transition_label(const schema::Aggregate& aggregate,
                             const schema::CommandHandling& handling, std::uint32_t alternative) {
  std::string text = aggregate.commands[handling.command].name.text;
  if (handling.alternatives.size() == 1) return text;
  const schema::Transition& transition = *handling.alternatives[alternative].transition;
  return text + (transition.guard.empty() ? " [otherwise]" : " [" + transition.guard.text + "]");
}

std::string transition_outcome(const schema::Aggregate& aggregate,
                               const schema::StateTransition& alternative) {
  const schema::Transition& transition = *alternative.transition;
  if (!transition.reject.empty()) return "reject " + transition.reject.text;
  if (!transition.to) return "stay";
  return "-> " + aggregate.states[alternative.target].name.text;
}

std::vector<std::string> accepted_commands(const schema::Aggregate& aggregate,
                                           const schema::State& state) {
  std::vector<std::string> accepted;
  for (const schema::CommandHandling& handling : state.handling) {
    bool accepts = false;
    for (const schema::StateTransition& st : handling.alternatives)
      accepts |= st.transition->reject.empty();
    if (accepts) accepted.push_back(aggregate.commands[handling.command].name.text);
  }
  return accepted;
}

}  // namespace mealy::codegen
