#include "transition_paths.hpp"

#include <deque>

namespace mealy::cli {

std::vector<std::optional<std::vector<Step>>> shortest_paths(const schema::Aggregate& aggregate) {
  std::vector<std::optional<std::vector<Step>>> paths(aggregate.states.size());
  if (aggregate.initial_state == schema::kNone) return paths;
  paths[aggregate.initial_state].emplace();
  std::deque<std::uint32_t> queue{aggregate.initial_state};
  while (!queue.empty()) {
    const std::uint32_t from = queue.front();
    queue.pop_front();
    for (const schema::CommandHandling& handling : aggregate.states[from].handling) {
      for (std::uint32_t a = 0; a < handling.alternatives.size(); ++a) {
        const schema::StateTransition& alternative = handling.alternatives[a];
        if (!alternative.transition->reject.empty() || alternative.target == schema::kNone)
          continue;
        if (paths[alternative.target]) continue;
        std::vector<Step> path = *paths[from];
        path.push_back({from, &handling, a});
        paths[alternative.target] = std::move(path);
        queue.push_back(alternative.target);
      }
    }
  }
  return paths;
}

}  // namespace mealy::cli
