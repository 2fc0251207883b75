// Comparing types and fields for `mealyc compat`: which values written with
// the old schema the new one still reads (compat_parts.hpp).
#include <algorithm>

#include "compat_parts.hpp"

namespace mealy::cli::compat {

using schema::Field;
using schema::TypeKind;
using schema::TypeRef;

namespace {

// -1, 0 or 1 as `a` is below, equal to or above `b` (constants of one numeric kind).
int compare_numbers(const schema::Constant& a, const schema::Constant& b) {
  switch (a.kind) {
    case TypeKind::uint32:
    case TypeKind::uint64:
      return a.uint_value < b.uint_value ? -1 : a.uint_value > b.uint_value ? 1 : 0;
    case TypeKind::float64:
      return a.float_value < b.float_value ? -1 : a.float_value > b.float_value ? 1 : 0;
    default:
      return a.int_value < b.int_value ? -1 : a.int_value > b.int_value ? 1 : 0;
  }
}

std::string written(const std::optional<schema::Value>& value) {
  return value ? value->text : "none";
}

std::string written(const std::optional<std::uint64_t>& value) {
  return value ? std::to_string(*value) : "none";
}

}  // namespace

TypeIndex index_types(const schema::Model& model) {
  TypeIndex index;
  for (const auto& file : model.files) {
    for (const schema::TypeDecl& decl : file->types)
      index.emplace(decl.name.text, &decl);
  }
  return index;
}

std::string spell(const TypeRef& type) {
  switch (type.kind) {
    case TypeKind::boolean:
      return "bool";
    case TypeKind::int32:
      return "int32";
    case TypeKind::int64:
      return "int64";
    case TypeKind::uint32:
      return "uint32";
    case TypeKind::uint64:
      return "uint64";
    case TypeKind::float64:
      return "float64";
    case TypeKind::string:
      return "string";
    case TypeKind::bytes:
      return "bytes";
    case TypeKind::uuid:
      return "uuid";
    case TypeKind::timestamp:
      return "timestamp";
    case TypeKind::duration:
      return "duration";
    case TypeKind::list:
      return "list<" + spell(type.element.front()) + ">";
    case TypeKind::map:
      return "map<string, " + spell(type.element.front()) + ">";
    case TypeKind::optional:
      return spell(type.element.front()) + "?";
    case TypeKind::named:
      return type.name.text;
  }
  return type.spelling;
}

bool reads_as(const TypeRef& before, const TypeRef& after) {
  if (before.kind == after.kind) {
    switch (before.kind) {
      case TypeKind::named:
        return before.name.text == after.name.text;
      case TypeKind::list:
      case TypeKind::map:
      case TypeKind::optional:
        return reads_as(before.element.front(), after.element.front());
      default:
        return true;
    }
  }
  if (after.kind == TypeKind::optional) return reads_as(before, after.element.front());
  // Widening: the int64 and uint64 decoders accept JSON numbers in the
  // safe-integer range, which every int32 and uint32 is.
  if (before.kind == TypeKind::int32) return after.kind == TypeKind::int64;
  if (before.kind == TypeKind::uint32)
    return after.kind == TypeKind::uint64 || after.kind == TypeKind::int64;
  return false;
}

void collect_types(const std::vector<Field>& fields, const TypeIndex& types,
                   std::set<std::string>& out) {
  struct Walk {
    const TypeIndex& types;
    std::set<std::string>& out;
    void type(const TypeRef& ref) {
      for (const TypeRef& element : ref.element)
        type(element);
      if (ref.kind != TypeKind::named || !out.insert(ref.name.text).second) return;
      auto found = types.find(ref.name.text);
      if (found == types.end()) return;
      for (const Field& field : found->second->fields)
        type(field.type);
    }
  };
  Walk walk{types, out};
  for (const Field& field : fields)
    walk.type(field.type);
}

std::vector<Tightened> tightened_constraints(const Field& before, const Field& after) {
  std::vector<Tightened> out;
  if (after.min_value &&
      (!before.min_value || compare_numbers(*after.min_value, *before.min_value) > 0)) {
    out.push_back(
        {after.min->location, "min " + after.min->text + " (was " + written(before.min) + ")"});
  }
  if (after.max_value &&
      (!before.max_value || compare_numbers(*after.max_value, *before.max_value) < 0)) {
    out.push_back(
        {after.max->location, "max " + after.max->text + " (was " + written(before.max) + ")"});
  }
  if (after.min_length && (!before.min_length || *after.min_length > *before.min_length)) {
    out.push_back({after.location, "min_length " + std::to_string(*after.min_length) + " (was " +
                                       written(before.min_length) + ")"});
  }
  if (after.max_length && (!before.max_length || *after.max_length < *before.max_length)) {
    out.push_back({after.location, "max_length " + std::to_string(*after.max_length) + " (was " +
                                       written(before.max_length) + ")"});
  }
  return out;
}

void compare_plain_fields(const Owner& owner, const std::vector<Field>& before,
                          const std::vector<Field>& after, schema::Diagnostics& out) {
  for (const Field& old_field : before) {
    const std::string field = "field '" + old_field.name.text + "' of " + owner.what;
    const Field* new_field = find_named(after, old_field.name.text);
    if (!new_field) {
      if (owner.stored) {
        out.warning(old_field.name.location, "field-removed",
                    field +
                        " was removed: values written from now on lack it, and readers still "
                        "on the old schema fail to decode them");
      } else {
        out.warning(old_field.name.location, "command-field-removed",
                    field +
                        " was removed: clients that send it are no longer heard (the field is "
                        "ignored)");
      }
      continue;
    }
    if (!reads_as(old_field.type, new_field->type)) {
      const std::string change =
          field + " changed type from " + spell(old_field.type) + " to " + spell(new_field->type);
      if (owner.stored) {
        out.error(new_field->type.location, "field-type-changed",
                  change + ": stored values hold " + spell(old_field.type));
      } else {
        out.warning(new_field->type.location, "command-field-type-changed",
                    change + ": clients that send " + spell(old_field.type) + " are rejected");
      }
      continue;
    }
    for (const Tightened& tightened : tightened_constraints(old_field, *new_field)) {
      if (owner.stored) {
        out.error(tightened.location, "constraint-tightened",
                  field + " has a tighter constraint, " + tightened.text +
                      ": stored values may break it");
      } else {
        out.warning(tightened.location, "command-constraint-tightened",
                    field + " has a tighter constraint, " + tightened.text +
                        ": commands that clients send today may be rejected");
      }
    }
  }
  for (const Field& new_field : after) {
    if (new_field.type.kind == TypeKind::optional || find_named(before, new_field.name.text))
      continue;
    const std::string field = "field '" + new_field.name.text + "' of " + owner.what;
    if (owner.stored) {
      out.error(new_field.name.location, "new-required-field",
                field + " is new and required: stored values lack it; make it optional ('" +
                    spell(new_field.type) + "?')");
    } else {
      out.warning(new_field.name.location, "command-field-added",
                  field +
                      " is new and required: clients that do not send it are rejected; make it "
                      "optional ('" +
                      spell(new_field.type) + "?')");
    }
  }
}

void compare_types(const TypeIndex& before, const TypeIndex& after,
                   const std::set<std::string>& stored, const std::set<std::string>& sent,
                   schema::Diagnostics& out) {
  std::set<std::string> names = stored;
  names.insert(sent.begin(), sent.end());
  for (const std::string& name : names) {
    auto old_decl = before.find(name);
    auto new_decl = after.find(name);
    // A type NEW no longer declares is no longer used: the fields that used
    // it changed type, and say so.
    if (old_decl == before.end() || new_decl == after.end()) continue;
    const schema::TypeDecl& was = *old_decl->second;
    const schema::TypeDecl& now = *new_decl->second;
    const bool is_stored = stored.count(name) > 0;
    const std::string kind_was = was.is_enum ? "an enum" : "a record";
    if (was.is_enum != now.is_enum) {
      const std::string message = "type '" + name + "' was " + kind_was + " and is now " +
                                  (now.is_enum ? "an enum" : "a record");
      if (is_stored) {
        out.error(now.name.location, "type-kind-changed",
                  message + ": stored values hold " + kind_was);
      } else {
        out.warning(now.name.location, "command-field-type-changed",
                    message + ": clients that send " + kind_was + " are rejected");
      }
      continue;
    }
    if (!was.is_enum) {
      compare_plain_fields({"type '" + name + "'", is_stored}, was.fields, now.fields, out);
      continue;
    }
    for (const schema::EnumMember& member : was.members) {
      const bool kept =
          std::any_of(now.members.begin(), now.members.end(),
                      [&](const schema::EnumMember& m) { return m.name.text == member.name.text; });
      if (kept) continue;
      const std::string message =
          "value '" + member.name.text + "' was removed from enum '" + name + "'";
      if (is_stored) {
        out.error(member.name.location, "enum-value-removed",
                  message + ": stored values holding it would no longer decode");
      } else {
        out.warning(member.name.location, "command-enum-value-removed",
                    message + ": clients that send it are rejected");
      }
    }
  }
}

}  // namespace mealy::cli::compat
