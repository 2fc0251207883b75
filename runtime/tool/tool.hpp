// The `mealy` operator's tool: its verbs, exit codes and what they share.
// Each verb takes the arguments after the verb and an Io, and returns the
// exit code; none calls exit(), so tests run them in-process and capture
// their output (tests/tool/).
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace mealy::tool {

// Exit codes of every verb, as mealyc's.
inline constexpr int kExitOk = 0;
inline constexpr int kExitUserError =
    1;  // the store cannot be opened or read, verify found violations, ...
inline constexpr int kExitUsage = 2;  // the command line itself is wrong

using Args = std::vector<std::string_view>;

// Where a verb writes: results to `out` (tables, or JSON lines with
// --json), messages and progress to `err`. `terminal`: `err` is a terminal,
// so progress is drawn as a bar rather than printed as lines.
// `out_terminal`: `out` is one too (a verb whose results stream to `out`
// shows no progress then, as the two would mix on the screen).
struct Io {
  std::ostream& out;
  std::ostream& err;
  bool terminal = false;
  bool out_terminal = false;
};

// `mealy streams URL [--category C] [--json]`
int run_streams(const Args& args, Io& io);
// `mealy read URL STREAM [--from V] [--json]`
int run_read(const Args& args, Io& io);
// `mealy tail URL [--since N] [--category C]... [--type T]... [--follow] [--json]`
int run_tail(const Args& args, Io& io);
// `mealy stats URL [--json]`
int run_stats(const Args& args, Io& io);

// `mealy verify URL --schema FILE... [--json]`
int run_verify(const Args& args, Io& io);

// `mealy copy FROM_URL TO_URL [--batch N] [--json]`
int run_copy(const Args& args, Io& io);

// `mealy rebuild URL --schema FILE... [--aggregate A]... [--projection NAME]... [--json]`
int run_rebuild(const Args& args, Io& io);

// `mealy ARGS...`: dispatches to a verb; handles --help and --version.
int run_mealy(const Args& args, Io& io);

}  // namespace mealy::tool
