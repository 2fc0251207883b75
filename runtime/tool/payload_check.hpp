// Checks a stored payload against an event of a schema, from the schema
// alone: what the generated decoder of that event would accept, with the
// same messages and JSON paths ("$.lines[2].quantity: expected int32, got
// string"), read through the runtime's json::read functions. Then, for what
// decoded, the fields' constraints (min, max, min_length, max_length),
// worded as generated validation words them ("amount must be at least 1").
//
// As generated decoders do: a payload stored at an older version does not
// read fields added `since` a later one (their keys are only checked as
// JSON) and may leave them out; unknown keys are skipped but checked; a
// key twice is an error; a field is required unless it is optional or has
// a default other than `now`.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "mealy/schema/model.hpp"

namespace mealy::tool {

struct PayloadProblem {
  enum class Kind { none, decode, constraint };
  Kind kind = Kind::none;
  std::string message;  // "$.amount: expected int64 as a decimal string, got number"
};

// The first problem of `payload` read as `event` stored at `stored_version`
// (<= event.version), or Kind::none.
PayloadProblem check_payload(std::string_view payload, const schema::Event& event,
                             std::uint32_t stored_version);

}  // namespace mealy::tool
