// The global operator new and delete of a test program that makes one
// allocation fail on purpose: while `counting` is set on a thread, its
// allocations are counted, and the one numbered `fail_at` (from 1; 0: none)
// throws std::bad_alloc and stops the counting. Include it in exactly one
// file of the program: it defines the replaceable operators.
// (AddressSanitizer then sees malloc and free only: it still finds
// overflows, leaks and use after free, but no longer new[] freed by delete.)
#pragma once

#include <cstdlib>
#include <new>

namespace mealy::testing::failing_new {

// On this thread: whether allocations are counted, how many were, and the
// one to fail.
inline thread_local bool counting = false;
inline thread_local long allocations = 0;
inline thread_local long fail_at = 0;

inline void* allocate(std::size_t size) {
  if (counting && ++allocations == fail_at) {
    counting = false;
    throw std::bad_alloc();
  }
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}

}  // namespace mealy::testing::failing_new

void* operator new(std::size_t size) {
  return mealy::testing::failing_new::allocate(size);
}
void* operator new[](std::size_t size) {
  return mealy::testing::failing_new::allocate(size);
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return mealy::testing::failing_new::allocate(size);
  } catch (const std::bad_alloc&) {
    return nullptr;
  }
}
void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept {
  return operator new(size, tag);
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete[](void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  std::free(p);
}
