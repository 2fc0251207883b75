// Constraint checks (min, max, min_length, max_length), generated per
// record-like struct. Nested records are checked too, with the field's path.
#include <set>

#include "cpp_names.hpp"
#include "emit_context.hpp"

namespace mealy::codegen::cpp {

using schema::Field;
using schema::TypeKind;
using schema::TypeRef;

namespace {

bool record_has_constraints(const schema::TypeDecl& decl, std::set<const schema::TypeDecl*>& seen);

bool type_has_constraints(const TypeRef& type, std::set<const schema::TypeDecl*>& seen) {
  if (type.kind == TypeKind::named) {
    return !type.decl->is_enum && record_has_constraints(*type.decl, seen);
  }
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

// The C++ expression of a bound, in the field's (unwrapped) type.
std::string bound(EmitContext& ctx, const schema::Constant& value, const TypeRef& type) {
  return constant_expression(ctx, value, type);
}

std::string shown(const schema::Value& written) { return written.text; }

std::string unit_of(const TypeRef& type, std::uint64_t count) {
  std::string unit;
  switch (type.kind) {
    case TypeKind::string: unit = "character"; break;
    case TypeKind::bytes: unit = "byte"; break;
    case TypeKind::map: unit = "entry"; break;
    default: unit = "item"; break;
  }
  if (count == 1) return unit;
  return unit == "entry" ? "entries" : unit + "s";
}

std::string size_expression(const TypeRef& type, const std::string& value) {
  return type.kind == TypeKind::string ? "mealy::code_points(" + value + ")" : value + ".size()";
}

// Checks of one value (`value` is a C++ expression of type `type`, not optional).
void emit_value_checks(EmitContext& ctx, const Field& field, const TypeRef& type,
                       const std::string& value, const std::string& path) {
  Printer& s = ctx.source;
  const std::string name = field.name.text;
  if (field.min_value) {
    // Written as !(value >= bound) so that a NaN fails the check too.
    s.print("if (!($value$ >= $bound$)) return mealy::Violation{$path$, \"min\", $message$};\n",
            {{"value", value}, {"bound", bound(ctx, *field.min_value, type)}, {"path", path},
             {"message", string_literal(name + " must be at least " + shown(*field.min))}});
  }
  if (field.max_value) {
    s.print("if (!($value$ <= $bound$)) return mealy::Violation{$path$, \"max\", $message$};\n",
            {{"value", value}, {"bound", bound(ctx, *field.max_value, type)}, {"path", path},
             {"message", string_literal(name + " must be at most " + shown(*field.max))}});
  }
  if (field.min_length) {
    s.print("if ($size$ < $n$) return mealy::Violation{$path$, \"min_length\", $message$};\n",
            {{"size", size_expression(type, value)}, {"n", std::to_string(*field.min_length) + "u"},
             {"path", path},
             {"message", string_literal(name + " must have at least " + std::to_string(*field.min_length) +
                                        " " + unit_of(type, *field.min_length))}});
  }
  if (field.max_length) {
    s.print("if ($size$ > $n$) return mealy::Violation{$path$, \"max_length\", $message$};\n",
            {{"size", size_expression(type, value)}, {"n", std::to_string(*field.max_length) + "u"},
             {"path", path},
             {"message", string_literal(name + " must have at most " + std::to_string(*field.max_length) +
                                        " " + unit_of(type, *field.max_length))}});
  }
}

// Nested records inside `value` of `type`, with their path prefixed.
void emit_nested_checks(EmitContext& ctx, const TypeRef& type, const std::string& value,
                        const std::string& path_expression, int depth) {
  std::set<const schema::TypeDecl*> seen;
  if (!type_has_constraints(type, seen)) return;
  Printer& s = ctx.source;
  const std::string var = "v" + std::to_string(depth);
  switch (type.kind) {
    case TypeKind::named:
      s.print("if (auto inner = validate($value$)) {\n"
              "  inner->field = $path$ + \".\" + inner->field;\n"
              "  inner->message = $path$ + \".\" + inner->message;\n"
              "  return inner;\n"
              "}\n",
              {{"value", value}, {"path", path_expression}});
      return;
    case TypeKind::optional:
      s.print("if ($value$) {\n", {{"value", value}});
      {
        Printer::Indent in(s);
        emit_nested_checks(ctx, type.element.at(0), "*" + value, path_expression, depth + 1);
      }
      s.print("}\n");
      return;
    case TypeKind::list:
      s.print("for (std::size_t i$d$ = 0; i$d$ < $value$.size(); ++i$d$) {\n",
              {{"d", std::to_string(depth)}, {"value", value}});
      {
        Printer::Indent in(s);
        emit_nested_checks(ctx, type.element.at(0), value + "[i" + std::to_string(depth) + "]",
                           path_expression + " + \"[\" + std::to_string(i" + std::to_string(depth) + ") + \"]\"",
                           depth + 1);
      }
      s.print("}\n");
      return;
    case TypeKind::map:
      s.print("for (const auto& [key$d$, $var$] : $value$) {\n",
              {{"d", std::to_string(depth)}, {"var", var}, {"value", value}});
      {
        Printer::Indent in(s);
        emit_nested_checks(ctx, type.element.at(0), var,
                           path_expression + " + \"[\" + key" + std::to_string(depth) + " + \"]\"", depth + 1);
      }
      s.print("}\n");
      return;
    default:
      return;
  }
}

}  // namespace

void emit_validate(EmitContext& ctx, const std::string& self, const std::vector<Field>& fields) {
  ctx.header.print(
      "// The first constraint `value` breaks (min, max, min_length, max_length), if any.\n"
      "[[nodiscard]] std::optional<mealy::Violation> validate(const $self$& value);\n",
      {{"self", self}});
  Printer& s = ctx.source;
  s.print("std::optional<mealy::Violation> validate(const $self$& value) {\n", {{"self", self}});
  {
    Printer::Indent in(s);
    bool any = false;
    for (const Field& field : fields) {
      std::set<const schema::TypeDecl*> seen;
      if (!field_has_constraints(field, seen)) continue;
      any = true;
      const std::string member = "value." + identifier(field.name.text);
      const std::string path = string_literal(field.name.text);
      if (field.type.kind == TypeKind::optional) {
        s.print("if ($member$) {\n", {{"member", member}});
        Printer::Indent opt(s);
        emit_value_checks(ctx, field, field.type.element.at(0), "(*" + member + ")", path);
        emit_nested_checks(ctx, field.type.element.at(0), "(*" + member + ")", "std::string(" + path + ")", 0);
      } else {
        emit_value_checks(ctx, field, field.type, member, path);
        emit_nested_checks(ctx, field.type, member, "std::string(" + path + ")", 0);
      }
      if (field.type.kind == TypeKind::optional) s.print("}\n");
    }
    if (!any) s.print("(void)value;\n");
    s.print("return std::nullopt;\n");
  }
  s.print("}\n\n");
}

}  // namespace mealy::codegen::cpp
