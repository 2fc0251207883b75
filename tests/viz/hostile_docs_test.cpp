// Schema text that tries to break out of DOT strings and HTML-like labels
// (tests/viz/schemas/hostile.yaml) stays text: the drawing holds exactly the
// machine's nodes and edges, and every doc reads back whole.
#include <catch2/catch.hpp>

#include "mealy/viz/render.hpp"
#include "viz_test_support.hpp"

namespace mealy::viz::test {
namespace {

// What Graphviz makes of a tooltip cgraph read: `\\` is a backslash, `\n` a
// line break.
std::string unescape(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && (text[i + 1] == '\\' || text[i + 1] == 'n')) {
      out += text[++i] == 'n' ? '\n' : '\\';
    } else {
      out += text[i];
    }
  }
  return out;
}

// The doc as a drawing shows it: tabs and other control characters as spaces.
std::string shown(std::string doc) {
  for (char& c : doc) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n') c = ' ';
  }
  return doc;
}

}  // namespace

TEST_CASE("hostile docs cannot add nodes, edges or attributes to the DOT") {
  Loaded loaded = load("tests/viz/schemas/hostile.yaml");
  const schema::Aggregate& door = loaded.model->root().aggregates.at(0);
  for (Detail detail : {Detail::names, Detail::transitions, Detail::fields}) {
    INFO("detail " << detail_name(detail));
    ParsedDot dot(emit_dot(door, DotOptions{detail, "hostile.yaml", nullptr}));
    REQUIRE(dot.graph);
    CHECK(dot.node_count() == 6);  // Shut, Ajar, start, any other state, two reject ends
    CHECK(dot.edge_count() == 6);
    for (const char* injected : {"Evil", "Injected", "x", "y", "pwned", "X", "a", "b"}) {
      CHECK_FALSE(agnode(dot.graph, const_cast<char*>(injected), 0));
    }
    CHECK(unescape(ParsedDot::attribute(dot.graph, "tooltip")) == door.doc);
    for (const schema::State& state : door.states) {
      Agnode_t* node = agnode(dot.graph, const_cast<char*>(state.name.text.c_str()), 0);
      REQUIRE(node);
      CHECK(unescape(ParsedDot::attribute(node, "tooltip")) == shown(state.doc));
      CHECK(ParsedDot::attribute(node, "color") ==
            "#424a53");  // the shared default, not an injected one
    }
    const schema::Transition& open = door.states[0].on[0].alternatives[0];
    CHECK(unescape(ParsedDot::attribute(dot.edges("Shut", "Ajar").at(0), "tooltip")) ==
          "Open: " + open.doc);
    Agedge_t* close = dot.edges("Ajar", "Shut").at(0);
    CHECK(ParsedDot::attribute(close, "style").empty());
    CHECK(unescape(ParsedDot::attribute(close, "tooltip")) == "Close: Close -> Shut [style=invis]");
  }
}

TEST_CASE("hostile docs stay text in the SVG") {
  Loaded loaded = load("tests/viz/schemas/hostile.yaml");
  const schema::Aggregate& door = loaded.model->root().aggregates.at(0);
  for (Detail detail : {Detail::names, Detail::transitions, Detail::fields}) {
    INFO("detail " << detail_name(detail));
    Result<Rendering> svg =
        render(emit_dot(door, DotOptions{detail, "", nullptr}), RenderOptions{});
    REQUIRE(svg.ok());
    CHECK(svg->warnings.empty());
    ParsedSvg parsed(svg->data);
    REQUIRE(parsed.document);
    CHECK(parsed.values("//svg:g[@class='node']").size() ==
          4);  // states, start and hub; reject ends are invisible
    CHECK(parsed.values("//svg:g[@class='edge']").size() == 6);
    std::vector<std::string> tooltip =
        parsed.values("//svg:g[@id='state-Shut']//svg:a/@xlink:title");
    REQUIRE(tooltip.size() == 1);
    CHECK(tooltip[0] == door.states[0].doc);
    if (detail == Detail::fields) {
      std::vector<std::string> texts =
          parsed.values("//svg:g[@id='aggregate-Door']/svg:g//svg:text");
      std::string all;
      for (const std::string& text : texts)
        all += text + "\n";
      CHECK(all.find("<b>bold</b> & <<TABLE>> &amp; </TD></TR></TABLE>> <BR/> -->") !=
            std::string::npos);
      CHECK(all.find("note: map<string, list<string>>") != std::string::npos);
    }
  }
}

}  // namespace mealy::viz::test
