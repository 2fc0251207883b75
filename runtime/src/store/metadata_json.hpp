// Metadata as the stores keep it: one JSON object per event,
//   {"correlation_id":"...","causation_id":"...","actor":"...","extra":{"k":"v"}}
// with nil ids and an empty actor or extra left out. Private to the runtime.
#pragma once

#include <string>
#include <string_view>

#include "mealy/event.hpp"
#include "mealy/result.hpp"

namespace mealy::detail {

// Appends the JSON form of `metadata` to `out`.
void write_metadata(std::string& out, const Metadata& metadata);

// Reads what write_metadata wrote; an error with the JSON path otherwise.
Status read_metadata(std::string_view json, Metadata& out);

}  // namespace mealy::detail
