// mealy_bench_report FIGURES JSON_OUT [KEY=VALUE...] [--report MD_OUT]
// [--require KEY...]: gathers the figures the benchmark programs recorded in
// FIGURES, writes results.json to JSON_OUT (with the KEY=VALUE pairs as the
// machine's description) and prints the Markdown table. With --report, also
// a one-page Markdown report: the machine, how many targets are met, the
// misses first, then every figure against its target, and the latency plot
// when there is one beside it. Exit 1 when a required key is missing.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "results.hpp"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr,
                 "usage: mealy_bench_report FIGURES JSON_OUT [KEY=VALUE...] [--require KEY...]\n");
    return 2;
  }
  const auto figures = mealy::bench::read_figures(argv[1]);
  std::vector<std::pair<std::string, std::string>> machine;
  std::vector<std::string> required;
  std::string report;
  bool requiring = false;
  for (int i = 3; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--report" && i + 1 < argc) {
      report = argv[++i];
    } else if (arg == "--require") {
      requiring = true;
    } else if (requiring) {
      required.push_back(arg);
    } else if (auto eq = arg.find('='); eq != std::string::npos) {
      machine.emplace_back(arg.substr(0, eq), arg.substr(eq + 1));
    }
  }
  std::ofstream(argv[2]) << mealy::bench::to_json(figures, machine);
  std::fputs(mealy::bench::to_markdown(figures).c_str(), stdout);
  if (!report.empty()) {
    std::vector<mealy::bench::Figure> misses;
    std::size_t targets = 0;
    for (const auto& f : figures) {
      if (f.target_op == "report") continue;
      ++targets;
      if (!f.pass()) misses.push_back(f);
    }
    std::ofstream out(report);
    out << "# Benchmark report\n\n";
    for (const auto& [key, value] : machine)
      out << "- " << key << ": " << value << "\n";
    out << "\n" << (targets - misses.size()) << " of " << targets << " targets met.\n\n";
    if (!misses.empty()) out << "## Missed\n\n" << mealy::bench::to_markdown(misses) << "\n";
    const auto plot = std::filesystem::path(report).parent_path() / "latency.svg";
    if (std::filesystem::exists(plot))
      out << "## Latency\n\n![handle() latency by percentile](latency.svg)\n\n";
    out << "## Every figure\n\n" << mealy::bench::to_markdown(figures);
  }
  std::set<std::string> present;
  for (const auto& f : figures)
    present.insert(f.key);
  int missing = 0;
  for (const auto& key : required) {
    if (!present.count(key)) {
      std::fprintf(stderr, "mealy_bench_report: missing figure %s\n", key.c_str());
      ++missing;
    }
  }
  return missing ? 1 : 0;
}
