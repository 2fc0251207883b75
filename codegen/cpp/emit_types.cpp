// Named value types: enums and records.
#include "cpp_names.hpp"
#include "emit_context.hpp"

namespace mealy::codegen::cpp {

void emit_enum(EmitContext& ctx, const schema::TypeDecl& decl) {
  Printer& h = ctx.header;
  Printer& s = ctx.source;
  const std::string name = identifier(decl.name.text);
  if (!decl.doc.empty()) h.print("$doc$", {{"doc", comment(decl.doc)}});
  h.print("enum class $name$ : std::uint8_t {\n", {{"name", name}});
  {
    Printer::Indent in(h);
    for (const schema::EnumMember& member : decl.members) {
      if (!member.doc.empty()) h.print("$doc$", {{"doc", comment(member.doc)}});
      h.print("$member$,\n", {{"member", identifier(member.name.text)}});
    }
  }
  std::string members;
  for (const schema::EnumMember& member : decl.members) {
    members += (members.empty() ? "" : ", ") + name + "::" + identifier(member.name.text);
  }
  h.print(
      "};\n"
      "// The member's name as written in the schema (and in JSON).\n"
      "[[nodiscard]] std::string_view to_string($name$ value) noexcept;\n"
      "// Sets `out` to the member named `name`; false when there is none.\n"
      "[[nodiscard]] bool parse(std::string_view name, $name$& out) noexcept;\n"
      "// Every member, in schema order (the argument only selects the enum).\n"
      "[[nodiscard]] constexpr std::array<$name$, $count$> all_members($name$) noexcept {\n"
      "  return {$members$};\n"
      "}\n"
      "void write(std::string& out, $name$ value);\n\n",
      {{"name", name}, {"count", std::to_string(decl.members.size())}, {"members", members}});

  s.print("std::string_view to_string($name$ value) noexcept {\n  switch (value) {\n",
          {{"name", name}});
  for (const schema::EnumMember& member : decl.members) {
    s.print("    case $name$::$member$: return $text$;\n",
            {{"name", name},
             {"member", identifier(member.name.text)},
             {"text", string_literal(member.name.text)}});
  }
  s.print("  }\n  return {};\n}\n\n");
  s.print("bool parse(std::string_view name, $name$& out) noexcept {\n", {{"name", name}});
  for (const schema::EnumMember& member : decl.members) {
    s.print("  if (name == $text$) {\n    out = $name$::$member$;\n    return true;\n  }\n",
            {{"name", name},
             {"member", identifier(member.name.text)},
             {"text", string_literal(member.name.text)}});
  }
  s.print("  return false;\n}\n\n");
  s.print(
      "void write(std::string& out, $name$ value) { mealy::json::write(out, to_string(value)); "
      "}\n\n"
      "bool read(mealy::json::ReadContext& ctx, mealy::json::Value value, $name$& out) {\n"
      "  std::string_view name;\n"
      "  if (!mealy::json::read(ctx, value, name)) return false;\n"
      "  if (!parse(name, out)) return ctx.fail(\"unknown $name$ member '\" + std::string(name) + "
      "\"'\");\n"
      "  return true;\n"
      "}\n\n",
      {{"name", name}});
}

// The public JSON functions of a record-like struct: to_json and from_json.
void emit_json_functions(EmitContext& ctx, const std::string& self) {
  ctx.header.print(
      "// Canonical JSON of `value`.\n"
      "[[nodiscard]] std::string to_json(const $self$& value);\n"
      "// Reads `json` into `out`; on failure the status names the JSON path.\n"
      "mealy::Status from_json(std::string_view json, $self$& out, const mealy::json::Limits& "
      "limits = {});\n",
      {{"self", self}});
  ctx.source.print(
      "std::string to_json(const $self$& value) {\n"
      "  std::string out;\n"
      "  write(out, value);\n"
      "  return out;\n"
      "}\n\n"
      "mealy::Status from_json(std::string_view json, $self$& out, const mealy::json::Limits& "
      "limits) {\n"
      "  auto read_root = [](mealy::json::ReadContext& ctx, mealy::json::Value value, void* state) "
      "{\n"
      "    return read(ctx, value, *static_cast<$self$*>(state));\n"
      "  };\n"
      "  return mealy::json::decode_document(json, limits, read_root, &out);\n"
      "}\n\n",
      {{"self", self}});
}

void emit_print_declaration(EmitContext& ctx, const std::string& name) {
  ctx.header.print(
      "// Prints canonical JSON, as to_json() writes it (what a failed test shows).\n"
      "friend std::ostream& operator<<(std::ostream& out, const $name$& value);\n",
      {{"name", name}});
}

void emit_print_definition(EmitContext& ctx, const std::string& name,
                           const std::string& expression) {
  ctx.source.print(
      "std::ostream& operator<<(std::ostream& out, const $name$& value) {\n"
      "  std::string text;\n"
      "  write(text, $expression$);\n"
      "  return out << text;\n"
      "}\n\n",
      {{"name", name}, {"expression", expression}});
}

void emit_record(EmitContext& ctx, const schema::TypeDecl& decl) {
  Printer& h = ctx.header;
  const std::string name = identifier(decl.name.text);
  if (!decl.doc.empty()) h.print("$doc$", {{"doc", comment(decl.doc)}});
  h.print("struct $name$ {\n", {{"name", name}});
  {
    Printer::Indent in(h);
    emit_members(ctx, decl.fields);
    h.print("\nfriend bool operator==(const $name$&, const $name$&) = default;\n",
            {{"name", name}});
    emit_print_declaration(ctx, name);
    emit_field_visitor(ctx, name, decl.fields);
  }
  h.print("};\n");
  emit_struct_codec(ctx, name, decl.fields);
  emit_print_definition(ctx, name, "value");
  emit_json_functions(ctx, name);
  emit_validate(ctx, name, decl.fields);
  h.print("\n");
}

}  // namespace mealy::codegen::cpp
