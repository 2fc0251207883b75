// The schema model: what a schema file says, resolved.
//
// Two stages fill these structs, and nothing else does:
//   1. the loader (loader.hpp) fills every member marked "written": names as
//      spelled, values as written, locations;
//   2. the checker (checker.hpp) fills every member marked "resolved":
//      indices and pointers to what names refer to, typed defaults, the
//      per-state transition tables, the sources of event and state fields and
//      the replay (evolve) table.
// After a successful check the files are handed out as `const` and never
// change again; emitters read only this model, in the order the schema was
// written. Nothing here knows about C++, TypeScript or Graphviz.
//
// Indices (std::uint32_t) refer to the vectors of the enclosing aggregate:
// commands, events, states and their fields. `kNone` marks an absent index.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mealy/schema/source.hpp"

namespace mealy::schema {

inline constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

// A name as written where a reference or a key stands, with its place.
struct Name {
  std::string text;
  Location location;

  [[nodiscard]] bool empty() const { return text.empty(); }
};

// ---------------------------------------------------------------------------
// Types and values

enum class TypeKind : std::uint8_t {
  boolean,
  int32,
  int64,
  uint32,
  uint64,
  float64,
  string,
  bytes,
  uuid,
  timestamp,  // UTC instant, microseconds
  duration,   // signed microseconds
  list,       // list<T>
  map,        // map<string, T>
  optional,   // optional<T>, also written T?
  named,      // a record or enum from `types` or an import
};

struct TypeDecl;
struct SchemaFile;

// A type expression such as `list<OrderLine>` or `string?`.
struct TypeRef {
  TypeKind kind = TypeKind::string;  // written
  std::vector<TypeRef> element;      // written: exactly one for list, map and optional
  Name name;                         // written: for `named`, the type's name
  Location location;                 // written: where the expression starts
  std::string spelling;              // written: the expression as written, e.g. "list<Money>"

  const TypeDecl* decl = nullptr;         // resolved: for `named`
  const SchemaFile* decl_file = nullptr;  // resolved: the file declaring `decl`
};

// A YAML value as written (defaults, min and max). Scalars keep their text
// and whether they were quoted, so that `"1"` and `1` differ.
struct Value {
  enum class Kind : std::uint8_t { null, scalar, list, map };
  Kind kind = Kind::null;
  std::string text;     // scalar text
  bool quoted = false;  // scalar was single- or double-quoted (or a block scalar)
  std::vector<Value> items;
  std::vector<std::pair<Name, Value>> entries;
  Location location;

  // Declared here and defaulted after the class, where Value is complete:
  // std::pair<Name, Value> needs a complete Value, which clang with
  // libstdc++ enforces (the Fuzz build, tests/fuzz) and GCC does not.
  Value();
  Value(const Value&);
  Value(Value&&) noexcept;
  Value& operator=(const Value&);
  Value& operator=(Value&&) noexcept;
  ~Value();
};
inline Value::Value() = default;
inline Value::Value(const Value&) = default;
inline Value::Value(Value&&) noexcept = default;
inline Value& Value::operator=(const Value&) = default;
inline Value& Value::operator=(Value&&) noexcept = default;
inline Value::~Value() = default;

// A value checked against a type (resolved from a Value).
struct Constant {
  TypeKind kind = TypeKind::string;
  bool boolean = false;
  std::int64_t int_value = 0;    // int32, int64; timestamp and duration in microseconds
  std::uint64_t uint_value = 0;  // uint32, uint64
  double float_value = 0;        // float64
  std::string text;  // string; bytes decoded; uuid lowercase 8-4-4-4-12; enum member name
  std::uint32_t enum_index = kNone;  // for enums: index of the member
  bool is_now = false;               // timestamp default `now`: read the runtime's clock
  bool is_null = false;              // optional without a value
  std::vector<Constant>
      items;  // list elements, record field values (in field order), optional's value
  std::vector<std::pair<std::string, Constant>> entries;  // map entries, in written order

  // Defaulted after the class, as Value's are (std::pair needs it complete).
  Constant();
  Constant(const Constant&);
  Constant(Constant&&) noexcept;
  Constant& operator=(const Constant&);
  Constant& operator=(Constant&&) noexcept;
  ~Constant();
};
inline Constant::Constant() = default;
inline Constant::Constant(const Constant&) = default;
inline Constant::Constant(Constant&&) noexcept = default;
inline Constant& Constant::operator=(const Constant&) = default;
inline Constant& Constant::operator=(Constant&&) noexcept = default;
inline Constant::~Constant() = default;

struct Field {
  Name name;                                            // written
  std::string doc;                                      // written
  TypeRef type;                                         // written
  std::optional<Value> default_written;                 // written
  std::uint32_t since = 0;                              // written: 0 when absent
  Location since_location;                              // written
  std::optional<Value> min, max;                        // written
  std::optional<std::uint64_t> min_length, max_length;  // written
  Location location;                                    // written: the field's key

  std::optional<Constant> default_value;         // resolved
  std::optional<Constant> min_value, max_value;  // resolved, of the field's numeric type

  // resolved: whether every decoder refuses a message without the field (in
  // an event, one of version `since` or later). A field is optional on the
  // wire when it is `optional<T>` or has a default; a default of `now` is
  // not applied on decode, so such a field is required.
  bool wire_required = false;
};

struct EnumMember {
  Name name;        // written
  std::string doc;  // written
};

// A named record (`fields`) or enum (`enum`) in `types`.
struct TypeDecl {
  Name name;                        // written
  std::string doc;                  // written
  bool is_enum = false;             // written
  std::vector<Field> fields;        // written: records
  std::vector<EnumMember> members;  // written: enums
};

// ---------------------------------------------------------------------------
// Aggregates

struct Command {
  Name name;
  std::string doc;
  std::vector<Field> fields;
};

struct Event {
  Name name;                       // written
  std::string doc;                 // written
  std::uint32_t version = 1;       // written
  Location version_location;       // written
  std::vector<Field> fields;       // written
  Name apply;                      // written: host hook run after the built-in evolve
  std::vector<Name> renamed_from;  // written: older names that decode as this event
  Name upcast;                     // written: host hook upcasting older versions
  bool retired = false;            // written

  // resolved: the stored forms that decoding hands to the `upcast` hook (none
  // without one): this name below `version`, and each former name up to it.
  struct OldForm {
    std::string type;               // the stored type name
    std::uint32_t max_version = 0;  // versions 1 to max_version
  };
  std::vector<OldForm> upcast_forms;

  // resolved: aggregate fields that take this event's field of the same name,
  // as (aggregate field index, event field index), in aggregate field order.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> aggregate_updates;
};

// One alternative of a transition, as written in an `on` map.
struct Transition {
  Location location;          // written: the alternative's map (or the `on` key)
  std::string doc;            // written
  std::vector<Name> emit;     // written: in emission order
  bool emit_written = false;  // written: an `emit` key was present (`emit: []` included)
  std::optional<Name> to;     // written: absent means stay
  Name guard;                 // written
  Name action;                // written
  Name reject;                // written: a reason code; excludes emit and to

  std::vector<std::uint32_t> emit_events;  // resolved: event indices, as `emit`
  std::uint32_t to_state = kNone;          // resolved: kNone when the transition stays
};

// `Command: transition` or `Command: [alternatives]` in an `on` map.
struct Handler {
  Name command;                          // written: the key
  std::vector<Transition> alternatives;  // written: in order
  std::uint32_t command_index = kNone;   // resolved
};

// Where the value of one field comes from (an emitted event's field when
// deciding, or a next state's field when evolving).
enum class SourceKind : std::uint8_t {
  command_field,    // decide: the command's field `index`
  state_field,      // decide: the current state's field; evolve: carried from the previous state
  aggregate_field,  // decide: the aggregate's field `index`
  event_field,      // evolve: the applied event's field `index`
  default_value,    // the field's own default (`now` reads the clock); empty for an
                    // optional field without a default
  action,           // decide: the transition's action builds the event
  apply_hook,       // evolve: left to the event's `apply` hook (value-initialised first)
};

struct FieldSource {
  SourceKind kind = SourceKind::default_value;
  std::uint32_t index = kNone;  // field index in the source, when the kind has one
};

// One event emitted by a transition in a given state, with the source of
// each of its fields (in the event's field order).
struct Emission {
  std::uint32_t event = kNone;
  std::vector<FieldSource> fields;
};

// One alternative as it applies in one state (resolved). An alternative of
// the aggregate-wide `on` applies in every state that inherits it, with
// sources computed for that state.
struct StateTransition {
  bool inherited = false;                  // written in the aggregate's `on`, not the state's
  std::uint32_t handler = kNone;           // index into the state's (or aggregate's) `on`
  std::uint32_t alternative = 0;           // index into that handler's alternatives
  const Transition* transition = nullptr;  // the alternative as written
  std::uint32_t target = kNone;            // the state after it: the current state when it stays
  std::vector<Emission> emissions;         // empty for `reject`
};

// How a state handles one command: the ordered alternatives.
struct CommandHandling {
  std::uint32_t command = kNone;
  bool inherited = false;
  std::vector<StateTransition> alternatives;
};

// Replay: applying `event` in this state moves to `target`, filling the
// target state's fields from `fields` (in the target's field order).
struct EvolveStep {
  std::uint32_t event = kNone;
  std::uint32_t target = kNone;
  std::vector<FieldSource> fields;
};

struct State {
  Name name;                  // written
  std::string doc;            // written
  bool initial = false;       // written
  bool final = false;         // written
  std::vector<Field> fields;  // written
  std::vector<Handler> on;    // written
  bool has_on = false;        // written: an `on` key was present (even if empty)

  // resolved: the state's own handlers in written order, then the inherited
  // ones in the aggregate's order.
  std::vector<CommandHandling> handling;
  // resolved: per command index, the index into `handling`, or kNone.
  std::vector<std::uint32_t> handling_by_command;
  // resolved: per event index, the replay step, or nullopt when the event
  // cannot occur in this state.
  std::vector<std::optional<EvolveStep>> evolve;
  bool reachable = false;  // resolved: from the initial state
};

enum class IdKind : std::uint8_t { uuid, string, int64 };

// How a schema writes the id kind: "uuid", "string" or "int64".
constexpr std::string_view spelling(IdKind id) noexcept {
  switch (id) {
    case IdKind::uuid:
      return "uuid";
    case IdKind::string:
      return "string";
    case IdKind::int64:
      return "int64";
  }
  return "uuid";
}

struct Aggregate {
  Name name;                                    // written
  std::string doc;                              // written
  IdKind id = IdKind::uuid;                     // written
  Location id_location;                         // written
  std::optional<std::uint64_t> snapshot_every;  // written
  std::vector<Field> fields;                    // written
  std::vector<Command> commands;                // written
  std::vector<Event> events;                    // written
  std::vector<State> states;                    // written
  std::vector<Handler> on;                      // written: aggregate-wide

  std::uint32_t initial_state = kNone;  // resolved
};

struct Import {
  Name path;                         // written: relative to the importing file
  const SchemaFile* file = nullptr;  // resolved
};

struct SchemaFile {
  std::uint32_t source = 0;           // index into the SourceSet
  Name language_version;              // written: the `mealy` key's value
  Name package;                       // written: e.g. "shop.orders"
  std::string doc;                    // written
  std::vector<Import> imports;        // written
  std::vector<TypeDecl> types;        // written
  std::vector<Aggregate> aggregates;  // written

  std::vector<std::string> package_parts;  // resolved: {"shop", "orders"}
};

// A checked schema and every file it imports.
struct Model {
  const SourceSet* sources = nullptr;
  // The root file's import closure in dependency order: every file comes
  // after the files it imports; the root is last.
  std::vector<std::shared_ptr<const SchemaFile>> files;

  [[nodiscard]] const SchemaFile& root() const { return *files.back(); }
  [[nodiscard]] const SourceFile& source_of(const SchemaFile& file) const {
    return sources->file(file.source);
  }
};

}  // namespace mealy::schema
