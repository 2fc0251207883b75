// Helpers for the runtime tests: encode a value, decode a whole document.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "mealy/json_simdjson.hpp"
#include "mealy/json_write.hpp"

namespace mealy::testing {

// The canonical JSON of `value`.
template <typename T>
std::string encode(const T& value) {
  std::string out;
  using mealy::json::write;
  write(out, value);
  return out;
}

// Reads the document `json` into `out`: "" on success, else the error.
template <typename T>
std::string decode(std::string_view json, T& out, const json::Limits& limits = {}) {
  const Status status =
      json::decode_document(json, limits, [&](json::ReadContext& ctx, json::Value value) {
        using mealy::json::read;
        return read(ctx, value, out);
      });
  if (status.ok()) return "";
  return status.message();
}

// The error reading `json` as a T; "" when it reads.
template <typename T>
std::string decode_error(std::string_view json, const json::Limits& limits = {}) {
  T out{};
  return decode(json, out, limits);
}

// The UTC time y-m-d hour:minute:second.micros.
inline Timestamp at(int y, unsigned m, unsigned d, int hour = 0, int minute = 0, int second = 0,
                    std::int64_t micros = 0) {
  using namespace std::chrono;
  return Timestamp(sys_days(year(y) / month(m) / day(d))) + hours(hour) + minutes(minute) +
         seconds(second) + microseconds(micros);
}

}  // namespace mealy::testing
