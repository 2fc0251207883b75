#include "json_text.hpp"

#include <charconv>
#include <cmath>

#include "emit_common.hpp"
#include "mealy/schema/unicode.hpp"

namespace mealy::codegen::jsonschema {
namespace {

constexpr std::size_t kWidth = 100;

void append_escape(std::string& out, std::uint32_t value) {
  static const char* kHex = "0123456789abcdef";
  out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4)
    out += kHex[(value >> shift) & 0xF];
}

}  // namespace

std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    std::uint32_t code = 0;
    if (std::size_t length = schema::bidi_control_at(text, i, code)) {
      append_escape(out, code);
      i += length - 1;
    } else if (line_separator_at(text, i)) {
      append_escape(out, static_cast<unsigned char>(text[i + 2]) == 0xA8 ? 0x2028 : 0x2029);
      i += 2;
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < 0x20 || c == 0x7F) {
      append_escape(out, c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

Json Json::string(std::string_view text) {
  return literal(json_string(text));
}

Json Json::literal(std::string text) {
  Json json(Kind::literal);
  json.text_ = std::move(text);
  return json;
}

Json Json::number(double value) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  (void)ec;  // 32 characters hold any double's shortest form
  std::string text(buffer, end);
  // JSON has no infinities; the checker refuses them as bounds.
  return literal(std::isfinite(value) ? text : "null");
}

Json& Json::set(std::string_view key, Json value) {
  for (auto& [name, existing] : members_) {
    if (name == key) {
      existing = std::move(value);
      return *this;
    }
  }
  members_.emplace_back(std::string(key), std::move(value));
  return *this;
}

Json& Json::merge(Json other) {
  for (auto& [key, value] : other.members_)
    set(key, std::move(value));
  return *this;
}

Json& Json::push(Json value) {
  items_.push_back(std::move(value));
  return *this;
}

void Json::print_compact(std::string& out) const {
  switch (kind_) {
    case Kind::literal:
      out += text_;
      return;
    case Kind::object:
      out += '{';
      for (std::size_t i = 0; i < members_.size(); ++i) {
        if (i > 0) out += ", ";
        out += json_string(members_[i].first) + ": ";
        members_[i].second.print_compact(out);
      }
      out += '}';
      return;
    case Kind::array:
      out += '[';
      for (std::size_t i = 0; i < items_.size(); ++i) {
        if (i > 0) out += ", ";
        items_[i].print_compact(out);
      }
      out += ']';
      return;
  }
}

void Json::print_at(std::string& out, std::size_t indent, std::size_t column) const {
  std::string compact;
  print_compact(compact);
  if (kind_ == Kind::literal || empty() || column + compact.size() <= kWidth) {
    out += compact;
    return;
  }
  std::string inner(indent + 2, ' ');
  out += kind_ == Kind::object ? "{\n" : "[\n";
  std::size_t count = kind_ == Kind::object ? members_.size() : items_.size();
  for (std::size_t i = 0; i < count; ++i) {
    out += inner;
    std::size_t at = inner.size();
    if (kind_ == Kind::object) {
      std::string key = json_string(members_[i].first) + ": ";
      out += key;
      at += key.size();
      members_[i].second.print_at(out, indent + 2, at + (i + 1 < count ? 1 : 0));
    } else {
      items_[i].print_at(out, indent + 2, at + (i + 1 < count ? 1 : 0));
    }
    out += i + 1 < count ? ",\n" : "\n";
  }
  out += std::string(indent, ' ') + (kind_ == Kind::object ? "}" : "]");
}

std::string Json::print() const {
  std::string out;
  print_at(out, 0, 0);
  return out + "\n";
}

}  // namespace mealy::codegen::jsonschema
