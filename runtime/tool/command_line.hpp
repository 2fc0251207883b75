// Argument parsing for the verbs, through CLI11 (Debian's libcli11-dev):
// CLI11 declares and converts the options; the help text of each verb is
// written by hand, in mealyc's style, and printed on --help before anything
// else is checked. Usage errors read "mealy VERB: <what>" and point to
// --help, with exit code 2.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string_view>

#include "mealy/store.hpp"
#include "tool.hpp"

namespace mealy::tool {

// A verb's parser: its options are declared on app() before parse().
class VerbLine {
 public:
  // `help` is what --help prints.
  VerbLine(std::string_view verb, std::string_view help);

  CLI::App& app() { return app_; }
  // Parses `args`. nullopt: go on; otherwise the exit code to return (0
  // after printing the help, 2 after a usage error).
  std::optional<int> parse(const Args& args, Io& io);
  // Prints "mealy VERB: <message>" and a pointer to --help; returns kExitUsage.
  int usage_error(Io& io, std::string_view message) const;
  // Prints "mealy VERB: <message>"; returns kExitUserError.
  int fail(Io& io, std::string_view message) const;
  [[nodiscard]] std::string_view verb() const { return verb_; }

 private:
  std::string verb_;
  std::string_view help_;
  CLI::App app_;
};

// Opens the store at `url` for a verb: read-only verbs pass create = false,
// so that a mistyped path is an error rather than a new empty store.
Result<std::unique_ptr<EventStore>> open_for(std::string_view url, bool create);

}  // namespace mealy::tool
