// Turning a YAML value as written into a Constant of a given type: the
// defaults and bounds of fields. Scalars follow the canonical forms of
// schema/README.md ("Values in a schema").
#pragma once

#include <optional>
#include <string>

#include "mealy/schema/model.hpp"

namespace mealy::schema::checker {

// Converts `value` to a Constant of `type` (whose named types are resolved).
// On failure returns nullopt and sets `problem` to what is wrong, with the
// path inside the value when it is nested ("item 2: expected an int32, ...").
std::optional<Constant> to_constant(const Value& value, const TypeRef& type, std::string& problem);

// Parses RFC 3339 (`2026-11-22T10:00:00.5Z`, offsets allowed) to microseconds
// since the Unix epoch, UTC.
std::optional<std::int64_t> parse_timestamp(std::string_view text);

// Parses a duration such as `1h30m`, `250ms`, `-5s` to microseconds.
std::optional<std::int64_t> parse_duration(std::string_view text);

// Decodes standard base64 (with padding); nullopt when malformed.
std::optional<std::string> decode_base64(std::string_view text);

// Compares two numeric constants of the same kind: <0, 0, >0.
int compare_numbers(const Constant& a, const Constant& b);

}  // namespace mealy::schema::checker
