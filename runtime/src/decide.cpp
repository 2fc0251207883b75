#include "mealy/decide.hpp"

namespace mealy {

std::string_view to_string(RejectionKind kind) noexcept {
  switch (kind) {
    case RejectionKind::invalid_transition:
      return "invalid_transition";
    case RejectionKind::guard:
      return "guard";
    case RejectionKind::explicit_reject:
      return "explicit_reject";
    case RejectionKind::constraint:
      return "constraint";
  }
  return "invalid_transition";
}

std::size_t code_points(std::string_view utf8) noexcept {
  std::size_t count = 0;
  for (char c : utf8)
    count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

}  // namespace mealy
