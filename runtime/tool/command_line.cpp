#include "command_line.hpp"

#include <algorithm>
#include <ostream>
#include <string>

namespace mealy::tool {

VerbLine::VerbLine(std::string_view verb, std::string_view help)
    : verb_(verb), help_(help), app_(std::string(), "mealy " + std::string(verb)) {
  app_.set_help_flag();  // --help is ours: printed before anything is checked
  app_.allow_extras(false);
}

std::optional<int> VerbLine::parse(const Args& args, Io& io) {
  for (std::string_view arg : args) {
    if (arg == "--") break;
    if (arg == "--help" || arg == "-h") {
      io.out << help_;
      return kExitOk;
    }
  }
  // CLI11 takes the arguments last first.
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app_.parse(reversed);
  } catch (const CLI::ParseError& error) {
    return usage_error(io, error.what());
  }
  return std::nullopt;
}

int VerbLine::usage_error(Io& io, std::string_view message) const {
  io.err << "mealy " << verb_ << ": " << message << "\n"
         << "Try 'mealy " << verb_ << " --help'.\n";
  return kExitUsage;
}

int VerbLine::fail(Io& io, std::string_view message) const {
  io.err << "mealy " << verb_ << ": " << message << "\n";
  return kExitUserError;
}

Result<std::unique_ptr<EventStore>> open_for(std::string_view url, bool create) {
  StoreOptions options;
  options.create = create;
  return open_store(url, options);
}

}  // namespace mealy::tool
