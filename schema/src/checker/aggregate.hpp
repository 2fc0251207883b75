// Checks of one aggregate and the tables computed for it. The work is split
// by stage, each in its own file:
//   aggregate.cpp    names, fields, commands, events, states, initial/final
//   transitions.cpp  `on` maps: references, alternatives, per-state tables
//   decide.cpp       the source of every field of every emitted event
//   evolve.cpp       the replay table and the source of every next-state field
//   warnings.cpp     reachability, dead ends, unused commands and events, tense
#pragma once

#include "checker/context.hpp"

namespace mealy::schema::checker {

void check_aggregate(Context& ctx, Aggregate& aggregate);

// Stages, in the order check_aggregate runs them. Each may assume the ones
// before it reported no error for the parts it reads.
// Returns false when a reference (command, event, state or field type) did
// not resolve: the tables after it are then not computed.
bool check_transitions(Context& ctx, Aggregate& aggregate);
void compute_decide_sources(Context& ctx, Aggregate& aggregate);
void compute_evolve(Context& ctx, Aggregate& aggregate);
void warn_aggregate(Context& ctx, Aggregate& aggregate);

// "aggregate 'Order'", for messages.
std::string describe(const Aggregate& aggregate);

}  // namespace mealy::schema::checker
