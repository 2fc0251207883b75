// The DOT of every drawn machine, at every detail level, read back with
// cgraph and compared with the model: one node per state, the start arrow,
// and for every transition alternative a line on the edge it belongs to.
#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "viz_test_support.hpp"

namespace mealy::viz::test {
namespace {

// Where an alternative's edge ends: its target, its own state when it stays,
// the state's reject node for a reject.
std::string head_of(const schema::Aggregate& aggregate, const std::string& from,
                    const schema::Transition& t) {
  if (!t.reject.empty()) return reject_node(from);
  return t.to_state == schema::kNone ? from : aggregate.states[t.to_state].name.text;
}

// The edge's label holds `line`: as a whole line in plain labels, and at
// Detail::fields its command in bold and each of its events in bold.
bool label_holds(const std::string& label, const std::string& line,
                 const schema::Aggregate& aggregate, std::uint32_t command,
                 const schema::Transition& t, Detail detail) {
  if (detail != Detail::fields) {
    for (const std::string& text : label_lines(label)) {
      if (text.starts_with(line)) return true;  // aggregate-wide lines go on with "(not in ...)"
    }
    return false;
  }
  if (label.find("<B>" + aggregate.commands[command].name.text + "</B>") == std::string::npos)
    return false;
  for (const schema::Name& event : t.emit) {
    if (label.find("<B>" + event.text + "</B>") == std::string::npos) return false;
  }
  return t.reject.empty() || label.find("/ reject: " + t.reject.text) != std::string::npos;
}

void check_handlers(const ParsedDot& dot, const schema::Aggregate& aggregate,
                    const std::vector<schema::Handler>& on, const std::string& from, Detail detail,
                    std::map<std::pair<std::string, std::string>, std::size_t>& lines) {
  for (const schema::Handler& handler : on) {
    for (const schema::Transition& t : handler.alternatives) {
      std::string head = head_of(aggregate, from, t);
      std::string line = expected_line(aggregate, handler.command_index, t, detail);
      INFO("edge " << from << " -> " << head << ", line " << line);
      std::vector<Agedge_t*> edges = dot.edges(from, head);
      REQUIRE(edges.size() == 1);
      std::string label = ParsedDot::attribute(edges[0], "label");
      CHECK(label_holds(label, line, aggregate, handler.command_index, t, detail));
      CHECK((ParsedDot::attribute(edges[0], "style") == "dashed") == !t.reject.empty());
      ++lines[{from, head}];
    }
  }
}

void check_aggregate(const schema::Aggregate& aggregate, Detail detail) {
  const std::string dot_text = emit_dot(aggregate, DotOptions{detail, "schema.yaml", nullptr});
  ParsedDot dot(dot_text);
  REQUIRE(dot.graph);
  CHECK(agnameof(dot.graph) == aggregate.name.text);
  CHECK(agisdirected(dot.graph));

  std::size_t reject_nodes = 0;
  for (const schema::State& state : aggregate.states) {
    INFO("state " << state.name.text);
    Agnode_t* node = agnode(dot.graph, const_cast<char*>(state.name.text.c_str()), 0);
    REQUIRE(node);
    CHECK((ParsedDot::attribute(node, "peripheries") == "2") == state.final);
    CHECK(ParsedDot::attribute(node, "tooltip").empty() == state.doc.empty());
    if (detail == Detail::fields) {
      std::string label = ParsedDot::attribute(node, "label");
      CHECK(label.find("<B>" + state.name.text + "</B>") != std::string::npos);
      for (const schema::Field& field : state.fields)
        CHECK(label.find(field.name.text + ": ") != std::string::npos);
    }
    bool rejects = false;
    for (const schema::Handler& h : state.on) {
      for (const schema::Transition& t : h.alternatives)
        rejects = rejects || !t.reject.empty();
    }
    reject_nodes += rejects;
  }
  CHECK(dot.edges(std::string(kStartNode), aggregate.states[aggregate.initial_state].name.text)
            .size() == 1);

  std::map<std::pair<std::string, std::string>, std::size_t> lines;  // per edge, lines expected
  for (const schema::State& state : aggregate.states)
    check_handlers(dot, aggregate, state.on, state.name.text, detail, lines);
  check_handlers(dot, aggregate, aggregate.on, std::string(kAnyStateNode), detail, lines);
  bool any_rejects = false;
  for (const schema::Handler& h : aggregate.on) {
    for (const schema::Transition& t : h.alternatives)
      any_rejects = any_rejects || !t.reject.empty();
  }
  reject_nodes += any_rejects;

  // Nothing else: the states, the start point, the hub, the reject ends; the
  // start edge and one edge per (from, to) with exactly its lines.
  CHECK(dot.node_count() ==
        aggregate.states.size() + 1 + (aggregate.on.empty() ? 0 : 1) + reject_nodes);
  CHECK(dot.edge_count() == lines.size() + 1);
  if (detail != Detail::fields) {
    for (const auto& [ends, count] : lines) {
      INFO("edge " << ends.first << " -> " << ends.second);
      CHECK(label_lines(ParsedDot::attribute(dot.edges(ends.first, ends.second)[0], "label"))
                .size() == count);
    }
  }
}

}  // namespace

TEST_CASE("DOT read back by cgraph matches the model, for every machine and detail") {
  for (const std::string& path : drawn_schemas()) {
    Loaded loaded = load(path);
    for (const schema::Aggregate& aggregate : loaded.model->root().aggregates) {
      for (Detail detail : {Detail::names, Detail::transitions, Detail::fields}) {
        INFO(path << ", aggregate " << aggregate.name.text << ", detail " << detail_name(detail));
        check_aggregate(aggregate, detail);
      }
    }
  }
}

TEST_CASE("DOT is the same on every run, and all aggregates come in schema order") {
  Loaded first = load("examples/order/order.yaml");
  Loaded second = load("examples/order/order.yaml");
  std::string dot = emit_dot(*first.model);
  CHECK(dot == emit_dot(*second.model));
  std::size_t order = dot.find("digraph \"Order\""), shipment = dot.find("digraph \"Shipment\""),
              invoice = dot.find("digraph \"Invoice\"");
  CHECK(order < shipment);
  CHECK(shipment < invoice);
  CHECK(invoice != std::string::npos);
}

TEST_CASE("detail names parse and print") {
  for (Detail detail : {Detail::names, Detail::transitions, Detail::fields}) {
    CHECK(parse_detail(detail_name(detail)) == detail);
  }
  CHECK_FALSE(parse_detail("Names"));
  CHECK_FALSE(parse_detail(""));
}

}  // namespace mealy::viz::test
