// `mealy stats`: a store at a glance.
#include <ostream>

#include "command_line.hpp"
#include "format.hpp"

namespace mealy::tool {
namespace {

constexpr std::string_view kStatsHelp = R"HELP(Usage: mealy stats URL [--json]

Prints what the store at URL holds: the head (the position of its last
event), how many events, streams, snapshots and checkpoints, its size (an
SQLite file's pages, without its WAL; on PostgreSQL the store's tables with
their indexes), then the streams and events of each category and the events
of each type. Counting reads every event's category and type: on a large
store it takes a while.

Options:
  --json   one JSON object: head, events, streams, snapshots, checkpoints,
           size_bytes, categories [{category, streams, events}], types
           [{category, type, events}]
  --help   show this help

Exit status: 0 on success, 1 when the store cannot be opened or read, 2 on
a usage error.
)HELP";

void print_json(std::ostream& out, const StoreStatistics& stats) {
  out << "{\"head\":" << stats.head << ",\"events\":" << stats.events
      << ",\"streams\":" << stats.streams << ",\"snapshots\":" << stats.snapshots
      << ",\"checkpoints\":" << stats.checkpoints << ",\"size_bytes\":" << stats.size_bytes
      << ",\"categories\":[";
  for (std::size_t i = 0; i < stats.categories.size(); ++i) {
    const CategoryCount& c = stats.categories[i];
    out << (i > 0 ? "," : "") << "{\"category\":" << json_string(c.category)
        << ",\"streams\":" << c.streams << ",\"events\":" << c.events << "}";
  }
  out << "],\"types\":[";
  for (std::size_t i = 0; i < stats.types.size(); ++i) {
    const TypeCount& t = stats.types[i];
    out << (i > 0 ? "," : "") << "{\"category\":" << json_string(t.category)
        << ",\"type\":" << json_string(t.type) << ",\"events\":" << t.events << "}";
  }
  out << "]}\n";
}

void print_text(std::ostream& out, const StoreStatistics& stats) {
  out << format_table({{"head", std::to_string(stats.head)},
                       {"events", std::to_string(stats.events)},
                       {"streams", std::to_string(stats.streams)},
                       {"snapshots", std::to_string(stats.snapshots)},
                       {"checkpoints", std::to_string(stats.checkpoints)},
                       {"size", size_text(stats.size_bytes)}});
  if (stats.categories.empty()) return;
  std::vector<std::vector<std::string>> categories{{"CATEGORY", "STREAMS", "EVENTS"}};
  for (const CategoryCount& c : stats.categories) {
    categories.push_back({c.category, std::to_string(c.streams), std::to_string(c.events)});
  }
  out << "\n" << format_table(categories);
  std::vector<std::vector<std::string>> types{{"CATEGORY", "TYPE", "EVENTS"}};
  for (const TypeCount& t : stats.types)
    types.push_back({t.category, t.type, std::to_string(t.events)});
  out << "\n" << format_table(types);
}

}  // namespace

int run_stats(const Args& args, Io& io) {
  VerbLine line("stats", kStatsHelp);
  std::string url;
  bool json = false;
  line.app().add_option("URL", url)->required();
  line.app().add_flag("--json", json);
  if (auto exit = line.parse(args, io)) return *exit;
  auto store = open_for(url, false);
  if (!store) return line.fail(io, store.status().message());
  auto stats = (*store)->statistics();
  if (!stats) return line.fail(io, stats.status().message());
  if (json) {
    print_json(io.out, *stats);
  } else {
    print_text(io.out, *stats);
  }
  return kExitOk;
}

}  // namespace mealy::tool
