#include <exception>
#include <new>
#include <ostream>

#include "mealy/version.hpp"
#include "tool.hpp"

namespace mealy::tool {
namespace {

constexpr std::string_view kDispatchHelp = R"HELP(Usage: mealy VERB URL [OPTIONS]

mealy looks into, checks and moves mealy event stores. URL names a store:
sqlite:///path/to/events.db or postgresql://user@host:port/db?...

Verbs:
  streams   list the streams with their versions and last events
  read      print one stream's events with their metadata and payloads
  tail      print the change feed, and with --follow wait for new events
  stats     count events and streams per category and type; head and size
  verify    check every event against schemas: types, payloads, sequences
  copy      copy a store (SQLite to PostgreSQL, ...), resumable, verified
  rebuild   make state tables and projections start again from the log

Run 'mealy VERB --help' for a verb's options. Tables are for people; --json
prints one JSON object per line for scripts.

Options:
  --help      show this help
  --version   print mealy's version
)HELP";

int run_verb(const Args& args, Io& io) {
  if (args.empty()) {
    io.err << kDispatchHelp;
    return kExitUsage;
  }
  std::string_view verb = args.front();
  Args rest(args.begin() + 1, args.end());
  if (verb == "--help" || verb == "-h" || verb == "help") {
    io.out << kDispatchHelp;
    return kExitOk;
  }
  if (verb == "--version") {
    io.out << "mealy " << mealy::kVersion << "\n";
    return kExitOk;
  }
  if (verb == "streams") return run_streams(rest, io);
  if (verb == "read") return run_read(rest, io);
  if (verb == "tail") return run_tail(rest, io);
  if (verb == "stats") return run_stats(rest, io);
  if (verb == "verify") return run_verify(rest, io);
  if (verb == "copy") return run_copy(rest, io);
  if (verb == "rebuild") return run_rebuild(rest, io);
  io.err << "mealy: unknown verb '" << verb << "'\nTry 'mealy --help'.\n";
  return kExitUsage;
}

}  // namespace

int run_mealy(const Args& args, Io& io) {
  // The last guard: expected failures are messages already, but no
  // exception may end mealy without one.
  try {
    return run_verb(args, io);
  } catch (const std::bad_alloc&) {
    io.err << "mealy: out of memory\n";
  } catch (const std::exception& e) {
    io.err << "mealy: internal error: " << e.what() << "\n";
  }
  return kExitUserError;
}

}  // namespace mealy::tool
