// Transition coverage: which transitions of which machines a test run took,
// and a report of those no test reached, per aggregate (gcov's report, for
// machines). Included by mealy/testing.hpp; every Scenario records into
// mealy::testing::coverage() unless given another Coverage.
//
//   mealy::testing::coverage().track<order::Machine>();   // counts even if unused
//   ... scenarios run ...
//   CHECK(mealy::testing::coverage().complete());
//   std::cout << mealy::testing::coverage().report_text();
//
// A transition is a state, a command and one of its alternatives (rejects
// included), as `mealyc paths` lists them and the generated kTransitions
// holds them; a guard's refusal, an invalid transition and a constraint
// rejection take none.
//
// Test frameworks often run each test case in a process of its own (ctest
// with catch_discover_tests does): a process then sees only its own cases.
// With the environment variable MEALY_COVERAGE_FILE set, each process also
// appends one line to that file the first time it takes a transition:
//
//   Order<TAB>Draft<TAB>Submit<TAB>2\n     (aggregate, state, command, alternative from 1)
//
// Lines are appended whole (O_APPEND), so concurrent processes may share the
// file; `mealyc coverage SCHEMA... --runs FILE` merges it with the schema's
// transitions and reports what no process reached.
//
// Thread safety: a Coverage may be recorded into from several threads.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "mealy/decide.hpp"

namespace mealy::testing {

class Coverage {
 public:
  // One machine's transitions and how often each was taken.
  struct Machine {
    std::string name;                             // the aggregate, e.g. "Order"
    const TransitionInfo* transitions = nullptr;  // the generated kTransitions
    std::vector<std::uint64_t> hits;              // per transition
    const void* key = nullptr;                    // identifies the generated machine

    [[nodiscard]] std::size_t reached() const {
      std::size_t count = 0;
      for (std::uint64_t hit : hits)
        count += hit > 0 ? 1 : 0;
      return count;
    }
  };

  // Counts `M` (a generated Machine) in reports, even when no test takes any
  // of its transitions.
  template <typename M>
  void track() {
    std::lock_guard lock(mutex_);
    find_or_add<M>();
  }

  // Records that transition `index` of M::kTransitions was taken. Throws
  // std::runtime_error when MEALY_COVERAGE_FILE is set and cannot be written.
  template <typename M>
  void record(std::size_t index) {
    std::lock_guard lock(mutex_);
    Machine& machine = find_or_add<M>();
    if (index >= machine.hits.size())
      throw std::out_of_range("mealy::testing::Coverage: no such transition");
    if (machine.hits[index]++ == 0) append_to_file(machine, index);
  }

  // The transitions of M no test took, in kTransitions order.
  template <typename M>
  [[nodiscard]] std::vector<TransitionInfo> unreached() const {
    std::lock_guard lock(mutex_);
    std::vector<TransitionInfo> out;
    for (const Machine& machine : machines_) {
      if (machine.key != key_of<M>()) continue;
      for (std::size_t i = 0; i < machine.hits.size(); ++i) {
        if (machine.hits[i] == 0) out.push_back(machine.transitions[i]);
      }
      return out;
    }
    out.assign(M::kTransitions.begin(), M::kTransitions.end());  // not tracked: nothing reached
    return out;
  }

  // Whether every transition of every tracked machine was taken.
  [[nodiscard]] bool complete() const {
    std::lock_guard lock(mutex_);
    for (const Machine& machine : machines_) {
      if (machine.reached() != machine.hits.size()) return false;
    }
    return true;
  }

  // The report for people: per machine, in the order first tracked,
  //
  //   Order: 26 of 27 transitions reached (96%)
  //     not reached: Paid  Cancel [otherwise]  reject refund_window_closed
  //
  // with the unreached transitions' state, command (and alternative) and
  // outcome in aligned columns.
  [[nodiscard]] std::string report_text() const;

  // The same as JSON: {"machines":[{"aggregate":"Order","transitions":27,
  // "reached":26,"unreached":[{"state":"Paid","command":"Cancel",
  // "alternative":2,"guard":"...","outcome":"reject ..."}]}]}, alternatives
  // counted from 1 as `mealyc paths --format json` does; "guard" only when
  // the alternative has one.
  [[nodiscard]] std::string report_json() const;

  // Forgets every hit (the machines stay tracked).
  void reset() {
    std::lock_guard lock(mutex_);
    for (Machine& machine : machines_)
      machine.hits.assign(machine.hits.size(), 0);
  }

 private:
  template <typename M>
  static const void* key_of() {
    return static_cast<const void*>(&M::kTransitions);
  }

  template <typename M>
  Machine& find_or_add() {
    for (Machine& machine : machines_) {
      if (machine.key == key_of<M>()) return machine;
    }
    machines_.push_back({std::string(M::kName), M::kTransitions.data(),
                         std::vector<std::uint64_t>(M::kTransitions.size()), key_of<M>()});
    return machines_.back();
  }

  static void append_to_file(const Machine& machine, std::size_t index) {
    const char* path = std::getenv("MEALY_COVERAGE_FILE");
    if (path == nullptr || *path == '\0') return;
    const TransitionInfo& t = machine.transitions[index];
    std::string line = machine.name + "\t" + std::string(t.state_name) + "\t" +
                       std::string(t.command_name) + "\t" + std::to_string(t.alternative + 1) +
                       "\n";
    std::ofstream out(path, std::ios::binary | std::ios::app);
    out.write(line.data(), static_cast<std::streamsize>(line.size()));
    out.close();
    if (!out)
      throw std::runtime_error(
          std::string("mealy::testing::Coverage: cannot append to MEALY_COVERAGE_FILE ") + path);
  }

  mutable std::mutex mutex_;
  std::vector<Machine> machines_;
};

// The process's Coverage, which every Scenario records into by default.
inline Coverage& coverage() {
  static Coverage instance;
  return instance;
}

// A trace for a generated decide() called outside a Scenario, recording
// into `coverage` the transition of M it takes:
//
//   order::decide(aggregate, command, host, clock, mealy::testing::recorder<order::Machine>());
//
// It may throw what Coverage::record throws, out of decide (which changes
// nothing, so nothing is half done).
template <typename M>
auto recorder(Coverage& coverage = testing::coverage()) {
  coverage.track<M>();
  return [&coverage](std::size_t index) { coverage.record<M>(index); };
}

namespace coverage_detail {

inline void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;  // schema names are identifiers: nothing else to escape
  }
  out += '"';
}

inline std::string percent(std::size_t part, std::size_t whole) {
  if (whole == 0) return "100%";
  return std::to_string(part * 100 / whole) + "%";
}

}  // namespace coverage_detail

inline std::string Coverage::report_text() const {
  std::lock_guard lock(mutex_);
  std::string out;
  for (const Machine& machine : machines_) {
    const std::size_t reached = machine.reached();
    out += machine.name + ": " + std::to_string(reached) + " of " +
           std::to_string(machine.hits.size()) + " transitions reached (" +
           coverage_detail::percent(reached, machine.hits.size()) + ")\n";
    std::size_t state_width = 0, label_width = 0;
    for (std::size_t i = 0; i < machine.hits.size(); ++i) {
      if (machine.hits[i] > 0) continue;
      state_width = std::max(state_width, machine.transitions[i].state_name.size());
      label_width = std::max(label_width, machine.transitions[i].label.size());
    }
    for (std::size_t i = 0; i < machine.hits.size(); ++i) {
      if (machine.hits[i] > 0) continue;
      const TransitionInfo& t = machine.transitions[i];
      out += "  not reached: " + std::string(t.state_name) +
             std::string(state_width - t.state_name.size() + 2, ' ') + std::string(t.label) +
             std::string(label_width - t.label.size() + 2, ' ') + std::string(t.outcome) + "\n";
    }
  }
  return out;
}

inline std::string Coverage::report_json() const {
  std::lock_guard lock(mutex_);
  std::string out = "{\"machines\":[";
  for (std::size_t m = 0; m < machines_.size(); ++m) {
    const Machine& machine = machines_[m];
    out += m == 0 ? "" : ",";
    out += "{\"aggregate\":";
    coverage_detail::append_json_string(out, machine.name);
    out += ",\"transitions\":" + std::to_string(machine.hits.size()) +
           ",\"reached\":" + std::to_string(machine.reached()) + ",\"unreached\":[";
    bool first = true;
    for (std::size_t i = 0; i < machine.hits.size(); ++i) {
      if (machine.hits[i] > 0) continue;
      const TransitionInfo& t = machine.transitions[i];
      out += first ? "{\"state\":" : ",{\"state\":";
      first = false;
      coverage_detail::append_json_string(out, t.state_name);
      out += ",\"command\":";
      coverage_detail::append_json_string(out, t.command_name);
      out += ",\"alternative\":" + std::to_string(t.alternative + 1);
      if (!t.guard.empty()) {
        out += ",\"guard\":";
        coverage_detail::append_json_string(out, t.guard);
      }
      out += ",\"outcome\":";
      coverage_detail::append_json_string(out, t.outcome);
      out += "}";
    }
    out += "]}";
  }
  out += "]}";
  return out;
}

}  // namespace mealy::testing
