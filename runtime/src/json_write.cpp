// Canonical JSON writing. Every overload appends straight to `out`: digits go
// through small stack buffers, strings are copied in runs between the
// characters that need escaping.
#include "mealy/json_write.hpp"

#include <charconv>
#include <cmath>

#include "base64.hpp"
#include "double_format.hpp"
#include "rfc3339.hpp"

namespace mealy::json {
namespace {

constexpr char kHex[] = "0123456789abcdef";

template <typename Integer>
void write_integer(std::string& out, Integer value) {
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, result.ptr);
}

// An integer as a JSON string: `"123"`.
template <typename Integer>
void write_quoted_integer(std::string& out, Integer value) {
  char buffer[24];
  buffer[0] = '"';
  char* end = std::to_chars(buffer + 1, buffer + sizeof buffer - 1, value).ptr;
  *end++ = '"';
  out.append(buffer, end);
}

// The length of the UTF-8 sequence at `p`, and whether it is well formed
// (Unicode 15, table 3-7: no overlong forms, no surrogates, nothing above
// U+10FFFF). When it is not, `length` is that of its maximal subpart: the
// bytes that could begin a well-formed sequence, at least 1.
struct Utf8Sequence {
  std::size_t length;
  bool valid;
};

Utf8Sequence scan_utf8(const unsigned char* p, const unsigned char* end) {
  const unsigned char lead = *p;
  std::size_t continuation = 0;
  unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    continuation = 1;
  } else if (lead == 0xE0) {
    continuation = 2;
    low = 0xA0;
  } else if (lead == 0xED) {
    continuation = 2;
    high = 0x9F;
  } else if (lead >= 0xE1 && lead <= 0xEF) {
    continuation = 2;
  } else if (lead == 0xF0) {
    continuation = 3;
    low = 0x90;
  } else if (lead == 0xF4) {
    continuation = 3;
    high = 0x8F;
  } else if (lead >= 0xF1 && lead <= 0xF3) {
    continuation = 3;
  } else {
    return {1, false};  // a continuation byte, C0, C1, F5..FF
  }
  for (std::size_t i = 1; i <= continuation; ++i) {
    if (p + i >= end || p[i] < low || p[i] > high) return {i, false};
    low = 0x80;
    high = 0xBF;
  }
  return {continuation + 1, true};
}

void write_escape(std::string& out, unsigned char c) {
  switch (c) {
    case '"':
      out += "\\\"";
      return;
    case '\\':
      out += "\\\\";
      return;
    case '\b':
      out += "\\b";
      return;
    case '\f':
      out += "\\f";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    default: {
      const char escape[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0x0F]};
      out.append(escape, sizeof escape);
    }
  }
}

}  // namespace

void write(std::string& out, bool value) {
  out += value ? "true" : "false";
}
void write(std::string& out, std::int32_t value) {
  write_integer(out, value);
}
void write(std::string& out, std::uint32_t value) {
  write_integer(out, value);
}
void write(std::string& out, std::int64_t value) {
  write_quoted_integer(out, value);
}
void write(std::string& out, std::uint64_t value) {
  write_quoted_integer(out, value);
}
void write(std::string& out, Duration value) {
  write_quoted_integer(out, value.count());
}

void write(std::string& out, double value) {
  if (!std::isfinite(value)) {
    out += "null";
    return;
  }
  char buffer[detail::kMaxDoubleLength];
  out.append(buffer, detail::format_double(value, buffer));
}

void write(std::string& out, std::string_view value) {
  const auto* p = reinterpret_cast<const unsigned char*>(value.data());
  const auto* const end = p + value.size();
  const auto* run = p;  // start of the bytes not yet appended
  auto flush = [&](const unsigned char* to) {
    out.append(reinterpret_cast<const char*>(run), static_cast<std::size_t>(to - run));
  };
  out += '"';
  while (p < end) {
    const unsigned char c = *p;
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
      ++p;
      continue;
    }
    if (c < 0x80) {
      flush(p);
      write_escape(out, c);
      run = ++p;
      continue;
    }
    const Utf8Sequence sequence = scan_utf8(p, end);
    if (!sequence.valid) {
      flush(p);
      out += "\xEF\xBF\xBD";  // U+FFFD for each maximal ill-formed subpart
      run = p += sequence.length;
    } else if (c == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) {
      flush(p);
      out += p[2] == 0xA8 ? "\\u2028" : "\\u2029";
      run = p += 3;
    } else {
      p += sequence.length;
    }
  }
  flush(end);
  out += '"';
}

void write(std::string& out, const Bytes& value) {
  out += '"';
  detail::append_base64(out, value.data(), value.size());
  out += '"';
}

void write(std::string& out, const Uuid& value) {
  char buffer[38];
  buffer[0] = '"';
  value.format(buffer + 1);
  buffer[37] = '"';
  out.append(buffer, sizeof buffer);
}

void write(std::string& out, Timestamp value) {
  char buffer[detail::kTimestampLength + 2];
  buffer[0] = '"';
  detail::format_timestamp(value, buffer + 1);
  buffer[detail::kTimestampLength + 1] = '"';
  out.append(buffer, sizeof buffer);
}

}  // namespace mealy::json
