// How the verbs print what a store holds: aligned tables for people, one
// JSON object per line for scripts. Output is stable: the same store gives
// the same bytes (no local times, no hash order).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "mealy/event.hpp"
#include "mealy/inventory.hpp"

namespace mealy::tool {

// Rows of cells; columns padded to their widest cell (in UTF-8 code
// points), separated by two spaces; trailing spaces trimmed.
std::string format_table(const std::vector<std::vector<std::string>>& rows);

// `2026-11-22T10:00:00.000000Z`: RFC 3339 in UTC, as the JSON encoders write.
std::string time_text(Timestamp time);

// `48.0 KiB`, `1.2 MiB`, `512 bytes`.
std::string size_text(std::uint64_t bytes);

// The metadata as the store keeps it: {"correlation_id":...,"causation_id":
// ...,"actor":...,"extra":{...}}, leaving out what is empty.
std::string metadata_json(const Metadata& metadata);

// One event as a JSON object on one line: position, stream, version, id,
// type, schema_version, recorded_at, metadata, payload (as stored).
std::string event_json(const RecordedEvent& event);

// A JSON string literal of `text`.
std::string json_string(std::string_view text);

}  // namespace mealy::tool
