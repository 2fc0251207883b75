#include <chrono>

#include "mealy/values.hpp"

namespace mealy {

Timestamp SystemClock::now() const {
  return std::chrono::floor<std::chrono::microseconds>(std::chrono::system_clock::now());
}

}  // namespace mealy
