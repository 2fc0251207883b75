#include <charconv>
#include <string>

#include "loader/excerpt.hpp"
#include "loader/reader.hpp"

namespace mealy::schema::loader {

namespace {

// "'version' must be {what}, found {found}": a shape error when the node is
// not a scalar at all, a value error when the scalar does not fit.
void report_mismatch(const LoadContext& context, const YamlEntry& entry, std::string_view what) {
  const YamlNode& value = *entry.value;
  context.error(value.location, value.kind == YamlNode::Kind::scalar ? "value" : "shape",
                "'" + excerpt(entry.key->text) + "' must be " + std::string(what) + ", found " +
                    found_phrase(value));
}

}  // namespace

std::string found_phrase(const YamlNode& node) {
  if (node.kind != YamlNode::Kind::scalar) return std::string(kind_phrase(node));
  if (node.quoted) return "\"" + excerpt(node.text) + "\" (a quoted string)";
  return "'" + excerpt(node.text) + "'";
}

std::optional<Name> read_name(const LoadContext& context, const YamlEntry& entry,
                              std::string_view what) {
  const YamlNode& value = *entry.value;
  if (value.kind != YamlNode::Kind::scalar) {
    report_mismatch(context, entry, what);
    return std::nullopt;
  }
  return Name{value.text, value.location};
}

std::optional<std::vector<Name>> read_names(const LoadContext& context, const YamlEntry& entry,
                                            std::string_view what) {
  const YamlNode& value = *entry.value;
  if (value.kind == YamlNode::Kind::scalar) return std::vector<Name>{{value.text, value.location}};
  if (value.kind != YamlNode::Kind::sequence) {
    report_mismatch(context, entry, std::string(what) + " or a list of them");
    return std::nullopt;
  }
  std::vector<Name> names;
  bool complete = true;
  for (const YamlNode* item : value.items) {
    if (item->kind == YamlNode::Kind::scalar) {
      names.push_back({item->text, item->location});
    } else {
      context.error(item->location, "shape",
                    "expected " + std::string(what) + " in '" + excerpt(entry.key->text) +
                        "', found " + std::string(kind_phrase(*item)));
      complete = false;
    }
  }
  if (!complete) return std::nullopt;
  return names;
}

std::optional<std::string> read_text(const LoadContext& context, const YamlEntry& entry) {
  const YamlNode& value = *entry.value;
  if (value.kind == YamlNode::Kind::null) return std::string();
  if (value.kind != YamlNode::Kind::scalar) {
    report_mismatch(context, entry, "text");
    return std::nullopt;
  }
  return value.text;
}

std::optional<std::uint64_t> read_integer(const LoadContext& context, const YamlEntry& entry,
                                          std::uint64_t minimum, std::uint64_t maximum) {
  const YamlNode& value = *entry.value;
  std::string what = minimum == 0 ? "a non-negative integer" : "a positive integer";
  std::uint64_t number = 0;
  bool digits = value.kind == YamlNode::Kind::scalar && !value.quoted && !value.text.empty() &&
                value.text.find_first_not_of("0123456789") == std::string::npos;
  if (!digits) {
    report_mismatch(context, entry, what);
    return std::nullopt;
  }
  const char* end = value.text.data() + value.text.size();
  auto [stop, error] = std::from_chars(value.text.data(), end, number);
  if (error == std::errc::result_out_of_range || number > maximum) {
    report_mismatch(context, entry, what + " up to " + std::to_string(maximum));
    return std::nullopt;
  }
  if (number < minimum) {
    report_mismatch(context, entry, what);
    return std::nullopt;
  }
  return number;
}

std::optional<bool> read_bool(const LoadContext& context, const YamlEntry& entry) {
  const YamlNode& value = *entry.value;
  if (value.kind == YamlNode::Kind::scalar && !value.quoted) {
    if (value.text == "true") return true;
    if (value.text == "false") return false;
  }
  report_mismatch(context, entry, "true or false");
  return std::nullopt;
}

}  // namespace mealy::schema::loader
