// Records through the tables of their fields (see mealy/json_fields.hpp's
// design note): the walks that every generated record's reader, writer and
// printer used to write out for itself.
#include "mealy/json_fields.hpp"

#include <algorithm>
#include <memory>
#include <ostream>

#include "json_record_walk.hpp"
#include "mealy/aggregate_support.hpp"

namespace mealy::json {

#define MEALY_JSON_DEFINE_CODEC(T) const FieldCodec FieldCodecOf<T>::value = field_codec::make<T>();
MEALY_JSON_RUNTIME_CODECS(MEALY_JSON_DEFINE_CODEC)
#undef MEALY_JSON_DEFINE_CODEC

namespace {

// Records with more fields than this keep their flags on the heap.
constexpr std::size_t kInlineFields = 64;

}  // namespace

bool read_fields(ReadContext& ctx, Value value, std::span<const Field> fields, void* out,
                 std::uint32_t version) {
  bool inline_seen[kInlineFields];  // only the first fields.size() are cleared and read
  std::unique_ptr<bool[]> heap_seen;
  bool* seen = inline_seen;
  if (fields.size() > kInlineFields) {
    heap_seen = std::make_unique<bool[]>(fields.size());  // cleared
    seen = heap_seen.get();
  } else {
    std::fill_n(inline_seen, fields.size(), false);
  }
  char* const base = static_cast<char*>(out);
  const bool ok = walk_record(
      ctx, value, fields.size(), [fields](std::size_t i) { return fields[i].key; }, seen,
      [fields, base, version](ReadContext& c, Value item, std::size_t i) {
        const Field& field = fields[i];
        // Written before the field existed: whatever stands there is not it, but it is checked.
        if (version < field.since) return skip(c, item);
        return field.codec->read(c, item, base + field.offset);
      });
  if (!ok) return false;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const Field& field = fields[i];
    const bool skipped = version < field.since;  // an older version, before the field
    if (seen[i] && !skipped) continue;
    if (field.required && !seen[i] && !skipped) return ctx.fail_missing(field.key);
    void* member = base + field.offset;
    if (field.reset != nullptr) {
      field.reset(member);
    } else {
      field.codec->clear(member);
    }
  }
  return true;
}

void write_fields(std::string& out, std::span<const Field> fields, const void* value) {
  const char* const base = static_cast<const char*>(value);
  const std::size_t start = out.size();
  for (const Field& field : fields) {
    const void* member = base + field.offset;
    if (field.codec->present != nullptr && !field.codec->present(member)) continue;
    out += field.prefix;
    field.codec->write(out, member);
  }
  // The first field's comma becomes the brace; no field written: {}.
  if (out.size() == start) {
    out += '{';
  } else {
    out[start] = '{';
  }
  out += '}';
}

std::ostream& print_fields(std::ostream& out, std::string_view name, std::uint32_t version,
                           std::span<const Field> fields, const void* value) {
  std::string text;
  if (!name.empty()) {
    if (version == 0) {
      begin_wrapped(text, name);
    } else {
      begin_wrapped(text, name, version);
    }
  }
  write_fields(text, fields, value);
  if (!name.empty()) text += '}';
  return out << text;
}

std::size_t find_type(std::string_view type, std::span<const TypeName> names) noexcept {
  for (const TypeName& each : names) {
    if (each.name == type) return each.index;
  }
  return kNoType;
}

bool fail_unknown_type(ReadContext& ctx, std::string_view what, std::string_view type) {
  std::string message = "unknown ";
  message.append(what).append(" '").append(type).append("'");
  return ctx.fail(message);
}

bool fail_newer_version(ReadContext& ctx, std::string_view type, std::uint32_t version,
                        std::uint32_t known) {
  std::string message = "event '";
  message.append(type)
      .append("' has version ")
      .append(std::to_string(version))
      .append(", newer than this code's ")
      .append(std::to_string(known));
  return ctx.fail(message);
}

}  // namespace mealy::json
