// What the viz tests share: the schemas they draw, a checked model kept with
// its workspace, DOT read back through cgraph, SVG read through libxml2, and
// the expected Mealy label of a transition, written out here independently of
// viz/src/labels.cpp.
#pragma once

#include <graphviz/cgraph.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "mealy/schema/workspace.hpp"
#include "mealy/viz/dot.hpp"

namespace mealy::viz::test {

// A folder of its own under the system's temporary folder (mkdtemp), so
// that tests running at once never share one; removed with its contents
// when the object goes.
class TempFolder {
 public:
  explicit TempFolder(const std::string& prefix);
  ~TempFolder();
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  [[nodiscard]] std::filesystem::path operator/(const std::string& name) const {
    return path_ / name;
  }

 private:
  std::filesystem::path path_;
};

// Every machine the tests draw: the examples and the layout schemas.
std::vector<std::string> drawn_schemas();

struct Loaded {
  std::unique_ptr<schema::Workspace> workspace;
  std::shared_ptr<const schema::Model> model;
};

// Checks the schema at `relative_path` (below the source folder); fails the
// test when it has errors.
Loaded load(const std::string& relative_path);

// A DOT text parsed by cgraph; `graph` is null when it did not parse.
struct ParsedDot {
  explicit ParsedDot(const std::string& dot);
  ~ParsedDot();
  ParsedDot(const ParsedDot&) = delete;
  ParsedDot& operator=(const ParsedDot&) = delete;

  // The attribute of a node or edge; empty when unset.
  static std::string attribute(void* object, const char* name);
  // Every edge from `tail` to `head`.
  std::vector<Agedge_t*> edges(const std::string& tail, const std::string& head) const;
  std::size_t node_count() const;
  std::size_t edge_count() const;

  Agraph_t* graph = nullptr;
};

// An SVG document parsed by libxml2; `document` is null when it is not XML.
struct ParsedSvg {
  explicit ParsedSvg(const std::string& svg);
  ~ParsedSvg();
  ParsedSvg(const ParsedSvg&) = delete;
  ParsedSvg& operator=(const ParsedSvg&) = delete;

  // The values of the XPath `expression` (namespace prefixes svg and xlink).
  std::vector<std::string> values(const std::string& expression) const;

  xmlDocPtr document = nullptr;
};

// The line an alternative gets on its edge at `detail` (names or transitions):
// `Command [guard] / action(): E1, E2`, `Command [guard] / reject: reason`.
std::string expected_line(const schema::Aggregate& aggregate, std::uint32_t command,
                          const schema::Transition& transition, Detail detail);

// What an in-process run of mealyc gave: exit status, stdout, stderr.
struct MealycRun {
  int code = 0;
  std::string out, err;
};

// Runs mealyc with `words` (the verb first) in the source folder, in-process.
MealycRun mealyc(const std::vector<std::string>& words);

// The bytes of the file at `path` (empty when it cannot be read).
std::string read_file(const std::filesystem::path& path);

// The lines of a plain edge label: split at `\l` (several) or at the `\n`
// that breaks a lone line before its ` / ` (joined back).
std::vector<std::string> label_lines(const std::string& label);

}  // namespace mealy::viz::test
