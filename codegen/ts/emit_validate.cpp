// Constraint checks (min, max, min_length, max_length) of a record-like
// value, nested records included, with the same paths, codes and messages as
// the C++ checks (codegen/cpp/emit_validate.cpp), so that a web form refuses
// what the server would refuse.
#include "emit_common.hpp"
#include "ts_context.hpp"
#include "ts_names.hpp"

namespace mealy::codegen::ts {

using schema::Field;
using schema::TypeKind;
using schema::TypeRef;

namespace {

std::string size_expression(const TypeRef& type, const std::string& value) {
  switch (type.kind) {
    case TypeKind::string:
      return "mealy.codePoints(" + value + ")";
    case TypeKind::map:
      return value + ".size";
    default:
      return value + ".length";
  }
}

void emit_violation(Printer& p, const std::string& condition, const std::string& path,
                    const std::string& code, const std::string& message) {
  p.print("if ($condition$) return { field: $path$, code: $code$, message: $message$ };\n",
          {{"condition", condition},
           {"path", path},
           {"code", string_literal(code)},
           {"message", string_literal(message)}});
}

// Checks of one value (`value` an expression of `type`, not optional).
void emit_value_checks(TsContext& ctx, const Field& field, const TypeRef& type,
                       const std::string& value, const std::string& path) {
  Printer& p = ctx.out;
  // Written as !(value >= bound) so that a NaN fails the check too.
  if (field.min_value) {
    emit_violation(p, "!(" + value + " >= " + ctx.constant(*field.min_value, type) + ")", path,
                   "min", min_message(field));
  }
  if (field.max_value) {
    emit_violation(p, "!(" + value + " <= " + ctx.constant(*field.max_value, type) + ")", path,
                   "max", max_message(field));
  }
  if (field.min_length) {
    emit_violation(p, size_expression(type, value) + " < " + std::to_string(*field.min_length),
                   path, "min_length", min_length_message(field, type));
  }
  if (field.max_length) {
    emit_violation(p, size_expression(type, value) + " > " + std::to_string(*field.max_length),
                   path, "max_length", max_length_message(field, type));
  }
}

// Nested records inside `value` of `type`, their paths prefixed with `path`.
void emit_nested_checks(TsContext& ctx, const TypeRef& type, const std::string& value,
                        const std::string& path, int depth) {
  if (!has_constraints(type)) return;
  Printer& p = ctx.out;
  const std::string d = std::to_string(depth);
  switch (type.kind) {
    case TypeKind::named:
      p.print(
          "{\n"
          "  const inner = mealy.within($path$, $validate$($value$));\n"
          "  if (inner !== undefined) return inner;\n"
          "}\n",
          {{"path", path},
           {"validate", ctx.function_of(type, "validate", "validate")},
           {"value", value}});
      return;
    case TypeKind::optional:
      p.print("if ($value$ !== null) {\n", {{"value", value}});
      {
        Printer::Indent in(p);
        emit_nested_checks(ctx, type.element.at(0), value, path, depth + 1);
      }
      p.print("}\n");
      return;
    case TypeKind::list:
      p.print("for (const [i$d$, v$d$] of $value$.entries()) {\n", {{"d", d}, {"value", value}});
      {
        Printer::Indent in(p);
        emit_nested_checks(ctx, type.element.at(0), "v" + d,
                           path + " + \"[\" + String(i" + d + ") + \"]\"", depth + 1);
      }
      p.print("}\n");
      return;
    case TypeKind::map:
      p.print("for (const [k$d$, v$d$] of $value$) {\n", {{"d", d}, {"value", value}});
      {
        Printer::Indent in(p);
        emit_nested_checks(ctx, type.element.at(0), "v" + d, path + " + \"[\" + k" + d + " + \"]\"",
                           depth + 1);
      }
      p.print("}\n");
      return;
    default:
      return;
  }
}

}  // namespace

void emit_validate(TsContext& ctx, const std::string& name, const std::vector<Field>& fields) {
  Printer& p = ctx.out;
  p.print("function validate$name$(value: $name$): mealy.Violation | undefined {\n",
          {{"name", name}});
  {
    Printer::Indent in(p);
    bool any = false;
    for (const Field& field : fields) {
      if (!has_constraints(field)) continue;
      any = true;
      const std::string member = "value." + field.name.text;
      const std::string path = string_literal(field.name.text);
      if (field.type.kind == TypeKind::optional) {
        p.print("if ($member$ !== undefined) {\n", {{"member", member}});
        Printer::Indent optional(p);
        emit_value_checks(ctx, field, field.type.element.at(0), member, path);
        emit_nested_checks(ctx, field.type.element.at(0), member, path, 0);
      } else {
        emit_value_checks(ctx, field, field.type, member, path);
        emit_nested_checks(ctx, field.type, member, path, 0);
      }
      if (field.type.kind == TypeKind::optional) p.print("}\n");
    }
    if (!any) p.print("void value;\n");
    p.print("return undefined;\n");
  }
  p.print("}\n\n");
}

}  // namespace mealy::codegen::ts
