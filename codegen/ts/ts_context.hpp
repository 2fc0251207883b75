// What every TypeScript emitter works with: the file being generated, its
// printer, and the TypeScript spellings of schema types and values.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "mealy/schema/model.hpp"
#include "printer.hpp"

namespace mealy::codegen::ts {

struct TsContext {
  const schema::Model& model;
  const schema::SchemaFile& file;
  Printer out;
  // The namespace alias of each imported module, in import order.
  std::vector<std::pair<const schema::SchemaFile*, std::string>> imports;

  // The TypeScript type of a schema type (an optional is `T | null`; record
  // fields use `name?: T` instead, see emit_records.cpp).
  [[nodiscard]] std::string type(const schema::TypeRef& type) const;
  // A function `(ctx, value: unknown) => T` reading the type.
  [[nodiscard]] std::string reader(const schema::TypeRef& type) const;
  // An expression reading `v` (unknown) with the ReadContext `c`.
  [[nodiscard]] std::string read_call(const schema::TypeRef& type, const std::string& c,
                                      const std::string& v) const;
  // An expression writing `v` as canonical JSON text.
  [[nodiscard]] std::string write_call(const schema::TypeRef& type, const std::string& v) const;
  // A function `(value: T) => string` writing the type's canonical JSON.
  [[nodiscard]] std::string writer(const schema::TypeRef& type) const;
  // An expression of the type's empty value (what C++ value-initialisation gives).
  [[nodiscard]] std::string empty_value(const schema::TypeRef& type) const;
  // An expression of a constant (a default or a bound) of the type.
  [[nodiscard]] std::string constant(const schema::Constant& constant,
                                     const schema::TypeRef& type) const;
  // `verb` + the declaration's name in this file ("readMoney"), or the
  // imported module's `alias.Money.<member>`.
  [[nodiscard]] std::string function_of(const schema::TypeRef& named, const std::string& verb,
                                        const std::string& member) const;
  // The declared name of a named type as seen from this file.
  [[nodiscard]] std::string named_type(const schema::TypeRef& named) const;
};

// One emitter per construct, each in its own file, writing in schema order.
void emit_enum(TsContext& ctx, const schema::TypeDecl& decl);
void emit_record(TsContext& ctx, const schema::TypeDecl& decl);
void emit_aggregate(TsContext& ctx, const schema::Aggregate& aggregate);
void emit_machine(TsContext& ctx, const schema::Aggregate& aggregate);

// A record-like value (record, command, event, state, data) named `name`:
// its interface, empty value, reader, writer and constraint check. Events
// are `versioned`: their reader takes the version the payload was written at.
void emit_record_like(TsContext& ctx, const std::string& name, const std::string& doc,
                      const std::vector<schema::Field>& fields, bool versioned);
// validate<name>(value): the first constraint broken, as in C++.
void emit_validate(TsContext& ctx, const std::string& name,
                   const std::vector<schema::Field>& fields);

// The apply hooks of an aggregate's events: hook name and the events naming it.
std::vector<std::pair<std::string, std::vector<const schema::Event*>>> apply_hooks_of(
    const schema::Aggregate& aggregate);
// "Order_Event_A | Order_Event_B"
std::string event_union(const std::string& prefix, const std::vector<const schema::Event*>& events);

// A TypeScript expression for a default (fresh on every evaluation).
std::string field_default(const TsContext& ctx, const schema::Field& field);

}  // namespace mealy::codegen::ts
