#include "mealy/viz/live.hpp"

namespace mealy::viz {

Result<Rendering> render_stream(const schema::Aggregate& aggregate,
                                std::span<const std::string> event_types,
                                const LiveOptions& options) {
  Result<StreamPath> path = trace_stream(aggregate, event_types);
  if (!path) return path.status();
  DotOptions dot;
  dot.detail = options.detail;
  dot.path = &*path;
  return render(emit_dot(aggregate, dot), options.render);
}

}  // namespace mealy::viz
