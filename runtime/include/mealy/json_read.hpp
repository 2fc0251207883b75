// Reading JSON with simdjson's On-Demand API, with the path of every error.
//
// One overload of read() per type: it reads `value` into `out` and returns
// true, or records an error at the current path in the ReadContext and
// returns false. Generated decoders read each field through read_record(),
// which pushes its key on the path first, so an error reads
//   $.lines[2].quantity: expected int32, got string
// Lists, maps and optionals compose through the templates below, which find
// the generated overloads for records and enums by argument-dependent lookup.
//
// Decoders are liberal in what they accept where the language says so:
// int64, uint64 and durations as decimal strings or as numbers within the
// safe-integer range (|n| <= 2^53 - 1); timestamps in any RFC 3339 form (with
// an offset, up to six fraction digits); uuids in either case; `null` for an
// absent optional. Unknown object keys are ignored, but their values are
// checked as strictly as the rest (skip()).
//
// Decoders are strict about JSON itself, everywhere in a document, read or
// skipped: a document that is not JSON (RFC 8259) is refused, and so is one
// that repeats a key in an object ("$.a.b: duplicate key", at the second
// one), nests deeper than Limits::max_depth, or holds a number beyond
// float64's range ("value 1e400 is out of range for float64"). simdjson's
// On-Demand API does not check what a reader does not visit, so every reader
// visits everything: a value nobody reads goes through skip().
//
// What each scalar accepts, and its errors (each after "$.path: "):
//   bool              true or false
//                       expected bool, got string
//   int32, uint32     a JSON integer (no fraction or exponent) in range
//                       expected int32, got 1.5
//                       value 3000000000 is out of range for int32
//   int64, uint64,    a decimal string -?(0|[1-9][0-9]*) other than "-0", or
//   duration          a JSON integer with |n| <= 2^53 - 1 (durations count
//                     microseconds)
//                       expected int64 as a decimal string, got "01"
//                       value 9223372036854775808 is out of range for int64
//                       number 9007199254740992 is outside the safe-integer
//                         range (+-9007199254740991); write int64 as a string
//   float64           any JSON number, integers included
//                       value 1e400 is out of range for float64
//   string            any JSON string (simdjson has checked that it is UTF-8)
//   bytes             padded standard base64, exactly as the writer writes it
//                       expected base64, got "ab$="
//   uuid              8-4-4-4-12 hex digits of either case
//                       expected a uuid, got "xyz"
//   timestamp         RFC 3339: T or t; Z, z or +-HH:MM; 0 to 6 fraction
//                     digits; within the years 0000-9999 once moved to UTC
//                       expected an RFC 3339 timestamp, got "2026-13-01T00:00:00Z"
//                       timestamp "..." has more than 6 fraction digits
//                       timestamp "..." is out of range (years 0000 to 9999 in UTC)
// A wrong JSON type reads "expected <schema type>, got <JSON type>"; bad JSON
// reads "malformed JSON: <what>" at the path where it was found. Strings
// quoted in messages are cut after 64 bytes.
//
// The reading itself is simdjson's On-Demand API, in the runtime's own
// files: a Value is an opaque handle on simdjson's value, which the runtime's
// functions below read, so that this header (and the generated code that
// includes it) needs neither simdjson's header nor its build settings. Code
// that reads a Value with simdjson itself (an upcast hook reading an old
// payload, the runtime) includes mealy/json_simdjson.hpp.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_set>
#include <vector>

#include "mealy/json.hpp"
#include "mealy/result.hpp"
#include "mealy/values.hpp"

namespace mealy::json {

// A JSON value being read: a handle on the reader's position in the document,
// valid during the call that received it. Generated readers pass it on to
// the functions below; mealy/json_simdjson.hpp gives simdjson's value.
// Copies refer to the same value: reading through one reads it for all.
class Value {
 public:
  constexpr Value() noexcept = default;
  // A handle on a value of the reader (in mealy/json_simdjson.hpp, a
  // simdjson::ondemand::value).
  constexpr explicit Value(void* cursor) noexcept : cursor_(cursor) {}
  [[nodiscard]] constexpr void* cursor() const noexcept { return cursor_; }

 private:
  void* cursor_ = nullptr;
};

// The state of one decode: where we are, and the first error.
// Not thread-safe; one per decode.
class ReadContext {
 public:
  explicit ReadContext(const Limits& limits = {}) : limits_(limits) {}

  // The path. Keys must stay valid until popped (simdjson's unescaped keys do,
  // for the document's lifetime).
  void push_key(std::string_view key) { push(key, 0, true); }
  void push_index(std::size_t index) { push({}, index, false); }
  void pop() {
    if (--depth_of_path_ >= kInlineSegments) deeper_.pop_back();
  }

  // Enters an object or array: false (with the error "nesting deeper than N
  // levels") when max_depth levels are already entered.
  bool enter();
  void leave() { --depth_; }

  // Records `message` at the current path (the first error wins) and returns false.
  bool fail(std::string_view message);
  // "expected <what>, got <the JSON type of value>": string, number, boolean,
  // null, object or array. When the token is not valid JSON (`nul`, `1.`), a
  // malformed-JSON error instead. Does not consume `value`.
  bool fail_type(std::string_view expected, Value value);
  // "missing required field '<name>'" at the current path.
  bool fail_missing(std::string_view name);
  // "duplicate key" at the current path, which ends with the repeated key.
  bool fail_duplicate_key() { return fail("duplicate key"); }
  // A simdjson error is recorded with mealy::json::fail_json()
  // (mealy/json_simdjson.hpp).

  [[nodiscard]] bool failed() const { return !error_.empty(); }
  // "$.a[2].b: message"; empty when nothing failed.
  [[nodiscard]] const std::string& error() const { return error_; }
  [[nodiscard]] const Limits& limits() const { return limits_; }

  // The current path, "$.lines[2].quantity". A key that is not a plain
  // identifier ([A-Za-z_][A-Za-z0-9_]*) is written as a JSON string in
  // brackets: $["two words"]["say \"hi\""].
  [[nodiscard]] std::string path() const;

 private:
  struct Segment {
    std::string_view key;
    std::size_t index;
    bool is_key;
  };
  // The first kInlineSegments segments of the path live in the context
  // itself, so that decoding a typical document allocates nothing for its
  // path (a decoder pushes a segment per field); deeper ones in `deeper_`.
  static constexpr std::size_t kInlineSegments = 16;
  // Member by member: a whole Segment built and then copied is written
  // and read back in pieces of different sizes, which stalls the CPU's
  // store forwarding on every field of every document (seen in profiles).
  void push(std::string_view key, std::size_t index, bool is_key) {
    if (depth_of_path_ < kInlineSegments) {
      Segment& segment = inline_.items[depth_of_path_];
      segment.key = key;
      segment.index = index;
      segment.is_key = is_key;
    } else {
      deeper_.push_back({key, index, is_key});
    }
    ++depth_of_path_;
  }
  [[nodiscard]] const Segment& segment(std::size_t i) const {
    return i < kInlineSegments ? inline_.items[i] : deeper_[i - kInlineSegments];
  }

  Limits limits_;
  // Left uninitialised (a context is made per document): only the first
  // depth_of_path_ are read, each after push() wrote it.
  union InlineSegments {
    InlineSegments() {}  // NOLINT: leaves `items` uninitialised on purpose
    Segment items[kInlineSegments];
  } inline_;
  std::vector<Segment> deeper_;
  std::size_t depth_of_path_ = 0;
  std::size_t depth_ = 0;
  std::string error_;
};

bool read(ReadContext& ctx, Value value, bool& out);
bool read(ReadContext& ctx, Value value, std::int32_t& out);
bool read(ReadContext& ctx, Value value, std::int64_t& out);
bool read(ReadContext& ctx, Value value, std::uint32_t& out);
bool read(ReadContext& ctx, Value value, std::uint64_t& out);
bool read(ReadContext& ctx, Value value, double& out);
bool read(ReadContext& ctx, Value value, std::string& out);
// A string without a copy: the view lives as long as the document.
bool read(ReadContext& ctx, Value value, std::string_view& out);
bool read(ReadContext& ctx, Value value, Bytes& out);
bool read(ReadContext& ctx, Value value, Uuid& out);
bool read(ReadContext& ctx, Value value, Timestamp& out);
bool read(ReadContext& ctx, Value value, Duration& out);

// Reads a value that no field takes (an unknown key, a field newer than the
// data) and checks it as a decoder checks what it reads: valid JSON in every
// token, no key twice in an object, nesting within the limit, numbers within
// float64's range. True when it is fine; otherwise the error, at its path.
bool skip(ReadContext& ctx, Value value);

// The keys of one object that no field took, to refuse a key given twice.
// Keys are kept as views: they must outlive the set (simdjson's unescaped
// keys live as long as the document). Allocates nothing for an object
// without such keys.
class KeySet {
 public:
  // Adds `key`: false when the set holds it already.
  bool insert(std::string_view key);

 private:
  static constexpr std::size_t kFew = 16;
  // Up to kFew keys in place, compared one by one (no allocation for an
  // object of that size: every payload the store checks and every record a
  // decoder reads); all of them in `many_` once there are more.
  // Left uninitialised (a set is made per object): only the first count_
  // are read.
  union Few {
    Few() {}  // NOLINT: leaves `keys` uninitialised on purpose
    std::string_view keys[kFew];
  } few_;
  std::size_t count_ = 0;
  // Made only for an object with more keys than kFew: a set built and
  // destroyed for every object cost more than the keys' comparisons.
  std::unique_ptr<std::unordered_set<std::string_view>> many_;
};

// What a wrapped form holds besides "type" and "payload".
enum class Wrapped {
  command,  // "version" is not read (every command is at version 1)
  event,    // "version", an uint32, 1 when absent
  state,    // no version
};

// Reads a command, event or state, {"type": name, "version": n, "payload":
// {...}}, with the keys in any order, each at most once, others skipped
// (skip()). Calls read_payload(ctx, payload, type, version, state) once, with
// the payload at "$...payload" on the path. Errors besides read_payload's:
//   $: expected object, got array
//   $.type: expected string, got number
//   $: missing required field 'type'      (then 'payload')
//   $.type: duplicate key
using ReadPayload = bool (*)(ReadContext& ctx, Value payload, std::string_view type,
                             std::uint32_t version, void* state);
bool read_wrapped(ReadContext& ctx, Value value, Wrapped form, ReadPayload read_payload,
                  void* state);

// read_wrapped() with a callable
// `bool(ReadContext&, Value payload, std::string_view type, std::uint32_t version)`.
template <typename Read>
bool read_wrapped(ReadContext& ctx, Value value, Wrapped form, Read&& read) {
  auto trampoline = [](ReadContext& c, Value payload, std::string_view type, std::uint32_t version,
                       void* state) {
    return (*static_cast<std::remove_reference_t<Read>*>(state))(c, payload, type, version);
  };
  return read_wrapped(ctx, value, form, trampoline, &read);
}

// The walks over objects and arrays, compiled once in the runtime: the
// readers of records, maps and lists say only what to do with each member,
// through a callback, so that simdjson's iteration (force-inlined, and large)
// is not expanded again in the reader of every generated type and container.

// Reads a record: an object whose keys are `keys` (the fields, in schema
// order) and any others. For each member, in document order, it pushes the
// key on the path, then
//   - for keys[i]: "duplicate key" when seen[i] is set already; otherwise sets
//     seen[i] and calls read_field(ctx, value, i, state);
//   - for any other key: "duplicate key" when it came before, otherwise
//     skip() (unknown keys are ignored, but checked);
// and pops the key. `seen` holds keys.size() flags, all false on entry (it
// may be null when keys is empty); after a true return, seen[i] says whether
// field i was present, for the caller's "missing required field" checks,
// which then report at the record's path. Errors besides read_field's and
// skip()'s:
//   $.line: expected object, got array
//   $.line.sku: duplicate key
//   $.line: nesting deeper than N levels
// Allocates nothing for a record with up to 16 unknown keys (KeySet).
using ReadField = bool (*)(ReadContext& ctx, Value value, std::size_t field, void* state);
bool read_record(ReadContext& ctx, Value value, std::span<const std::string_view> keys, bool* seen,
                 ReadField read_field, void* state);

// read_record() with a callable `bool(ReadContext&, Value, std::size_t field)`.
template <typename Read>
bool read_record(ReadContext& ctx, Value value, std::span<const std::string_view> keys, bool* seen,
                 Read&& read) {
  auto trampoline = [](ReadContext& c, Value v, std::size_t field, void* state) {
    return (*static_cast<std::remove_reference_t<Read>*>(state))(c, v, field);
  };
  return read_record(ctx, value, keys, seen, trampoline, &read);
}

// Reads an object member by member, in document order: pushes the key on the
// path, calls read_member(ctx, key, value, state) and pops the key. The key
// views the document (it lives as long as the document). Refusing a key given
// twice is read_member's task (a map refuses a key it holds already). Errors
// besides read_member's:
//   $.prices: expected object, got array
//   $.prices: nesting deeper than N levels
using ReadMember = bool (*)(ReadContext& ctx, std::string_view key, Value value, void* state);
bool read_members(ReadContext& ctx, Value value, ReadMember read_member, void* state);

// read_members() with a callable `bool(ReadContext&, std::string_view key, Value)`.
template <typename Read>
bool read_members(ReadContext& ctx, Value value, Read&& read) {
  auto trampoline = [](ReadContext& c, std::string_view key, Value v, void* state) {
    return (*static_cast<std::remove_reference_t<Read>*>(state))(c, key, v);
  };
  return read_members(ctx, value, trampoline, &read);
}

// Reads an array element by element: pushes the index on the path, calls
// read_element(ctx, value, state) and pops the index. Errors besides
// read_element's:
//   $.lines: expected array, got object
//   $.lines: nesting deeper than N levels
using ReadElement = bool (*)(ReadContext& ctx, Value value, void* state);
bool read_elements(ReadContext& ctx, Value value, ReadElement read_element, void* state);

// read_elements() with a callable `bool(ReadContext&, Value)`.
template <typename Read>
bool read_elements(ReadContext& ctx, Value value, Read&& read) {
  auto trampoline = [](ReadContext& c, Value v, void* state) {
    return (*static_cast<std::remove_reference_t<Read>*>(state))(c, v);
  };
  return read_elements(ctx, value, trampoline, &read);
}

// True when `value` is JSON null, and then consumes it. Anything else is left
// as it was (even a bad token like `nul`), for a read() to read or report.
bool is_null(Value value);

// Declared before they are defined, so that each can call the others.
template <typename T>
bool read(ReadContext& ctx, Value value, std::optional<T>& out);
template <typename T>
bool read(ReadContext& ctx, Value value, std::vector<T>& out);
template <typename T>
bool read(ReadContext& ctx, Value value, std::map<std::string, T>& out);

// Every read() reads over what `out` holds, whatever it was, and gives what
// reading into a new value gives; it keeps what it can of `out`'s buffers
// (a string's, a list's and its elements'), so that decoding into one
// object again and again (a replay) allocates little. On an error `out` is
// valid but unspecified.
template <typename T>
bool read(ReadContext& ctx, Value value, std::optional<T>& out) {
  if (is_null(value)) {
    out.reset();
    return true;
  }
  if (!out) out.emplace();
  return read(ctx, value, *out);
}

// A list is read over its elements (the first ones read into those it
// held), then cut to the elements read. A map is cleared, then filled (a
// repeated key is "duplicate key", at the second one): reusing its nodes
// was measured and saved nothing.
template <typename T>
bool read(ReadContext& ctx, Value value, std::vector<T>& out) {
  if constexpr (std::is_same_v<T, bool>) {  // no bool& into a vector<bool>
    out.clear();
    return read_elements(ctx, value, [&out](ReadContext& c, Value item) {
      bool decoded = false;
      if (!read(c, item, decoded)) return false;
      out.push_back(decoded);
      return true;
    });
  } else {
    std::size_t count = 0;
    const bool ok = read_elements(ctx, value, [&out, &count](ReadContext& c, Value item) {
      T& element = count < out.size() ? out[count] : out.emplace_back();
      ++count;
      return read(c, item, element);
    });
    if (ok) out.erase(out.begin() + static_cast<std::ptrdiff_t>(count), out.end());
    return ok;
  }
}

template <typename T>
bool read(ReadContext& ctx, Value value, std::map<std::string, T>& out) {
  out.clear();
  return read_members(ctx, value, [&out](ReadContext& c, std::string_view key, Value item) {
    auto [entry, inserted] = out.try_emplace(std::string(key));
    if (!inserted) return c.fail_duplicate_key();
    return read(c, item, entry->second);
  });
}

// Parses `json` within `limits` and reads the root value with `read_root`
// (a callable `bool(ReadContext&, Value)`). Returns the error as an
// invalid_argument Status carrying the path, or ok. The root may be any JSON
// value, scalars included. Besides read_root's own errors:
//   $: document of N bytes exceeds the limit of M bytes
//   $: trailing content after the JSON value      (`{} {}`, `1,2`, `1]`)
//   $: malformed JSON: the document is empty
// `json` need not be padded or NUL-terminated: it is copied. The values given
// to read_root, and the strings read from them, live until decode_document
// returns. Thread-safe: each thread has its own parser and buffer, reused
// from call to call for documents up to 256 KiB (larger ones, and calls
// nested inside read_root, get their own for the call). An exception from
// simdjson's throwing conversions inside read_root becomes an error; other
// exceptions propagate.
template <typename ReadRoot>
Status decode_document(std::string_view json, const Limits& limits, ReadRoot&& read_root);

// decode_document() with a plain function, read_root(ctx, value, state),
// compiled here once (what generated code calls: no template to instantiate).
using ReadRoot = bool (*)(ReadContext& ctx, Value value, void* state);
Status decode_document(std::string_view json, const Limits& limits, ReadRoot read_root,
                       void* state);

// Implementation detail of decode_document: a thread-local parser and the
// padded copy of the input.
Status parse_and_read(std::string_view json, ReadContext& ctx,
                      bool (*read_root)(ReadContext&, Value, void*), void* state);

template <typename ReadRoot>
Status decode_document(std::string_view json, const Limits& limits, ReadRoot&& read_root) {
  ReadContext ctx(limits);
  auto trampoline = [](ReadContext& c, Value v, void* state) {
    return (*static_cast<std::remove_reference_t<ReadRoot>*>(state))(c, v);
  };
  return parse_and_read(json, ctx, trampoline, &read_root);
}

}  // namespace mealy::json
