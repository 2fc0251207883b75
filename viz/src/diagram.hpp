// The edges to draw for an aggregate, before any DOT is written: which
// transition alternatives share an edge, and how often a stream took each.
//
// Invariants of build_diagram's result:
//   1. Every alternative of every state's own `on`, and of the aggregate-wide
//      `on`, is exactly one line of exactly one edge.
//   2. An edge joins the lines of one kind between the same two nodes, in the
//      order their first line appears in the schema (states in order, each
//      state's `on` in order, then the aggregate-wide `on`); lines keep
//      schema order within their edge.
//   3. Replay-only steps of a path are lines of edges of their own kind.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "mealy/schema/model.hpp"
#include "mealy/viz/path.hpp"

namespace mealy::viz {

enum class EdgeKind : std::uint8_t {
  transition,  // moves or stays: solid
  reject,      // an explicit `reject`: dashed, to the state's reject_node
  replay,      // events a stream holds that no transition explains: dotted
};

struct EdgeLine {
  AlternativeRef ref;                     // transition and reject lines
  std::uint32_t command = schema::kNone;  // transition and reject lines
  const schema::Transition* transition = nullptr;
  std::uint32_t event = schema::kNone;  // replay lines
  std::uint64_t count = 0;              // times the overlaid stream took it
};

struct DiagramEdge {
  std::string from, to;  // node names: a state's name, kAnyStateNode or a reject_node
  EdgeKind kind = EdgeKind::transition;
  std::vector<EdgeLine> lines;

  [[nodiscard]] std::uint64_t count() const;
};

// The edges of `aggregate`, with the counts of `path` when it is not null.
[[nodiscard]] std::vector<DiagramEdge> build_diagram(const schema::Aggregate& aggregate,
                                                     const StreamPath* path);

}  // namespace mealy::viz
