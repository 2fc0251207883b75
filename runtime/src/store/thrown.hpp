// The Status for an exception caught where the store calls code that may
// throw (a projection's handler) or may run out of memory. Private to the
// runtime.
#pragma once

#include <exception>
#include <string>

#include "mealy/result.hpp"

namespace mealy::detail {

// Call inside a catch block: StatusCode::internal, "<context>: <what()>".
inline Status thrown_status(const std::string& context) {
  try {
    throw;
  } catch (const std::exception& error) {
    return {StatusCode::internal, context + ": " + error.what()};
  } catch (...) {
    return {StatusCode::internal, context + ": an exception that is not a std::exception"};
  }
}

}  // namespace mealy::detail
