// Types and fields: resolving names, typing defaults and bounds, `since`.
#include <algorithm>
#include <array>

#include "checker/constants.hpp"
#include "checker/context.hpp"
#include "checker/names.hpp"

namespace mealy::schema::checker {
namespace {

// Characters as the generated checks count them: UTF-8 code points.
std::uint64_t utf8_code_points(std::string_view text) {
  std::uint64_t count = 0;
  for (char c : text)
    count += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return count;
}

const TypeRef& unwrap_optional(const TypeRef& type) {
  return type.kind == TypeKind::optional ? type.element.at(0) : type;
}

bool is_number(const TypeRef& type) {
  switch (type.kind) {
    case TypeKind::int32:
    case TypeKind::int64:
    case TypeKind::uint32:
    case TypeKind::uint64:
    case TypeKind::float64:
    case TypeKind::duration:
      return true;
    default:
      return false;
  }
}

bool has_length(const TypeRef& type) {
  return type.kind == TypeKind::string || type.kind == TypeKind::bytes ||
         type.kind == TypeKind::list || type.kind == TypeKind::map;
}

bool contains_now(const Constant& constant) {
  if (constant.is_now) return true;
  for (const Constant& item : constant.items) {
    if (contains_now(item)) return true;
  }
  for (const auto& [key, item] : constant.entries) {
    if (contains_now(item)) return true;
  }
  return false;
}

// `now` inside a list, map or record default: only decide reads the clock,
// for the field itself.
bool contains_nested_now(const Constant& constant) {
  if (constant.kind == TypeKind::optional)
    return !constant.items.empty() && contains_nested_now(constant.items[0]);
  return !constant.is_now && contains_now(constant);
}

void check_default(Context& ctx, Field& field, std::string_view owner) {
  if (!field.default_written) return;
  std::string problem;
  auto constant = to_constant(*field.default_written, field.type, problem);
  if (constant && contains_nested_now(*constant)) {
    ctx.error(field.default_written->location, "default-type",
              "default of field " + quote(field.name.text) + " of " + std::string(owner) +
                  " uses 'now' inside a value; 'now' may only be a timestamp field's own default");
    return;
  }
  if (!constant) {
    ctx.error(field.default_written->location, "default-type",
              "default of field " + quote(field.name.text) + " of " + std::string(owner) +
                  " does not fit its type " + quote(field.type.spelling) + ": " + problem);
    return;
  }
  field.default_value = std::move(constant);
}

void check_bounds(Context& ctx, Field& field, std::string_view owner) {
  const TypeRef& type = unwrap_optional(field.type);
  auto bound = [&](const std::optional<Value>& written, std::optional<Constant>& out,
                   std::string_view key) {
    if (!written) return;
    if (!is_number(type)) {
      ctx.error(written->location, "constraint",
                "'" + std::string(key) + "' applies to numbers and durations, but field " +
                    quote(field.name.text) + " of " + std::string(owner) + " is " +
                    quote(field.type.spelling) +
                    (has_length(type) ? "; did you mean '" + std::string(key) + "_length'?" : ""));
      return;
    }
    std::string problem;
    out = to_constant(*written, type, problem);
    if (!out) {
      ctx.error(written->location, "constraint",
                "'" + std::string(key) + "' of field " + quote(field.name.text) +
                    " does not fit its type " + quote(type.spelling) + ": " + problem);
    }
  };
  bound(field.min, field.min_value, "min");
  bound(field.max, field.max_value, "max");
  if (field.min_value && field.max_value &&
      compare_numbers(*field.min_value, *field.max_value) > 0) {
    ctx.error(field.max->location, "constraint",
              "'max' of field " + quote(field.name.text) + " of " + std::string(owner) +
                  " is below its 'min'");
  }
  if ((field.min_length || field.max_length) && !has_length(type)) {
    ctx.error(field.location, "constraint",
              "'min_length' and 'max_length' apply to strings, bytes, lists and maps, but field " +
                  quote(field.name.text) + " of " + std::string(owner) + " is " +
                  quote(field.type.spelling));
  }
  if (field.min_length && field.max_length && *field.min_length > *field.max_length) {
    ctx.error(field.location, "constraint",
              "'max_length' of field " + quote(field.name.text) + " of " + std::string(owner) +
                  " is below its 'min_length'");
  }
}

// A default must pass its own field's checks, or every new value would be
// invalid from the start (`min: 5, default: 1`; `min_length: 1, default: []`).
void check_default_within_bounds(Context& ctx, const Field& field, std::string_view owner) {
  if (!field.default_value) return;
  const Constant* value = &*field.default_value;
  if (value->kind == TypeKind::optional) {
    if (value->is_null || value->items.empty()) return;
    value = &value->items.front();
  }
  if (value->is_now) return;
  auto report = [&](std::string_view what) {
    ctx.error(field.default_written->location, "default-constraint",
              "default of field " + quote(field.name.text) + " of " + std::string(owner) + " " +
                  std::string(what));
  };
  if (field.min_value && compare_numbers(*value, *field.min_value) < 0) {
    report("is below its 'min' " + field.min->text);
  }
  if (field.max_value && compare_numbers(*value, *field.max_value) > 0) {
    report("is above its 'max' " + field.max->text);
  }
  std::uint64_t length = 0;
  std::string unit;
  switch (value->kind) {
    case TypeKind::string:
      length = utf8_code_points(value->text), unit = "characters";
      break;
    case TypeKind::bytes:
      length = value->text.size(), unit = "bytes";
      break;
    case TypeKind::list:
      length = value->items.size(), unit = "items";
      break;
    case TypeKind::map:
      length = value->entries.size(), unit = "entries";
      break;
    default:
      return;
  }
  if (field.min_length && length < *field.min_length) {
    report("has " + std::to_string(length) + " " + unit + ", fewer than its 'min_length' " +
           std::to_string(*field.min_length));
  }
  if (field.max_length && length > *field.max_length) {
    report("has " + std::to_string(length) + " " + unit + ", more than its 'max_length' " +
           std::to_string(*field.max_length));
  }
}

void check_since(Context& ctx, const Field& field, std::string_view owner,
                 std::uint32_t event_version) {
  if (field.since == 0) return;
  if (event_version == 0) {
    ctx.error(field.since_location, "since-version",
              "'since' applies only to event fields, but field " + quote(field.name.text) +
                  " belongs to " + std::string(owner));
    return;
  }
  if (!field.default_written) {
    ctx.error(field.since_location, "since-default",
              "field " + quote(field.name.text) + " of " + std::string(owner) +
                  " has 'since: " + std::to_string(field.since) +
                  "' but no default; events stored before that version need one");
  }
  if (field.since > event_version) {
    ctx.error(field.since_location, "since-version",
              "field " + quote(field.name.text) + " of " + std::string(owner) +
                  " has 'since: " + std::to_string(field.since) + "', above the event's version " +
                  std::to_string(event_version));
  }
}

}  // namespace

std::string place(Location at) {
  return "line " + std::to_string(at.line) + ", column " + std::to_string(at.column);
}

bool same_type(const TypeRef& a, const TypeRef& b) {
  if (a.kind != b.kind) return false;
  if (a.kind == TypeKind::named) return a.decl == b.decl && a.decl != nullptr;
  if (a.element.size() != b.element.size()) return false;
  for (std::size_t i = 0; i < a.element.size(); ++i) {
    if (!same_type(a.element[i], b.element[i])) return false;
  }
  return true;
}

bool fills(const TypeRef& from, const TypeRef& to) {
  if (same_type(from, to)) return true;
  return to.kind == TypeKind::optional && same_type(from, to.element.at(0));
}

std::uint32_t find_field(const std::vector<Field>& fields, std::string_view name) {
  for (std::uint32_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name.text == name) return i;
  }
  return kNone;
}

void resolve_type(Context& ctx, TypeRef& type, std::string_view owner) {
  for (TypeRef& element : type.element)
    resolve_type(ctx, element, owner);
  if (type.kind != TypeKind::named) return;
  auto found = ctx.types.find(type.name.text);
  if (found == ctx.types.end()) {
    constexpr std::array kScalars = {"bool",   "int32", "int64", "uint32",    "uint64",  "float64",
                                     "string", "bytes", "uuid",  "timestamp", "duration"};
    std::vector<std::string> candidates;
    if (can_suggest(ctx, ctx.types.size() + kScalars.size())) {
      for (const auto& [name, visible] : ctx.types)
        candidates.push_back(name);
      candidates.insert(candidates.end(), kScalars.begin(), kScalars.end());
    }
    ctx.error(type.name.location, "unknown-type",
              "unknown type " + quote(type.name.text) + " in " + std::string(owner) +
                  did_you_mean(ctx, type.name.text, candidates));
    return;
  }
  const VisibleType& visible = found->second;
  if (visible.also_in) {
    ctx.error(type.name.location, "unknown-type",
              "type " + quote(type.name.text) + " in " + std::string(owner) +
                  " is ambiguous: both " + quote(visible.import->path.text) + " and " +
                  quote(visible.also_in->path.text) + " declare it");
    return;
  }
  type.decl = visible.decl;
  type.decl_file = visible.file;
  ctx.used_types.insert(visible.decl);
}

void resolve_fields(Context& ctx, std::vector<Field>& fields, std::string_view owner) {
  for (Field& field : fields) {
    check_snake_name(ctx, field.name, "field name", NameRole::field);
    resolve_type(ctx, field.type, "field " + quote(field.name.text) + " of " + std::string(owner));
  }
}

void check_field_values(Context& ctx, std::vector<Field>& fields, std::string_view owner,
                        std::uint32_t event_version) {
  for (Field& field : fields) {
    check_bounds(ctx, field, owner);
    check_default(ctx, field, owner);
    check_default_within_bounds(ctx, field, owner);
    check_since(ctx, field, owner, event_version);
    field.wire_required = field.type.kind != TypeKind::optional &&
                          !(field.default_value && !field.default_value->is_now);
  }
}

void check_fields(Context& ctx, std::vector<Field>& fields, std::string_view owner,
                  std::uint32_t event_version) {
  resolve_fields(ctx, fields, owner);
  // Defaults of record fields may use other records' defaults: type them
  // after every type in the list is resolved.
  check_field_values(ctx, fields, owner, event_version);
}

}  // namespace mealy::schema::checker
