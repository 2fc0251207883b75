// Record-like structs (records, commands, events, states): members with
// their defaults, and the table of their fields that the runtime reads and
// writes them through (mealy/json_fields.hpp).
#include <charconv>
#include <cstdio>
#include <limits>

#include "cpp_names.hpp"
#include "emit_context.hpp"

namespace mealy::codegen::cpp {

using schema::Constant;
using schema::Field;
using schema::TypeKind;
using schema::TypeRef;

namespace {

std::string int64_literal(std::int64_t value) {
  if (value == std::numeric_limits<std::int64_t>::min()) return "(-9223372036854775807LL - 1)";
  return std::to_string(value) + "LL";
}

std::string double_literal(double value) {
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  std::string text(buffer, result.ptr);
  if (text.find_first_of(".eEn") == std::string::npos) text += ".0";
  return text;
}

// A struct member's initializer: the schema default, or value-initialisation.
std::string initializer(EmitContext& ctx, const Field& field) {
  if (field.default_value && !field.default_value->is_now) {
    const Constant& c = *field.default_value;
    bool empty_container =
        (field.type.kind == TypeKind::list || field.type.kind == TypeKind::map) &&
        c.items.empty() && c.entries.empty();
    if (empty_container || (field.type.kind == TypeKind::optional && c.is_null)) return "{}";
    return " = " + constant_expression(ctx, c, field.type);
  }
  return "{}";
}

}  // namespace

std::string EmitContext::type(const TypeRef& t) const {
  return type_of(t, file);
}

std::string constant_expression(EmitContext& ctx, const Constant& c, const TypeRef& type) {
  switch (type.kind) {
    case TypeKind::boolean:
      return c.boolean ? "true" : "false";
    case TypeKind::int32:
      return std::to_string(c.int_value);
    case TypeKind::int64:
      return "std::int64_t{" + int64_literal(c.int_value) + "}";
    case TypeKind::uint32:
      return std::to_string(c.uint_value) + "u";
    case TypeKind::uint64:
      return "std::uint64_t{" + std::to_string(c.uint_value) + "ull}";
    case TypeKind::float64:
      return double_literal(c.float_value);
    case TypeKind::string:
      return "std::string(" + string_literal(c.text) + ", " + std::to_string(c.text.size()) + ")";
    case TypeKind::bytes: {
      std::string out = "mealy::Bytes{";
      for (std::size_t i = 0; i < c.text.size(); ++i) {
        out += (i ? ", " : "") + std::to_string(static_cast<unsigned char>(c.text[i]));
      }
      return out + "}";
    }
    case TypeKind::uuid: {
      std::string out = "mealy::Uuid(std::array<std::uint8_t, 16>{";
      int written = 0;
      for (std::size_t i = 0; i + 1 < c.text.size(); ++i) {
        if (c.text[i] == '-') continue;
        char pair[3] = {c.text[i], c.text[i + 1], 0};
        out += (written++ ? ", " : "") + std::string("0x") + pair;
        ++i;
      }
      return out + "})";
    }
    case TypeKind::timestamp:
      if (c.is_now) return "now";  // read once per decision (see emit_decide.cpp)
      return "mealy::Timestamp(mealy::Duration(" + int64_literal(c.int_value) + "))";
    case TypeKind::duration:
      return "mealy::Duration(" + int64_literal(c.int_value) + ")";
    case TypeKind::list: {
      std::string out = ctx.type(type) + "{";
      for (std::size_t i = 0; i < c.items.size(); ++i) {
        out += (i ? ", " : "") + constant_expression(ctx, c.items[i], type.element.at(0));
      }
      return out + "}";
    }
    case TypeKind::map: {
      std::string out = ctx.type(type) + "{";
      for (std::size_t i = 0; i < c.entries.size(); ++i) {
        // A key holding a NUL is written with its length, not as a C string.
        const std::string& key = c.entries[i].first;
        std::string key_expression =
            key.find('\0') == std::string::npos
                ? string_literal(key)
                : "std::string(" + string_literal(key) + ", " + std::to_string(key.size()) + ")";
        out += (i ? ", {" : "{") + key_expression + ", " +
               constant_expression(ctx, c.entries[i].second, type.element.at(0)) + "}";
      }
      return out + "}";
    }
    case TypeKind::optional:
      if (c.is_null) return ctx.type(type) + "{}";
      return ctx.type(type) + "(" + constant_expression(ctx, c.items.at(0), type.element.at(0)) +
             ")";
    case TypeKind::named: {
      if (type.decl->is_enum) return ctx.type(type) + "::" + identifier(c.text);
      std::string out = ctx.type(type) + "{";
      for (std::size_t i = 0; i < type.decl->fields.size(); ++i) {
        const Field& field = type.decl->fields[i];
        out += (i ? ", ." : ".") + identifier(field.name.text) + " = " +
               constant_expression(ctx, c.items.at(i), field.type);
      }
      return out + "}";
    }
  }
  return {};
}

void emit_members(EmitContext& ctx, const std::vector<Field>& fields) {
  for (const Field& field : fields) {
    if (!field.doc.empty()) ctx.header.print("$doc$", {{"doc", comment(field.doc)}});
    ctx.header.print("$type$ $name$$init$;\n", {{"type", ctx.type(field.type)},
                                                {"name", identifier(field.name.text)},
                                                {"init", initializer(ctx, field)}});
  }
}

void emit_field_visitor(EmitContext& ctx, const std::string& self,
                        const std::vector<Field>& fields) {
  Printer& h = ctx.header;
  // A hidden friend, so that argument-dependent lookup finds it whatever
  // namespace the struct is in.
  h.print(
      "// Calls visit(name, member) for each field in schema order (const or not).\n"
      "template <typename Self, typename Visit>\n"
      "  requires std::same_as<std::remove_const_t<Self>, $self$>\n"
      "friend void for_each_field(Self& value, Visit&& visit) {\n",
      {{"self", self}});
  {
    Printer::Indent in(h);
    if (fields.empty()) h.print("(void)value;\n(void)visit;\n");
    for (const Field& field : fields) {
      h.print("visit(std::string_view($name$), value.$member$);\n",
              {{"name", string_literal(field.name.text)}, {"member", identifier(field.name.text)}});
    }
  }
  h.print("}\n");
}

std::string fields_table(const std::string& self) {
  std::string name = "kFields_";
  for (std::size_t i = 0; i < self.size(); ++i) {
    if (self.compare(i, 2, "::") == 0) {
      name += '_';
      ++i;
    } else {
      name += self[i];
    }
  }
  return name;
}

void emit_fields_table(EmitContext& ctx, const std::string& self, const std::vector<Field>& fields,
                       bool versioned) {
  Printer& s = ctx.source;
  // The table of the fields (mealy/json_fields.hpp), which the runtime's
  // read_fields() and write_fields() walk: key, what the writer puts before
  // the value, the codec of the member's type, where the member is, the
  // version it was added at (an event's, when later than 1), whether the
  // wire requires it, and how a missing field is reset when that is not to
  // its type's empty value (a schema default).
  const std::string table = fields_table(self);
  s.print("namespace {\n\n");
  if (fields.empty()) {
    s.print("constexpr std::span<const mealy::json::Field> $table${};\n\n", {{"table", table}});
  } else {
    s.print("constexpr mealy::json::Field $table$[] = {\n", {{"table", table}});
    for (const Field& field : fields) {
      const std::string member = identifier(field.name.text);
      const std::string type = ctx.type(field.type);
      const std::string init = initializer(ctx, field);
      const std::string reset =
          init == "{}" ? "nullptr"
                       : "+[](void* field) { *static_cast<" + type + "*>(field)" + init + "; }";
      const std::uint32_t since = versioned && field.since > 1 ? field.since : 0;
      s.print(
          "    {$key$, $prefix$, mealy::json::codec_of<$type$>, offsetof($self$, $member$), "
          "$since$, $required$, $reset$},\n",
          {{"key", string_literal(field.name.text)},
           {"prefix", string_literal(",\"" + field.name.text + "\":")},
           {"type", type},
           {"self", self},
           {"member", member},
           {"since", std::to_string(since)},
           {"required", field.wire_required ? "true" : "false"},
           {"reset", reset}});
    }
    s.print("};\n\n");
  }
  s.print("}  // namespace\n\n");
}

void emit_struct_codec(EmitContext& ctx, const std::string& self,
                       const std::vector<Field>& fields) {
  ctx.header.print("void write(std::string& out, const $self$& value);\n", {{"self", self}});
  emit_fields_table(ctx, self, fields, false);
  const std::string table = fields_table(self);
  Printer& s = ctx.source;
  s.print(
      "void write(std::string& out, const $self$& value) {\n"
      "  mealy::json::write_fields(out, $table$, &value);\n"
      "}\n\n",
      {{"self", self}, {"table", table}});
  // Reader. `out` may hold an earlier value: every field the document leaves
  // out is reset, the others are read over (keeping their buffers); on an
  // error `out` is valid but unspecified.
  s.print(
      "bool read(mealy::json::ReadContext& ctx, mealy::json::Value value, $self$& out) {\n"
      "  return mealy::json::read_fields(ctx, value, $table$, &out);\n"
      "}\n\n",
      {{"self", self}, {"table", table}});
}

}  // namespace mealy::codegen::cpp
