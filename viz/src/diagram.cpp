#include "diagram.hpp"

#include "mealy/viz/dot.hpp"

namespace mealy::viz {
namespace {

DiagramEdge& edge_for(std::vector<DiagramEdge>& edges, const std::string& from,
                      const std::string& to, EdgeKind kind) {
  for (DiagramEdge& edge : edges) {
    if (edge.from == from && edge.to == to && edge.kind == kind) return edge;
  }
  return edges.emplace_back(DiagramEdge{from, to, kind, {}});
}

// Adds a line per alternative of `on`, whose edges leave `from`; staying
// alternatives loop back to `from`.
void add_handlers(std::vector<DiagramEdge>& edges, const schema::Aggregate& aggregate,
                  const std::vector<schema::Handler>& on, std::uint32_t state,
                  const std::string& from) {
  for (std::uint32_t h = 0; h < on.size(); ++h) {
    for (std::uint32_t a = 0; a < on[h].alternatives.size(); ++a) {
      const schema::Transition& t = on[h].alternatives[a];
      bool rejects = !t.reject.empty();
      std::string to = rejects                       ? reject_node(from)
                       : t.to_state == schema::kNone ? from
                                                     : aggregate.states[t.to_state].name.text;
      edge_for(edges, from, to, rejects ? EdgeKind::reject : EdgeKind::transition)
          .lines.push_back(EdgeLine{{state, h, a}, on[h].command_index, &t, schema::kNone, 0});
    }
  }
}

void add_path(std::vector<DiagramEdge>& edges, const schema::Aggregate& aggregate,
              const StreamPath& path) {
  for (const Step& step : path.steps) {
    if (step.replay_only) {
      DiagramEdge& edge = edge_for(edges, aggregate.states[step.from].name.text,
                                   aggregate.states[step.to].name.text, EdgeKind::replay);
      EdgeLine* line = nullptr;
      for (EdgeLine& existing : edge.lines) {
        if (existing.event == step.event) line = &existing;
      }
      if (!line)
        line = &edge.lines.emplace_back(EdgeLine{{}, schema::kNone, nullptr, step.event, 0});
      line->count += step.count;
      continue;
    }
    for (DiagramEdge& edge : edges) {
      for (EdgeLine& line : edge.lines) {
        if (line.transition && line.ref == step.via) line.count += step.count;
      }
    }
  }
}

}  // namespace

std::string reject_node(std::string_view from) {
  return "__rejects_" + (from == kAnyStateNode ? std::string("any") : std::string(from));
}

std::uint64_t DiagramEdge::count() const {
  std::uint64_t total = 0;
  for (const EdgeLine& line : lines)
    total += line.count;
  return total;
}

std::vector<DiagramEdge> build_diagram(const schema::Aggregate& aggregate, const StreamPath* path) {
  std::vector<DiagramEdge> edges;
  for (std::uint32_t s = 0; s < aggregate.states.size(); ++s) {
    add_handlers(edges, aggregate, aggregate.states[s].on, s, aggregate.states[s].name.text);
  }
  add_handlers(edges, aggregate, aggregate.on, schema::kNone, std::string(kAnyStateNode));
  if (path) add_path(edges, aggregate, *path);
  return edges;
}

}  // namespace mealy::viz
