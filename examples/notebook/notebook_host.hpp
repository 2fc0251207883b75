// EventBook's host code for notebook.yaml: the guards and apply hooks of the
// Cell aggregate (the Notebook aggregate needs none), and the fractional
// positions cells sort by.
#pragma once

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "notebook.mealy.hpp"

namespace eventbook::notebook {

// The Notebook aggregate's guard and hooks: who it is shared with.
struct NotebookHost {
  // Whether the command's user is a member already.
  template <typename Command>
  [[nodiscard]] bool is_member(const notebook::Aggregate& notebook, const Command& command) const {
    return std::find(notebook.data.members.begin(), notebook.data.members.end(), command.user) !=
           notebook.data.members.end();
  }

  void add_member(notebook::Aggregate& notebook,
                  const notebook::events::NotebookShared& event) const {
    notebook.data.members.push_back(event.user);
  }
  void remove_member(notebook::Aggregate& notebook,
                     const notebook::events::NotebookUnshared& event) const {
    std::erase(notebook.data.members, event.user);
  }
};

class CellHost {
 public:
  // Guards.

  // A cell whose source is only white space has nothing to run.
  [[nodiscard]] bool source_is_blank(const cell::Aggregate& cell,
                                     const cell::commands::RequestExecution& /*command*/) const {
    return cell.data.source.find_first_not_of(" \t\r\n\f\v") == std::string::npos;
  }

  // A kernel starts only the execution that was requested; StartExecution is
  // the last alternative, so the reason is the rejection's code.
  [[nodiscard]] mealy::GuardResult is_current_execution(
      const cell::Aggregate& cell, const cell::commands::StartExecution& command) const {
    const auto* queued = std::get_if<cell::states::Queued>(&cell.state);
    if (queued == nullptr || queued->execution_id != command.execution_id) {
      return mealy::GuardResult::refuse("not_the_requested_execution");
    }
    return mealy::GuardResult::allow();
  }

  // Results of another execution (one cancelled meanwhile) are stale.
  [[nodiscard]] bool is_current_execution(const cell::Aggregate& cell,
                                          const cell::commands::CompleteExecution& command) const {
    return is_running(cell, command.execution_id);
  }
  [[nodiscard]] bool is_current_execution(const cell::Aggregate& cell,
                                          const cell::commands::FailExecution& command) const {
    return is_running(cell, command.execution_id);
  }

  // Apply hooks.

  void count_execution(cell::Aggregate& cell,
                       const cell::events::ExecutionStarted& /*event*/) const {
    ++cell.data.execution_count;
  }
  void record_completion(cell::Aggregate& cell,
                         const cell::events::ExecutionCompleted& event) const {
    cell.data.last_run = RunSummary{.execution_id = event.execution_id,
                                    .succeeded = true,
                                    .finished_at = event.completed_at,
                                    .elapsed = event.elapsed};
  }
  void record_failure(cell::Aggregate& cell, const cell::events::ExecutionFailed& event) const {
    cell.data.last_run = RunSummary{.execution_id = event.execution_id,
                                    .succeeded = false,
                                    .finished_at = event.failed_at,
                                    .elapsed = event.elapsed};
  }

 private:
  static bool is_running(const cell::Aggregate& cell, const mealy::Uuid& execution_id) {
    const auto* running = std::get_if<cell::states::Running>(&cell.state);
    return running != nullptr && running->execution_id == execution_id;
  }
};

// Fractional positions: strings over the digits 0-9a-z that sort as the cells
// do. position_between(before, after) returns a position strictly between
// two others, so a moved or inserted cell changes no other cell. An empty
// `before` means the start of the notebook, an empty `after` its end.
// Positions never end in '0' (there would be nothing below "x0" but "x").
namespace position {

inline constexpr std::string_view kDigits = "0123456789abcdefghijklmnopqrstuvwxyz";

inline std::size_t digit_value(char c) {
  return kDigits.find(c);
}

// A string between `before` and `after` (before < after, or after unbounded).
inline std::string between(std::string_view before, std::optional<std::string_view> after) {
  if (after) {
    // Keep the common prefix, treating a missing digit of `before` as '0'.
    std::size_t n = 0;
    while (n < after->size() && (n < before.size() ? before[n] : '0') == (*after)[n])
      ++n;
    if (n > 0) {
      const std::string_view rest_before =
          n < before.size() ? before.substr(n) : std::string_view();
      return std::string(after->substr(0, n)) + between(rest_before, after->substr(n));
    }
  }
  const std::size_t low = before.empty() ? 0 : digit_value(before[0]);
  const std::size_t high = after ? digit_value((*after)[0]) : kDigits.size();
  if (high - low > 1) return std::string(1, kDigits[(low + high + 1) / 2]);
  // Adjacent digits: take `after`'s first digit when more follows it, else
  // go one digit deeper after `before`'s.
  if (after && after->size() > 1) return std::string(after->substr(0, 1));
  return std::string(1, kDigits[low]) +
         between(before.empty() ? before : before.substr(1), std::nullopt);
}

}  // namespace position

inline std::string position_between(std::string_view before, std::string_view after) {
  return position::between(before,
                           after.empty() ? std::nullopt : std::optional<std::string_view>(after));
}

}  // namespace eventbook::notebook
