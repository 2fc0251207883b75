// The canonical text of a float64. Private to the runtime.
#pragma once

#include <cstddef>

namespace mealy::detail {

// Enough for any finite double in the form format_double writes.
inline constexpr std::size_t kMaxDoubleLength = 32;

// Writes finite `value` into `out` (at least kMaxDoubleLength characters, no
// terminator) and returns the number of characters written.
//
// The digits are the shortest that read back to the same double (std::to_chars);
// they are laid out as ECMAScript's Number::toString lays them out, so that
// JavaScript's JSON.stringify gives the same bytes for the same double:
//   0.1, 100, 1e+21, 1.5e-7, 0.000001, 123456789012345680000, 5e-324.
// Both zeros are written `0`, as JavaScript writes them: the sign of zero
// does not survive, and -0.0 == 0.0 anyway.
std::size_t format_double(double value, char* out);

}  // namespace mealy::detail
