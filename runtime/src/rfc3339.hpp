// RFC 3339 timestamps, shared by the JSON writer and reader. Private to the
// runtime.
//
// The range is the years 0000 to 9999 in UTC: what four year digits can say.
#pragma once

#include <chrono>
#include <cstddef>
#include <string_view>

#include "mealy/values.hpp"

namespace mealy::detail {

// The first and last instants that have a four-digit year in UTC.
inline constexpr Timestamp kFirstTimestamp{// 0000-01-01T00:00:00.000000Z
                                           std::chrono::sys_days(std::chrono::year(0) / 1 / 1)};
inline constexpr Timestamp kLastTimestamp{
    // 9999-12-31T23:59:59.999999Z
    std::chrono::sys_days(std::chrono::year(10000) / 1 / 1) - std::chrono::microseconds(1)};

// Length of what format_timestamp writes: `YYYY-MM-DDTHH:MM:SS.ffffffZ`.
inline constexpr std::size_t kTimestampLength = 27;

// Writes `time` as `YYYY-MM-DDTHH:MM:SS.ffffffZ` (kTimestampLength
// characters, no terminator) into `out`. A time outside the four-digit years
// is clamped to kFirstTimestamp or kLastTimestamp, so that what is written
// always reads back.
void format_timestamp(Timestamp time, char* out);

enum class TimestampParse {
  ok,
  malformed,     // not RFC 3339 date-time, or a field out of range (month 13, Feb 30, 24:00)
  too_precise,   // more than six fraction digits: microseconds are all we keep
  out_of_range,  // well formed, but outside the four-digit years once moved to UTC
};

// Parses RFC 3339 `date-time`: `YYYY-MM-DD`, `T` or `t`, `HH:MM:SS`, an
// optional `.` with one to six digits, then `Z`, `z` or `+HH:MM` / `-HH:MM`.
// Leap seconds (second 60) are refused as malformed. Sets `out` only on ok.
TimestampParse parse_timestamp(std::string_view text, Timestamp& out);

}  // namespace mealy::detail
