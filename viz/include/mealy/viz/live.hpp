// The live view in one call: an aggregate drawn with a stream's path on it.
#pragma once

#include <span>
#include <string>

#include "mealy/result.hpp"
#include "mealy/schema/model.hpp"
#include "mealy/viz/dot.hpp"
#include "mealy/viz/path.hpp"
#include "mealy/viz/render.hpp"

namespace mealy::viz {

struct LiveOptions {
  Detail detail = Detail::transitions;
  RenderOptions render;  // the output format (and SVG comment)
};

// Traces `event_types` (the stream's event type names, oldest first, see
// trace_stream) on `aggregate` and renders the machine with the current state
// highlighted and each traversed edge marked with its count. Fails as
// trace_stream or render does.
[[nodiscard]] Result<Rendering> render_stream(const schema::Aggregate& aggregate,
                                              std::span<const std::string> event_types,
                                              const LiveOptions& options = {});

}  // namespace mealy::viz
