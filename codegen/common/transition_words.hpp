// The words that name one transition (a state, a command, one of its
// alternatives), shared by `mealyc paths`, `mealyc coverage` and the
// generated C++ transition table, so that a test report and the paths
// listing name a transition alike.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "mealy/schema/model.hpp"

namespace mealy::codegen {

// The command, with the alternative when it has several: `Withdraw [covers]`
// (its guard), or `Withdraw [otherwise]` for an unguarded last one.
std::string transition_label(const schema::Aggregate& aggregate,
                             const schema::CommandHandling& handling, std::uint32_t alternative);

// What the alternative does: `-> Paid`, `stay` or `reject already_paid`.
std::string transition_outcome(const schema::Aggregate& aggregate,
                               const schema::StateTransition& alternative);

// The names of the commands `state` accepts: those it has an alternative
// other than `reject` for, in the order it handles them. Both targets'
// accepted-command lists (C++ accepted_commands, TypeScript acceptedCommands).
std::vector<std::string> accepted_commands(const schema::Aggregate& aggregate,
                                           const schema::State& state);

}  // namespace mealy::codegen
