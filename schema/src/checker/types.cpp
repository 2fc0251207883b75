#include "checker/types.hpp"

#include <map>
#include <set>

#include "checker/names.hpp"

namespace mealy::schema::checker {
namespace {

void check_enum(Context& ctx, const TypeDecl& decl) {
  if (decl.members.empty()) {
    ctx.error(decl.name.location, "empty-enum", "enum " + quote(decl.name.text) + " has no members");
  }
  CollisionScope scope(ctx, "enum " + quote(decl.name.text));
  for (const EnumMember& member : decl.members) {
    if (!is_enum_member(member.name.text)) {
      ctx.error(member.name.location, "name-case",
                "enum member " + quote(member.name.text) +
                    " must be a letter followed by letters, digits or underscores");
    } else if (is_reserved_word(member.name.text)) {
      ctx.error(member.name.location, "reserved-name",
                "enum member " + quote(member.name.text) +
                    " is a reserved word in C++ or TypeScript");
    }
    scope.add(member.name, "enum member");
  }
}

// Records hold their fields by value (optional and map too); only a list may
// lead back to the record itself, since its elements live elsewhere.
void collect_by_value(const TypeRef& type, std::vector<const TypeDecl*>& out) {
  switch (type.kind) {
    case TypeKind::named:
      if (type.decl && !type.decl->is_enum) out.push_back(type.decl);
      return;
    case TypeKind::optional:
    case TypeKind::map:
      collect_by_value(type.element.at(0), out);
      return;
    default:
      return;
  }
}

bool contains_itself(const TypeDecl* start, const TypeDecl* current,
                     std::set<const TypeDecl*>& visited) {
  std::vector<const TypeDecl*> next;
  for (const Field& field : current->fields) collect_by_value(field.type, next);
  for (const TypeDecl* decl : next) {
    if (decl == start) return true;
    if (visited.insert(decl).second && contains_itself(start, decl, visited)) return true;
  }
  return false;
}

}  // namespace

void check_type_decls(Context& ctx) {
  for (TypeDecl& decl : ctx.file.types) {
    check_pascal_name(ctx, decl.name, "type");
    if (decl.is_enum) {
      check_enum(ctx, decl);
    } else {
      check_fields(ctx, decl.fields, "record " + quote(decl.name.text), 0);
    }
  }
  for (const TypeDecl& decl : ctx.file.types) {
    std::set<const TypeDecl*> visited;
    if (!decl.is_enum && contains_itself(&decl, &decl, visited)) {
      ctx.error(decl.name.location, "recursive-type",
                "record " + quote(decl.name.text) +
                    " contains itself; only a list may lead back to it");
    }
  }
}

}  // namespace mealy::schema::checker
