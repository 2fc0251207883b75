// The loader's walk, one function per part of the document shape (see
// schema-language.md). Each reports every problem it finds through the
// LoadContext and leaves out the parts in error.
//
// Null stands for "nothing" where a key holds a collection or text (`fields:`
// with nothing is no fields, `doc:` with nothing is no doc) but not where it
// holds a single name, number or flag (`to:` with nothing is an error).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "loader/reader.hpp"
#include "loader/yaml_tree.hpp"
#include "mealy/schema/model.hpp"

namespace mealy::schema::loader {

// FIELDS: a map of field names to a type expression or to
// {type, doc, default, since, min, max, min_length, max_length}.
std::vector<Field> load_fields(const LoadContext& context, const YamlNode& fields);

// `types`: a map of type names to {doc, fields} or {doc, enum}.
std::vector<TypeDecl> load_types(const LoadContext& context, const YamlNode& types);

// An `on` map: command names to a transition or a list of alternatives.
std::vector<Handler> load_handlers(const LoadContext& context, const YamlNode& on);

// One entry of `events`: {doc, version, fields, apply, renamed_from, upcast,
// retired}, or null.
std::optional<Event> load_event(const LoadContext& context, Name name, const YamlNode& value);

// `aggregates`: a map of aggregate names to aggregates.
std::vector<Aggregate> load_aggregates(const LoadContext& context, const YamlNode& aggregates);

// " in field 'sku'": the end of a message about something named.
std::string where_in(std::string_view what, const Name& name);

}  // namespace mealy::schema::loader
