// Diagnostics: what the loader and the checker report to schema authors.
//
// Every stage appends to one Diagnostics list and goes on, so that a run
// reports every problem it finds, not only the first. Each diagnostic has a
// stable rule name (shown as `[rule]`) that tests and editors can rely on.
#pragma once

#include <string>
#include <vector>

#include "mealy/schema/source.hpp"

namespace mealy::schema {

enum class Severity { warning, error };

struct Diagnostic {
  Severity severity = Severity::error;
  Location location;
  std::string message;  // one line, no trailing period
  std::string rule;     // lower-kebab rule name, e.g. "unknown-type"
};

class Diagnostics {
 public:
  void error(Location location, std::string rule, std::string message);
  void warning(Location location, std::string rule, std::string message);

  [[nodiscard]] bool has_errors() const { return errors_ > 0; }
  [[nodiscard]] std::size_t error_count() const { return errors_; }
  [[nodiscard]] std::size_t warning_count() const { return items_.size() - errors_; }
  [[nodiscard]] const std::vector<Diagnostic>& items() const { return items_; }

  // Sorts by file path (as displayed), line, column, then severity and
  // message, and drops exact duplicates (an imported file checked twice
  // reports once).
  void sort(const SourceSet& sources);

 private:
  std::vector<Diagnostic> items_;
  std::size_t errors_ = 0;
};

// Formats `file:line:column: error: message [rule]`, followed by the source
// line and a caret under the column when `with_source` is set.
std::string format_text(const Diagnostic& diagnostic, const SourceSet& sources, bool with_source);

// Formats all diagnostics as a JSON array of objects with the keys file,
// line, column, severity, message and rule.
std::string format_json(const std::vector<Diagnostic>& diagnostics, const SourceSet& sources);

}  // namespace mealy::schema
