// A heuristic for event names: is any word of a PascalCase name a past tense
// or past participle ("Shipped", "Paid", "LineAdded", "OpenedAsDraft")? The
// verb of an event name need not be its last word.
#pragma once

#include <string_view>

namespace mealy::schema::checker {

bool looks_past_tense(std::string_view pascal_name);

}  // namespace mealy::schema::checker
