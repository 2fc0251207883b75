// The JSON bodies of the server's answers (endpoint.hpp and feed_json.hpp):
// one writer per shape, so that every endpoint words them alike.
#include <string>

#include "feed_json.hpp"
#include "mealy/http/endpoint.hpp"
#include "mealy/json_write.hpp"

namespace mealy::http {

Reply error_reply(int status, std::string_view code, std::string_view message,
                  std::string_view path) {
  Reply reply{status, {}};
  std::string& out = reply.body;
  out += "{\"error\":{\"status\":";
  out += std::to_string(status);
  out += ",\"code\":";
  json::write(out, code);
  out += ",\"message\":";
  json::write(out, message);
  if (!path.empty()) {
    out += ",\"path\":";
    json::write(out, path);
  }
  out += "}}";
  return reply;
}

Reply malformed_reply(const Status& status) {
  // Decoder messages read "$.payload.title: expected string, got number".
  const std::string& message = status.message();
  std::string_view path;
  if (!message.empty() && message[0] == '$') {
    const std::size_t colon = message.find(": ");
    if (colon != std::string::npos) path = std::string_view(message).substr(0, colon);
  }
  return error_reply(400, "malformed_command", message, path);
}

Reply store_error_reply(const Status& status) {
  if (status.code() == StatusCode::unavailable) {
    return error_reply(503, "unavailable", status.message());
  }
  if (status.code() == StatusCode::invalid_argument) {
    return error_reply(400, "invalid_argument", status.message());
  }
  return error_reply(500, "store_error", status.message());
}

Reply rejected_reply(const Rejection& rejection) {
  Reply reply{422, {}};
  std::string& out = reply.body;
  out += "{\"outcome\":\"rejected\",\"rejection\":{\"kind\":";
  json::write(out, to_string(rejection.kind));
  out += ",\"code\":";
  json::write(out, rejection.code);
  out += ",\"state\":";
  json::write(out, rejection.state);
  out += ",\"command\":";
  json::write(out, rejection.command);
  out += ",\"field\":";
  json::write(out, rejection.field);
  out += ",\"message\":";
  json::write(out, rejection.message);
  out += "}}";
  return reply;
}

Reply conflict_reply(const Conflict& conflict, unsigned attempts) {
  Reply reply{409, {}};
  std::string& out = reply.body;
  out += "{\"outcome\":\"conflict\",\"stream\":";
  json::write(out, conflict.stream);
  out += ",\"current_version\":";
  out += std::to_string(conflict.current_version);
  out += ",\"attempts\":";
  out += std::to_string(attempts);
  out += ",\"message\":";
  json::write(out, conflict.message);
  out += '}';
  return reply;
}

void write_committed_event(std::string& out, std::uint64_t position, std::string_view stream,
                           std::uint64_t version, std::string_view type,
                           std::uint32_t schema_version, std::string_view payload) {
  out += "{\"position\":";
  out += std::to_string(position);
  out += ",\"stream\":";
  json::write(out, stream);
  out += ",\"version\":";
  out += std::to_string(version);
  out += ",\"type\":";
  json::write(out, type);
  out += ",\"schema_version\":";
  out += std::to_string(schema_version);
  out += ",\"payload\":";
  out += payload;
  out += '}';
}

void write_recorded_event(std::string& out, const RecordedEvent& event) {
  out += "{\"position\":";
  out += std::to_string(event.position);
  out += ",\"stream\":";
  json::write(out, event.stream);
  out += ",\"version\":";
  out += std::to_string(event.stream_version);
  out += ",\"id\":";
  json::write(out, event.id);
  out += ",\"type\":";
  json::write(out, event.type);
  out += ",\"schema_version\":";
  out += std::to_string(event.schema_version);
  out += ",\"payload\":";
  out += event.payload;  // canonical JSON, as the generated encoder wrote it
  out += ",\"metadata\":";
  write_metadata_json(out, event.metadata);
  out += ",\"recorded_at\":";
  json::write(out, event.recorded_at);
  out += '}';
}

namespace {

// Whether `text` is well-formed UTF-8 (no overlong forms, surrogates or
// code points beyond U+10FFFF).
bool is_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    std::uint32_t code = 0;
    if (byte < 0x80) {
      ++i;
      continue;
    }
    if ((byte & 0xe0) == 0xc0) {
      length = 2;
      code = byte & 0x1f;
    } else if ((byte & 0xf0) == 0xe0) {
      length = 3;
      code = byte & 0x0f;
    } else if ((byte & 0xf8) == 0xf0) {
      length = 4;
      code = byte & 0x07;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xc0) != 0x80) return false;
      code = (code << 6) | (next & 0x3f);
    }
    const std::uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < smallest[length] || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      return false;
    }
    i += length;
  }
  return true;
}

}  // namespace

std::string check_path_id(std::string_view id) {
  if (id.empty()) return "an instance id may not be empty";
  if (id.size() > 200) return "an instance id may have at most 200 bytes";
  if (id == "." || id == "..") return "an instance id may not be '.' or '..'";
  if (!is_utf8(id)) return "an instance id must be UTF-8";
  for (const char c : id) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return "an instance id may not hold control characters";
    }
    if (c == '/' || c == '\\') return "an instance id may not hold '/' or '\\'";
  }
  return {};
}

}  // namespace mealy::http
