// The shortest command path from the initial state to every state of an
// aggregate, shared by `mealyc paths` and `mealyc coverage`.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "mealy/schema/model.hpp"

namespace mealy::cli {

// One alternative taken in one state.
struct Step {
  std::uint32_t state = 0;
  const schema::CommandHandling* handling = nullptr;
  std::uint32_t alternative = 0;
};

// Per state, the shortest sequence of steps from the initial state that
// reaches it, or nullopt when none does. A breadth-first search following
// every alternative that moves or stays (never a `reject`), in schema order
// (states, their handling, alternatives); the first path found to a state is
// kept, so the result is shortest and deterministic.
std::vector<std::optional<std::vector<Step>>> shortest_paths(const schema::Aggregate& aggregate);

}  // namespace mealy::cli
