#include "checker/types.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "checker/names.hpp"

namespace mealy::schema::checker {
namespace {

void check_enum(Context& ctx, const TypeDecl& decl) {
  if (decl.members.empty()) {
    ctx.error(decl.name.location, "empty-enum",
              "enum " + quote(decl.name.text) + " has no members");
  }
  CollisionScope scope(ctx, "enum " + quote(decl.name.text));
  for (const EnumMember& member : decl.members) {
    if (!is_enum_member(member.name.text)) {
      ctx.error(member.name.location, "name-case",
                "enum member " + quote(member.name.text) +
                    " must be a letter followed by letters, digits or underscores");
    } else {
      check_reserved(ctx, member.name.location, NameRole::enum_member,
                     "enum member " + quote(member.name.text), member.name.text);
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

// Every record or enum named in `type`, through lists, maps and optionals.
void collect_named(const TypeRef& type, std::vector<const TypeDecl*>& out) {
  if (type.kind == TypeKind::named && type.decl) out.push_back(type.decl);
  for (const TypeRef& element : type.element)
    collect_named(element, out);
}

bool contains_itself(const TypeDecl* start, const TypeDecl* current,
                     std::set<const TypeDecl*>& visited) {
  std::vector<const TypeDecl*> next;
  for (const Field& field : current->fields)
    collect_by_value(field.type, next);
  for (const TypeDecl* decl : next) {
    if (decl == start) return true;
    if (visited.insert(decl).second && contains_itself(start, decl, visited)) return true;
  }
  return false;
}

}  // namespace

void check_type_decls(Context& ctx) {
  for (TypeDecl& decl : ctx.file.types) {
    check_pascal_name(ctx, decl.name, "type", NameRole::type);
    if (decl.is_enum) {
      check_enum(ctx, decl);
    } else {
      resolve_fields(ctx, decl.fields, "record " + quote(decl.name.text));
    }
  }
  // A record's default may leave out fields of another record that have
  // defaults: type the records' values so that each comes after the records
  // it holds, whatever the order they are written in.
  // Depth first, with a stack of its own (a chain of records may be long).
  std::map<const TypeDecl*, TypeDecl*> own;
  for (TypeDecl& decl : ctx.file.types) {
    if (!decl.is_enum) own[&decl] = &decl;
  }
  std::set<const TypeDecl*> started;
  struct Step {
    TypeDecl* decl;
    std::vector<const TypeDecl*> held;  // the records it holds, visited from the back
  };
  for (TypeDecl& root : ctx.file.types) {
    if (root.is_enum || !started.insert(&root).second) continue;
    std::vector<Step> stack{{&root, {}}};
    for (const Field& field : root.fields)
      collect_named(field.type, stack.back().held);
    while (!stack.empty()) {
      Step& top = stack.back();
      if (top.held.empty()) {
        TypeDecl& done = *top.decl;
        stack.pop_back();
        check_field_values(ctx, done.fields, "record " + quote(done.name.text), 0);
        continue;
      }
      const TypeDecl* next = top.held.back();
      top.held.pop_back();
      auto found = own.find(next);
      // Another file's record is checked already; one started is done or,
      // on a cycle through a list, keeps the written order.
      if (found == own.end() || !started.insert(next).second) continue;
      Step step{found->second, {}};
      for (const Field& field : step.decl->fields)
        collect_named(field.type, step.held);
      std::reverse(step.held.begin(), step.held.end());
      stack.push_back(std::move(step));
    }
  }
  for (const TypeDecl& decl : ctx.file.types) {
    std::set<const TypeDecl*> visited;
    if (!decl.is_enum && contains_itself(&decl, &decl, visited)) {
      ctx.error(
          decl.name.location, "recursive-type",
          "record " + quote(decl.name.text) + " contains itself; only a list may lead back to it");
    }
  }
}

}  // namespace mealy::schema::checker
