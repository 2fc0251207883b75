// How every backend tells an idempotent retry from a conflict, decided once
// so that all of them (and the contract suite) agree. Private to the runtime.
//
// Design notes (the store's contract, points 4 and 6):
//  1. Backends run the fast path first: they write, and only an append that
//     is refused (the expected version not met, an event id or the command id
//     already in the log) comes here, with what the log holds.
//  2. A recorded command id wins over everything else: the retry of a
//     command gives the first append's outcome even when the stream has moved
//     on since (its expected version is stale) and its event ids are new
//     (it was decided again).
//  3. Event ids are a duplicate only as an exact copy of one earlier append:
//     all of them found, in one stream, in order, from the first event of
//     that append to its last (append_first/append_last of each row), with
//     the same type, schema version and payload bytes. Rows written before
//     the boundaries were kept (append_first == 0) are checked without them.
//  4. Anything else that found ids is a Conflict naming the first id that
//     differs and how; no ids found is the plain version conflict.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "mealy/store.hpp"

namespace mealy::detail {

// What the log holds under one event id of a request.
struct PriorEvent {
  std::string stream;
  std::uint64_t version = 0;
  std::uint64_t position = 0;
  std::uint64_t append_first = 0;  // the stream versions of the append it came in
  std::uint64_t append_last = 0;   // (0: not recorded, a store older than format 2)
  std::string type;
  std::uint32_t schema_version = 1;
  std::string payload;
};

// Refuses what no backend may store: a nil event id, one id twice in the
// request, or a payload (or snapshot state) that is not a JSON object as
// strict as the decoders read (json::validate: valid JSON and UTF-8, no key
// twice, within the default limits). An invalid_argument naming the stream,
// the event and the problem.
Status check_request(const AppendRequest& request);

// The outcome of an append whose command id the log holds already (note 2).
AppendOutcome command_outcome(const AppendRequest& request, const CommandRecord& recorded,
                              std::uint64_t current);

// The outcome of a refused append, given what the log holds under each of
// its event ids (`prior[i]` for `request.events[i]`; nullopt: nothing) and
// the stream's current version (notes 3 and 4).
AppendOutcome resolve_refused(const AppendRequest& request,
                              std::span<const std::optional<PriorEvent>> prior,
                              std::uint64_t current);

}  // namespace mealy::detail
