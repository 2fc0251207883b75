// Small helpers for the store tests: events to append, and the outcome of an
// append unwrapped with a test failure when it is not the expected kind.
#pragma once

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "mealy/store.hpp"

namespace mealy::testing {

inline NewEvent event(std::string type, std::string payload = "{}", std::uint32_t version = 1) {
  return {Uuid::v7(SystemClock().now()), std::move(type), version, std::move(payload)};
}

inline std::vector<NewEvent> events(std::size_t count, const std::string& type = "Happened") {
  std::vector<NewEvent> out;
  for (std::size_t i = 0; i < count; ++i)
    out.push_back(event(type, "{\"n\":" + std::to_string(i) + "}"));
  return out;
}

inline AppendRequest request(std::string stream, ExpectedVersion expected,
                             std::vector<NewEvent> new_events, Metadata metadata = {}) {
  return {std::move(stream), expected, std::move(new_events), std::move(metadata), nullptr};
}

inline Appended appended(Result<AppendOutcome> outcome) {
  if (!outcome) FAIL("the append failed: " << outcome.status().message());
  if (const auto* conflict = std::get_if<Conflict>(&outcome.value()))
    FAIL("conflict: " << conflict->message);
  return std::get<Appended>(outcome.value());
}

inline Conflict conflict(Result<AppendOutcome> outcome) {
  if (!outcome) FAIL("the append failed: " << outcome.status().message());
  if (std::holds_alternative<Appended>(outcome.value()))
    FAIL("appended, but a conflict was expected");
  return std::get<Conflict>(outcome.value());
}

template <typename T>
T value(Result<T> result) {
  if (!result) FAIL(result.status().message());
  return std::move(result).value();
}

}  // namespace mealy::testing
