// The words on the diagram: edge lines in Mealy notation and the HTML-like
// labels of Detail::fields. Plain text here is not escaped yet (emit_dot
// quotes it); HTML is, through html().
#pragma once

#include <string>
#include <vector>

#include "diagram.hpp"
#include "mealy/schema/model.hpp"
#include "mealy/viz/dot.hpp"

namespace mealy::viz {

// One line of an edge label: `Command [guard] / action(): Event1, Event2`,
// `Command [guard] / reject: reason`, `Command / (no event)`; at
// Detail::names only `Command` (and a reject's reason); a replay-only line is
// `Event (replayed)`. An aggregate-wide line ends with the non-final states
// that handle its command themselves: `(not in Empty, Paid)`.
[[nodiscard]] std::string line_text(const schema::Aggregate& aggregate, const EdgeLine& line,
                                    Detail detail);

// The same line at Detail::fields: command and events with their fields.
[[nodiscard]] std::string line_html(const schema::Aggregate& aggregate, const EdgeLine& line);

// A state's name over its fields, at Detail::fields.
[[nodiscard]] std::string state_html(const schema::State& state);

// The aggregate's name, doc and fields, the graph's title at Detail::fields.
[[nodiscard]] std::string title_html(const schema::Aggregate& aggregate);

// The non-final states that handle `command` with their own `on`, so the
// aggregate-wide transition for it does not apply there.
[[nodiscard]] std::vector<std::string> overriding_states(const schema::Aggregate& aggregate,
                                                         std::uint32_t command);

}  // namespace mealy::viz
