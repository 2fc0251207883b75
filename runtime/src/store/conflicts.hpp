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
          "expected " + to_string(request.expected) + ", but " + request.stream + " is at version " +
              std::to_string(current)};
}

// `found` of the request's events are in the log already, but not as this
// append: the first of them is `first_id`, in `first_stream` at `first_version`.
inline Conflict overlap_conflict(const AppendRequest& request, std::uint64_t current, std::size_t found,
                                 const std::string& first_id, const std::string& first_stream,
                                 std::uint64_t first_version) {
  return {request.stream, request.expected, current,
          std::to_string(found) + " of the " + std::to_string(request.events.size()) +
              " events were appended before, as a different append: event " + first_id + " (in " + first_stream +
              " at version " + std::to_string(first_version) + ")"};
}

}  // namespace mealy::detail
