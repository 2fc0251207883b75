#include "emit_common.hpp"

#include <set>

#include "mealy/schema/unicode.hpp"

namespace mealy::codegen {

using schema::Field;
using schema::TypeKind;
using schema::TypeRef;

namespace {

bool record_has_constraints(const schema::TypeDecl& decl, std::set<const schema::TypeDecl*>& seen);

bool type_has_constraints(const TypeRef& type, std::set<const schema::TypeDecl*>& seen) {
  if (type.kind == TypeKind::named)
    return !type.decl->is_enum && record_has_constraints(*type.decl, seen);
  for (const TypeRef& element : type.element) {
    if (type_has_constraints(element, seen)) return true;
  }
  return false;
}

bool field_has_constraints(const Field& field, std::set<const schema::TypeDecl*>& seen) {
  return field.min_value || field.max_value || field.min_length || field.max_length ||
         type_has_constraints(field.type, seen);
}

bool record_has_constraints(const schema::TypeDecl& decl, std::set<const schema::TypeDecl*>& seen) {
  if (!seen.insert(&decl).second) return false;  // a list back to itself adds nothing new
  for (const Field& field : decl.fields) {
    if (field_has_constraints(field, seen)) return true;
  }
  return false;
}

std::string unit_of(const TypeRef& type, std::uint64_t count) {
  std::string unit;
  switch (type.kind) {
    case TypeKind::string:
      unit = "character";
      break;
    case TypeKind::bytes:
      unit = "byte";
      break;
    case TypeKind::map:
      unit = "entry";
      break;
    default:
      unit = "item";
      break;
  }
  if (count == 1) return unit;
  return unit == "entry" ? "entries" : unit + "s";
}

}  // namespace

bool has_constraints(const TypeRef& type) {
  std::set<const schema::TypeDecl*> seen;
  return type_has_constraints(type, seen);
}

bool has_constraints(const Field& field) {
  std::set<const schema::TypeDecl*> seen;
  return field_has_constraints(field, seen);
}

std::string min_message(const Field& field) {
  return field.name.text + " must be at least " + field.min->text;
}

std::string max_message(const Field& field) {
  return field.name.text + " must be at most " + field.max->text;
}

std::string min_length_message(const Field& field, const TypeRef& type) {
  return field.name.text + " must have at least " + std::to_string(*field.min_length) + " " +
         unit_of(type, *field.min_length);
}

std::string max_length_message(const Field& field, const TypeRef& type) {
  return field.name.text + " must have at most " + std::to_string(*field.max_length) + " " +
         unit_of(type, *field.max_length);
}

std::vector<std::string> comment_lines(std::string_view written) {
  const std::string shown = schema::show_bidi_controls(written);
  const std::string_view text = shown;
  std::vector<std::string> lines(1);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (const std::size_t separator = line_separator_at(text, i)) {
      i += separator - 1;
      lines.emplace_back();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      lines.emplace_back();
    } else if ((c >= 0x20 || c == '\t') && c != 0x7F) {
      lines.back() += static_cast<char>(c);
    }
  }
  return lines;
}

std::size_t line_separator_at(std::string_view text, std::size_t i) {
  if (i + 2 < text.size() && static_cast<unsigned char>(text[i]) == 0xE2 &&
      static_cast<unsigned char>(text[i + 1]) == 0x80 &&
      (static_cast<unsigned char>(text[i + 2]) == 0xA8 ||
       static_cast<unsigned char>(text[i + 2]) == 0xA9)) {
    return 3;
  }
  return 0;
}

}  // namespace mealy::codegen
