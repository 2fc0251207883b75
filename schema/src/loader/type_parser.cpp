#include "loader/type_parser.hpp"

#include <array>
#include <string>
#include <utility>

#include "loader/excerpt.hpp"

namespace mealy::schema::loader {

namespace {

struct ScalarKeyword {
  std::string_view word;
  TypeKind kind;
};

constexpr std::array<ScalarKeyword, 11> kScalars{{
    {"bool", TypeKind::boolean},
    {"int32", TypeKind::int32},
    {"int64", TypeKind::int64},
    {"uint32", TypeKind::uint32},
    {"uint64", TypeKind::uint64},
    {"float64", TypeKind::float64},
    {"string", TypeKind::string},
    {"bytes", TypeKind::bytes},
    {"uuid", TypeKind::uuid},
    {"timestamp", TypeKind::timestamp},
    {"duration", TypeKind::duration},
}};

bool is_name_start(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

bool is_name_char(char c) {
  return is_name_start(c) || (c >= '0' && c <= '9') || c == '.';
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

class TypeParser {
 public:
  TypeParser(const LoadContext& context, const YamlNode& scalar)
      : context_(context), scalar_(scalar), text_(scalar.text) {}

  std::optional<TypeRef> parse() {
    std::optional<TypeRef> type = expression(0);
    if (!type) return std::nullopt;
    skip_spaces();
    if (pos_ < text_.size()) return fail(pos_, "unexpected '" + token_at(pos_) + "'");
    return type;
  }

 private:
  // T := BASE '?'?
  std::optional<TypeRef> expression(std::uint32_t depth) {
    skip_spaces();
    std::size_t start = pos_;
    std::optional<TypeRef> base = base_type(depth);
    if (!base) return std::nullopt;
    skip_spaces();
    if (!peek('?')) return base;
    if (base->kind == TypeKind::optional) return fail_plain(pos_, "'optional' of an optional type");
    ++pos_;
    TypeRef optional = make(TypeKind::optional, start);
    optional.element.push_back(std::move(*base));
    skip_spaces();
    if (peek('?')) return fail_plain(pos_, "'optional' of an optional type");
    return optional;
  }

  std::optional<TypeRef> base_type(std::uint32_t depth) {
    skip_spaces();
    std::size_t start = pos_;
    if (pos_ >= text_.size() || !is_name_start(text_[pos_])) return fail(pos_, "expected a type");
    while (pos_ < text_.size() && is_name_char(text_[pos_]))
      ++pos_;
    std::string_view word = text_.substr(start, pos_ - start);
    bool compound = word == "list" || word == "optional" || word == "map";
    if (compound && depth >= context_.limits.max_depth) {
      // Like YAML nesting: the compound one level too deep is the error.
      return fail(start,
                  "nested deeper than " + std::to_string(context_.limits.max_depth) + " levels");
    }

    if (word == "list" || word == "optional") {
      if (!expect('<')) return std::nullopt;
      std::optional<TypeRef> element = expression(depth + 1);
      if (!element || !expect('>')) return std::nullopt;
      bool is_list = word == "list";
      if (!is_list && element->kind == TypeKind::optional) {
        return fail_plain(start, "'optional' of an optional type");
      }
      TypeRef type = make(is_list ? TypeKind::list : TypeKind::optional, start);
      type.element.push_back(std::move(*element));
      return type;
    }
    if (word == "map") {
      if (!expect('<')) return std::nullopt;
      std::optional<TypeRef> key = expression(depth + 1);
      if (!key) return std::nullopt;
      if (key->kind != TypeKind::string) {
        return fail_plain_at(key->location,
                             "map keys must be 'string', found '" + excerpt(key->spelling) + "'");
      }
      if (!expect(',')) return std::nullopt;
      std::optional<TypeRef> value = expression(depth + 1);
      if (!value || !expect('>')) return std::nullopt;
      TypeRef type = make(TypeKind::map, start);
      type.element.push_back(std::move(*value));
      return type;
    }
    for (const ScalarKeyword& scalar : kScalars) {
      if (scalar.word == word) return make(scalar.kind, start);
    }
    TypeRef named = make(TypeKind::named, start);
    named.name = Name{std::string(word), at(start)};
    return named;
  }

  // A TypeRef spanning from `start` to the current position.
  TypeRef make(TypeKind kind, std::size_t start) const {
    TypeRef type;
    type.kind = kind;
    type.location = at(start);
    type.spelling = std::string(text_.substr(start, pos_ - start));
    return type;
  }

  bool expect(char c) {
    skip_spaces();
    if (peek(c)) {
      ++pos_;
      return true;
    }
    fail(pos_, std::string("expected '") + c + "'");
    return false;
  }

  bool peek(char c) const { return pos_ < text_.size() && text_[pos_] == c; }

  void skip_spaces() {
    while (pos_ < text_.size() && is_space(text_[pos_]))
      ++pos_;
  }

  Location at(std::size_t offset) const {
    if (scalar_.text_column == 0) return scalar_.location;
    Location location = scalar_.location;
    location.column = scalar_.text_column + static_cast<std::uint32_t>(offset);
    return location;
  }

  // The identifier, or the one (UTF-8) character, at `offset`.
  std::string token_at(std::size_t offset) const {
    std::size_t end = offset + 1;
    if (is_name_start(text_[offset])) {
      while (end < text_.size() && is_name_char(text_[end]))
        ++end;
    } else {
      while (end < text_.size() && (static_cast<unsigned char>(text_[end]) & 0xC0) == 0x80)
        ++end;
    }
    return excerpt(text_.substr(offset, end - offset));
  }

  // "invalid type 'list<string'; expected '>'", with a hint when a flow
  // collection's ',' cut the type short.
  std::nullopt_t fail(std::size_t offset, const std::string& problem) {
    std::string message = "invalid type '" + excerpt(trimmed()) + "'; " + problem;
    if (offset >= text_.size() && scalar_.in_flow && !scalar_.quoted) {
      message += "; inside '{...}' or '[...]', quote a type that contains ','";
    }
    context_.error(at(offset), "type-syntax", std::move(message));
    return std::nullopt;
  }

  std::nullopt_t fail_plain(std::size_t offset, std::string message) {
    return fail_plain_at(at(offset), std::move(message));
  }

  std::nullopt_t fail_plain_at(Location location, std::string message) {
    context_.error(location, "type-syntax", std::move(message));
    return std::nullopt;
  }

  std::string_view trimmed() const {
    std::string_view text = text_;
    while (!text.empty() && is_space(text.front()))
      text.remove_prefix(1);
    while (!text.empty() && is_space(text.back()))
      text.remove_suffix(1);
    return text;
  }

  const LoadContext& context_;
  const YamlNode& scalar_;
  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

std::optional<TypeRef> parse_type(const LoadContext& context, const YamlNode& scalar) {
  return TypeParser(context, scalar).parse();
}

}  // namespace mealy::schema::loader
