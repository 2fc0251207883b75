// Record-like structs (records, commands, events, states): members with
// their defaults, the canonical JSON writer, the reader, the constraint check.
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

bool is_optional(const Field& field) {
  return field.type.kind == TypeKind::optional;
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

// The statement that gives `out`'s member its initial value again (see
// initializer()), keeping what it owns where it can (a string, list or map
// is cleared, not replaced): a reader resets the fields a document left out,
// so that decoding into an object that held another value gives what
// decoding into a new one gives.
std::string reset_statement(EmitContext& ctx, const Field& field) {
  const std::string member = "out." + identifier(field.name.text);
  const std::string init = initializer(ctx, field);
  if (init != "{}") return member + init + ";";
  switch (field.type.kind) {
    case TypeKind::optional:
      return member + ".reset();";
    case TypeKind::string:
    case TypeKind::bytes:
    case TypeKind::list:
    case TypeKind::map:
      return member + ".clear();";
    default:
      return member + " = {};";
  }
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

void emit_struct_codec(EmitContext& ctx, const std::string& self, const std::vector<Field>& fields,
                       bool versioned) {
  Printer& h = ctx.header;
  Printer& s = ctx.source;
  h.print("void write(std::string& out, const $self$& value);\n", {{"self", self}});

  // Writer. Keys are literals; optional fields are left out when empty.
  s.print("void write(std::string& out, const $self$& value) {\n", {{"self", self}});
  {
    Printer::Indent in(s);
    if (fields.empty()) {
      s.print("(void)value;\nout += \"{}\";\n");
    } else {
      bool dynamic_start = is_optional(fields.front());
      if (dynamic_start) s.print("const std::size_t start = out.size();\n");
      s.print("using mealy::json::write;\n");
      for (std::size_t i = 0; i < fields.size(); ++i) {
        const Field& field = fields[i];
        std::string prefix = (i == 0 && !dynamic_start) ? "{" : ",";
        std::string key = string_literal(prefix + "\"" + field.name.text + "\":");
        std::string name = identifier(field.name.text);
        if (is_optional(field)) {
          s.print("if (value.$name$) {\n  out += $key$;\n  write(out, *value.$name$);\n}\n",
                  {{"name", name}, {"key", key}});
        } else {
          s.print("out += $key$;\nwrite(out, value.$name$);\n", {{"name", name}, {"key", key}});
        }
      }
      // With a leading optional field the first comma becomes the brace.
      if (dynamic_start) s.print("if (out.size() == start) out += '{'; else out[start] = '{';\n");
      s.print("out += '}';\n");
    }
  }
  s.print("}\n\n");

  // Reader. `version` is the schema version the JSON was written at: a field
  // added later (`since`) may be missing and then takes its default. `out`
  // may hold an earlier value (a replay decodes into one event): every field
  // the document leaves out is reset, the others are read over (keeping
  // their buffers). On an error `out` is valid but unspecified. The walk
  // over the object is the runtime's (mealy::json::read_record: every value is
  // read or skipped with its checks, and no key may come twice); the reader
  // holds the field names and a switch that reads one field.
  std::string version_param = versioned ? ", std::uint32_t version" : "";
  s.print("bool read(mealy::json::ReadContext& ctx, mealy::json::Value value, $self$& out$v$) {\n",
          {{"self", self}, {"v", version_param}});
  {
    Printer::Indent in(s);
    if (versioned) s.print("(void)version;\n");
    if (fields.empty()) {
      s.print(
          "(void)out;  // no fields: every key is skipped\n"
          "return mealy::json::read_record(ctx, value, {}, nullptr, nullptr, nullptr);\n");
    } else {
      std::string keys;
      for (std::size_t i = 0; i < fields.size(); ++i) {
        keys += (i ? ", " : "") + string_literal(fields[i].name.text);
      }
      s.print(
          "static constexpr std::string_view kKeys[] = {$keys$};\n"
          "bool seen[$count$] = {};\n"
          "const bool ok = mealy::json::read_record(\n"
          "    ctx, value, kKeys, seen, [&](mealy::json::ReadContext& c, mealy::json::Value item, "
          "std::size_t field) {\n"
          "      switch (field) {\n",
          {{"keys", keys}, {"count", std::to_string(fields.size())}});
      for (std::size_t i = 0; i < fields.size(); ++i) {
        const Field& field = fields[i];
        std::string member = identifier(field.name.text);
        if (versioned && field.since > 1) {
          // Written before the field existed: whatever stands there is not it, but it is checked.
          s.print(
              "        case $i$: return version >= $since$ ? read(c, item, out.$member$) : "
              "mealy::json::skip(c, item);\n",
              {{"i", std::to_string(i)},
               {"since", std::to_string(field.since)},
               {"member", member}});
        } else {
          s.print("        case $i$: return read(c, item, out.$member$);\n",
                  {{"i", std::to_string(i)}, {"member", member}});
        }
      }
      s.print(
          "        default: return false;\n"
          "      }\n"
          "    });\n"
          "if (!ok) return false;\n");
      for (std::size_t i = 0; i < fields.size(); ++i) {
        const Field& field = fields[i];
        if (!field.wire_required) continue;
        if (versioned && field.since > 0) {
          s.print("if (!seen[$i$] && version >= $since$) return ctx.fail_missing($key$);\n",
                  {{"i", std::to_string(i)},
                   {"since", std::to_string(field.since)},
                   {"key", string_literal(field.name.text)}});
        } else {
          s.print("if (!seen[$i$]) return ctx.fail_missing($key$);\n",
                  {{"i", std::to_string(i)}, {"key", string_literal(field.name.text)}});
        }
      }
      for (std::size_t i = 0; i < fields.size(); ++i) {
        const Field& field = fields[i];
        const bool later = versioned && field.since > 1;  // skipped in older versions
        if (field.wire_required && !later) continue;
        std::string absent = "!seen[" + std::to_string(i) + "]";
        if (later) absent += " || version < " + std::to_string(field.since);
        s.print("if ($absent$) $reset$\n",
                {{"absent", absent}, {"reset", reset_statement(ctx, field)}});
      }
      s.print("return true;\n");
    }
  }
  s.print("}\n\n");
}

}  // namespace mealy::codegen::cpp
