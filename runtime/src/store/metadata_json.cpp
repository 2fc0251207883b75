#include "metadata_json.hpp"

#include <utility>

#include "json_text.hpp"
#include "mealy/json_simdjson.hpp"
#include "mealy/json_write.hpp"

namespace mealy::detail {

void write_metadata(std::string& out, const Metadata& metadata) {
  out += '{';
  bool first = true;
  auto key = [&](std::string_view name) {
    if (!first) out += ',';
    first = false;
    json::write(out, name);
    out += ':';
  };
  if (!metadata.correlation_id.is_nil()) {
    key("correlation_id");
    json::write(out, metadata.correlation_id);
  }
  if (!metadata.causation_id.is_nil()) {
    key("causation_id");
    json::write(out, metadata.causation_id);
  }
  if (!metadata.actor.empty()) {
    key("actor");
    json::write(out, metadata.actor);
  }
  if (!metadata.extra.empty()) {
    key("extra");
    out += '{';
    for (std::size_t i = 0; i < metadata.extra.size(); ++i) {
      if (i > 0) out += ',';
      json::write(out, metadata.extra[i].first);
      out += ':';
      json::write(out, metadata.extra[i].second);
    }
    out += '}';
  }
  out += '}';
}

namespace {

bool read_extra(json::ReadContext& ctx, json::Value value, Metadata& out) {
  simdjson::ondemand::object object;
  if (json::simdjson_value(value).get_object().get(object) != simdjson::SUCCESS)
    return ctx.fail_type("object", value);
  if (!ctx.enter()) return false;
  json::KeySet keys;
  for (auto field : object) {
    std::string_view key;
    if (auto error = detail::key_of(field, key)) return json::fail_json(ctx, error);
    // key_of() has checked the member.
    simdjson::ondemand::value& item_value = field.value_unsafe().value();
    json::Value item = json::handle(item_value);
    ctx.push_key(key);
    if (!keys.insert(key)) return ctx.fail_duplicate_key();
    std::string text;
    if (!json::read(ctx, item, text)) return false;
    ctx.pop();
    out.extra.emplace_back(std::string(key), std::move(text));
  }
  ctx.leave();
  return true;
}

// The fast path of read_metadata: the exact form write_metadata writes with
// no `extra` and an actor of plain printable ASCII (no escapes), which is
// what nearly every stored event holds. False, with `out` unspecified, for
// anything else, which the general reader below then reads (and reports).
// Loading an aggregate reads each event's metadata: this keeps simdjson's
// set-up out of the common case.
bool read_canonical(std::string_view json, Metadata& out) {
  auto take = [&](std::string_view literal) {
    if (!json.starts_with(literal)) return false;
    json.remove_prefix(literal.size());
    return true;
  };
  auto take_uuid = [&](Uuid& id) {
    if (json.size() < 37 || json[36] != '"') return false;
    auto parsed = Uuid::parse(json.substr(0, 36));
    if (!parsed || parsed->is_nil()) return false;  // write_metadata leaves nil ids out
    id = *parsed;
    json.remove_prefix(37);
    return true;
  };
  if (!take("{")) return false;
  bool first = true;
  auto key = [&](std::string_view name) {
    if (!json.starts_with(first ? "\"" : ",\"")) return false;
    std::string_view rest = json.substr(first ? 1 : 2);
    if (!rest.starts_with(name) || !rest.substr(name.size()).starts_with("\":")) return false;
    json = rest.substr(name.size() + 2);
    first = false;
    return true;
  };
  if (key("correlation_id") && !(take("\"") && take_uuid(out.correlation_id))) return false;
  if (key("causation_id") && !(take("\"") && take_uuid(out.causation_id))) return false;
  if (key("actor")) {
    if (!take("\"")) return false;
    const std::size_t end = json.find('"');
    if (end == 0 || end == std::string_view::npos)
      return false;  // write_metadata leaves an empty actor out
    for (char c : json.substr(0, end)) {
      if (c < 0x20 || c > 0x7e || c == '\\') return false;
    }
    out.actor.assign(json.substr(0, end));
    json.remove_prefix(end + 1);
  }
  return json == "}";
}

}  // namespace

Status read_metadata(std::string_view json, Metadata& out) {
  out = Metadata{};
  if (read_canonical(json, out)) return {};
  out = Metadata{};
  return json::decode_document(json, {}, [&](json::ReadContext& ctx, json::Value root) {
    simdjson::ondemand::object object;
    if (json::simdjson_value(root).get_object().get(object) != simdjson::SUCCESS)
      return ctx.fail_type("object", root);
    if (!ctx.enter()) return false;
    // As strict as the generated decoders (json_read.hpp): each key at most
    // once, and a key this version does not know is skipped but checked.
    bool has_correlation = false, has_causation = false, has_actor = false, has_extra = false;
    json::KeySet others;
    auto first_time = [&](bool& seen) { return !std::exchange(seen, true); };
    for (auto field : object) {
      std::string_view key;
      if (auto error = detail::key_of(field, key)) return json::fail_json(ctx, error);
      // key_of() has checked the member.
      simdjson::ondemand::value& value_value = field.value_unsafe().value();
      json::Value value = json::handle(value_value);
      ctx.push_key(key);
      bool ok = true;
      if (key == "correlation_id") {
        ok = first_time(has_correlation) ? json::read(ctx, value, out.correlation_id)
                                         : ctx.fail_duplicate_key();
      } else if (key == "causation_id") {
        ok = first_time(has_causation) ? json::read(ctx, value, out.causation_id)
                                       : ctx.fail_duplicate_key();
      } else if (key == "actor") {
        ok = first_time(has_actor) ? json::read(ctx, value, out.actor) : ctx.fail_duplicate_key();
      } else if (key == "extra") {
        ok = first_time(has_extra) ? read_extra(ctx, value, out) : ctx.fail_duplicate_key();
      } else {
        ok = others.insert(key) ? json::skip(ctx, value) : ctx.fail_duplicate_key();
      }
      if (!ok) return false;
      ctx.pop();
    }
    ctx.leave();
    return true;
  });
}

}  // namespace mealy::detail

namespace mealy {

void write_metadata_json(std::string& out, const Metadata& metadata) {
  detail::write_metadata(out, metadata);
}

}  // namespace mealy
