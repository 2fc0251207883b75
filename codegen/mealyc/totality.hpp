// The totality report: every state x command cell of an aggregate, and the
// cells that are neither a transition nor an explicit `reject`.
#pragma once

#include <string>

#include "mealy/schema/model.hpp"

namespace mealy::cli {

// One cell's text: the target state(s) ("Draft", "stay", "Paid|Draft" for
// alternatives), "reject: reason", "final" for final states, or "-" for a gap.
std::string totality_cell(const schema::Aggregate& aggregate, const schema::State& state,
                          std::uint32_t command);

// The matrix (rows: states, columns: commands) and a line listing the gaps.
std::string format_totality(const schema::Aggregate& aggregate);

}  // namespace mealy::cli
