// mealy_bench_report FIGURES JSON_OUT [KEY=VALUE...]: gathers the figures the
// benchmark programs recorded in FIGURES, writes results.json to JSON_OUT
// (with the KEY=VALUE pairs as the machine's description) and prints the
// Markdown table. Exit 1 when a required key is missing (--require KEY...).
#include <cstdio>
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
  bool requiring = false;
  for (int i = 3; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--require") {
      requiring = true;
    } else if (requiring) {
      required.push_back(arg);
    } else if (auto eq = arg.find('='); eq != std::string::npos) {
      machine.emplace_back(arg.substr(0, eq), arg.substr(eq + 1));
    }
  }
  std::ofstream(argv[2]) << mealy::bench::to_json(figures, machine);
  std::fputs(mealy::bench::to_markdown(figures).c_str(), stdout);
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
