// Testing a machine given/when/then, with any test framework and no store:
// given the events an instance has (or the commands that made them), when a
// command arrives, then these events are emitted, or this rejection, or the
// instance is in this state.
//
//   mealy::testing::Scenario<order::Machine, OrderHost> order(host, clock, id);
//   order.given(order::events::Opened{...}, order::events::LineAdded{...});
//   auto then = order.when(order::commands::Submit{});
//   CHECK(then.emitted(order::events::Submitted{...}));
//   CHECK(then.rejected(mealy::RejectionKind::guard, "out_of_stock"));
//   CHECK(then.in_state("Submitted"));
//
// Each `then` check gives a Verdict: true, or false with a readable account
// of what differs (events compared as canonical JSON, one per line, with the
// first difference marked). A Verdict prints itself through operator<<, so a
// framework that prints the values of a failed check (Catch2's CHECK,
// GoogleTest's EXPECT_TRUE(v) << v) shows the account.
//
// Host code runs as it would in a Repository: decide() then evolve() with the
// host given, the clock read once per decision.
//
// Every decision a Scenario makes (in `when` and `given_commands`) records
// the transition it took into a Coverage (mealy/testing_coverage.hpp; the
// process's coverage() unless the constructor is given another), whose
// report lists the transitions no test reached.
#pragma once

#include <cstddef>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mealy/decide.hpp"
#include "mealy/result.hpp"
#include "mealy/testing_coverage.hpp"
#include "mealy/values.hpp"

namespace mealy::testing {

// The result of a `then` check.
struct Verdict {
  bool passed = false;
  std::string account{};  // what differs; empty when passed

  explicit operator bool() const { return passed; }
  friend std::ostream& operator<<(std::ostream& out, const Verdict& verdict) {
    return out << (verdict.passed ? std::string("as expected") : verdict.account);
  }
};

namespace scenario_detail {

// `{"type":...,"version":...,"payload":...}`: an event as the wire has it.
template <typename Machine>
std::string event_json(const typename Machine::Event& event) {
  std::string payload;
  Machine::write_payload(payload, event);
  return "{\"type\":\"" + std::string(Machine::name_of(event)) +
         "\",\"version\":" + std::to_string(Machine::version_of(event)) +
         ",\"payload\":" + payload + "}";
}

// Both lists, one line each, the first line that differs marked with '>'.
inline std::string list_difference(const std::vector<std::string>& expected,
                                   const std::vector<std::string>& actual) {
  std::size_t first = 0;
  while (first < expected.size() && first < actual.size() && expected[first] == actual[first])
    ++first;
  auto show = [&](const char* title, const std::vector<std::string>& lines) {
    std::string out = std::string(title) + " (" + std::to_string(lines.size()) + "):\n";
    if (lines.empty()) out += "    (none)\n";
    for (std::size_t i = 0; i < lines.size(); ++i)
      out += (i == first ? "  > " : "    ") + lines[i] + "\n";
    return out;
  };
  return show("expected events", expected) + show("emitted events", actual);
}

}  // namespace scenario_detail

// What `when` gave: the decision, and the aggregate after it (the one
// before, when rejected).
template <typename Machine>
class Then {
 public:
  using Aggregate = typename Machine::Aggregate;
  using Event = typename Machine::Event;

  Then(Decision<Event> decision, Aggregate after)
      : decision_(std::move(decision)), after_(std::move(after)) {}

  // Accepted, emitting exactly `expected`, in order.
  Verdict emitted(std::vector<Event> expected) const {
    if (!decision_.accepted())
      return {false, "expected events, but the command was " + describe_rejection()};
    std::vector<std::string> want, got;
    for (const Event& event : expected)
      want.push_back(scenario_detail::event_json<Machine>(event));
    for (const Event& event : decision_.events())
      got.push_back(scenario_detail::event_json<Machine>(event));
    if (want == got) return {true, {}};
    return {false, scenario_detail::list_difference(want, got)};
  }
  template <typename... Events>
  Verdict emitted(Events... expected) const {
    return emitted(std::vector<Event>{Event(std::move(expected))...});
  }

  // Accepted, whatever it emitted.
  Verdict accepted() const {
    if (decision_.accepted()) return {true, {}};
    return {false, "expected the command to be accepted, but it was " + describe_rejection()};
  }

  // Rejected with this kind and reason code (any code when empty).
  Verdict rejected(RejectionKind kind, std::string_view code = {}) const {
    std::string want = std::string(to_string(kind)) + (code.empty() ? "" : " " + std::string(code));
    if (decision_.accepted())
      return {false, "expected a rejection (" + want + "), but it was accepted:\n" + listed()};
    const Rejection& rejection = decision_.rejection();
    if (rejection.kind == kind && (code.empty() || rejection.code == code)) return {true, {}};
    return {false, "expected a rejection (" + want + "), but it was " + describe_rejection()};
  }

  // The instance is in state `name` afterwards.
  Verdict in_state(std::string_view name) const {
    std::string_view actual = Machine::state_name(after_);
    if (actual == name) return {true, {}};
    std::string state;
    Machine::write_state(state, after_);
    return {false, "expected state " + std::string(name) + ", but it is " + std::string(actual) +
                       ": " + state};
  }

  // The decision and the aggregate, for checks of one's own.
  [[nodiscard]] const Decision<Event>& decision() const { return decision_; }
  [[nodiscard]] const Aggregate& aggregate() const { return after_; }

 private:
  std::string describe_rejection() const {
    const Rejection& r = decision_.rejection();
    return "rejected (" + std::string(to_string(r.kind)) + " " + r.code + "): " + r.message;
  }
  std::string listed() const {
    std::string out;
    for (const Event& event : decision_.events())
      out += "    " + scenario_detail::event_json<Machine>(event) + "\n";
    return out.empty() ? "    (no events)\n" : out;
  }

  Decision<Event> decision_;
  Aggregate after_;
};

// One instance of `Machine`, built up by `given` and driven by `when`.
// `host`, `clock` and `coverage` must outlive it.
template <typename Machine, typename Host>
class Scenario {
 public:
  using Aggregate = typename Machine::Aggregate;
  using Command = typename Machine::Command;
  using Event = typename Machine::Event;

  Scenario(Host& host, const Clock& clock, typename Machine::Id id = {},
           Coverage& coverage = testing::coverage())
      : host_(host), clock_(clock), coverage_(coverage) {
    aggregate_.id = std::move(id);
    coverage_.track<Machine>();
  }

  // Applies stored events, as loading would. Throws std::logic_error when
  // one cannot be applied (the test's history is impossible).
  Scenario& given(const std::vector<Event>& events) {
    for (const Event& event : events)
      apply(event);
    return *this;
  }
  template <typename... Events>
  Scenario& given(Events... events) {
    return given(std::vector<Event>{Event(std::move(events))...});
  }

  // Handles commands and applies what they emit. Throws std::logic_error
  // when one is rejected (the test's history is impossible).
  Scenario& given_commands(const std::vector<Command>& commands) {
    for (const Command& command : commands) {
      Decision<Event> decision = decide(command);
      if (!decision.accepted()) {
        throw std::logic_error("given command " + std::string(Machine::name_of(command)) +
                               " was rejected: " + decision.rejection().message);
      }
      for (const Event& event : decision.events())
        apply(event);
    }
    return *this;
  }
  template <typename... Commands>
  Scenario& given_commands(Commands... commands) {
    return given_commands(std::vector<Command>{Command(std::move(commands))...});
  }

  // Decides `command`; when accepted, applies its events, so that further
  // `when`s go on from there.
  Then<Machine> when(const Command& command) {
    Decision<Event> decision = decide(command);
    if (decision.accepted()) {
      for (const Event& event : decision.events())
        apply(event);
    }
    return Then<Machine>(std::move(decision), aggregate_);
  }

  // The instance as given and driven so far.
  [[nodiscard]] const Aggregate& aggregate() const { return aggregate_; }

 private:
  // Decides, and records the transition taken, if any, once decide returned.
  Decision<Event> decide(const Command& command) {
    std::size_t taken = Machine::kTransitions.size();
    Decision<Event> decision = Machine::decide(aggregate_, command, host_, clock_,
                                               [&taken](std::size_t index) { taken = index; });
    if (taken < Machine::kTransitions.size()) coverage_.template record<Machine>(taken);
    return decision;
  }

  void apply(const Event& event) {
    if (Status status = Machine::evolve(aggregate_, event, host_); !status.ok()) {
      throw std::logic_error("event " + scenario_detail::event_json<Machine>(event) +
                             " cannot be applied: " + status.message());
    }
  }

  Host& host_;
  const Clock& clock_;
  Coverage& coverage_;
  Aggregate aggregate_{};
};

}  // namespace mealy::testing
