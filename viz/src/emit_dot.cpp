// The DOT writer: one digraph per aggregate, from build_diagram's edges and
// the labels of labels.hpp. The look (colours, fonts, spacing) lives here and
// only here; viz/README.md explains the choices.
#include <algorithm>

#include "diagram.hpp"
#include "dot_text.hpp"
#include "enum_names.hpp"
#include "labels.hpp"
#include "mealy/viz/dot.hpp"
#include "mealy/viz/path.hpp"

namespace mealy::viz {
namespace {

constexpr std::string_view kGraphDefaults =
    "  graph [rankdir=TB, labelloc=t, labeljust=l, fontname=\"Helvetica\", fontsize=12,\n"
    "         nodesep=0.3, ranksep=0.45, pad=0.2, newrank=true];\n"
    "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#f6f8fa\", color=\"#424a53\",\n"
    "        fontname=\"Helvetica\", fontsize=11, height=0.4, margin=\"0.12,0.06\"];\n"
    "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#57606a\", fontcolor=\"#24292f\", "
    "arrowsize=0.7];\n";

constexpr std::string_view kAnyStateTooltip =
    "The aggregate-wide on: its transitions apply in every non-final state that "
    "does not handle the command itself.";

// The overlay's colours: where the stream went, and where it is now.
constexpr std::string_view kTraversed = "color=\"#0969da\", fontcolor=\"#0969da\", penwidth=2";
constexpr std::string_view kVisitedState = "fillcolor=\"#ddf4ff\"";
constexpr std::string_view kCurrentState = "fillcolor=\"#fff8c5\", color=\"#9a6700\", penwidth=2.5";

constexpr EnumNames<Detail, 3> kDetailNames = {
    {{Detail::names, "names"}, {Detail::transitions, "transitions"}, {Detail::fields, "fields"}}};

// A comment's text on one line: a newline in a path must not end the comment.
std::string comment_text(std::string_view text) {
  std::string out(text);
  std::replace_if(
      out.begin(), out.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
  return out;
}

// The SVG id of a node: "state-Draft", "any-state", "start", "rejects-Draft".
std::string node_id(const std::string& node) {
  constexpr std::string_view kRejectPrefix = "__rejects_";
  if (node == kAnyStateNode) return "any-state";
  if (node == kStartNode) return "start";
  if (node.starts_with(kRejectPrefix)) return "rejects-" + node.substr(kRejectPrefix.size());
  return "state-" + node;
}

std::string edge_id(const DiagramEdge& edge) {
  std::string from = edge.from == kAnyStateNode ? "any" : edge.from;
  std::string to = edge.to == kAnyStateNode ? "any" : edge.to;
  switch (edge.kind) {
    case EdgeKind::transition:
      return from + "-to-" + to;
    case EdgeKind::reject:
      return from + "-rejects";  // one reject edge per state
    case EdgeKind::replay:
      return from + "-replays-to-" + to;
  }
  return from + "-to-" + to;
}

std::string count_suffix(std::uint64_t count) {
  return count ? " \u00d7" + std::to_string(count) : "";
}

std::string edge_label(const schema::Aggregate& aggregate, const DiagramEdge& edge, Detail detail) {
  if (detail == Detail::fields) {
    std::string rows;
    for (const EdgeLine& line : edge.lines) {
      rows += std::string(rows.empty() ? "" : "<HR/>") + "<TR><TD ALIGN=\"LEFT\" BALIGN=\"LEFT\">" +
              line_html(aggregate, line) + html(count_suffix(line.count)) + "</TD></TR>";
    }
    return "<<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"2\">" + rows +
           "</TABLE>>";
  }
  if (edge.lines.size() == 1) {  // narrower on two lines: input, then output
    std::string text =
        line_text(aggregate, edge.lines[0], detail) + count_suffix(edge.lines[0].count);
    if (std::size_t slash = text.find(" / "); slash != std::string::npos) text[slash] = '\n';
    return dot_string(text);
  }
  std::string text;  // left-justified lines: each ends with \l
  for (const EdgeLine& line : edge.lines) {
    text += escape_quoted(line_text(aggregate, line, detail) + count_suffix(line.count)) + "\\l";
  }
  return '"' + text + '"';
}

std::string edge_tooltip(const schema::Aggregate& aggregate, const DiagramEdge& edge) {
  std::string text;
  for (const EdgeLine& line : edge.lines) {
    if (!line.transition || line.transition->doc.empty()) continue;
    text += (text.empty() ? "" : "\n") + aggregate.commands[line.command].name.text + ": " +
            line.transition->doc;
  }
  return text;
}

void write_edge(std::string& out, const schema::Aggregate& aggregate, const DiagramEdge& edge,
                Detail detail) {
  out += "  " + dot_string(edge.from) + " -> " + dot_string(edge.to) +
         " [id=" + dot_string(edge_id(edge)) + ", label=" + edge_label(aggregate, edge, detail);
  if (std::string tooltip = edge_tooltip(aggregate, edge); !tooltip.empty()) {
    out += ", tooltip=" + dot_string(tooltip);
  }
  if (edge.kind == EdgeKind::reject)
    out += ", style=dashed, arrowhead=tee, color=\"#8c959f\", fontcolor=\"#a40e26\"";
  if (edge.kind == EdgeKind::replay) out += ", style=dotted";
  if (edge.count()) out += ", " + std::string(kTraversed);
  out += "];\n";
}

bool visited(const StreamPath* path, std::uint32_t state) {
  if (!path) return false;
  return std::any_of(path->steps.begin(), path->steps.end(),
                     [&](const Step& step) { return step.from == state || step.to == state; });
}

void write_state(std::string& out, const schema::Aggregate& aggregate, std::uint32_t index,
                 const DotOptions& options) {
  const schema::State& state = aggregate.states[index];
  out += "  " + dot_string(state.name.text) + " [id=" + dot_string(node_id(state.name.text));
  if (options.detail == Detail::fields) out += ", label=<" + state_html(state) + ">";
  if (!state.doc.empty()) out += ", tooltip=" + dot_string(state.doc);
  if (state.final) out += ", peripheries=2";
  if (options.path && options.path->current_state == index) {
    out += ", " + std::string(kCurrentState);
  } else if (visited(options.path, index)) {
    out += ", " + std::string(kVisitedState);
  }
  out += "];\n";
}

}  // namespace

std::optional<Detail> parse_detail(std::string_view text) {
  return enum_value(kDetailNames, text);
}

std::string_view detail_name(Detail detail) {
  return enum_name(kDetailNames, detail);
}

std::string emit_dot(const schema::Aggregate& aggregate, const DotOptions& options) {
  std::string out;
  if (!options.source_path.empty()) {
    out += "// Generated by mealyc from " + comment_text(options.source_path) + ", aggregate " +
           aggregate.name.text + ". Do not edit.\n// Regenerate: mealyc dot " +
           comment_text(options.source_path) + " --aggregate " + aggregate.name.text +
           " --detail " + std::string(detail_name(options.detail)) + "\n";
  }
  out += "digraph " + dot_string(aggregate.name.text) + " {\n" + std::string(kGraphDefaults);
  out += "  graph [id=" + dot_string("aggregate-" + aggregate.name.text) + ", label=" +
         (options.detail == Detail::fields ? "<" + title_html(aggregate) + ">"
                                           : dot_string(aggregate.name.text)) +
         ", tooltip=" + dot_string(aggregate.doc.empty() ? aggregate.name.text : aggregate.doc) +
         "];\n\n";

  const std::vector<DiagramEdge> edges = build_diagram(aggregate, options.path);
  out += "  " + dot_string(kStartNode) +
         " [id=\"start\", shape=point, width=0.15, label=\"\", tooltip=\"start\"];\n";
  for (std::uint32_t s = 0; s < aggregate.states.size(); ++s)
    write_state(out, aggregate, s, options);
  if (!aggregate.on.empty()) {
    out += "  " + dot_string(kAnyStateNode) +
           " [id=\"any-state\", label=\"any other state\", style=\"rounded,dashed\", "
           "tooltip=" +
           dot_string(kAnyStateTooltip) + "];\n";
  }
  for (const DiagramEdge& edge : edges) {
    if (edge.kind != EdgeKind::reject) continue;
    out += "  " + dot_string(edge.to) + " [id=" + dot_string(node_id(edge.to)) +
           ", shape=point, style=invis, width=0.01, label=\"\"];\n";
  }
  out += "\n";
  if (aggregate.initial_state != schema::kNone) {
    out += "  " + dot_string(kStartNode) + " -> " +
           dot_string(aggregate.states[aggregate.initial_state].name.text) + " [id=\"start-edge\"" +
           (options.path && options.path->events ? ", " + std::string(kTraversed) : "") + "];\n";
  }
  for (const DiagramEdge& edge : edges) {
    write_edge(out, aggregate, edge, options.detail);
  }
  return out + "}\n";
}

std::string emit_dot(const schema::Model& model, const DotOptions& options) {
  std::string out;
  for (const schema::Aggregate& aggregate : model.root().aggregates) {
    out += (out.empty() ? "" : "\n") + emit_dot(aggregate, options);
  }
  return out;
}

}  // namespace mealy::viz
