// The change feed's JSON form of a stored event, shared by GET /changes and
// the stream:
//   {"position","stream","version","id","type","schema_version","payload",
//    "metadata":{"correlation_id","causation_id","actor","extra"},"recorded_at"}
// The payload is the store's bytes (canonical JSON); metadata keys that are
// empty are left out.
#pragma once

#include <string>

#include "mealy/event.hpp"

namespace mealy::http {

void write_recorded_event(std::string& out, const RecordedEvent& event);

}  // namespace mealy::http
