#include "double_format.hpp"

#include <cassert>
#include <charconv>
#include <cmath>
#include <cstring>

namespace mealy::detail {

std::size_t format_double(double value, char* out) {
  assert(std::isfinite(value));
  if (value == 0) {  // 0 and -0
    out[0] = '0';
    return 1;
  }
  char* p = out;
  if (value < 0) {
    *p++ = '-';
    value = -value;
  }

  // Shortest round-trip digits in scientific form: `d[.ddd]e±XX`.
  char scientific[kMaxDoubleLength];
  const auto result = std::to_chars(scientific, scientific + sizeof scientific, value,
                                    std::chars_format::scientific);
  assert(result.ec == std::errc());
  char digits[20];
  int k = 0;  // number of significant digits
  const char* c = scientific;
  for (; c < result.ptr && *c != 'e'; ++c) {
    if (*c != '.') digits[k++] = *c;
  }
  ++c;  // 'e'
  const bool negative_exponent = *c++ == '-';
  int exponent = 0;
  for (; c < result.ptr; ++c)
    exponent = exponent * 10 + (*c - '0');
  if (negative_exponent) exponent = -exponent;

  // ECMAScript Number::toString, with value = 0.digits × 10^n.
  const int n = exponent + 1;
  if (k <= n && n <= 21) {  // an integer: digits, then zeros
    std::memcpy(p, digits, static_cast<std::size_t>(k));
    p += k;
    std::memset(p, '0', static_cast<std::size_t>(n - k));
    p += n - k;
  } else if (0 < n && n <= 21) {  // a point inside the digits
    std::memcpy(p, digits, static_cast<std::size_t>(n));
    p += n;
    *p++ = '.';
    std::memcpy(p, digits + n, static_cast<std::size_t>(k - n));
    p += k - n;
  } else if (-6 < n && n <= 0) {  // 0.000ddd
    *p++ = '0';
    *p++ = '.';
    std::memset(p, '0', static_cast<std::size_t>(-n));
    p += -n;
    std::memcpy(p, digits, static_cast<std::size_t>(k));
    p += k;
  } else {  // d[.ddd]e±x
    *p++ = digits[0];
    if (k > 1) {
      *p++ = '.';
      std::memcpy(p, digits + 1, static_cast<std::size_t>(k - 1));
      p += k - 1;
    }
    *p++ = 'e';
    *p++ = n - 1 < 0 ? '-' : '+';
    p = std::to_chars(p, out + kMaxDoubleLength, n - 1 < 0 ? 1 - n : n - 1).ptr;
  }
  return static_cast<std::size_t>(p - out);
}

}  // namespace mealy::detail
