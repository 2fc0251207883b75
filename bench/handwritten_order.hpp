// The Order machine of examples/order/order.yaml written by hand, the way a
// careful programmer would without mealy: a switch on the state and the
// command, events appended to a vector the caller reuses, refusals as a code
// (no message text), the same host guards, actions and apply hooks, and the
// same constraint checks (order::validate). The baseline of the decide
// benchmark: whatever the generated decide()/evolve() cost beyond this is
// the price of the framework.
#pragma once

#include <vector>

#include "order_host.hpp"

namespace mealy::bench::handwritten {

namespace order = ::shop::orders::order;

enum class Refusal { none, invalid_transition, guard, rejected, constraint };

// Appends the events of `command` to `out` (cleared first) and returns
// Refusal::none, or returns why the command is refused (`out` then empty).
// `clock` is the runtime's (mealy::Clock), not the benchmarks' steady clock.
Refusal decide(const order::Aggregate& aggregate, const order::Command& command,
               shop::orders::OrderHost& host, const mealy::Clock& clock,
               std::vector<order::Event>& out);

// Applies `event`: moves the state, fills fields, runs the apply hooks,
// counts the version. False when the event cannot occur in this state.
bool evolve(order::Aggregate& aggregate, const order::Event& event, shop::orders::OrderHost& host);

}  // namespace mealy::bench::handwritten
