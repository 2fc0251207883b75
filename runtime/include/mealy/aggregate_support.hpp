// What the generated code of every aggregate calls: the parts of its
// rejections, errors and JSON forms that are the same for every schema.
// Generated code uses these; applications call the generated functions
// (invalid_transition(aggregate, command), to_json, from_json, ...), which
// name the aggregate's own types.
//
// Include this only in .cpp files: it brings in simdjson (mealy/json_read.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "mealy/decide.hpp"
#include "mealy/json_read.hpp"
#include "mealy/result.hpp"

namespace mealy {

// The rejection of a command that the current state has no transition for:
// kind invalid_transition, code "invalid_transition", and the message
//   command 'Pay' is not accepted in state 'Empty'; it accepts AddLine, Cancel
// `accepted` are the commands the state accepts (the generated
// accepted_commands(state)); "no command" when there are none.
[[nodiscard]] Rejection invalid_transition_rejection(std::string_view state,
                                                     std::string_view command,
                                                     std::span<const std::string_view> accepted);

// Whether `name` is one of `names`: the generated accepts(state, command),
// over accepted_commands(state).
[[nodiscard]] bool contains_name(std::span<const std::string_view> names,
                                 std::string_view name) noexcept;

// A rejection by a guard or a `reject:` of the schema, with its code:
//   command 'Ship' is rejected in state 'Paid': no_shipping_address
[[nodiscard]] Rejection command_rejection(RejectionKind kind, std::string code,
                                          std::string_view state, std::string_view command);

// The rejection of a command that breaks a constraint: kind constraint, with
// the violation's code, field and message.
[[nodiscard]] Rejection constraint_rejection(Violation violation, std::string_view state,
                                             std::string_view command);

// The error evolve() returns for an event the current state cannot take
// (corruption): event 'Shipped' cannot occur in state 'Empty'
[[nodiscard]] Status cannot_apply_error(std::string_view event, std::string_view state);

}  // namespace mealy

namespace mealy::json {

// The start of a command's or event's wrapped form, up to its payload:
//   {"type":"Name","version":1,"payload":
// The payload and a closing '}' follow.
void begin_wrapped(std::string& out, std::string_view type, std::uint32_t version);
// The start of a state's wrapped form (no version): {"type":"Name","payload":
void begin_wrapped(std::string& out, std::string_view type);

// The members of a snapshot, {"id", "version", "state", "data"}, as
// read_snapshot() passes them to its callback.
enum class SnapshotPart : std::size_t { id, version, state, data };

// Reads a snapshot: an object with the keys "id", "version", "state" and
// "data", in any order, each once, others skipped (read_record()). Calls
// read_part(ctx, value, part, state) for each of the four, with its key on
// the path. Errors besides read_part's and read_record()'s:
//   $: missing required field 'id'      (then 'version', 'state', 'data')
using ReadSnapshotPart = bool (*)(ReadContext& ctx, Value value, SnapshotPart part, void* state);
bool read_snapshot(ReadContext& ctx, Value value, ReadSnapshotPart read_part, void* state);

// read_snapshot() with a callable `bool(ReadContext&, Value, SnapshotPart)`.
template <typename Read>
bool read_snapshot(ReadContext& ctx, Value value, Read&& read) {
  auto trampoline = [](ReadContext& c, Value v, SnapshotPart part, void* state) {
    return (*static_cast<std::remove_reference_t<Read>*>(state))(c, v, part);
  };
  return read_snapshot(ctx, value, trampoline, &read);
}

}  // namespace mealy::json
