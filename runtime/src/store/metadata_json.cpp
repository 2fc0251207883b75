#include "metadata_json.hpp"

#include "mealy/json_read.hpp"
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
  if (value.get_object().get(object) != simdjson::SUCCESS) return ctx.fail_type("object", value);
  for (auto field : object) {
    std::string_view key;
    if (auto error = field.unescaped_key().get(key)) return ctx.fail_json(error);
    json::Value item;
    if (auto error = field.value().get(item)) return ctx.fail_json(error);
    ctx.push_key(key);
    std::string text;
    if (!json::read(ctx, item, text)) return false;
    ctx.pop();
    out.extra.emplace_back(std::string(key), std::move(text));
  }
  return true;
}

}  // namespace

Status read_metadata(std::string_view json, Metadata& out) {
  out = Metadata{};
  return json::decode_document(json, {}, [&](json::ReadContext& ctx, json::Value root) {
    simdjson::ondemand::object object;
    if (root.get_object().get(object) != simdjson::SUCCESS) return ctx.fail_type("object", root);
    for (auto field : object) {
      std::string_view key;
      if (auto error = field.unescaped_key().get(key)) return ctx.fail_json(error);
      json::Value value;
      if (auto error = field.value().get(value)) return ctx.fail_json(error);
      ctx.push_key(key);
      bool ok = true;
      if (key == "correlation_id") {
        ok = json::read(ctx, value, out.correlation_id);
      } else if (key == "causation_id") {
        ok = json::read(ctx, value, out.causation_id);
      } else if (key == "actor") {
        ok = json::read(ctx, value, out.actor);
      } else if (key == "extra") {
        ok = read_extra(ctx, value, out);
      }
      if (!ok) return false;
      ctx.pop();
    }
    return true;
  });
}

}  // namespace mealy::detail
