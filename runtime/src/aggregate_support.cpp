// The parts of every generated aggregate that do not depend on its schema
// (see mealy/aggregate_support.hpp): the words of its rejections and errors,
// the start of its wrapped JSON forms, and the reader of its snapshots.
#include "mealy/aggregate_support.hpp"

#include <array>

#include "mealy/json_write.hpp"

namespace mealy {

Rejection invalid_transition_rejection(std::string_view state, std::string_view command,
                                       std::span<const std::string_view> accepted) {
  std::string message = "command '";
  message.append(command)
      .append("' is not accepted in state '")
      .append(state)
      .append("'; it accepts ");
  if (accepted.empty()) message.append("no command");
  for (std::size_t i = 0; i < accepted.size(); ++i)
    message.append(i == 0 ? "" : ", ").append(accepted[i]);
  return {RejectionKind::invalid_transition,
          "invalid_transition",
          std::string(state),
          std::string(command),
          {},
          std::move(message)};
}

bool contains_name(std::span<const std::string_view> names, std::string_view name) noexcept {
  for (std::string_view each : names) {
    if (each == name) return true;
  }
  return false;
}

Rejection command_rejection(RejectionKind kind, std::string code, std::string_view state,
                            std::string_view command) {
  std::string message = "command '";
  message.append(command)
      .append("' is rejected in state '")
      .append(state)
      .append("': ")
      .append(code);
  return {kind, std::move(code), std::string(state), std::string(command), {}, std::move(message)};
}

Rejection constraint_rejection(Violation violation, std::string_view state,
                               std::string_view command) {
  return {RejectionKind::constraint, std::move(violation.code),  std::string(state),
          std::string(command),      std::move(violation.field), std::move(violation.message)};
}

Status cannot_apply_error(std::string_view event, std::string_view state) {
  std::string message = "event '";
  message.append(event).append("' cannot occur in state '").append(state).append("'");
  return Status(StatusCode::corruption, std::move(message));
}

}  // namespace mealy

namespace mealy::json {

void begin_wrapped(std::string& out, std::string_view type, std::uint32_t version) {
  out += "{\"type\":";
  write(out, type);
  out += ",\"version\":";
  write(out, version);
  out += ",\"payload\":";
}

void begin_wrapped(std::string& out, std::string_view type) {
  out += "{\"type\":";
  write(out, type);
  out += ",\"payload\":";
}

bool read_snapshot(ReadContext& ctx, Value value, ReadSnapshotPart read_part, void* state) {
  static constexpr std::array<std::string_view, 4> kKeys = {"id", "version", "state", "data"};
  std::array<bool, kKeys.size()> seen{};
  auto read_field = [&](ReadContext& c, Value item, std::size_t field) {
    return read_part(c, item, static_cast<SnapshotPart>(field), state);
  };
  if (!read_record(ctx, value, kKeys, seen.data(), read_field)) return false;
  for (std::size_t i = 0; i < kKeys.size(); ++i) {
    if (!seen[i]) return ctx.fail_missing(kKeys[i]);
  }
  return true;
}

}  // namespace mealy::json
