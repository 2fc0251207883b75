#include "loader/yaml_parse.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <istream>
#include <limits>
#include <new>
#include <streambuf>
#include <string>

#include "loader/source_view.hpp"
#include "loader/syntax_message.hpp"
#include "loader/tree_builder.hpp"
#include "loader/utf8.hpp"

namespace mealy::schema::loader {

namespace {

// An input stream reading a string_view in place, so that a 10 MB schema is
// not copied once more for yaml-cpp. The get area is never written: the
// default pbackfail refuses to put back a character that differs.
class ViewBuffer final : public std::streambuf {
 public:
  explicit ViewBuffer(std::string_view text) {
    char* begin = const_cast<char*>(text.data());
    setg(begin, begin, begin + text.size());
  }
};

void report_parser_exception(const YAML::ParserException& e, const SourceView& source,
                             const TreeBuilder& builder, Diagnostics& diagnostics) {
  OpenFlows open{builder.open_flow(YamlNode::Kind::sequence),
                 builder.open_flow(YamlNode::Kind::map)};
  // At the end of the input yaml-cpp's mark keeps a correct offset but may
  // say line 1, column 1; the offset is the one to trust.
  std::size_t offset = source.offset(e.mark);
  SyntaxError error = describe_syntax_error(e.msg, source.at_offset(offset), offset, source, open);
  diagnostics.error(error.location, "syntax", std::move(error.message));
}

}  // namespace

std::unique_ptr<YamlDocument> parse_yaml(std::string_view text, std::uint32_t file,
                                         const LoadLimits& limits, Diagnostics& diagnostics) {
  std::size_t bom = bom_length(text);
  SourceView source{text.substr(bom), file, bom};
  // yaml-cpp counts positions in an int.
  if (source.text.size() >= static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    diagnostics.error({file, 0, 0}, "yaml-limits", "file is larger than 2 GiB");
    return nullptr;
  }
  ViewBuffer buffer(source.text);
  std::istream stream(&buffer);
  TreeBuilder builder(source, limits, diagnostics);
  Location whole_file{file, 0, 0};
  try {
    YAML::Parser parser(stream);
    while (parser.HandleNextDocument(builder)) {
    }
  } catch (const StopParsing&) {
    return nullptr;  // the builder has reported why
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp's own guard, reached when LoadLimits::max_depth is above it.
    // Its depth counts parser calls, not levels, and its mark may be the end
    // of the input; the innermost open collection is where nesting stopped.
    diagnostics.error(
        builder.innermost_open().value_or(source.at(e.mark)), "yaml-limits",
        "nesting deeper than " + std::to_string(builder.open_collections()) + " levels");
    return nullptr;
  } catch (const YAML::ParserException& e) {
    report_parser_exception(e, source, builder, diagnostics);
    return nullptr;
  } catch (const YAML::Exception& e) {
    diagnostics.error(e.mark.is_null() ? whole_file : source.at(e.mark), "syntax", e.msg);
    return nullptr;
  } catch (const std::bad_alloc&) {
    diagnostics.error(whole_file, "yaml-limits", "out of memory while parsing the file");
    return nullptr;
  } catch (const std::exception& e) {
    diagnostics.error(whole_file, "syntax", std::string("the YAML parser failed: ") + e.what());
    return nullptr;
  } catch (...) {
    diagnostics.error(whole_file, "syntax", "the YAML parser failed");
    return nullptr;
  }
  std::unique_ptr<YamlDocument> document = builder.take_document();
  if (document->root == nullptr || document->root->kind == YamlNode::Kind::null) {
    diagnostics.error(whole_file, "empty-file", "file is empty; a schema starts with 'mealy: 1'");
    return nullptr;
  }
  return document;
}

}  // namespace mealy::schema::loader
