#include "mealy/schema/fingerprint.hpp"

#include <set>

namespace mealy::schema {
namespace {

const char* kind_name(TypeKind kind) {
  switch (kind) {
    case TypeKind::boolean:
      return "bool";
    case TypeKind::int32:
      return "int32";
    case TypeKind::int64:
      return "int64";
    case TypeKind::uint32:
      return "uint32";
    case TypeKind::uint64:
      return "uint64";
    case TypeKind::float64:
      return "float64";
    case TypeKind::string:
      return "string";
    case TypeKind::bytes:
      return "bytes";
    case TypeKind::uuid:
      return "uuid";
    case TypeKind::timestamp:
      return "timestamp";
    case TypeKind::duration:
      return "duration";
    case TypeKind::list:
      return "list";
    case TypeKind::map:
      return "map";
    case TypeKind::optional:
      return "optional";
    case TypeKind::named:
      return "named";
  }
  return "?";
}

void describe_value(const Value& value, std::string& out) {
  switch (value.kind) {
    case Value::Kind::null:
      out += "~";
      return;
    case Value::Kind::scalar:
      out += (value.quoted ? "'" : "") + value.text + (value.quoted ? "'" : "");
      return;
    case Value::Kind::list:
      out += '[';
      for (const Value& item : value.items)
        describe_value(item, out), out += ',';
      out += ']';
      return;
    case Value::Kind::map:
      out += '{';
      for (const auto& [key, item] : value.entries)
        out += key.text + ':', describe_value(item, out), out += ',';
      out += '}';
      return;
  }
}

void describe_fields(const std::vector<Field>& fields, std::string& out,
                     std::set<const TypeDecl*>& open);

void describe_type(const TypeRef& type, std::string& out, std::set<const TypeDecl*>& open) {
  out += kind_name(type.kind);
  if (type.kind == TypeKind::named && type.decl) {
    out += ' ' + type.decl->name.text;
    if (!open.insert(type.decl).second) return;  // recursive through a list: named once
    if (type.decl->is_enum) {
      out += '(';
      for (const EnumMember& member : type.decl->members)
        out += member.name.text + ',';
      out += ')';
    } else {
      describe_fields(type.decl->fields, out, open);
    }
    open.erase(type.decl);
  }
  for (const TypeRef& element : type.element) {
    out += '<';
    describe_type(element, out, open);
    out += '>';
  }
}

void describe_fields(const std::vector<Field>& fields, std::string& out,
                     std::set<const TypeDecl*>& open) {
  out += '{';
  for (const Field& field : fields) {
    out += field.name.text + ':';
    describe_type(field.type, out, open);
    if (field.default_written) out += '=', describe_value(*field.default_written, out);
    if (field.since) out += "@" + std::to_string(field.since);
    out += ';';
  }
  out += '}';
}

}  // namespace

std::string fingerprint_text(const Aggregate& aggregate) {
  std::set<const TypeDecl*> open;
  std::string out = "mealy1 aggregate " + aggregate.name.text + " id" +
                    std::to_string(static_cast<int>(aggregate.id));
  out += "\nfields";
  describe_fields(aggregate.fields, out, open);
  for (const Event& event : aggregate.events) {
    out += "\nevent " + event.name.text + " v" + std::to_string(event.version) + " apply " +
           event.apply.text + " upcast " + event.upcast.text + (event.retired ? " retired" : "");
    for (const Name& old_name : event.renamed_from)
      out += " from " + old_name.text;
    describe_fields(event.fields, out, open);
  }
  for (const State& state : aggregate.states) {
    out += "\nstate " + state.name.text + (state.initial ? " initial" : "") +
           (state.final ? " final" : "");
    describe_fields(state.fields, out, open);
    // Replay: which event leads where from this state.
    for (const auto& step : state.evolve) {
      if (step)
        out += " " + aggregate.events[step->event].name.text + ">" +
               aggregate.states[step->target].name.text;
    }
  }
  return out + "\n";
}

std::uint64_t fingerprint(const Aggregate& aggregate) {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (unsigned char c : fingerprint_text(aggregate)) {
    hash ^= c;
    hash *= 0x100000001b3ull;
  }
  return hash;
}

}  // namespace mealy::schema
