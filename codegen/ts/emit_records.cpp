// Enums, records, and everything record-like (commands, events, states,
// data): the interface, the empty value, the reader with JSON paths, the
// canonical writer and, for records, the public const object.
#include "ts_context.hpp"
#include "ts_names.hpp"

namespace mealy::codegen::ts {

using schema::Field;
using schema::TypeKind;

namespace {

bool is_optional(const Field& field) {
  return field.type.kind == TypeKind::optional;
}

// The type of an optional field's value, or the field's type.
const schema::TypeRef& value_type(const Field& field) {
  return is_optional(field) ? field.type.element.at(0) : field.type;
}

// An optional field with a value by default (a default other than null).
bool has_default_value(const Field& field) {
  return field.default_value && !(is_optional(field) && field.default_value->is_null);
}

void emit_interface(TsContext& ctx, const std::string& name, const std::string& doc,
                    const std::vector<Field>& fields) {
  Printer& p = ctx.out;
  p.print("$doc$export interface $name$ {\n", {{"doc", doc_comment(doc)}, {"name", name}});
  {
    Printer::Indent in(p);
    for (const Field& field : fields) {
      p.print("$doc$$field$$mark$: $type$;\n", {{"doc", doc_comment(field.doc)},
                                                {"field", field.name.text},
                                                {"mark", is_optional(field) ? "?" : ""},
                                                {"type", ctx.type(value_type(field))}});
    }
  }
  p.print("}\n\n");
}

void emit_empty(TsContext& ctx, const std::string& name, const std::vector<Field>& fields) {
  Printer& p = ctx.out;
  std::string members;
  for (const Field& field : fields) {
    if (is_optional(field) && !has_default_value(field)) continue;
    std::string value = is_optional(field)
                            ? ctx.constant(field.default_value->items.at(0), value_type(field))
                            : field_default(ctx, field);
    members += (members.empty() ? " " : ", ") + field.name.text + ": " + value;
  }
  p.print(
      "// $name$ with every field at its default, or its type's empty value.\n"
      "function empty$name$(): $name$ {\n"
      "  return {$members$};\n"
      "}\n\n",
      {{"name", name}, {"members", members.empty() ? "" : members + " "}});
}

void emit_reader(TsContext& ctx, const std::string& name, const std::vector<Field>& fields,
                 bool versioned) {
  Printer& p = ctx.out;
  p.print(
      "function read$name$(ctx: mealy.ReadContext, value: unknown$version$): $name$ {\n"
      "  const object = mealy.readObject(ctx, value);\n"
      "  ctx.enter();\n"
      "  const out = empty$name$();\n",
      {{"name", name}, {"version", versioned ? ", version: number" : ""}});
  p.indent();
  if (versioned) p.print("void version;\n");
  for (const Field& field : fields) {
    if (field.wire_required) p.print("let has_$field$ = false;\n", {{"field", field.name.text}});
  }
  if (!fields.empty()) {
    p.print("for (const key of Object.keys(object)) {\n  switch (key) {\n");
    p.indent();
    p.indent();
    for (const Field& field : fields) {
      p.print("case $key$: {\n", {{"key", string_literal(field.name.text)}});
      p.indent();
      // Written before the field existed (`since`): whatever stands there is not it.
      const bool gated = versioned && field.since > 1;
      if (gated) {
        p.print("if (version >= $since$) {\n", {{"since", std::to_string(field.since)}});
        p.indent();
      }
      p.print("ctx.pushKey(key);\n");
      if (is_optional(field)) {
        p.print(
            "const item = $read$;\n"
            "if (item === null) delete out.$field$;\n"
            "else out.$field$ = item;\n",
            {{"read", ctx.read_call(field.type, "ctx", "object[key]")},
             {"field", field.name.text}});
      } else {
        p.print("out.$field$ = $read$;\n",
                {{"field", field.name.text},
                 {"read", ctx.read_call(field.type, "ctx", "object[key]")}});
      }
      p.print("ctx.pop();\n");
      if (gated) {
        p.outdent();
        p.print("}\n");
      }
      if (field.wire_required) p.print("has_$field$ = true;\n", {{"field", field.name.text}});
      p.print("break;\n");
      p.outdent();
      p.print("}\n");
    }
    p.print("default:\n  break;  // other keys are ignored\n");
    p.outdent();
    p.print("}\n");
    p.outdent();
    p.print("}\n");
  }
  for (const Field& field : fields) {
    if (!field.wire_required) continue;
    if (versioned && field.since > 0) {
      p.print("if (!has_$field$ && version >= $since$) ctx.failMissing($key$);\n",
              {{"field", field.name.text},
               {"since", std::to_string(field.since)},
               {"key", string_literal(field.name.text)}});
    } else {
      p.print("if (!has_$field$) ctx.failMissing($key$);\n",
              {{"field", field.name.text}, {"key", string_literal(field.name.text)}});
    }
  }
  p.print("ctx.leave();\nreturn out;\n");
  p.outdent();
  p.print("}\n\n");
}

void emit_writer(TsContext& ctx, const std::string& name, const std::vector<Field>& fields) {
  Printer& p = ctx.out;
  p.print(
      "function write$name$(value: $name$): string {\n"
      "  const members: [string, string][] = [];\n",
      {{"name", name}});
  {
    Printer::Indent in(p);
    for (const Field& field : fields) {
      const std::string member = "value." + field.name.text;
      if (is_optional(field)) {
        p.print("if ($member$ !== undefined) members.push([$key$, $write$]);\n",
                {{"member", member},
                 {"key", string_literal(field.name.text)},
                 {"write", ctx.write_call(value_type(field), member)}});
      } else {
        p.print("members.push([$key$, $write$]);\n",
                {{"key", string_literal(field.name.text)},
                 {"write", ctx.write_call(field.type, member)}});
      }
    }
    if (fields.empty()) p.print("void value;\n");
    p.print("return mealy.writeObject(members);\n");
  }
  p.print("}\n\n");
}

}  // namespace

void emit_record_like(TsContext& ctx, const std::string& name, const std::string& doc,
                      const std::vector<Field>& fields, bool versioned) {
  emit_interface(ctx, name, doc, fields);
  emit_empty(ctx, name, fields);
  emit_reader(ctx, name, fields, versioned);
  emit_writer(ctx, name, fields);
}

void emit_enum(TsContext& ctx, const schema::TypeDecl& decl) {
  Printer& p = ctx.out;
  const std::string name = identifier(decl.name.text);
  std::string members;
  p.print("$doc$export type $name$ =\n", {{"doc", doc_comment(decl.doc)}, {"name", name}});
  {
    Printer::Indent in(p);
    for (std::size_t i = 0; i < decl.members.size(); ++i) {
      const schema::EnumMember& member = decl.members[i];
      p.print("$doc$| $text$$end$\n", {{"doc", doc_comment(member.doc)},
                                       {"text", string_literal(member.name.text)},
                                       {"end", i + 1 == decl.members.size() ? ";" : ""}});
      members += (i ? ", " : "") + string_literal(member.name.text);
    }
  }
  p.print(
      "\n"
      "const $name$_members = [$members$] as const;\n\n"
      "function read$name$(ctx: mealy.ReadContext, value: unknown): $name$ {\n"
      "  return mealy.readEnum(ctx, value, $text$, $name$_members);\n"
      "}\n\n"
      "function write$name$(value: $name$): string {\n"
      "  if (!$name$_members.includes(value)) throw new RangeError(\"mealy: not a $name$ member: "
      "\" + String(value));\n"
      "  return mealy.writeString(value);\n"
      "}\n\n"
      "/** $name$'s members in schema order, and its JSON functions. */\n"
      "export const $name$ = {\n"
      "  members: $name$_members,\n"
      "  decode: (value: unknown, limits?: mealy.Limits): mealy.Decoded<$name$> => "
      "mealy.decode(value, limits, read$name$),\n"
      "  fromJson: (text: string, limits?: mealy.Limits): mealy.Decoded<$name$> => "
      "mealy.decodeJson(text, limits, read$name$),\n"
      "  encode: write$name$,\n"
      "  read: read$name$,\n"
      "  write: write$name$,\n"
      "} as const;\n\n",
      {{"name", name}, {"members", members}, {"text", string_literal(decl.name.text)}});
}

void emit_record(TsContext& ctx, const schema::TypeDecl& decl) {
  const std::string name = identifier(decl.name.text);
  emit_record_like(ctx, name, decl.doc, decl.fields, false);
  emit_validate(ctx, name, decl.fields);
  ctx.out.print(
      "/** $name$'s JSON functions and constraint check. */\n"
      "export const $name$ = {\n"
      "  /** Reads a parsed JSON value; an error names the JSON path, as in C++. */\n"
      "  decode: (value: unknown, limits?: mealy.Limits): mealy.Decoded<$name$> => "
      "mealy.decode(value, limits, read$name$),\n"
      "  /** Parses JSON text, then reads it as decode() does. */\n"
      "  fromJson: (text: string, limits?: mealy.Limits): mealy.Decoded<$name$> => "
      "mealy.decodeJson(text, limits, read$name$),\n"
      "  /** Canonical JSON, byte for byte what C++ writes for the same value. */\n"
      "  encode: write$name$,\n"
      "  /** The first constraint the value breaks (min, max, min_length, max_length), if any. */\n"
      "  validate: validate$name$,\n"
      "  /** A value with every field at its default, or its type's empty value. */\n"
      "  empty: empty$name$,\n"
      "  /** For generated modules that import this one. */\n"
      "  read: read$name$,\n"
      "  write: write$name$,\n"
      "} as const;\n\n",
      {{"name", name}});
}

}  // namespace mealy::codegen::ts
