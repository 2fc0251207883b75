// Out of memory inside decide_into(): the generated code appends each event
// in place and then fills its fields, so an allocation that fails while it
// copies them (a string longer than the small-string buffer) must remove
// the event again, leaving the caller's vector as it was; the next try, with
// memory, decides as if nothing had happened.
//
// This file replaces the global operator new and delete for the whole test
// program, to fail one allocation on the thread that asks for it.
// (AddressSanitizer then sees malloc and free only: it still finds
// overflows, leaks and use after free, but no longer new[] freed by delete.)
#include <catch2/catch.hpp>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "ticket.mealy.hpp"

namespace ticket = behaviour::tickets::ticket;

namespace {

// On this thread: whether allocations are counted, how many were, and the
// one to fail (0: none).
thread_local bool counting = false;
thread_local long allocations = 0;
thread_local long fail_at = 0;

void* allocate(std::size_t size) {
  if (counting && ++allocations == fail_at) {
    counting = false;
    throw std::bad_alloc();
  }
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}

struct Host {
  bool is_staff(const behaviour::tickets::Ticket&, const ticket::commands::Assign&) const {
    return true;
  }
  mealy::GuardResult is_owner(const behaviour::tickets::Ticket&,
                              const ticket::commands::Assign&) const {
    return mealy::GuardResult::allow();
  }
  bool is_locked(const behaviour::tickets::Ticket&, const ticket::commands::Assign&) const {
    return false;
  }
  ticket::events::Resolved resolve_ticket(const behaviour::tickets::Ticket&,
                                          const ticket::commands::Resolve& command) const {
    return {.note = command.note, .resolver = "r", .severity = 2};
  }
  void count_reopen(behaviour::tickets::Ticket&, const ticket::events::Reopened&) const {}
  void upcast_resolved(ticket::events::Resolved&, std::uint32_t, std::string_view) {}
};

}  // namespace

void* operator new(std::size_t size) {
  return allocate(size);
}
void* operator new[](std::size_t size) {
  return allocate(size);
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return allocate(size);
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

TEST_CASE("decide_into out of memory while it fills an event leaves the caller's vector as it was",
          "[behaviour][faults]") {
  Host host;
  behaviour::tickets::Ticket instance;
  instance.id = "T-1";
  mealy::FixedClock clock(mealy::Timestamp(mealy::Duration(1'795'341'600'000'000)));
  // Both copied into the event, each longer than a string's own buffer.
  const ticket::commands::Open open{
      .owner = "an owner with a name too long to fit", .title = "a title of 20 chars", .tags = {}};
  std::vector<ticket::Event> out;
  out.reserve(4);  // so that the first allocation is the event's, not the vector's
  out.emplace_back(ticket::events::Reopened{});

  int failures = 0;
  for (fail_at = 1;; ++fail_at) {
    INFO("allocation " << fail_at << " fails");
    allocations = 0;
    counting = true;
    bool threw = false;
    bool rejected = false;
    try {
      rejected = ticket::decide_into(instance, open, host, clock, out).has_value();
    } catch (const std::bad_alloc&) {
      threw = true;
    }
    counting = false;
    if (!threw) {
      CHECK_FALSE(rejected);
      break;
    }
    ++failures;
    // Nothing appended, nothing lost.
    REQUIRE(out.size() == 1);
    CHECK(std::holds_alternative<ticket::events::Reopened>(out[0]));
    REQUIRE(fail_at < 100);
  }
  // Each of the two copies failed once before the decision went through.
  CHECK(failures >= 2);
  REQUIRE(out.size() == 2);
  const auto& opened = std::get<ticket::events::Opened>(out[1]);
  CHECK(opened.owner == open.owner);
  CHECK(opened.title == open.title);
  CHECK(ticket::decide(instance, open, host, clock).events() ==
        std::vector<ticket::Event>(out.begin() + 1, out.end()));
}
