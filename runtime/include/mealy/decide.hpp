// What a generated `decide` returns, and what guards may return.
//
// decide(aggregate, command) either accepts the command, giving the events to
// append, or rejects it with a Rejection. A rejection is a value, never an
// exception, and appends nothing. Its kind says why:
//
//   invalid_transition  the current state has no transition for the command
//   guard               every alternative's guard refused; `code` is the
//                       reason of the last refused guard of an alternative
//                       that would have accepted (a refused guard of a
//                       `reject` alternative only says that this rejection
//                       does not apply: its reason is the code only when no
//                       other guard refused)
//   explicit_reject     the schema's `reject: code` in this state
//   constraint          a command field broke a constraint (`field`, `code`
//                       "min", "max", "min_length" or "max_length")
//
// Every generated machine also lists its transitions (kTransitions, one
// TransitionInfo each) and takes an optional trace: decide() calls
// trace(index) with the index in that list of the transition it takes, so
// that tests can tell which were exercised (mealy/testing.hpp). The default
// trace, NoTrace, does nothing. The generated decide_into() is compiled once,
// in the schema's .mealy.cpp, so it takes the trace as a TraceRef: a pointer
// to the caller's callable, or none (one test of a null pointer per decision).
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace mealy {

enum class RejectionKind { invalid_transition, guard, explicit_reject, constraint };

// The name of a kind, e.g. "invalid_transition".
std::string_view to_string(RejectionKind kind) noexcept;

struct Rejection {
  RejectionKind kind = RejectionKind::invalid_transition;
  std::string code{};     // reason code: the guard's reason, the reject code, the constraint
  std::string state{};    // the state the aggregate was in
  std::string command{};  // the rejected command's name
  std::string field{};    // constraint: the field's path, e.g. "line.quantity"
  std::string message{};  // for people: what happened, and what would be accepted

  friend bool operator==(const Rejection&, const Rejection&) = default;
};

// The outcome of a guard: allowed, or refused with a reason code. A guard may
// also return plain bool; a false then refuses with the guard's own name as
// its reason.
struct GuardResult {
  bool allowed = true;
  std::string reason{};

  static GuardResult allow() { return {true, {}}; }
  static GuardResult refuse(std::string reason) { return {false, std::move(reason)}; }
};

// Normalises what a guard returned (bool or GuardResult).
inline GuardResult to_guard_result(bool allowed, std::string_view guard_name) {
  return {allowed, allowed ? std::string() : std::string(guard_name)};
}
inline GuardResult to_guard_result(GuardResult result, std::string_view /*guard_name*/) {
  return result;
}

// Events to append, or a rejection.
template <typename Event>
class [[nodiscard]] Decision {
 public:
  Decision(std::vector<Event> events) : outcome_(std::move(events)) {}  // NOLINT: implicit
  Decision(Rejection rejection) : outcome_(std::move(rejection)) {}     // NOLINT: implicit

  [[nodiscard]] bool accepted() const { return outcome_.index() == 0; }
  // The events, in order (possibly none); only when accepted().
  [[nodiscard]] const std::vector<Event>& events() const& { return std::get<0>(outcome_); }
  [[nodiscard]] std::vector<Event>&& events() && { return std::get<0>(std::move(outcome_)); }
  // Why not; only when !accepted().
  [[nodiscard]] const Rejection& rejection() const { return std::get<1>(outcome_); }

 private:
  std::variant<std::vector<Event>, Rejection> outcome_;
};

// A constraint broken by a value: where, which, and a sentence saying so.
struct Violation {
  std::string field{};    // path from the command, e.g. "line.quantity"
  std::string code{};     // "min", "max", "min_length" or "max_length"
  std::string message{};  // e.g. "line.quantity must be at least 1"
};

// One transition of a machine: in a state, a command, and one of the
// alternatives the schema tries for it there (rejects included). The same
// transitions, in the same order and with the same words, as `mealyc paths`
// lists. Names view static strings of the generated code.
struct TransitionInfo {
  std::uint32_t state = 0;        // index of the state in the State variant
  std::uint32_t command = 0;      // index of the command in the Command variant
  std::uint32_t alternative = 0;  // 0-based, in the order the schema tries them
  std::string_view state_name{};
  std::string_view command_name{};
  std::string_view guard{};    // the alternative's guard; empty when it has none
  std::string_view label{};    // "Withdraw", or "Withdraw [covers]" / "Withdraw [otherwise]"
  std::string_view outcome{};  // "-> Paid", "stay" or "reject already_paid"
};

// The trace a generated decide() calls by default with the index of the
// transition it takes (in the machine's kTransitions): nothing at all.
struct NoTrace {
  constexpr void operator()(std::size_t /*transition*/) const noexcept {}
};

// A trace as the compiled decide_into() takes it: refers to a callable the
// caller keeps alive for the call (it does not copy it), or to none at all
// (default-constructed, or from NoTrace). Calling an empty TraceRef does
// nothing.
class TraceRef {
 public:
  constexpr TraceRef() noexcept = default;
  constexpr TraceRef(NoTrace /*none*/) noexcept {}  // NOLINT: implicit, as NoTrace converts
  template <typename F>
  requires(std::is_object_v<F> && !std::same_as<std::remove_cv_t<F>, TraceRef> &&
           !std::same_as<std::remove_cv_t<F>, NoTrace> && std::invocable<F&, std::size_t>)
      TraceRef(F& trace)
  noexcept  // NOLINT: implicit, so a lambda passes as it is
      : target_(const_cast<void*>(static_cast<const void*>(std::addressof(trace)))),
        call_(
            [](void* target, std::size_t transition) { (*static_cast<F*>(target))(transition); }) {}

  void operator()(std::size_t transition) const {
    if (call_ != nullptr) call_(target_, transition);
  }
  // Whether it refers to a callable.
  [[nodiscard]] explicit operator bool() const noexcept { return call_ != nullptr; }

 private:
  void* target_ = nullptr;
  void (*call_)(void*, std::size_t) = nullptr;
};

// Counts the Unicode code points of UTF-8 text: what min_length and
// max_length measure for strings (the TypeScript side counts the same).
std::size_t code_points(std::string_view utf8) noexcept;

}  // namespace mealy
