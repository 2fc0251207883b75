// `mealy tail`: the change feed, from a position, filtered, and with
// --follow waiting for new commits until interrupted.
//
// Design notes:
//  1. The cursor is the feed's own (Page::next_position): it moves past
//     every event examined, matching or not, so a filtered tail neither
//     repeats nor skips one, and the position printed on stopping is where
//     `--since` resumes.
//  2. --follow waits with EventStore::wait_for_commit and a short timeout:
//     on PostgreSQL other processes' commits wake it (LISTEN/NOTIFY); on
//     SQLite they are not signalled, so the timeout is the poll interval.
//     The interrupt flag is looked at after every wait and every page, so
//     Ctrl-C ends the verb within one interval, after a whole event line.
#include <cstdio>
#include <ostream>

#include "command_line.hpp"
#include "format.hpp"
#include "interrupt.hpp"
#include "progress.hpp"

namespace mealy::tool {
namespace {

constexpr std::string_view kTailHelp =
    R"HELP(Usage: mealy tail URL [--since N] [--category C]... [--type T]... [--follow] [--json]

Prints the events of the store at URL in log order (the change feed), one
line each: position, when it was appended (UTC), type and schema version,
stream version and stream. Without --follow it stops at the last event.

Options:
  --since N        start after position N (default 0: the whole log)
  --category C     only events of streams of category C (repeatable)
  --type T         only events of type T (repeatable)
  --follow         then wait for new events, from this process or others,
                   and print them as they commit, until Ctrl-C; on stopping,
                   "stopped after position N" on stderr says where --since
                   resumes
  --poll-ms MS     with --follow, how often to look for commits that no
                   signal announces (SQLite: other processes'), default 200
  --json           one JSON object per event and line: position, stream,
                   version, id, type, schema_version, recorded_at,
                   metadata, payload
  --help           show this help

While the log is read up to its end, progress goes to stderr when stdout is
not a terminal (a bar on a terminal, a line every few seconds otherwise).

Exit status: 0 on success (and when Ctrl-C ends --follow), 1 when the store
cannot be opened or read or Ctrl-C interrupts a tail without --follow, 2 on
a usage error.
)HELP";

constexpr std::size_t kTailPageSize = 500;

// Fixed columns, the stream last, so that lines align as they come.
void print_line(std::ostream& out, const RecordedEvent& event) {
  char position[24], version[24];
  std::snprintf(position, sizeof position, "%8llu",
                static_cast<unsigned long long>(event.position));
  std::snprintf(version, sizeof version, "%7llu",
                static_cast<unsigned long long>(event.stream_version));
  std::string type = event.type + " v" + std::to_string(event.schema_version);
  if (type.size() < 24) type.resize(24, ' ');
  out << position << "  " << time_text(event.recorded_at) << "  " << type << "  " << version << "  "
      << event.stream << "\n";
}

}  // namespace

int run_tail(const Args& args, Io& io) {
  VerbLine line("tail", kTailHelp);
  std::string url;
  std::uint64_t since = 0;
  std::uint64_t poll_ms = 200;
  Filter filter;
  bool follow = false, json = false;
  line.app().add_option("URL", url)->required();
  line.app().add_option("--since", since);
  line.app().add_option("--category", filter.categories)->allow_extra_args(false);
  line.app().add_option("--type", filter.event_types)->allow_extra_args(false);
  line.app()
      .add_option("--poll-ms", poll_ms)
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{60000}));
  line.app().add_flag("--follow", follow);
  line.app().add_flag("--json", json);
  if (auto exit = line.parse(args, io)) return *exit;
  auto opened = open_for(url, false);
  if (!opened) return line.fail(io, opened.status().message());
  EventStore& store = **opened;

  auto head = store.head();
  if (!head) return line.fail(io, head.status().message());
  Progress progress(io.err, io.terminal, "mealy tail", "positions",
                    *head > since ? *head - since : 0);
  const bool show_progress = !io.out_terminal;
  if (!json) {
    io.out << "POSITION  RECORDED AT                  TYPE                      VERSION  STREAM\n";
  }
  std::uint64_t cursor = since;
  bool caught_up = false;
  for (;;) {
    if (interrupted()) break;
    auto page = store.read_all(cursor, filter, kTailPageSize);
    if (!page) return line.fail(io, page.status().message());
    for (const RecordedEvent& event : page->events) {
      if (json) {
        io.out << event_json(event) << "\n";
      } else {
        print_line(io.out, event);
      }
    }
    cursor = page->next_position;
    if (!caught_up && show_progress) progress.update(cursor - since);
    if (!page->at_end) continue;
    if (!caught_up) {
      progress.finish();
      caught_up = true;
    }
    if (!follow) return kExitOk;
    io.out << std::flush;
    (void)store.wait_for_commit(cursor, std::chrono::milliseconds(poll_ms));
  }
  progress.finish();
  io.out << std::flush;
  io.err << "mealy tail: stopped after position " << cursor << "\n";
  return follow ? kExitOk : kExitUserError;
}

}  // namespace mealy::tool
