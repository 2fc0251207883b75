#include "rfc3339.hpp"

#include <chrono>
#include <cstdint>
#include <cstring>
#include <optional>

namespace mealy::detail {
namespace {

using std::chrono::days;
using std::chrono::microseconds;

// Writes `value` as exactly `width` decimal digits, most significant first.
void put_digits(char* out, std::uint32_t value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

// Reads exactly `width` decimal digits at `text[pos]`; false if any is not a digit.
bool get_digits(std::string_view text, std::size_t pos, int width, int& value) {
  if (pos + static_cast<std::size_t>(width) > text.size()) return false;
  value = 0;
  for (int i = 0; i < width; ++i) {
    const char c = text[pos + static_cast<std::size_t>(i)];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  return true;
}

bool at(std::string_view text, std::size_t pos, char expected) {
  return pos < text.size() && text[pos] == expected;
}

// Eight bytes of `p` as one word, in memory order (whatever the byte order:
// the patterns below are loaded the same way).
std::uint64_t load8(const char* p) {
  std::uint64_t word;
  std::memcpy(&word, p, sizeof word);
  return word;
}

// Whether the eight bytes at `p` have a digit wherever `pattern` has '0'
// and the same byte wherever it has another. XOR with the pattern leaves a
// digit's value (0-9) and 0 for a matching separator; adding 0x76 to a
// digit's byte, 0x7F to a separator's, sets its top bit exactly when it is
// out of range (no byte carries into the next: a byte over 0x7F is caught
// by the OR before the sum).
bool matches(const char* p, const char* pattern, const char* add) {
  const std::uint64_t x = load8(p) ^ load8(pattern);
  return (((x + load8(add)) | x) & 0x8080808080808080ull) == 0;
}

int digit(const char* p, int i) {
  return p[i] - '0';
}

// The instant of a date and a time of day (UTC or local), or nullopt when a
// field is out of range (month 13, Feb 30, 24:00, a leap second).
std::optional<Timestamp> instant_of(int year, int month, int day, int hour, int minute, int second,
                                    std::int64_t micros) {
  const std::chrono::year_month_day date(std::chrono::year(year),
                                         std::chrono::month(static_cast<unsigned>(month)),
                                         std::chrono::day(static_cast<unsigned>(day)));
  if (!date.ok() || hour > 23 || minute > 59 || second > 59) return std::nullopt;
  return Timestamp(std::chrono::sys_days(date)) + std::chrono::hours(hour) +
         std::chrono::minutes(minute) + std::chrono::seconds(second) + microseconds(micros);
}

// The form format_timestamp() writes, `YYYY-MM-DDTHH:MM:SS.ffffffZ`, which
// is almost every timestamp read: its 27 bytes checked a word at a time.
// False for anything else (the general parser then decides) and for a field
// out of range.
bool parse_canonical(const char* p, Timestamp& out) {
  constexpr char k = 0x76;  // added to a digit's byte
  constexpr char s = 0x7F;  // to a separator's
  static constexpr char kPattern[] = "0000-00-00T00:00:00.000000Z";
  static constexpr char kAdd[] = {k, k, k, k, s, k, k, s, k, k, s, k, k, s,
                                  k, k, s, k, k, s, k, k, k, k, k, k, s, 0};
  // Bytes 0-7, 8-15, 16-23 and 19-26 (overlapping, to end at the 'Z').
  if (!matches(p, kPattern, kAdd) || !matches(p + 8, kPattern + 8, kAdd + 8) ||
      !matches(p + 16, kPattern + 16, kAdd + 16) || !matches(p + 19, kPattern + 19, kAdd + 19)) {
    return false;
  }
  const int year = digit(p, 0) * 1000 + digit(p, 1) * 100 + digit(p, 2) * 10 + digit(p, 3);
  const int month = digit(p, 5) * 10 + digit(p, 6);
  const int day = digit(p, 8) * 10 + digit(p, 9);
  const int hour = digit(p, 11) * 10 + digit(p, 12);
  const int minute = digit(p, 14) * 10 + digit(p, 15);
  const int second = digit(p, 17) * 10 + digit(p, 18);
  std::int64_t fraction = 0;
  for (int i = 20; i < 26; ++i)
    fraction = fraction * 10 + digit(p, i);
  const std::optional<Timestamp> utc = instant_of(year, month, day, hour, minute, second, fraction);
  if (!utc) return false;
  out = *utc;  // UTC with four year digits: within kFirstTimestamp..kLastTimestamp
  return true;
}

}  // namespace

void format_timestamp(Timestamp time, char* out) {
  if (time < kFirstTimestamp) time = kFirstTimestamp;
  if (time > kLastTimestamp) time = kLastTimestamp;
  const auto day = std::chrono::floor<days>(time);
  const std::chrono::year_month_day date(day);
  const std::uint64_t in_day = static_cast<std::uint64_t>((time - day).count());  // microseconds
  const auto second_of_day = static_cast<std::uint32_t>(in_day / 1'000'000);
  put_digits(out, static_cast<std::uint32_t>(static_cast<int>(date.year())), 4);
  out[4] = '-';
  put_digits(out + 5, static_cast<unsigned>(date.month()), 2);
  out[7] = '-';
  put_digits(out + 8, static_cast<unsigned>(date.day()), 2);
  out[10] = 'T';
  put_digits(out + 11, second_of_day / 3600, 2);
  out[13] = ':';
  put_digits(out + 14, second_of_day / 60 % 60, 2);
  out[16] = ':';
  put_digits(out + 17, second_of_day % 60, 2);
  out[19] = '.';
  put_digits(out + 20, static_cast<std::uint32_t>(in_day % 1'000'000), 6);
  out[26] = 'Z';
}

TimestampParse parse_timestamp(std::string_view text, Timestamp& out) {
  if (text.size() == kTimestampLength && parse_canonical(text.data(), out))
    return TimestampParse::ok;
  // YYYY-MM-DDTHH:MM:SS, positions fixed.
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!get_digits(text, 0, 4, year) || !at(text, 4, '-') || !get_digits(text, 5, 2, month) ||
      !at(text, 7, '-') || !get_digits(text, 8, 2, day) ||
      !(at(text, 10, 'T') || at(text, 10, 't')) || !get_digits(text, 11, 2, hour) ||
      !at(text, 13, ':') || !get_digits(text, 14, 2, minute) || !at(text, 16, ':') ||
      !get_digits(text, 17, 2, second)) {
    return TimestampParse::malformed;
  }
  std::size_t pos = 19;

  // Optional fraction: one or more digits; more than six cannot be kept.
  std::int64_t fraction = 0;  // microseconds
  if (at(text, pos, '.')) {
    ++pos;
    const std::size_t digits_start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9')
      ++pos;
    const std::size_t digits = pos - digits_start;
    if (digits == 0) return TimestampParse::malformed;
    if (digits > 6) return TimestampParse::too_precise;
    for (std::size_t i = 0; i < 6; ++i) {
      fraction = fraction * 10 + (i < digits ? text[digits_start + i] - '0' : 0);
    }
  }

  // Offset: Z, z, or +HH:MM / -HH:MM, and nothing after it.
  int offset_minutes = 0;
  if (at(text, pos, 'Z') || at(text, pos, 'z')) {
    ++pos;
  } else if (at(text, pos, '+') || at(text, pos, '-')) {
    const int sign = text[pos] == '-' ? -1 : 1;
    int offset_hour = 0, offset_minute = 0;
    if (!get_digits(text, pos + 1, 2, offset_hour) || !at(text, pos + 3, ':') ||
        !get_digits(text, pos + 4, 2, offset_minute) || offset_hour > 23 || offset_minute > 59) {
      return TimestampParse::malformed;
    }
    offset_minutes = sign * (offset_hour * 60 + offset_minute);
    pos += 6;
  } else {
    return TimestampParse::malformed;
  }
  if (pos != text.size()) return TimestampParse::malformed;

  const std::optional<Timestamp> local =
      instant_of(year, month, day, hour, minute, second, fraction);
  if (!local) return TimestampParse::malformed;
  const Timestamp utc = *local - std::chrono::minutes(offset_minutes);
  if (utc < kFirstTimestamp || utc > kLastTimestamp) return TimestampParse::out_of_range;
  out = utc;
  return TimestampParse::ok;
}

}  // namespace mealy::detail
