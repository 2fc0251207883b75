// Records read and written through tables of their fields.
//
// Design note. A generated .mealy.cpp used to hold a reader, a writer and a
// printer per command, event and state, each a function of its own; what
// the compiler spent on them was mostly per function (the inlined string,
// optional and list code of each), so an aggregate of ten states took about
// 1.9 s to compile at -O2 beyond the standard headers (issue 18). Now each
// record is a table of its fields (key, offset, how to read and write the
// field's type, when it may be missing) and the functions below, compiled
// once here, walk it; the generated code holds data and the few functions
// that must know the aggregate's types (the variants' alternatives).
//
// A field's C++ type is reached through a FieldCodec: four functions over a
// `void*` to the member, one codec per C++ type (`codec_of<T>`). Those of
// the scalars, list<string> and string? are defined in the runtime
// (MEALY_JSON_RUNTIME_CODECS); those of other lists, maps, optionals, enums
// and records are instantiated where a table names them, over the
// read() and write() overloads of json_read.hpp and json_write.hpp, and the
// generated ones of records and enums (found by argument-dependent lookup).
//
// The rules the tables carry are those the generated readers had (issue 19's
// "decoding reads over the object given"): a field the document leaves out
// is an error when required, else it is reset (to its type's empty value,
// or by the field's own `reset` for a schema default); in an event read at
// an older version, a field added later (`since`) is skipped when present
// and reset. Key order, duplicate keys, unknown keys and error paths are
// read_record()'s (json_read.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <span>
#include <string>
#include <string_view>

#include "mealy/json_read.hpp"
#include "mealy/json_write.hpp"

namespace mealy::json {

// How fields of one C++ type are read, written and reset, through a pointer
// to the member.
struct FieldCodec {
  // read(ctx, value, *field).
  bool (*read)(ReadContext& ctx, Value value, void* field);
  // write(out, *field); for an optional, of the value it holds.
  void (*write)(std::string& out, const void* field);
  // Null but for optionals: whether the optional holds a value. An empty
  // optional field is left out of the object.
  bool (*present)(const void* field);
  // Gives the field its type's empty value again, keeping its buffers: a
  // string, list or map is cleared, an optional reset, a scalar zeroed.
  void (*clear)(void* field);
};

namespace field_codec {

template <typename T>
bool read_field(ReadContext& ctx, Value value, void* field) {
  return read(ctx, value, *static_cast<T*>(field));
}
template <typename T>
void write_field(std::string& out, const void* field) {
  write(out, *static_cast<const T*>(field));
}
template <typename T>
void write_held(std::string& out, const void* field) {
  write(out, **static_cast<const std::optional<T>*>(field));
}
template <typename T>
bool is_present(const void* field) {
  return static_cast<const std::optional<T>*>(field)->has_value();
}
template <typename T>
void clear_field(void* field) {
  T& value = *static_cast<T*>(field);
  if constexpr (requires { value.clear(); }) {
    value.clear();
  } else if constexpr (requires { value.reset(); }) {
    value.reset();
  } else {
    value = T{};
  }
}

template <typename T>
inline constexpr bool kIsOptional = false;
template <typename T>
inline constexpr bool kIsOptional<std::optional<T>> = true;

// The codec of T: an optional's writes the value it holds and says whether
// it holds one.
template <typename T>
constexpr FieldCodec make() {
  if constexpr (kIsOptional<T>) {
    using Held = typename T::value_type;
    return {&read_field<T>, &write_held<Held>, &is_present<Held>, &clear_field<T>};
  } else {
    return {&read_field<T>, &write_field<T>, nullptr, &clear_field<T>};
  }
}

}  // namespace field_codec

// The codec of a C++ type: the scalars' and a few common ones are the
// runtime's (declared below, defined in json_fields.cpp), the others are
// made where they are named.
template <typename T>
struct FieldCodecOf {
  static constexpr FieldCodec value = field_codec::make<T>();
};

// The types whose codecs the runtime defines, so that generated code does
// not instantiate them: X(type) for each.
// clang-format off
#define MEALY_JSON_RUNTIME_CODECS(X)                                        \
  X(bool) X(std::int32_t) X(std::int64_t) X(std::uint32_t) X(std::uint64_t) \
  X(double) X(std::string) X(Bytes) X(Uuid) X(Timestamp) X(Duration)        \
  X(std::vector<std::string>) X(std::optional<std::string>)
// clang-format on
#define MEALY_JSON_DECLARE_CODEC(T) \
  template <>                       \
  struct FieldCodecOf<T> {          \
    static const FieldCodec value;  \
  };
MEALY_JSON_RUNTIME_CODECS(MEALY_JSON_DECLARE_CODEC)
#undef MEALY_JSON_DECLARE_CODEC

template <typename T>
inline constexpr const FieldCodec* codec_of = &FieldCodecOf<T>::value;

// One field of a record, as the generated tables list them, in schema order.
struct Field {
  std::string_view key;
  // What the writer puts before the value: `,"key":` (the first field's
  // comma becomes the object's brace).
  std::string_view prefix;
  const FieldCodec* codec;
  std::size_t offset;  // of the member in the record (offsetof)
  // In an event's table, the version the field was added at when later than
  // 1: read at an older version, the field is skipped and reset. 0 otherwise.
  std::uint32_t since;
  // Missing is an error ("missing required field 'key'"), from `since` on.
  bool required;
  // Null: a missing field is cleared (codec->clear). Else gives the field its
  // schema default.
  void (*reset)(void* field);
};

// Reads the object `value` into the record at `out` whose fields `fields`
// lists; `version` is the schema version an event was written at (1 for
// records without versions). Every field the document leaves out is reset
// (or missing, when required). Errors are read_record()'s, the fields', and
//   $.line: missing required field 'sku'
bool read_fields(ReadContext& ctx, Value value, std::span<const Field> fields, void* out,
                 std::uint32_t version = 1);

// Writes the record at `value` as an object: its fields in table order, an
// empty optional left out.
void write_fields(std::string& out, std::span<const Field> fields, const void* value);

// Prints canonical JSON of a record to `out` (what a failed test shows): the
// wrapped form {"type":name,"version":version,"payload":{...}} of a command
// or event, {"type":name,"payload":{...}} of a state (version 0), or the
// object alone (an empty name).
std::ostream& print_fields(std::ostream& out, std::string_view name, std::uint32_t version,
                           std::span<const Field> fields, const void* value);

// A name a variant's reader accepts for its alternative `index`: its own, or
// one it was renamed from.
struct TypeName {
  std::string_view name;
  std::size_t index;
};

// What find_type() gives for a name that no alternative has.
inline constexpr std::size_t kNoType = static_cast<std::size_t>(-1);

// The index of the alternative that `type` names, or kNoType.
[[nodiscard]] std::size_t find_type(std::string_view type,
                                    std::span<const TypeName> names) noexcept;

// "unknown <what> '<type>'" (what: "command type", "event type", "state").
bool fail_unknown_type(ReadContext& ctx, std::string_view what, std::string_view type);

// "event '<type>' has version <version>, newer than this code's <known>".
bool fail_newer_version(ReadContext& ctx, std::string_view type, std::uint32_t version,
                        std::uint32_t known);

}  // namespace mealy::json
