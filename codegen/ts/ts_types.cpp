// The TypeScript spellings of schema types and constants: types, readers,
// writers, empty values and literals.
#include <charconv>
#include <chrono>
#include <cstdio>

#include "ts_context.hpp"
#include "ts_names.hpp"

namespace mealy::codegen::ts {

using schema::Constant;
using schema::TypeKind;
using schema::TypeRef;

namespace {

std::string double_literal(double value) {
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

// The canonical RFC 3339 text of a timestamp constant (microseconds since the epoch).
std::string timestamp_text(std::int64_t micros) {
  using namespace std::chrono;
  const sys_time<microseconds> time{microseconds(micros)};
  const auto day = floor<days>(time);
  const year_month_day date(day);
  const std::int64_t in_day = (time - day).count();
  char buffer[96];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02lld:%02lld:%02lld.%06lldZ",
                static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()), static_cast<long long>(in_day / 3600000000),
                static_cast<long long>(in_day / 60000000 % 60),
                static_cast<long long>(in_day / 1000000 % 60),
                static_cast<long long>(in_day % 1000000));
  return buffer;
}

// The function of the support module for a scalar: "Int32" for readInt32 and writeInt32.
std::string scalar_suffix(TypeKind kind) {
  switch (kind) {
    case TypeKind::boolean:
      return "Bool";
    case TypeKind::int32:
      return "Int32";
    case TypeKind::int64:
      return "Int64";
    case TypeKind::uint32:
      return "Uint32";
    case TypeKind::uint64:
      return "Uint64";
    case TypeKind::float64:
      return "Float64";
    case TypeKind::string:
      return "String";
    case TypeKind::bytes:
      return "Bytes";
    case TypeKind::uuid:
      return "Uuid";
    case TypeKind::timestamp:
      return "Timestamp";
    case TypeKind::duration:
      return "Duration";
    default:
      return {};
  }
}

}  // namespace

std::string TsContext::named_type(const TypeRef& named) const {
  const std::string name = identifier(named.decl->name.text);
  for (const auto& [imported, alias] : imports) {
    if (named.decl_file == imported && imported != &file) return alias + "." + name;
  }
  return name;
}

std::string TsContext::function_of(const TypeRef& named, const std::string& verb,
                                   const std::string& member) const {
  for (const auto& [imported, alias] : imports) {
    if (named.decl_file == imported && imported != &file) {
      return alias + "." + identifier(named.decl->name.text) + "." + member;
    }
  }
  return verb + named.decl->name.text;
}

std::string TsContext::type(const TypeRef& t) const {
  switch (t.kind) {
    case TypeKind::boolean:
      return "boolean";
    case TypeKind::int32:
    case TypeKind::uint32:
    case TypeKind::float64:
      return "number";
    case TypeKind::int64:
    case TypeKind::uint64:
    case TypeKind::duration:
      return "bigint";
    case TypeKind::string:
    case TypeKind::uuid:
    case TypeKind::timestamp:
      return "string";
    case TypeKind::bytes:
      return "mealy.Bytes";
    case TypeKind::list: {
      const TypeRef& element = t.element.at(0);
      std::string inner = type(element);
      return element.kind == TypeKind::optional ? "(" + inner + ")[]" : inner + "[]";
    }
    case TypeKind::map:
      return "mealy.StringMap<" + type(t.element.at(0)) + ">";
    case TypeKind::optional:
      return type(t.element.at(0)) + " | null";
    case TypeKind::named:
      return named_type(t);
  }
  return {};
}

std::string TsContext::read_call(const TypeRef& t, const std::string& c,
                                 const std::string& v) const {
  switch (t.kind) {
    case TypeKind::list:
      return "mealy.readList(" + c + ", " + v + ", " + reader(t.element.at(0)) + ")";
    case TypeKind::map:
      return "mealy.readMap(" + c + ", " + v + ", " + reader(t.element.at(0)) + ")";
    case TypeKind::optional:
      return "mealy.readNullable(" + c + ", " + v + ", " + reader(t.element.at(0)) + ")";
    default:
      return reader(t) + "(" + c + ", " + v + ")";
  }
}

std::string TsContext::reader(const TypeRef& t) const {
  switch (t.kind) {
    case TypeKind::list:
    case TypeKind::map:
    case TypeKind::optional:
      return "(c: mealy.ReadContext, v: unknown) => " + read_call(t, "c", "v");
    case TypeKind::named:
      return function_of(t, "read", "read");
    default:
      return "mealy.read" + scalar_suffix(t.kind);
  }
}

std::string TsContext::write_call(const TypeRef& t, const std::string& v) const {
  switch (t.kind) {
    case TypeKind::list:
      return "mealy.writeList(" + v + ", " + writer(t.element.at(0)) + ")";
    case TypeKind::map:
      return "mealy.writeMap(" + v + ", " + writer(t.element.at(0)) + ")";
    case TypeKind::optional:
      return "mealy.writeNullable(" + v + ", " + writer(t.element.at(0)) + ")";
    default:
      return writer(t) + "(" + v + ")";
  }
}

std::string TsContext::writer(const TypeRef& t) const {
  switch (t.kind) {
    case TypeKind::list:
    case TypeKind::map:
    case TypeKind::optional:
      return "(v: " + type(t) + ") => " + write_call(t, "v");
    case TypeKind::named:
      return function_of(t, "write", "write");
    default:
      return "mealy.write" + scalar_suffix(t.kind);
  }
}

std::string TsContext::empty_value(const TypeRef& t) const {
  switch (t.kind) {
    case TypeKind::boolean:
      return "false";
    case TypeKind::int32:
    case TypeKind::uint32:
    case TypeKind::float64:
      return "0";
    case TypeKind::int64:
    case TypeKind::uint64:
    case TypeKind::duration:
      return "0n";
    case TypeKind::string:
      return "\"\"";
    case TypeKind::bytes:
      return "mealy.bytes([])";
    case TypeKind::uuid:
      return "\"00000000-0000-0000-0000-000000000000\"";
    case TypeKind::timestamp:
      return "\"1970-01-01T00:00:00.000000Z\"";
    case TypeKind::list:
      return "[]";
    case TypeKind::map:
      return "mealy.map([])";
    case TypeKind::optional:
      return "null";
    case TypeKind::named:
      if (t.decl->is_enum) return string_literal(t.decl->members.at(0).name.text);
      return function_of(t, "empty", "empty") + "()";
  }
  return {};
}

std::string TsContext::constant(const Constant& c, const TypeRef& t) const {
  switch (t.kind) {
    case TypeKind::boolean:
      return c.boolean ? "true" : "false";
    case TypeKind::int32:
      return std::to_string(c.int_value);
    case TypeKind::uint32:
      return std::to_string(c.uint_value);
    case TypeKind::float64:
      return double_literal(c.float_value);
    case TypeKind::int64:
    case TypeKind::duration:
      return std::to_string(c.int_value) + "n";
    case TypeKind::uint64:
      return std::to_string(c.uint_value) + "n";
    case TypeKind::string:
    case TypeKind::uuid:
      return string_literal(c.text);
    case TypeKind::timestamp:
      return c.is_now ? empty_value(t) : string_literal(timestamp_text(c.int_value));
    case TypeKind::bytes: {
      std::string out = "mealy.bytes([";
      for (std::size_t i = 0; i < c.text.size(); ++i) {
        out += (i ? ", " : "") + std::to_string(static_cast<unsigned char>(c.text[i]));
      }
      return out + "])";
    }
    case TypeKind::list: {
      std::string out = "[";
      for (std::size_t i = 0; i < c.items.size(); ++i) {
        out += (i ? ", " : "") + constant(c.items[i], t.element.at(0));
      }
      return out + "]";
    }
    case TypeKind::map: {
      std::string out = "mealy.map([";
      for (std::size_t i = 0; i < c.entries.size(); ++i) {
        out += (i ? ", [" : "[") + string_literal(c.entries[i].first) + ", " +
               constant(c.entries[i].second, t.element.at(0)) + "]";
      }
      return out + "])";
    }
    case TypeKind::optional:
      return c.is_null ? "null" : constant(c.items.at(0), t.element.at(0));
    case TypeKind::named: {
      if (t.decl->is_enum) return string_literal(c.text);
      std::string out = "{";
      bool first = true;
      for (std::size_t i = 0; i < t.decl->fields.size(); ++i) {
        const schema::Field& field = t.decl->fields[i];
        const Constant& value = c.items.at(i);
        if (field.type.kind == TypeKind::optional && value.is_null) continue;
        const TypeRef& value_type =
            field.type.kind == TypeKind::optional ? field.type.element.at(0) : field.type;
        const Constant& inner = field.type.kind == TypeKind::optional ? value.items.at(0) : value;
        out += (first ? " " : ", ") + field.name.text + ": " + constant(inner, value_type);
        first = false;
      }
      return out + (first ? "}" : " }");
    }
  }
  return {};
}

std::string field_default(const TsContext& ctx, const schema::Field& field) {
  if (field.default_value) return ctx.constant(*field.default_value, field.type);
  return ctx.empty_value(field.type);
}

}  // namespace mealy::codegen::ts
