#include "loader/tree_builder.hpp"

#include <algorithm>
#include <limits>
#include <utility>

#include "loader/excerpt.hpp"
#include "loader/utf8.hpp"

namespace mealy::schema::loader {

namespace {

// yaml-cpp's tags for untagged nodes: "?" for plain scalars and untagged
// collections, "!" for quoted and block scalars (and the explicit `!`).
constexpr std::string_view kPlainTag = "?";
constexpr std::string_view kNonPlainTag = "!";

std::uint64_t saturating_add(std::uint64_t a, std::uint64_t b) {
  return a > std::numeric_limits<std::uint64_t>::max() - b
             ? std::numeric_limits<std::uint64_t>::max()
             : a + b;
}

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Whether the text at `offset` is an explicit null (`~`, `null`, `Null`,
// `NULL`) rather than the next token after an empty value.
bool explicit_null_at(std::string_view text, std::size_t offset) {
  std::string_view rest = text.substr(offset);
  std::size_t length = 0;
  if (rest.starts_with("~")) {
    length = 1;
  } else if (rest.starts_with("null") || rest.starts_with("Null") || rest.starts_with("NULL")) {
    length = 4;
  } else {
    return false;
  }
  return rest.size() == length || is_blank(rest[length]) ||
         std::string_view(",]}#").find(rest[length]) != std::string_view::npos;
}

// The offset just after the closing quote of the quoted scalar opening at
// `open`, or npos when the file ends first. yaml-cpp accepts an unclosed
// quote and swallows the rest of the file into the scalar.
std::size_t closing_quote(std::string_view text, std::size_t open) {
  char quote = text[open];
  for (std::size_t i = open + 1; i < text.size(); ++i) {
    if (quote == '"' && text[i] == '\\') {
      ++i;  // an escaped character, maybe a quote
    } else if (text[i] == quote) {
      if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
        ++i;  // '' is a quote inside a single-quoted scalar
      } else {
        return i + 1;
      }
    }
  }
  return std::string_view::npos;
}

// Skips the anchor (`&a`) and tag (`!t`) properties that may precede a node.
std::size_t skip_properties(std::string_view text, std::size_t offset) {
  while (offset < text.size() && (text[offset] == '&' || text[offset] == '!')) {
    while (offset < text.size() && !is_blank(text[offset]))
      ++offset;
    while (offset < text.size() && is_blank(text[offset]))
      ++offset;
  }
  return offset;
}

}  // namespace

TreeBuilder::TreeBuilder(const SourceView& source, const LoadLimits& limits,
                         Diagnostics& diagnostics)
    : source_(source), limits_(limits), diagnostics_(diagnostics) {}

std::optional<Location> TreeBuilder::open_flow(YamlNode::Kind kind) const {
  for (auto frame = stack_.rbegin(); frame != stack_.rend(); ++frame) {
    if (frame->flow && frame->node->kind == kind) return frame->node->location;
  }
  return std::nullopt;
}

std::optional<Location> TreeBuilder::innermost_open() const {
  if (stack_.empty()) return std::nullopt;
  return stack_.back().node->location;
}

void TreeBuilder::OnDocumentStart(const YAML::Mark& mark) {
  if (++documents_ == 1) return;
  // yaml-cpp also starts a new document, without any `---`, when a line
  // after a top-level list or after `...` fits no block; that is usually
  // a misindented line rather than a second document.
  if (source_.text.substr(source_.offset(mark)).starts_with("---")) {
    stop(source_.at(mark), "syntax", "a schema file holds one YAML document");
  }
  stop(source_.at(mark), "syntax",
       "unexpected content after the end of the document; check the indentation of this line");
}

void TreeBuilder::OnAnchor(const YAML::Mark& /*mark*/, const std::string& name) {
  anchor_name_ = name;
}

void TreeBuilder::OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) {
  YamlNode& node = create(YamlNode::Kind::null, mark, std::string(kPlainTag), anchor);
  // yaml-cpp marks an empty value at the token after it, often on a later
  // line; the key it belongs to is the better place to point at.
  bool is_value = !stack_.empty() && stack_.back().key != nullptr;
  if (is_value && !explicit_null_at(source_.text, source_.offset(mark))) {
    node.location = stack_.back().key->location;
  }
  count(1, 0, node.location, false);
  attach(node);
}

void TreeBuilder::OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                           const std::string& value) {
  YamlNode& node = create(YamlNode::Kind::scalar, mark, tag, anchor);
  node.quoted = tag == kNonPlainTag;
  node.text = node.quoted ? repair_escapes(value) : value;
  if (node.quoted) check_quote_closed(mark);
  note_text_column(node, source_.offset(mark));
  node.expanded_bytes = node.text.size();
  count(1, node.expanded_bytes, node.location, false);
  attach(node);
}

void TreeBuilder::OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) {
  Location at = source_.at(mark);
  auto found = anchors_.find(anchor);
  if (found == anchors_.end()) stop(at, "syntax", "alias to an unknown anchor");
  const Anchor& target = found->second;
  if (target.open) {
    stop(at, "yaml-limits",
         "alias '*" + excerpt(target.name) + "' refers to a node that contains it");
  }
  check_depth(static_cast<std::uint32_t>(stack_.size()) + target.node->height, at);
  count(target.node->expanded_size, target.node->expanded_bytes, at, true);
  attach(*target.node);
  if (!stack_.empty()) {
    stack_.back().child_height = std::max(stack_.back().child_height, target.node->height);
  }
}

void TreeBuilder::OnSequenceStart(const YAML::Mark& mark, const std::string& tag,
                                  YAML::anchor_t anchor, YAML::EmitterStyle::value style) {
  start_collection(YamlNode::Kind::sequence, mark, tag, anchor, style);
}

void TreeBuilder::OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                             YAML::EmitterStyle::value style) {
  start_collection(YamlNode::Kind::map, mark, tag, anchor, style);
}

YamlNode& TreeBuilder::create(YamlNode::Kind kind, const YAML::Mark& mark, const std::string& tag,
                              YAML::anchor_t anchor) {
  YamlNode& node = document_->nodes.emplace_back();
  node.kind = kind;
  node.location = source_.at(mark);
  node.in_flow = !stack_.empty() && stack_.back().in_flow;
  if (tag != kPlainTag && tag != kNonPlainTag) {
    // Reported, then read as if untagged: the rest of the file still loads.
    diagnostics_.error(node.location, "shape", "YAML tags are not supported");
  }
  if (anchor != YAML::NullAnchor) {
    anchors_[anchor] = Anchor{&node, std::exchange(anchor_name_, {}),
                              kind == YamlNode::Kind::map || kind == YamlNode::Kind::sequence};
  }
  return node;
}

void TreeBuilder::start_collection(YamlNode::Kind kind, const YAML::Mark& mark,
                                   const std::string& tag, YAML::anchor_t anchor,
                                   YAML::EmitterStyle::value style) {
  YamlNode& node = create(kind, mark, tag, anchor);
  std::uint64_t before = total_;
  std::uint64_t bytes_before = total_bytes_;
  count(1, 0, node.location, false);
  attach(node);
  bool flow = style == YAML::EmitterStyle::Flow;
  stack_.push_back(
      Frame{&node, flow, flow || node.in_flow, nullptr, anchor, before, bytes_before, 0});
  check_depth(static_cast<std::uint32_t>(stack_.size()), node.location);
}

void TreeBuilder::end_collection() {
  Frame frame = stack_.back();
  stack_.pop_back();
  YamlNode& node = *frame.node;
  node.expanded_size = total_ - frame.total_before;
  node.expanded_bytes = total_bytes_ - frame.bytes_before;
  node.height = frame.child_height + 1;
  if (node.kind == YamlNode::Kind::map) remove_duplicate_keys(node);
  if (frame.anchor != YAML::NullAnchor) anchors_[frame.anchor].open = false;
  if (!stack_.empty()) {
    stack_.back().child_height = std::max(stack_.back().child_height, node.height);
  }
}

void TreeBuilder::attach(const YamlNode& node) {
  if (stack_.empty()) {
    document_->root = &node;
    return;
  }
  Frame& parent = stack_.back();
  if (parent.node->kind == YamlNode::Kind::sequence) {
    parent.node->items.push_back(&node);
  } else if (parent.key == nullptr) {
    parent.key = &node;
  } else {
    parent.node->entries.push_back({parent.key, &node});
    parent.key = nullptr;
  }
}

void TreeBuilder::count(std::uint64_t nodes, std::uint64_t bytes, Location at, bool by_alias) {
  total_ = saturating_add(total_, nodes);
  total_bytes_ = saturating_add(total_bytes_, bytes);
  if (total_ > limits_.max_expanded_nodes) {
    std::string limit = std::to_string(limits_.max_expanded_nodes);
    stop(at, "yaml-limits",
         by_alias ? "aliases expand the document to more than " + limit + " nodes"
                  : "the document has more than " + limit + " nodes");
  }
  if (total_bytes_ > limits_.max_expanded_bytes) {
    std::string limit = std::to_string(limits_.max_expanded_bytes);
    stop(at, "yaml-limits",
         by_alias ? "aliases expand the document to more than " + limit + " bytes of text"
                  : "the document holds more than " + limit + " bytes of text");
  }
}

void TreeBuilder::check_depth(std::uint32_t depth, Location at) {
  if (depth <= limits_.max_depth) return;
  stop(at, "yaml-limits", "nesting deeper than " + std::to_string(limits_.max_depth) + " levels");
}

void TreeBuilder::check_quote_closed(const YAML::Mark& mark) {
  std::size_t open = skip_properties(source_.text, source_.offset(mark));
  if (open >= source_.text.size()) return;
  char quote = source_.text[open];
  if (quote != '"' && quote != '\'') return;  // a block scalar, or `!` before a plain one
  if (closing_quote(source_.text, open) != std::string_view::npos) return;
  stop(source_.at_offset(open), "syntax",
       quote == '"' ? "missing the closing '\"' of this quoted string"
                    : "missing the closing \"'\" of this quoted string");
}

void TreeBuilder::note_text_column(YamlNode& node, std::size_t offset) const {
  std::string_view text = source_.text;
  if (node.text.find('\n') != std::string::npos || offset >= text.size()) return;
  std::size_t start = offset;
  if (node.quoted) {
    char quote = text[offset];
    if (quote != '"' && quote != '\'') return;
    start = offset + 1;
    std::size_t end = start + node.text.size();
    if (end >= text.size() || text[end] != quote) return;
  }
  if (text.substr(start, node.text.size()) != node.text) return;
  node.text_column = node.location.column + static_cast<std::uint32_t>(start - offset);
}

void TreeBuilder::remove_duplicate_keys(YamlNode& map) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < map.entries.size(); ++i) {
    if (map.entries[i].key->kind == YamlNode::Kind::scalar) order.push_back(i);
  }
  auto text_of = [&](std::size_t i) -> const std::string& { return map.entries[i].key->text; };
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return text_of(a) < text_of(b); });
  // (duplicate index, first index), reported in written order.
  std::vector<std::pair<std::size_t, std::size_t>> duplicates;
  for (std::size_t k = 1, first = 0; k < order.size(); ++k) {
    if (text_of(order[k]) != text_of(order[first])) {
      first = k;
    } else {
      duplicates.emplace_back(order[k], order[first]);
    }
  }
  if (duplicates.empty()) return;
  std::sort(duplicates.begin(), duplicates.end());
  std::vector<bool> dropped(map.entries.size(), false);
  for (auto [duplicate, first] : duplicates) {
    const YamlNode& key = *map.entries[duplicate].key;
    Location defined = map.entries[first].key->location;
    diagnostics_.error(key.location, "duplicate-key",
                       "duplicate key '" + excerpt(key.text) + "'; first defined at line " +
                           std::to_string(defined.line) + ", column " +
                           std::to_string(defined.column));
    dropped[duplicate] = true;
  }
  std::size_t kept = 0;
  for (std::size_t i = 0; i < map.entries.size(); ++i) {
    if (!dropped[i]) map.entries[kept++] = map.entries[i];
  }
  map.entries.resize(kept);
}

void TreeBuilder::stop(Location at, std::string rule, std::string message) {
  diagnostics_.error(at, std::move(rule), std::move(message));
  throw StopParsing{};
}

}  // namespace mealy::schema::loader
