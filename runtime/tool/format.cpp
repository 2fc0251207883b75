#include "format.hpp"

#include <algorithm>
#include <cstdio>

#include "mealy/json_write.hpp"

namespace mealy::tool {
namespace {

std::size_t display_width(const std::string& text) {
  // Code points: continuation bytes (10xxxxxx) start none.
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

}  // namespace

std::string format_table(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows) {
    if (widths.size() < row.size()) widths.resize(row.size(), 0);
    for (std::size_t i = 0; i < row.size(); ++i)
      widths[i] = std::max(widths[i], display_width(row[i]));
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line.append(widths[i] - display_width(row[i]) + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ')
      line.pop_back();
    out += line + '\n';
  }
  return out;
}

std::string time_text(Timestamp time) {
  std::string quoted;
  json::write(quoted, time);
  return quoted.substr(1, quoted.size() - 2);
}

std::string size_text(std::uint64_t bytes) {
  if (bytes < 1024) return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
  const char* units[] = {"KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes) / 1024;
  std::size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(units)) {
    value /= 1024;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.1f %s", value, units[unit]);
  return text;
}

std::string json_string(std::string_view text) {
  std::string out;
  json::write(out, text);
  return out;
}

std::string metadata_json(const Metadata& metadata) {
  std::string out;
  write_metadata_json(out, metadata);
  return out;
}

std::string event_json(const RecordedEvent& event) {
  std::string out = "{\"position\":" + std::to_string(event.position) + ",\"stream\":";
  json::write(out, event.stream);
  out += ",\"version\":" + std::to_string(event.stream_version) + ",\"id\":";
  json::write(out, event.id);
  out += ",\"type\":";
  json::write(out, event.type);
  out += ",\"schema_version\":" + std::to_string(event.schema_version) + ",\"recorded_at\":";
  json::write(out, event.recorded_at);
  out += ",\"metadata\":" + metadata_json(event.metadata) + ",\"payload\":" + event.payload + "}";
  return out;
}

}  // namespace mealy::tool
