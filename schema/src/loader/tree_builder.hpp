// Builds a YamlDocument from yaml-cpp's parser events.
//
// Design notes. yaml-cpp calls the builder once per event, depth first: a
// collection's start, its children, its end. The builder keeps a stack of the
// collections still open and attaches each new node to the innermost one (in
// a map, alternately as key and as value). It holds these invariants:
//
//   1. Every node is attached exactly once, where it was written; an alias
//      attaches the anchored node again (shared, never copied).
//   2. An alias never refers to a collection that is still open, so the tree
//      has no cycles (yaml-cpp accepts `&a [*a]`; we refuse it).
//   3. `total_` is the number of nodes the document holds so far with every
//      alias expanded; a node's `expanded_size` is the growth of `total_`
//      between its start and its end. `total_` never exceeds
//      LoadLimits::max_expanded_nodes: an alias bomb stops at the first alias
//      that would cross it, before anything is copied. `total_bytes_` and
//      `expanded_bytes` do the same for the bytes of scalar text, within
//      LoadLimits::max_expanded_bytes (a few nodes may alias a long string).
//   4. Nesting, aliases expanded, never exceeds LoadLimits::max_depth, so
//      that every later walk of the tree may recurse.
//   5. Within a map, keys are unique: a later duplicate is reported and its
//      entry dropped when the map ends.
//   6. Only the first document is kept; a second one stops the parse.
//
// When an invariant cannot hold the builder reports why and throws
// StopParsing, which unwinds through yaml-cpp to parse_yaml.
#pragma once

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/mark.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "loader/source_view.hpp"
#include "loader/yaml_tree.hpp"
#include "mealy/schema/diagnostic.hpp"
#include "mealy/schema/loader.hpp"

namespace mealy::schema::loader {

// Thrown by the builder once it has reported why the document cannot be
// loaded; caught by parse_yaml, never seen outside the loader.
struct StopParsing {};

class TreeBuilder final : public YAML::EventHandler {
 public:
  // `source` and `diagnostics` must outlive the builder.
  TreeBuilder(const SourceView& source, const LoadLimits& limits, Diagnostics& diagnostics);

  // The document built so far (its root is null before the first node).
  std::unique_ptr<YamlDocument> take_document() { return std::move(document_); }
  [[nodiscard]] int documents() const { return documents_; }

  // Where the innermost still-open flow collection of this kind starts (its
  // '[' or '{'), for syntax error hints; nullopt when there is none.
  [[nodiscard]] std::optional<Location> open_flow(YamlNode::Kind kind) const;

  // Where the innermost still-open collection starts, if any, and how many
  // collections are open.
  [[nodiscard]] std::optional<Location> innermost_open() const;
  [[nodiscard]] std::size_t open_collections() const { return stack_.size(); }

  void OnDocumentStart(const YAML::Mark& mark) override;
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override;
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override;
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override;
  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value style) override;
  void OnSequenceEnd() override { end_collection(); }
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value style) override;
  void OnMapEnd() override { end_collection(); }
  void OnAnchor(const YAML::Mark& mark, const std::string& name) override;

 private:
  struct Frame {
    YamlNode* node = nullptr;
    bool flow = false;                         // this collection is written {...} or [...]
    bool in_flow = false;                      // its children are inside a flow collection
    const YamlNode* key = nullptr;             // maps: the key waiting for its value
    YAML::anchor_t anchor = YAML::NullAnchor;  // its anchor, closed when it ends
    std::uint64_t total_before = 0;            // total_ before this collection started
    std::uint64_t bytes_before = 0;            // total_bytes_ before this collection started
    std::uint32_t child_height = 0;            // the greatest height among its children
  };
  struct Anchor {
    const YamlNode* node = nullptr;
    std::string name;
    bool open = false;  // a collection not yet ended
  };

  YamlNode& create(YamlNode::Kind kind, const YAML::Mark& mark, const std::string& tag,
                   YAML::anchor_t anchor);
  void start_collection(YamlNode::Kind kind, const YAML::Mark& mark, const std::string& tag,
                        YAML::anchor_t anchor, YAML::EmitterStyle::value style);
  void end_collection();
  void attach(const YamlNode& node);
  void count(std::uint64_t nodes, std::uint64_t bytes, Location at, bool by_alias);
  void check_depth(std::uint32_t depth, Location at);
  void check_quote_closed(const YAML::Mark& mark);
  void note_text_column(YamlNode& node, std::size_t offset) const;
  void remove_duplicate_keys(YamlNode& map);
  [[noreturn]] void stop(Location at, std::string rule, std::string message);

  const SourceView& source_;
  const LoadLimits& limits_;
  Diagnostics& diagnostics_;
  std::unique_ptr<YamlDocument> document_ = std::make_unique<YamlDocument>();
  std::vector<Frame> stack_;
  std::unordered_map<YAML::anchor_t, Anchor> anchors_;
  std::string anchor_name_;  // from OnAnchor, for the node that follows
  std::uint64_t total_ = 0;
  std::uint64_t total_bytes_ = 0;
  int documents_ = 0;
};

}  // namespace mealy::schema::loader
