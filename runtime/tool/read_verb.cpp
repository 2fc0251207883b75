// `mealy read`: one stream's events, with their metadata and payloads.
#include <ostream>

#include "command_line.hpp"
#include "format.hpp"

namespace mealy::tool {
namespace {

constexpr std::string_view kReadHelp = R"HELP(Usage: mealy read URL STREAM [--from V] [--json]

Prints the events of STREAM in the store at URL, in stream order: for each,
its stream version, its position in the log, its type and schema version,
when it was appended (UTC), its id, metadata and payload (as stored).

Options:
  --from V   start at stream version V (default 1: the whole stream)
  --json     one JSON object per event and line: position, stream, version,
             id, type, schema_version, recorded_at, metadata, payload
  --help     show this help

Exit status: 0 on success (a stream without events prints nothing with
--json, and says so otherwise), 1 when the store cannot be opened or read,
2 on a usage error.
)HELP";

constexpr std::size_t kReadPageSize = 500;

void print_event(std::ostream& out, const RecordedEvent& event) {
  out << event.stream << " version " << event.stream_version << "  position " << event.position
      << "  " << event.type << " v" << event.schema_version << "  " << time_text(event.recorded_at)
      << "\n"
      << "  id        " << event.id.to_string() << "\n"
      << "  metadata  " << metadata_json(event.metadata) << "\n"
      << "  payload   " << event.payload << "\n";
}

}  // namespace

int run_read(const Args& args, Io& io) {
  VerbLine line("read", kReadHelp);
  std::string url, stream;
  std::uint64_t from = 1;
  bool json = false;
  line.app().add_option("URL", url)->required();
  line.app().add_option("STREAM", stream)->required();
  line.app().add_option("--from", from);
  line.app().add_flag("--json", json);
  if (auto exit = line.parse(args, io)) return *exit;
  if (from == 0) return line.usage_error(io, "--from: stream versions start at 1");
  auto store = open_for(url, false);
  if (!store) return line.fail(io, store.status().message());

  std::uint64_t shown = 0;
  for (std::uint64_t next = from;;) {
    auto events = (*store)->read_stream(stream, next, kReadPageSize);
    if (!events) return line.fail(io, events.status().message());
    for (const RecordedEvent& event : *events) {
      if (json) {
        io.out << event_json(event) << "\n";
      } else {
        if (shown > 0) io.out << "\n";
        print_event(io.out, event);
      }
      ++shown;
      next = event.stream_version + 1;
    }
    if (events->size() < kReadPageSize) break;
  }
  if (shown == 0 && !json) {
    io.out << (from == 1
                   ? "no events in " + stream + "\n"
                   : "no events in " + stream + " from version " + std::to_string(from) + "\n");
  }
  return kExitOk;
}

}  // namespace mealy::tool
