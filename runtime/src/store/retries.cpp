#include "store/retries.hpp"

#include <algorithm>
#include <vector>

#include "mealy/json.hpp"
#include "store/conflicts.hpp"
#include "store/thrown.hpp"

namespace mealy::detail {
namespace {

// Why `event` is not what the log holds under its id; empty when it is.
std::string difference(const NewEvent& event, const PriorEvent& prior) {
  if (event.type != prior.type) return "type " + prior.type + ", not " + event.type;
  if (event.schema_version != prior.schema_version) {
    return "schema version " + std::to_string(prior.schema_version) + ", not " +
           std::to_string(event.schema_version);
  }
  if (event.payload != prior.payload) return "another payload";
  return {};
}

Conflict overlap(const AppendRequest& request, std::uint64_t current, std::size_t index,
                 const PriorEvent& prior, const std::string& why) {
  return {request.stream, request.expected, current,
          "event " + request.events[index].id.to_string() + " was appended before (in " +
              prior.stream + " at version " + std::to_string(prior.version) + ") " + why +
              "; only an exact retry of that append "
              "is idempotent"};
}

// Whether `json` is one JSON object, strictly (json::validate). The first
// byte is looked at first: most wrong payloads ("", "null", a number) are
// refused without a parse.
Status check_object(std::string_view json) {
  const std::size_t first = json.find_first_not_of(" \t\n\r");
  if (first == std::string_view::npos || json[first] != '{')
    return {StatusCode::invalid_argument, "is not a JSON object"};
  if (Status status = json::validate(json); !status.ok()) {
    return {StatusCode::invalid_argument, "is not valid JSON: " + status.message()};
  }
  return {};
}

Status check_request_unguarded(const AppendRequest& request) {
  const auto& events = request.events;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const NewEvent& event = events[i];
    if (event.id.is_nil()) {
      return Status::invalid_argument("appending to " + request.stream +
                                      ": an event has the nil id");
    }
    if (Status status = check_object(event.payload); !status.ok()) {
      return Status::invalid_argument("appending to " + request.stream + ": the payload of event " +
                                      std::to_string(i + 1) + " (" + event.type + ") " +
                                      status.message());
    }
  }
  if (request.snapshot != nullptr) {
    if (Status status = check_object(request.snapshot->state); !status.ok()) {
      return Status::invalid_argument("appending to " + request.stream + ": the snapshot's state " +
                                      status.message());
    }
  }
  auto repeated = [&](const Uuid& id) {
    return Status::invalid_argument("appending to " + request.stream + ": event id " +
                                    id.to_string() + " is given twice");
  };
  if (events.size() <= 16) {
    for (std::size_t i = 1; i < events.size(); ++i) {
      for (std::size_t j = 0; j < i; ++j) {
        if (events[i].id == events[j].id) return repeated(events[i].id);
      }
    }
    return {};
  }
  std::vector<Uuid> ids;
  ids.reserve(events.size());
  for (const NewEvent& event : events)
    ids.push_back(event.id);
  std::sort(ids.begin(), ids.end());
  auto twice = std::adjacent_find(ids.begin(), ids.end());
  return twice == ids.end() ? Status() : repeated(*twice);
}

}  // namespace

// Out of memory while checking (the parser's buffers, a message) is an
// error Status like the store's own, not an exception out of append().
Status check_request(const AppendRequest& request) {
  try {
    return check_request_unguarded(request);
  } catch (...) {
    return thrown_status("appending to " + request.stream + ": checking the request");
  }
}

AppendOutcome command_outcome(const AppendRequest& request, const CommandRecord& recorded,
                              std::uint64_t current) {
  if (recorded.stream != request.stream) {
    return Conflict{request.stream, request.expected, current,
                    "command " + recorded.command_id.to_string() + " was handled before, for " +
                        recorded.stream};
  }
  return Appended{recorded.first_position, recorded.first_version, recorded.last_version,
                  static_cast<std::size_t>(recorded.last_version - recorded.first_version + 1),
                  true};
}

AppendOutcome resolve_refused(const AppendRequest& request,
                              std::span<const std::optional<PriorEvent>> prior,
                              std::uint64_t current) {
  std::size_t found = 0;
  std::size_t first = prior.size();
  for (std::size_t i = 0; i < prior.size(); ++i) {
    if (!prior[i]) continue;
    if (first == prior.size()) first = i;
    ++found;
  }
  if (found == 0) return version_conflict(request, current);
  const PriorEvent& head = *prior[first];
  if (found < prior.size()) {
    return Conflict{request.stream, request.expected, current,
                    std::to_string(found) + " of the " + std::to_string(prior.size()) +
                        " events were appended before, as a different append: event " +
                        request.events[first].id.to_string() + " (in " + head.stream +
                        " at version " + std::to_string(head.version) + ")"};
  }
  for (std::size_t i = 0; i < prior.size(); ++i) {
    const PriorEvent& event = *prior[i];
    if (event.stream != request.stream)
      return overlap(request, current, i, event, "to another stream");
    if (event.version != head.version + i || event.position != head.position + i) {
      return overlap(request, current, i, event, "in another order");
    }
    if (std::string why = difference(request.events[i], event); !why.empty()) {
      return overlap(request, current, i, event, "with " + why);
    }
  }
  const PriorEvent& tail = *prior.back();
  const bool bounded = head.append_first != 0;
  if (bounded && (head.append_first != tail.append_first || head.append_last != tail.append_last)) {
    return overlap(request, current, 0, head, "and the ids span two appends");
  }
  if (bounded && (head.version != head.append_first || tail.version != head.append_last)) {
    return overlap(request, current, 0, head,
                   "as part of an append of versions " + std::to_string(head.append_first) +
                       " to " + std::to_string(head.append_last));
  }
  return Appended{head.position, head.version, tail.version, prior.size(), true};
}

}  // namespace mealy::detail
