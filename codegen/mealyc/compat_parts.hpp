// The parts of compare_schemas() (compat.hpp), shared by its files: the
// comparison of types and of fields, used for events, records and commands.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "mealy/schema/diagnostic.hpp"
#include "mealy/schema/model.hpp"

namespace mealy::cli::compat {

// The item of `items` (fields, states, commands, aggregates) named `name`,
// or null.
template <typename Item>
const Item* find_named(const std::vector<Item>& items, const std::string& name) {
  for (const Item& item : items) {
    if (item.name.text == name) return &item;
  }
  return nullptr;
}

// The `types` of a model and its imports, by name (the first declaration
// wins when two files declare the same name).
using TypeIndex = std::map<std::string, const schema::TypeDecl*>;
TypeIndex index_types(const schema::Model& model);

// The type as a reader sees it: `string?` and `optional<string>` alike.
std::string spell(const schema::TypeRef& type);

// Whether every JSON value of type `before` decodes as type `after`: the same
// type, or a widening the decoders accept (int32 to int64, uint32 to uint64
// or int64, T to T?, and these inside lists, maps and optionals). Named types
// compare by name; their declarations are compared on their own.
bool reads_as(const schema::TypeRef& before, const schema::TypeRef& after);

// Names of the named types `fields` use, directly or through records, added
// to `out`.
void collect_types(const std::vector<schema::Field>& fields, const TypeIndex& types,
                   std::set<std::string>& out);

// A constraint NEW adds to a field, or makes tighter.
struct Tightened {
  schema::Location location;  // where NEW writes it (the field's key for lengths)
  std::string text;           // e.g. "min 1 (was none)", "max_length 8 (was 16)"
};

// The constraints of `after` (min, max, min_length, max_length) that accept
// less than those of `before`; both fields have the same type.
std::vector<Tightened> tightened_constraints(const schema::Field& before,
                                             const schema::Field& after);

// What the owner of a list of fields is, for messages: "event 'Paid'",
// "type 'Money'", "command 'Open'".
struct Owner {
  std::string what;    // e.g. "event 'Paid'"
  bool stored = true;  // its values are stored (errors) or sent by clients (warnings)
};

// Compares the fields of a record type or a command: a field removed, a
// field whose type changed, a new field values written before lack, a
// constraint tightened. Events have their own rules (compat_events.cpp).
void compare_plain_fields(const Owner& owner, const std::vector<schema::Field>& before,
                          const std::vector<schema::Field>& after, schema::Diagnostics& out);

// Compares the named types NEW and OLD share that stored values use
// (`stored`, errors) or only commands do (warnings): enum members removed,
// an enum that became a record or the reverse, record fields.
void compare_types(const TypeIndex& before, const TypeIndex& after,
                   const std::set<std::string>& stored, const std::set<std::string>& sent,
                   schema::Diagnostics& out);

// Compares the events of one aggregate (compat_events.cpp).
void compare_events(const schema::Aggregate& before, const schema::Aggregate& after,
                    schema::Diagnostics& out);

}  // namespace mealy::cli::compat
