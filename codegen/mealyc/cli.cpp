#include "cli.hpp"

#include <algorithm>
#include <ostream>

namespace mealy::cli {

bool Arguments::parse(const std::vector<std::string_view>& args, std::string& error) {
  bool only_positional = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    if (only_positional || arg.size() < 2 || arg[0] != '-') {
      positional_.emplace_back(arg);
      continue;
    }
    if (arg == "--") {
      only_positional = true;
      continue;
    }
    std::string name(arg);
    std::optional<std::string> inline_value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      inline_value = name.substr(eq + 1);
      name.resize(eq);
    }
    if (std::find(flags_.begin(), flags_.end(), name) != flags_.end()) {
      if (inline_value) {
        error = "option '" + name + "' takes no value";
        return false;
      }
      set_flags_.push_back(name);
      continue;
    }
    if (std::find(options_.begin(), options_.end(), name) != options_.end()) {
      if (!inline_value) {
        if (i + 1 >= args.size()) {
          error = "option '" + name + "' needs a value";
          return false;
        }
        inline_value = std::string(args[++i]);
      }
      values_.emplace_back(name, *inline_value);
      continue;
    }
    error = "unknown option '" + name + "'";
    return false;
  }
  return true;
}

bool Arguments::has(std::string_view flag) const {
  return std::find(set_flags_.begin(), set_flags_.end(), flag) != set_flags_.end();
}

std::optional<std::string> Arguments::value(std::string_view option) const {
  std::optional<std::string> result;
  for (const auto& [name, value] : values_) {
    if (name == option) result = value;  // the last one wins, as in most tools
  }
  return result;
}

std::vector<std::string> Arguments::values(std::string_view option) const {
  std::vector<std::string> result;
  for (const auto& [name, value] : values_) {
    if (name == option) result.push_back(value);
  }
  return result;
}

int usage_error(std::ostream& err, std::string_view verb, std::string_view message) {
  err << "mealyc " << verb << ": " << message << "\n"
      << "Try 'mealyc " << verb << " --help'.\n";
  return kExitUsage;
}

void print_diagnostics(std::ostream& err, const schema::Diagnostics& diagnostics,
                       const schema::SourceSet& sources) {
  const std::vector<schema::Diagnostic>& items = diagnostics.items();
  std::size_t shown = std::min(items.size(), kMaxPrintedDiagnostics);
  for (std::size_t i = 0; i < shown; ++i)
    err << schema::format_text(items[i], sources, true);
  if (shown < items.size()) {
    err << "mealyc: " << items.size() - shown << " more diagnostics not shown\n";
  }
}

std::string plural(std::size_t count, std::string_view word) {
  return std::to_string(count) + " " + std::string(word) + (count == 1 ? "" : "s");
}

}  // namespace mealy::cli
