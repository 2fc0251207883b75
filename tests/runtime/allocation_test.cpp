// The hot paths do not allocate: writing into a string with room, and
// decoding a document once the thread's parser and buffer exist.
//
// This file replaces the global operator new and delete for the whole test
// program, to count allocations while a test asks for it. (AddressSanitizer
// then sees malloc and free only: it still finds overflows, leaks and use
// after free, but no longer new[] freed by delete.)
#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <new>

#include "test_support.hpp"

namespace {

std::atomic<bool> counting{false};
std::atomic<long> allocations{0};

// Counts the allocations made by `body` on any thread.
template <typename Body>
long allocations_in(Body body) {
  allocations = 0;
  counting = true;
  body();
  counting = false;
  return allocations.load();
}

}  // namespace

// Every replaceable form but the aligned ones (which the program does not
// use here, and which pair among themselves).
void* operator new(std::size_t size) {
  if (counting) ++allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
  return operator new(size);
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  if (counting) ++allocations;
  return std::malloc(size == 0 ? 1 : size);
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
void operator delete(void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}

TEST_CASE("writing into a string with room allocates nothing", "[allocation]") {
  const mealy::Uuid uuid = mealy::Uuid::v7(mealy::Timestamp());
  const mealy::Bytes bytes{1, 2, 3, 4, 5};
  const std::string text = "a \"quoted\" line\nwith \xe2\x80\xa8 and \xff";
  std::string out;
  out.reserve(4096);
  const long count = allocations_in([&] {
    using mealy::json::write;
    write(out, true);
    write(out, std::int32_t{-5});
    write(out, std::uint64_t{18446744073709551615u});
    write(out, 0.1);
    write(out, std::string_view(text));
    write(out, bytes);
    write(out, uuid);
    write(out, mealy::Timestamp(std::chrono::microseconds(1)));
    write(out, mealy::Duration(-3));
  });
  CHECK(count == 0);
  CHECK(out.size() > 100);
}

TEST_CASE("decoding a scalar document allocates nothing once warm", "[allocation]") {
  std::int32_t value = 0;
  REQUIRE(mealy::testing::decode("42", value) == "");  // creates the thread's parser
  const long count = allocations_in([&] {
    for (int i = 0; i < 100; ++i) {
      if (!mealy::testing::decode(" 7 ", value).empty()) return;
    }
  });
  CHECK(count == 0);
  CHECK(value == 7);
}
