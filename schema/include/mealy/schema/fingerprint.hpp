// A stable hash of what an aggregate's stored data means.
//
// Snapshots carry the fingerprint of the schema that wrote them; a snapshot
// with another fingerprint is ignored and the aggregate is rebuilt from its
// events. The fingerprint covers everything that changes how stored state or
// events are read or rebuilt: the aggregate's fields, states, events, their
// types (named types by structure), versions, transitions, defaults and
// hooks. It ignores docs and the order of nothing that is ordered by meaning.
// It is FNV-1a (64 bits) of a canonical description, so it is the same on
// every machine and in every generated language.
#pragma once

#include <cstdint>
#include <string>

#include "mealy/schema/model.hpp"

namespace mealy::schema {

// The canonical description the fingerprint hashes (for tests and debugging).
std::string fingerprint_text(const Aggregate& aggregate);

std::uint64_t fingerprint(const Aggregate& aggregate);

}  // namespace mealy::schema
