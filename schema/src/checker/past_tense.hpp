// A heuristic for event names: is the last word of a PascalCase name a past
// tense or past participle ("Shipped", "Paid", "LineAdded")?
#pragma once

#include <string_view>

namespace mealy::schema::checker {

bool looks_past_tense(std::string_view pascal_name);

}  // namespace mealy::schema::checker
