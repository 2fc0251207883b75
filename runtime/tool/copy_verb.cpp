// `mealy copy FROM TO`: copies a store, e.g. SQLite to PostgreSQL.
//
// Design notes:
//  1. The log goes over page by page, each page one transaction on TO
//     (EventStore::import_log): events keep their positions, ids, stream
//     versions, metadata, recorded times and append boundaries, and the
//     commands recorded with them come along, so TO answers retried
//     appends and commands exactly as FROM would.
//  2. Resumable and idempotent: the copy starts one event before TO's
//     head. import_log skips what TO holds after checking that it is the
//     very same event at the same position (a TO that holds another log is
//     refused, nothing written), so a second run, or a run after Ctrl-C or
//     a crash, copies only what is missing. A page is all or nothing: an
//     interruption loses at most the page in flight, which the next run
//     copies.
//  3. Snapshots (every fingerprint, per stream) and checkpoints are copied
//     after the log: written only where TO's differ, checkpoints by
//     compare-and-set from the value TO holds.
//  4. Then both stores are read back, positions 1 to the copied head,
//     every event compared whole, and the streams, snapshots and
//     checkpoints of both compared; any difference fails the copy (exit 1).
//  5. Events appended to FROM while the copy runs are copied up to the head
//     the last page saw; stop the writers first for a copy that is whole.
//     Rows that apps and projections keep in their own tables of the
//     database (state tables, read models) are not part of the store and
//     are not copied: rebuild them on TO (`mealy rebuild`, projections
//     from their checkpoints).
#include <ostream>

#include "command_line.hpp"
#include "format.hpp"
#include "interrupt.hpp"
#include "progress.hpp"

namespace mealy::tool {
namespace {

constexpr std::string_view kCopyHelp = R"HELP(Usage: mealy copy FROM_URL TO_URL [--batch N] [--json]

Copies the store at FROM_URL into the store at TO_URL (created when it does
not exist): every event with its position, id, stream version, type, schema
version, payload, metadata and time, the commands recorded with them, every
snapshot and every checkpoint. Then reads both stores back and compares
them. Moving an app from SQLite to PostgreSQL is one command:

  mealy copy sqlite:///var/lib/app/events.db postgresql://app@db/app

The copy resumes: run it again after an interruption (Ctrl-C, a crash, a
lost connection) and it copies only what is missing; run it on a finished
copy and it copies nothing. TO_URL must be empty or a copy of FROM_URL.
Stop the apps that write to FROM_URL first: events appended during the copy
are copied only up to the head it last read. Tables the apps keep beside the
store (state tables, projections) are not copied.

Options:
  --batch N   events per transaction on TO_URL (default 1000)
  --json      the summary as one JSON object: events_copied, events_present,
              snapshots_copied, checkpoints_copied, head, verified
  --help      show this help

Progress goes to stderr: a bar on a terminal, a line every few seconds
otherwise.

Exit status: 0 when the copy is complete and both stores read back the same,
1 when a store cannot be opened, read or written, TO_URL holds other events,
the stores differ, or Ctrl-C stopped it (run it again to resume), 2 on a
usage error.
)HELP";

struct Totals {
  std::uint64_t events_copied = 0, events_present = 0, snapshots = 0, checkpoints = 0, head = 0;
};

class Copier {
 public:
  Copier(VerbLine& line, Io& io, EventStore& from, EventStore& to, std::size_t batch)
      : line_(line), io_(io), from_(from), to_(to), batch_(batch) {}

  // The log (notes 1, 2); false after printing why it stopped.
  bool copy_log(Totals& totals) {
    auto to_head = to_.head();
    if (!to_head) return fail(to_head.status().message());
    auto from_head = from_.head();
    if (!from_head) return fail(from_head.status().message());
    if (*to_head > *from_head) {
      return fail(to_.url() + " holds " + std::to_string(*to_head) + " events, more than " +
                  from_.url() + " (" + std::to_string(*from_head) + "): it is not a copy of it");
    }
    Progress progress(io_.err, io_.terminal, "mealy copy", "events", *from_head);
    totals.events_present = *to_head;
    std::uint64_t cursor = *to_head > 0 ? *to_head - 1 : 0;
    for (;;) {
      if (interrupted()) {
        progress.finish();
        return fail("interrupted after position " + std::to_string(cursor) +
                    "; run the same command again to copy the rest");
      }
      auto page = from_.read_log(cursor, batch_);
      if (!page) return fail(page.status().message());
      auto written = to_.import_log(*page);
      if (!written) {
        progress.finish();
        return fail(written.status().message());
      }
      totals.events_copied += *written;
      cursor = page->next_position;
      progress.set_total(std::max(*from_head, cursor));
      progress.update(cursor);
      if (page->at_end) break;
    }
    progress.finish();
    totals.head = cursor;
    return true;
  }

  // Snapshots and checkpoints (note 3).
  bool copy_the_rest(Totals& totals) {
    bool ok = each_stream([&](const StreamInfo& info) {
      auto theirs = from_.list_snapshots(info.stream);
      if (!theirs) return fail(theirs.status().message());
      auto ours = to_.list_snapshots(info.stream);
      if (!ours) return fail(ours.status().message());
      for (const Snapshot& snapshot : *theirs) {
        if (std::find(ours->begin(), ours->end(), snapshot) != ours->end()) continue;
        if (Status status = to_.put_snapshot(snapshot); !status.ok()) return fail(status.message());
        ++totals.snapshots;
      }
      return true;
    });
    if (!ok) return false;
    auto checkpoints = from_.list_checkpoints();
    if (!checkpoints) return fail(checkpoints.status().message());
    for (const Checkpoint& checkpoint : *checkpoints) {
      for (;;) {
        auto current = to_.read_checkpoint(checkpoint.name);
        if (!current) return fail(current.status().message());
        if (*current == std::optional<std::uint64_t>(checkpoint.position)) break;
        auto set = to_.compare_and_set_checkpoint(checkpoint.name, *current, checkpoint.position);
        if (!set) return fail(set.status().message());
        if (*set) {
          ++totals.checkpoints;
          break;
        }
      }
    }
    return true;
  }

  // Reads both stores back (note 4).
  bool verify(const Totals& totals) {
    Progress progress(io_.err, io_.terminal, "mealy copy: verifying", "events", totals.head);
    for (std::uint64_t cursor = 0; cursor < totals.head;) {
      if (interrupted()) return fail("interrupted while verifying; the copy itself is complete");
      auto theirs = from_.read_log(cursor, batch_);
      if (!theirs) return fail(theirs.status().message());
      auto ours = to_.read_log(cursor, batch_);
      if (!ours) return fail(ours.status().message());
      for (std::size_t i = 0; i < theirs->events.size(); ++i) {
        const RecordedEvent& event = theirs->events[i].event;
        if (event.position > totals.head) break;
        if (i >= ours->events.size() || !(ours->events[i] == theirs->events[i])) {
          return fail("verifying: the event at position " + std::to_string(event.position) +
                      " differs between " + from_.url() + " and " + to_.url());
        }
      }
      if (theirs->events.empty()) break;
      cursor = theirs->events.back().event.position;
      progress.update(cursor);
    }
    progress.finish();
    bool ok = each_stream([&](const StreamInfo& info) {
      auto theirs = from_.list_snapshots(info.stream);
      auto ours = to_.list_snapshots(info.stream);
      if (!theirs) return fail(theirs.status().message());
      if (!ours) return fail(ours.status().message());
      for (const Snapshot& snapshot : *theirs) {
        if (std::find(ours->begin(), ours->end(), snapshot) == ours->end()) {
          return fail("verifying: a snapshot of " + info.stream + " differs");
        }
      }
      return true;
    });
    if (!ok) return false;
    auto theirs = from_.list_checkpoints();
    if (!theirs) return fail(theirs.status().message());
    for (const Checkpoint& checkpoint : *theirs) {
      auto ours = to_.read_checkpoint(checkpoint.name);
      if (!ours) return fail(ours.status().message());
      if (*ours != std::optional<std::uint64_t>(checkpoint.position)) {
        return fail("verifying: checkpoint " + checkpoint.name + " differs");
      }
    }
    return true;
  }

 private:
  bool fail(const std::string& message) {
    line_.fail(io_, message);
    return false;
  }

  // Calls `visit(StreamInfo)` for every stream of FROM, while it returns true.
  template <typename Visit>
  bool each_stream(Visit&& visit) {
    StreamQuery query{.category = {}, .after = {}, .max_count = 1000};
    for (;;) {
      auto page = from_.list_streams(query);
      if (!page) return fail(page.status().message());
      for (const StreamInfo& info : page->streams) {
        if (!visit(info)) return false;
      }
      if (page->at_end) return true;
      query.after = page->next_after;
    }
  }

  VerbLine& line_;
  Io& io_;
  EventStore& from_;
  EventStore& to_;
  std::size_t batch_;
};

std::string plural(std::uint64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

int run_copy(const Args& args, Io& io) {
  VerbLine line("copy", kCopyHelp);
  std::string from_url, to_url;
  std::size_t batch = 1000;
  bool json = false;
  line.app().add_option("FROM_URL", from_url)->required();
  line.app().add_option("TO_URL", to_url)->required();
  line.app().add_option("--batch", batch)->check(CLI::Range(std::size_t{1}, std::size_t{100000}));
  line.app().add_flag("--json", json);
  if (auto exit = line.parse(args, io)) return *exit;
  auto from = open_for(from_url, false);
  if (!from) return line.fail(io, from.status().message());
  auto to = open_for(to_url, true);
  if (!to) return line.fail(io, to.status().message());

  Copier copier(line, io, **from, **to, batch);
  Totals totals;
  if (!copier.copy_log(totals) || !copier.copy_the_rest(totals) || !copier.verify(totals))
    return kExitUserError;
  if (json) {
    io.out << "{\"events_copied\":" << totals.events_copied
           << ",\"events_present\":" << totals.events_present
           << ",\"snapshots_copied\":" << totals.snapshots
           << ",\"checkpoints_copied\":" << totals.checkpoints << ",\"head\":" << totals.head
           << ",\"verified\":true}\n";
  } else {
    io.out << "copied " << plural(totals.events_copied, "event", "events") << " ("
           << plural(totals.events_present, "was", "were") << " there already), "
           << plural(totals.snapshots, "snapshot", "snapshots") << ", "
           << plural(totals.checkpoints, "checkpoint", "checkpoints") << "\n"
           << "verified: both stores hold the same events at positions 1 to " << totals.head
           << ", and the same snapshots and checkpoints\n";
  }
  return kExitOk;
}

}  // namespace mealy::tool
