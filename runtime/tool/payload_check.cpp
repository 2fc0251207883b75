#include "payload_check.hpp"

#include <algorithm>
#include <vector>

#include "mealy/json_simdjson.hpp"

namespace mealy::tool {
namespace {

using json::ReadContext;
using json::Value;
using schema::Field;
using schema::TypeKind;
using schema::TypeRef;

// The first constraint broken, with its path; empty when none.
struct Constraints {
  std::string first;
  void fail(const ReadContext& ctx, const std::string& message) {
    if (first.empty()) first = ctx.path() + ": " + message;
  }
};

std::uint64_t code_points(std::string_view text) {
  return static_cast<std::uint64_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string unit_of(const TypeRef& type, std::uint64_t count) {
  std::string unit = type.kind == TypeKind::string  ? "character"
                     : type.kind == TypeKind::bytes ? "byte"
                     : type.kind == TypeKind::map   ? "entry"
                                                    : "item";
  if (count == 1) return unit;
  return unit == "entry" ? "entries" : unit + "s";
}

void check_length(ReadContext& ctx, Constraints& broken, const Field* field, const TypeRef& type,
                  std::uint64_t length) {
  if (field == nullptr) return;
  if (field->min_length && length < *field->min_length) {
    broken.fail(ctx, field->name.text + " must have at least " +
                         std::to_string(*field->min_length) + " " +
                         unit_of(type, *field->min_length));
  }
  if (field->max_length && length > *field->max_length) {
    broken.fail(ctx, field->name.text + " must have at most " + std::to_string(*field->max_length) +
                         " " + unit_of(type, *field->max_length));
  }
}

// min and max of a number read as `value` of `kind` (the constant's member of that kind).
template <typename T>
void check_range(ReadContext& ctx, Constraints& broken, const Field* field, T value) {
  if (field == nullptr) return;
  auto bound = [](const schema::Constant& c) -> T {
    if constexpr (std::is_same_v<T, double>) {
      return c.float_value;
    } else if constexpr (std::is_unsigned_v<T>) {
      return static_cast<T>(c.uint_value);
    } else {
      return static_cast<T>(c.int_value);
    }
  };
  if (field->min_value && field->min && !(value >= bound(*field->min_value))) {
    broken.fail(ctx, field->name.text + " must be at least " + field->min->text);
  }
  if (field->max_value && field->max && !(value <= bound(*field->max_value))) {
    broken.fail(ctx, field->name.text + " must be at most " + field->max->text);
  }
}

bool read_fields(ReadContext& ctx, Constraints& broken, Value value,
                 const std::vector<Field>& fields, std::uint32_t version);

template <typename T>
bool read_number(ReadContext& ctx, Constraints& broken, Value value, const Field* field) {
  T out{};
  if (!json::read(ctx, value, out)) return false;
  check_range(ctx, broken, field, out);
  return true;
}

// Reads `value` as `type`; `field` carries the constraints (null inside lists and maps).
bool read_typed(ReadContext& ctx, Constraints& broken, Value value, const TypeRef& type,
                const Field* field) {
  switch (type.kind) {
    case TypeKind::boolean: {
      bool out = false;
      return json::read(ctx, value, out);
    }
    case TypeKind::int32:
      return read_number<std::int32_t>(ctx, broken, value, field);
    case TypeKind::int64:
      return read_number<std::int64_t>(ctx, broken, value, field);
    case TypeKind::uint32:
      return read_number<std::uint32_t>(ctx, broken, value, field);
    case TypeKind::uint64:
      return read_number<std::uint64_t>(ctx, broken, value, field);
    case TypeKind::float64:
      return read_number<double>(ctx, broken, value, field);
    case TypeKind::duration: {
      Duration out{};
      if (!json::read(ctx, value, out)) return false;
      check_range(ctx, broken, field, static_cast<std::int64_t>(out.count()));
      return true;
    }
    case TypeKind::timestamp: {
      Timestamp out{};
      if (!json::read(ctx, value, out)) return false;
      check_range(ctx, broken, field, static_cast<std::int64_t>(out.time_since_epoch().count()));
      return true;
    }
    case TypeKind::string: {
      std::string_view out;
      if (!json::read(ctx, value, out)) return false;
      check_length(ctx, broken, field, type, code_points(out));
      return true;
    }
    case TypeKind::bytes: {
      Bytes out;
      if (!json::read(ctx, value, out)) return false;
      check_length(ctx, broken, field, type, out.size());
      return true;
    }
    case TypeKind::uuid: {
      Uuid out;
      return json::read(ctx, value, out);
    }
    case TypeKind::optional:
      if (json::is_null(value)) return true;
      return read_typed(ctx, broken, value, type.element.front(), field);
    case TypeKind::list: {
      simdjson::ondemand::array array;
      if (json::simdjson_value(value).get_array().get(array) != simdjson::SUCCESS)
        return ctx.fail_type("array", value);
      if (!ctx.enter()) return false;
      std::size_t index = 0;
      for (auto element : array) {
        simdjson::ondemand::value item_value;
        if (auto error = element.get(item_value)) return json::fail_json(ctx, error);
        Value item = json::handle(item_value);
        ctx.push_index(index++);
        if (!read_typed(ctx, broken, item, type.element.front(), nullptr)) return false;
        ctx.pop();
      }
      ctx.leave();
      check_length(ctx, broken, field, type, index);
      return true;
    }
    case TypeKind::map: {
      simdjson::ondemand::object object;
      if (json::simdjson_value(value).get_object().get(object) != simdjson::SUCCESS)
        return ctx.fail_type("object", value);
      if (!ctx.enter()) return false;
      json::KeySet keys;
      std::size_t count = 0;
      for (auto entry : object) {
        std::string_view key;
        if (auto error = entry.unescaped_key().get(key)) return json::fail_json(ctx, error);
        simdjson::ondemand::value item_value;
        if (auto error = entry.value().get(item_value)) return json::fail_json(ctx, error);
        Value item = json::handle(item_value);
        ctx.push_key(key);
        if (!keys.insert(key)) return ctx.fail_duplicate_key();
        if (!read_typed(ctx, broken, item, type.element.front(), nullptr)) return false;
        ctx.pop();
        ++count;
      }
      ctx.leave();
      check_length(ctx, broken, field, type, count);
      return true;
    }
    case TypeKind::named: {
      const schema::TypeDecl& decl = *type.decl;
      if (!decl.is_enum) return read_fields(ctx, broken, value, decl.fields, schema::kNone);
      std::string_view name;
      if (!json::read(ctx, value, name)) return false;
      for (const schema::EnumMember& member : decl.members) {
        if (member.name.text == name) return true;
      }
      return ctx.fail("unknown " + decl.name.text + " member '" + std::string(name) + "'");
    }
  }
  return ctx.fail("unsupported type " + type.spelling);
}

bool required(const Field& field) {
  return field.type.kind != TypeKind::optional &&
         !(field.default_value && !field.default_value->is_now);
}

// An object of `fields`; `version` is the stored version of an event
// (kNone for a record, which has no `since`).
bool read_fields(ReadContext& ctx, Constraints& broken, Value value,
                 const std::vector<Field>& fields, std::uint32_t version) {
  simdjson::ondemand::object object;
  if (json::simdjson_value(value).get_object().get(object) != simdjson::SUCCESS)
    return ctx.fail_type("object", value);
  if (!ctx.enter()) return false;
  std::vector<bool> seen(fields.size(), false);
  json::KeySet others;
  for (auto entry : object) {
    std::string_view key;
    if (auto error = entry.unescaped_key().get(key)) return json::fail_json(ctx, error);
    simdjson::ondemand::value item_value;
    if (auto error = entry.value().get(item_value)) return json::fail_json(ctx, error);
    Value item = json::handle(item_value);
    ctx.push_key(key);
    auto field = std::find_if(fields.begin(), fields.end(),
                              [&](const Field& f) { return f.name.text == key; });
    if (field != fields.end()) {
      const auto index = static_cast<std::size_t>(field - fields.begin());
      if (seen[index]) return ctx.fail_duplicate_key();
      seen[index] = true;
      const bool written_before_it =
          version != schema::kNone && field->since > 1 && version < field->since;
      if (written_before_it ? !json::skip(ctx, item)
                            : !read_typed(ctx, broken, item, field->type, &*field)) {
        return false;
      }
    } else if (!others.insert(key)) {
      return ctx.fail_duplicate_key();
    } else if (!json::skip(ctx, item)) {
      return false;
    }
    ctx.pop();
  }
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const Field& field = fields[i];
    if (seen[i] || !required(field)) continue;
    if (version != schema::kNone && field.since > 0 && version < field.since) continue;
    return ctx.fail_missing(field.name.text);
  }
  ctx.leave();
  return true;
}

}  // namespace

PayloadProblem check_payload(std::string_view payload, const schema::Event& event,
                             std::uint32_t stored_version) {
  Constraints broken;
  Status status =
      json::decode_document(payload, json::Limits{}, [&](ReadContext& ctx, Value value) {
        return read_fields(ctx, broken, value, event.fields, stored_version);
      });
  if (!status.ok()) return {PayloadProblem::Kind::decode, status.message()};
  if (!broken.first.empty()) return {PayloadProblem::Kind::constraint, broken.first};
  return {};
}

}  // namespace mealy::tool
