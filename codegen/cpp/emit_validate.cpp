// Constraint checks (min, max, min_length, max_length), generated per
// record-like struct. Nested records are checked too, with the field's path.
#include "cpp_names.hpp"
#include "emit_common.hpp"
#include "emit_context.hpp"

namespace mealy::codegen::cpp {

using schema::Field;
using schema::TypeKind;
using schema::TypeRef;

namespace {

// The C++ expression of a bound, in the field's (unwrapped) type.
std::string bound(EmitContext& ctx, const schema::Constant& value, const TypeRef& type) {
  return constant_expression(ctx, value, type);
}

std::string size_expression(const TypeRef& type, const std::string& value) {
  return type.kind == TypeKind::string ? "mealy::code_points(" + value + ")" : value + ".size()";
}

// Checks of one value (`value` is a C++ expression of type `type`, not optional).
void emit_value_checks(EmitContext& ctx, const Field& field, const TypeRef& type,
                       const std::string& value, const std::string& path) {
  Printer& s = ctx.source;
  if (field.min_value) {
    // Written as !(value >= bound) so that a NaN fails the check too.
    s.print("if (!($value$ >= $bound$)) return mealy::Violation{$path$, \"min\", $message$};\n",
            {{"value", value},
             {"bound", bound(ctx, *field.min_value, type)},
             {"path", path},
             {"message", string_literal(min_message(field))}});
  }
  if (field.max_value) {
    s.print("if (!($value$ <= $bound$)) return mealy::Violation{$path$, \"max\", $message$};\n",
            {{"value", value},
             {"bound", bound(ctx, *field.max_value, type)},
             {"path", path},
             {"message", string_literal(max_message(field))}});
  }
  if (field.min_length) {
    s.print("if ($size$ < $n$) return mealy::Violation{$path$, \"min_length\", $message$};\n",
            {{"size", size_expression(type, value)},
             {"n", std::to_string(*field.min_length) + "u"},
             {"path", path},
             {"message", string_literal(min_length_message(field, type))}});
  }
  if (field.max_length) {
    s.print("if ($size$ > $n$) return mealy::Violation{$path$, \"max_length\", $message$};\n",
            {{"size", size_expression(type, value)},
             {"n", std::to_string(*field.max_length) + "u"},
             {"path", path},
             {"message", string_literal(max_length_message(field, type))}});
  }
}

// Nested records inside `value` of `type`, with their path prefixed.
void emit_nested_checks(EmitContext& ctx, const TypeRef& type, const std::string& value,
                        const std::string& path_expression, int depth) {
  if (!has_constraints(type)) return;
  Printer& s = ctx.source;
  const std::string var = "v" + std::to_string(depth);
  switch (type.kind) {
    case TypeKind::named:
      s.print(
          "if (auto inner = validate($value$)) {\n"
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
        emit_nested_checks(
            ctx, type.element.at(0), value + "[i" + std::to_string(depth) + "]",
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
                           path_expression + " + \"[\" + key" + std::to_string(depth) + " + \"]\"",
                           depth + 1);
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
      if (!has_constraints(field)) continue;
      any = true;
      const std::string member = "value." + identifier(field.name.text);
      const std::string path = string_literal(field.name.text);
      if (field.type.kind == TypeKind::optional) {
        s.print("if ($member$) {\n", {{"member", member}});
        Printer::Indent opt(s);
        emit_value_checks(ctx, field, field.type.element.at(0), "(*" + member + ")", path);
        emit_nested_checks(ctx, field.type.element.at(0), "(*" + member + ")",
                           "std::string(" + path + ")", 0);
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
