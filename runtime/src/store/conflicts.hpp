// The Conflicts every backend reports, worded once so that all of them (and
// the contract suite) agree. Private to the runtime.
#pragma once

#include <cstdint>
#include <string>

#include "mealy/event.hpp"

namespace mealy::detail {

// The stream is not at the version `request` expected.
inline Conflict version_conflict(const AppendRequest& request, std::uint64_t current) {
  return {request.stream, request.expected, current,
          "expected " + to_string(request.expected) + ", but " + request.stream +
              " is at version " + std::to_string(current)};
}

}  // namespace mealy::detail
