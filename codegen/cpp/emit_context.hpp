// What every C++ emitter works with: the file being generated and the
// printers of its header and source.
#pragma once

#include <string>

#include "mealy/schema/model.hpp"
#include "printer.hpp"

namespace mealy::codegen::cpp {

struct EmitContext {
  const schema::Model& model;
  const schema::SchemaFile& file;
  Printer header;
  Printer source;

  // The C++ type of a schema type as written in this file.
  [[nodiscard]] std::string type(const schema::TypeRef& type) const;
};

// One emitter per construct. Each writes declarations to the header and
// definitions to the source, in schema order.
void emit_enum(EmitContext& ctx, const schema::TypeDecl& decl);
void emit_record(EmitContext& ctx, const schema::TypeDecl& decl);
void emit_aggregate(EmitContext& ctx, const schema::Aggregate& aggregate);

// Parts of emit_aggregate, each in its own file.
void emit_messages(EmitContext& ctx,
                   const schema::Aggregate& aggregate);  // commands, events, states
void emit_decide(EmitContext& ctx, const schema::Aggregate& aggregate);
void emit_evolve(EmitContext& ctx, const schema::Aggregate& aggregate);
void emit_aggregate_codecs(EmitContext& ctx, const schema::Aggregate& aggregate);
void emit_machine(EmitContext& ctx, const schema::Aggregate& aggregate);  // struct Machine

// Shared by the record-like emitters (records, commands, events, states):
// the struct's members, and its JSON writer, reader and constraint check.
// `self` is the C++ name of the struct as seen from the current namespace.
void emit_members(EmitContext& ctx, const std::vector<schema::Field>& fields);
// for_each_field(), a hidden friend of the struct `self`; printed inside its body.
void emit_field_visitor(EmitContext& ctx, const std::string& self,
                        const std::vector<schema::Field>& fields);
// The table of a struct's fields in the source (an event's is `versioned`:
// fields carry the version they were added at), in an anonymous namespace.
void emit_fields_table(EmitContext& ctx, const std::string& self,
                       const std::vector<schema::Field>& fields, bool versioned);
// The table, the writer (declared in the header) and the reader of a record
// or of an aggregate's Data.
void emit_struct_codec(EmitContext& ctx, const std::string& self,
                       const std::vector<schema::Field>& fields);
// The name of a struct's table in the source: kFields_commands_Open for
// "commands::Open".
std::string fields_table(const std::string& self);
void emit_validate(EmitContext& ctx, const std::string& self,
                   const std::vector<schema::Field>& fields);

// to_json() and from_json() of a record-like struct.
void emit_json_functions(EmitContext& ctx, const std::string& self);

// operator<< of a struct, declared as a hidden friend in its body (printed
// inside it), so that a failed test shows the value: it prints canonical
// JSON.
void emit_print_declaration(EmitContext& ctx, const std::string& name);
// Its definition, in the source at the struct's namespace: writes
// `expression` (the value itself, or the value wrapped in its variant for a
// command, an event or a state).
void emit_print_definition(EmitContext& ctx, const std::string& name,
                           const std::string& expression);

// A C++ expression for a constant of `type` (a default value).
std::string constant_expression(EmitContext& ctx, const schema::Constant& constant,
                                const schema::TypeRef& type);

}  // namespace mealy::codegen::cpp
