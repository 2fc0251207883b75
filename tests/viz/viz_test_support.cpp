#include "viz_test_support.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "verbs.hpp"

namespace mealy::viz::test {

TempFolder::TempFolder(const std::string& prefix) {
  std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr)
    throw std::runtime_error("cannot make a folder like " + pattern);
  path_ = pattern;
}

TempFolder::~TempFolder() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::vector<std::string> drawn_schemas() {
  return {"examples/order/order.yaml", "examples/notebook/notebook.yaml",
          "tests/viz/schemas/procurement.yaml", "tests/viz/schemas/pipeline30.yaml",
          "tests/viz/schemas/hostile.yaml"};
}

Loaded load(const std::string& relative_path) {
  Loaded loaded{std::make_unique<schema::Workspace>(), nullptr};
  loaded.model = loaded.workspace->compile(std::string(MEALY_SOURCE_DIR) + "/" + relative_path);
  INFO("schema " << relative_path);
  REQUIRE(loaded.model);
  return loaded;
}

ParsedDot::ParsedDot(const std::string& dot) : graph(agmemread(dot.c_str())) {}
ParsedDot::~ParsedDot() {
  if (graph) agclose(graph);
}

std::string ParsedDot::attribute(void* object, const char* name) {
  char* value = agget(object, const_cast<char*>(name));
  return value ? value : "";
}

std::vector<Agedge_t*> ParsedDot::edges(const std::string& tail, const std::string& head) const {
  std::vector<Agedge_t*> found;
  Agnode_t* from = agnode(graph, const_cast<char*>(tail.c_str()), 0);
  if (!from) return found;
  for (Agedge_t* edge = agfstout(graph, from); edge; edge = agnxtout(graph, edge)) {
    if (head == agnameof(aghead(edge))) found.push_back(edge);
  }
  return found;
}

std::size_t ParsedDot::node_count() const {
  return static_cast<std::size_t>(agnnodes(graph));
}
std::size_t ParsedDot::edge_count() const {
  return static_cast<std::size_t>(agnedges(graph));
}

ParsedSvg::ParsedSvg(const std::string& svg)
    : document(xmlReadMemory(svg.data(), static_cast<int>(svg.size()), "drawing.svg", nullptr,
                             XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)) {}
ParsedSvg::~ParsedSvg() {
  if (document) xmlFreeDoc(document);
}

std::vector<std::string> ParsedSvg::values(const std::string& expression) const {
  std::vector<std::string> out;
  xmlXPathContextPtr context = xmlXPathNewContext(document);
  xmlXPathRegisterNs(context, BAD_CAST "svg", BAD_CAST "http://www.w3.org/2000/svg");
  xmlXPathRegisterNs(context, BAD_CAST "xlink", BAD_CAST "http://www.w3.org/1999/xlink");
  xmlXPathObjectPtr result = xmlXPathEvalExpression(BAD_CAST expression.c_str(), context);
  if (result && result->nodesetval) {
    for (int i = 0; i < result->nodesetval->nodeNr; ++i) {
      xmlChar* text = xmlNodeGetContent(result->nodesetval->nodeTab[i]);
      out.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
      xmlFree(text);
    }
  }
  xmlXPathFreeObject(result);
  xmlXPathFreeContext(context);
  return out;
}

std::string expected_line(const schema::Aggregate& aggregate, std::uint32_t command,
                          const schema::Transition& transition, Detail detail) {
  std::string line = aggregate.commands[command].name.text;
  if (detail != Detail::names && !transition.guard.empty())
    line += " [" + transition.guard.text + "]";
  if (!transition.reject.empty()) return line + " / reject: " + transition.reject.text;
  if (detail == Detail::names) return line;
  line += " / ";
  if (!transition.action.empty()) line += transition.action.text + "(): ";
  if (transition.emit.empty()) return line + "(no event)";
  for (std::size_t i = 0; i < transition.emit.size(); ++i)
    line += (i ? ", " : "") + transition.emit[i].text;
  return line;
}

std::vector<std::string> label_lines(const std::string& label) {
  std::vector<std::string> lines;
  if (label.find("\\l") == std::string::npos) {
    std::string line = label;
    if (std::size_t at = line.find("\\n/ "); at != std::string::npos) line.replace(at, 2, " ");
    lines.push_back(line);
    return lines;
  }
  std::size_t start = 0;
  for (std::size_t end; (end = label.find("\\l", start)) != std::string::npos; start = end + 2) {
    lines.push_back(label.substr(start, end - start));
  }
  return lines;
}

MealycRun mealyc(const std::vector<std::string>& words) {
  std::vector<std::string_view> args(words.begin(), words.end());
  std::ostringstream out, err;
  const std::filesystem::path previous = std::filesystem::current_path();
  std::filesystem::current_path(MEALY_SOURCE_DIR);
  const int code = cli::run_mealyc(args, out, err);
  std::filesystem::current_path(previous);
  return {code, out.str(), err.str()};
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace mealy::viz::test
