// `mealy streams`: the streams of a store, with their versions and last events.
#include <ostream>

#include "command_line.hpp"
#include "format.hpp"

namespace mealy::tool {
namespace {

constexpr std::string_view kStreamsHelp = R"HELP(Usage: mealy streams URL [--category C] [--json]

Lists the streams of the store at URL that have events, in name order: each
with its version (its number of events), the position of its last event in
the log, and when that event was appended (UTC).

URL is a store URL: sqlite:///path/to/events.db or postgresql://... The
store is only read; a URL where there is no store is an error.

Options:
  --category C   only the streams of category C (the text before the first
                 '-' of a stream's name: Order for Order-42)
  --json         one JSON object per stream and line: stream, version,
                 last_position, last_recorded_at
  --help         show this help

Exit status: 0 on success, 1 when the store cannot be opened or read, 2 on a
usage error.
)HELP";

constexpr std::size_t kStreamsPageSize = 1000;

}  // namespace

int run_streams(const Args& args, Io& io) {
  VerbLine line("streams", kStreamsHelp);
  std::string url, category;
  bool json = false;
  line.app().add_option("URL", url)->required();
  line.app().add_option("--category", category);
  line.app().add_flag("--json", json);
  if (auto exit = line.parse(args, io)) return *exit;
  auto store = open_for(url, false);
  if (!store) return line.fail(io, store.status().message());

  std::vector<std::vector<std::string>> rows{
      {"STREAM", "VERSION", "LAST POSITION", "LAST EVENT AT"}};
  StreamQuery query{.category = category, .after = {}, .max_count = kStreamsPageSize};
  std::uint64_t count = 0;
  for (;;) {
    auto page = (*store)->list_streams(query);
    if (!page) return line.fail(io, page.status().message());
    for (const StreamInfo& info : page->streams) {
      ++count;
      if (json) {
        io.out << "{\"stream\":" << json_string(info.stream) << ",\"version\":" << info.version
               << ",\"last_position\":" << info.last_position << ",\"last_recorded_at\":\""
               << time_text(info.last_recorded_at) << "\"}\n";
      } else {
        rows.push_back({info.stream, std::to_string(info.version),
                        std::to_string(info.last_position), time_text(info.last_recorded_at)});
      }
    }
    if (page->at_end) break;
    query.after = page->next_after;
  }
  if (!json) {
    if (count == 0) {
      io.out << (category.empty() ? "no streams\n" : "no streams of category " + category + "\n");
    } else {
      io.out << format_table(rows) << count << (count == 1 ? " stream\n" : " streams\n");
    }
  }
  return kExitOk;
}

}  // namespace mealy::tool
