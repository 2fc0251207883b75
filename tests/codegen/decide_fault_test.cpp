// Out of memory inside decide_into(): the generated code appends each event
// in place and then fills its fields, so an allocation that fails while it
// copies them (a string longer than the small-string buffer) must remove
// the event again, leaving the caller's vector as it was; the next try, with
// memory, decides as if nothing had happened.
//
// The whole test program's operator new fails one allocation on the thread
// that asks for it (../support/failing_new.hpp).
#include <catch2/catch.hpp>
#include <new>
#include <string>
#include <vector>

#include "../support/failing_new.hpp"
#include "ticket.mealy.hpp"

namespace ticket = behaviour::tickets::ticket;
using namespace mealy::testing::failing_new;

namespace {

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
