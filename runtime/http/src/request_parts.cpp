#include "request_parts.hpp"

#include <charconv>

#include "mealy/json_simdjson.hpp"

namespace mealy::http {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decodes; '+' as a space in queries. False on a bad escape.
bool decode(std::string_view text, bool plus_is_space, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return false;
      const int high = hex_value(text[i + 1]);
      const int low = hex_value(text[i + 2]);
      if (high < 0 || low < 0) return false;
      out += static_cast<char>(high * 16 + low);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return true;
}

}  // namespace

std::optional<Target> parse_target(std::string_view target) {
  if (target.empty() || target[0] != '/') return std::nullopt;
  const std::size_t question = target.find('?');
  const std::string_view path = target.substr(0, question);
  Target parsed;
  std::size_t start = 1;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string segment;
    if (!decode(path.substr(start, end - start), false, segment)) return std::nullopt;
    parsed.segments.push_back(std::move(segment));
    start = end + 1;
  }
  if (question != std::string_view::npos) {
    std::string_view query = target.substr(question + 1);
    while (!query.empty()) {
      const std::size_t amp = query.find('&');
      const std::string_view pair = query.substr(0, amp);
      query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
      if (pair.empty()) continue;
      const std::size_t equals = pair.find('=');
      std::string name, value;
      if (!decode(pair.substr(0, equals), true, name)) return std::nullopt;
      if (equals != std::string_view::npos && !decode(pair.substr(equals + 1), true, value)) {
        return std::nullopt;
      }
      parsed.query.emplace_back(std::move(name), std::move(value));
    }
  }
  return parsed;
}

std::optional<Reply> query_number(const Target& target, std::string_view name,
                                  std::uint64_t fallback, std::uint64_t& out) {
  out = fallback;
  for (const auto& [key, value] : target.query) {
    if (key != name) continue;
    const char* end = value.data() + value.size();
    auto [last, error] = std::from_chars(value.data(), end, out);
    if (value.empty() || error != std::errc() || last != end) {
      return error_reply(400, "invalid_parameter",
                         "query parameter '" + std::string(name) +
                             "' must be a non-negative integer, got '" + value.substr(0, 64) + "'");
    }
  }
  return std::nullopt;
}

std::vector<std::string> query_list(const Target& target, std::string_view name) {
  std::vector<std::string> values;
  for (const auto& [key, value] : target.query) {
    if (key != name) continue;
    std::size_t start = 0;
    while (start <= value.size()) {
      std::size_t comma = value.find(',', start);
      if (comma == std::string::npos) comma = value.size();
      if (comma > start) values.push_back(value.substr(start, comma - start));
      start = comma + 1;
    }
  }
  return values;
}

std::optional<Reply> unknown_parameter(const Target& target,
                                       std::initializer_list<std::string_view> known) {
  for (const auto& [key, value] : target.query) {
    bool found = false;
    for (std::string_view name : known)
      found = found || key == name;
    if (!found) {
      return error_reply(400, "invalid_parameter",
                         "unknown query parameter '" + key.substr(0, 64) + "'");
    }
  }
  return std::nullopt;
}

std::optional<Reply> query_params(const Target& target, std::string_view excluded,
                                  std::size_t max_params,
                                  std::map<std::string, std::string, std::less<>>& out) {
  out.clear();
  for (const auto& [key, value] : target.query) {
    if (key == excluded) continue;
    out.insert_or_assign(key, value);
    if (out.size() > max_params) {
      return error_reply(400, "invalid_parameter",
                         "more than " + std::to_string(max_params) + " query parameters");
    }
  }
  return std::nullopt;
}

std::optional<Reply> read_envelope(std::string_view body, const json::Limits& limits,
                                   Envelope& out) {
  Status status =
      json::decode_document(body, limits, [&](json::ReadContext& ctx, json::Value value) {
        simdjson::ondemand::object object;
        if (json::simdjson_value(value).get_object().get(object) != simdjson::SUCCESS)
          return ctx.fail_type("object", value);
        if (!ctx.enter()) return false;
        bool has_type = false, has_command_id = false, has_correlation_id = false;
        json::KeySet others;
        for (auto field : object) {
          std::string_view key;
          if (auto error = field.unescaped_key().get(key)) return json::fail_json(ctx, error);
          simdjson::ondemand::value item_value;
          if (auto error = field.value().get(item_value)) return json::fail_json(ctx, error);
          json::Value item = json::handle(item_value);
          ctx.push_key(key);
          bool ok = true;
          if (key == "type") {
            if (has_type) return ctx.fail_duplicate_key();
            has_type = true;
            ok = json::read(ctx, item, out.type);
          } else if (key == "command_id") {
            if (has_command_id) return ctx.fail_duplicate_key();
            has_command_id = true;
            ok = json::read(ctx, item, out.command_id);
          } else if (key == "correlation_id") {
            if (has_correlation_id) return ctx.fail_duplicate_key();
            has_correlation_id = true;
            ok = json::read(ctx, item, out.correlation_id);
          } else if (key == "version" || key == "payload") {
            if (!others.insert(key)) return ctx.fail_duplicate_key();
            ok = json::skip(ctx, item);  // the generated decoder reads them
          } else {
            return ctx.fail(
                "unknown field (a command body holds type, version, payload, "
                "command_id and correlation_id)");
          }
          if (!ok) return false;
          ctx.pop();
        }
        ctx.leave();
        if (!has_type) return ctx.fail_missing("type");
        return true;
      });
  if (status.ok()) return std::nullopt;
  return malformed_reply(status);
}

}  // namespace mealy::http
