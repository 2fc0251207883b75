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

// Reads what write_metadata wrote, and any JSON object of the same keys, as
// strictly as a generated decoder reads (mealy/json_read.hpp): valid JSON
// throughout, each key (and each key of `extra`) at most once, keys it does
// not know skipped but checked. An invalid_argument error with the JSON path
// otherwise ("$.extra.k: duplicate key").
Status read_metadata(std::string_view json, Metadata& out);

}  // namespace mealy::detail
