// Reading a mealy::json::Value with simdjson's On-Demand API directly: for
// the runtime's own readers, and for host code that reads what no generated
// reader does (an upcast hook reading an old payload's fields by hand):
//
//   mealy::json::decode_document(payload, {}, [&](mealy::json::ReadContext& ctx,
//                                                 mealy::json::Value value) {
//     simdjson::ondemand::object object;
//     if (mealy::json::simdjson_value(value).get_object().get(object) != simdjson::SUCCESS)
//       return ctx.fail_type("object", value);
//     ...
//   });
//
// mealy/json_read.hpp alone, which the generated code includes, does not
// bring in simdjson. Include this only in .cpp files.
//
// simdjson's types change with SIMDJSON_DEVELOPMENT_CHECKS, which simdjson
// turns on by itself when __OPTIMIZE__ is not defined (an unoptimised build).
// The runtime hands out pointers to those types, and the code that reads
// them may be compiled in another build type (a Release runtime, a Debug
// application), so the macro is pinned to 0 here for both; the runtime's
// CMake target also defines it for every target that links it. Including
// simdjson.h with the checks on before this header is an error. (Its other
// macro that changes types, SIMDJSON_THREADS_ENABLED, comes from simdjson's
// CMake target, which mealy::runtime links publicly: the same on both sides.)
#pragma once

#if defined(SIMDJSON_DEVELOPMENT_CHECKS) && SIMDJSON_DEVELOPMENT_CHECKS
#error \
    "mealy: SIMDJSON_DEVELOPMENT_CHECKS must be 0 where mealy/json_simdjson.hpp is used (include it before simdjson.h)"
#endif
#ifndef SIMDJSON_DEVELOPMENT_CHECKS
#define SIMDJSON_DEVELOPMENT_CHECKS 0
#endif
#include <simdjson.h>

#include "mealy/json_read.hpp"

namespace mealy::json {

// The simdjson value `value` is a handle on.
inline simdjson::ondemand::value& simdjson_value(Value value) noexcept {
  return *static_cast<simdjson::ondemand::value*>(value.cursor());
}

// A handle on `value`, for the functions of mealy/json_read.hpp; it refers to
// `value`, which must outlive it.
inline Value handle(simdjson::ondemand::value& value) noexcept {
  return Value(&value);
}

// Records a simdjson error at the current path of `ctx` and returns false:
// "malformed JSON: <what>" for errors in the input, "cannot parse JSON:
// <simdjson's message>" for the others (out of memory, ...).
bool fail_json(ReadContext& ctx, simdjson::error_code error);

}  // namespace mealy::json
