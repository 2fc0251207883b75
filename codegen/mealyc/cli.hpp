// The small command-line toolkit shared by mealyc's verbs: parsed arguments,
// exit codes and usage errors.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mealy/schema/diagnostic.hpp"

namespace mealy::cli {

// Exit codes of every verb.
inline constexpr int kExitOk = 0;
inline constexpr int kExitUserError = 1;  // the schema has errors, a file is missing, ...
inline constexpr int kExitUsage = 2;      // the command line itself is wrong

// Options and positional arguments of one verb. Options are declared up
// front; `--name value` and `--name=value` are both accepted.
class Arguments {
 public:
  // Declares a flag (no value) or an option (takes a value).
  void flag(std::string name) { flags_.push_back(std::move(name)); }
  void option(std::string name) { options_.push_back(std::move(name)); }

  // Parses `args`; on a usage error returns false and sets `error`.
  bool parse(const std::vector<std::string_view>& args, std::string& error);

  [[nodiscard]] bool has(std::string_view flag) const;
  [[nodiscard]] std::optional<std::string> value(std::string_view option) const;
  // Every value given to a repeatable option, in command-line order.
  [[nodiscard]] std::vector<std::string> values(std::string_view option) const;
  [[nodiscard]] const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::vector<std::string> flags_, options_;
  std::vector<std::string> set_flags_;
  std::vector<std::pair<std::string, std::string>> values_;
  std::vector<std::string> positional_;
};

// "1 error", "2 errors": the count and the word, plural unless the count is 1.
std::string plural(std::size_t count, std::string_view word);

// Prints "mealyc <verb>: <message>" and a pointer to --help; returns kExitUsage.
int usage_error(std::ostream& err, std::string_view verb, std::string_view message);

// The most diagnostics a verb prints as text; the count of the others follows.
inline constexpr std::size_t kMaxPrintedDiagnostics = 1000;

// Prints `diagnostics` (sorted) as text with their source lines, at most
// kMaxPrintedDiagnostics of them, then "mealyc: N more diagnostics not shown"
// when there were more.
void print_diagnostics(std::ostream& err, const schema::Diagnostics& diagnostics,
                       const schema::SourceSet& sources);

}  // namespace mealy::cli
