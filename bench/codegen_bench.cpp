// The code generator and the compiler, timed on synthetic schemas:
//   generate_seconds_500_aggregates  `mealyc generate` of 500 aggregates x 10 states
//   compile_seconds_per_aggregate    g++ -O2 of the generated code of one 10-state
//                                    aggregate, minus a translation unit that
//                                    includes only the same standard headers
//   compile_ratio_vs_standard_headers  the two compiles' times as a ratio
// Each is the best of a few runs (the least disturbed by the machine's noise).
#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "harness.hpp"
#include "results.hpp"
#include "synthetic_schema.hpp"

namespace mealy::bench {
namespace {

double timed(const std::string& command) {
  const auto start = Clock::now();
  if (std::system(command.c_str()) != 0) fail("command failed: " + command);
  return seconds_since(start);
}

double best_of(int runs, const std::string& command) {
  double best = 1e9;
  for (int i = 0; i < runs; ++i)
    best = std::min(best, timed(command));
  return best;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The <standard> headers that `file` includes, following "mealy/..." includes
// into the runtime's headers; other libraries' headers (simdjson) are not
// standard and stay on the generated code's side.
void standard_headers(const std::string& file, std::set<std::string>& found,
                      std::set<std::string>& visited) {
  if (!visited.insert(file).second) return;
  std::istringstream text(read_file(file));
  for (std::string line; std::getline(text, line);) {
    // #include <name> or #include "name" (no std::regex: GCC 12 warns falsely in it under the
    // sanitizers)
    const std::size_t hash = line.find_first_not_of(" \t");
    if (hash == std::string::npos || line.compare(hash, 8, "#include") != 0) continue;
    const std::size_t open = line.find_first_of("<\"", hash + 8);
    if (open == std::string::npos) continue;
    const std::size_t close = line.find(line[open] == '<' ? '>' : '"', open + 1);
    if (close == std::string::npos) continue;
    const std::string name = line.substr(open + 1, close - open - 1);
    if (line[open] == '<') {
      if (name.find('.') == std::string::npos) found.insert(name);  // <vector>, not <simdjson.h>
    } else if (name.rfind("mealy/", 0) == 0) {
      standard_headers(std::string(MEALY_RUNTIME_INCLUDE) + "/" + name, found, visited);
    }
  }
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}

}  // namespace
}  // namespace mealy::bench

int main(int argc, char** argv) {
  using namespace mealy::bench;
  const Options options = Options::parse(argc, argv);
  const int aggregates = options.smoke ? 5 : 500;
  const int runs = options.smoke ? 1 : 3;
  const std::string dir = options.dir;
  const std::string quiet = " >/dev/null 2>&1";

  write_file(dir + "/many.yaml", synthetic_schema(aggregates, 10));
  std::filesystem::create_directories(dir + "/many");
  const double generate = best_of(runs, std::string(MEALY_MEALYC) + " generate --cpp-out " + dir +
                                            "/many " + dir + "/many.yaml" + quiet);
  record(options.out, {"generate_seconds_500_aggregates",
                       generate,
                       {},
                       "s",
                       "<",
                       2.0,
                       std::to_string(aggregates) + " aggregates x 10 states"});

  write_file(dir + "/one.yaml", synthetic_schema(1, 10));
  std::filesystem::create_directories(dir + "/one");
  timed(std::string(MEALY_MEALYC) + " generate --cpp-out " + dir + "/one " + dir + "/one.yaml");
  std::set<std::string> headers;
  std::set<std::string> visited;
  standard_headers(dir + "/one/one.mealy.cpp", headers, visited);
  standard_headers(dir + "/one/one.mealy.hpp", headers, visited);
  std::string baseline;
  for (const auto& header : headers)
    baseline += "#include <" + header + ">\n";
  write_file(dir + "/baseline.cpp", baseline);
  // Smoke: only the syntax, to stay fast (the figure means nothing then).
  const std::string optimise = options.smoke ? " -fsyntax-only" : " -O2 -c -o /dev/null";
  const std::string compile = std::string(MEALY_CXX) + " -std=c++20" + optimise + " -I" +
                              MEALY_RUNTIME_INCLUDE + " -I" + dir + "/one ";
  const double generated = best_of(runs, compile + dir + "/one/one.mealy.cpp" + quiet);
  const double standard = best_of(runs, compile + dir + "/baseline.cpp" + quiet);
  record(options.out, {"compile_seconds_per_aggregate",
                       generated - standard,
                       {},
                       "s",
                       "report",
                       0,
                       "g++ -O2 of one.mealy.cpp minus its standard headers alone"});
  record(options.out, {"compile_seconds_standard_headers", standard, {}, "s"});
  // The same two compiles as a ratio, which moves less than the seconds
  // when the shared host is faster or slower.
  record(options.out, {"compile_ratio_vs_standard_headers", generated, standard, "s", "report", 0,
                       "g++ -O2 of one.mealy.cpp against its standard headers alone"});
  options.cleanup();
  return 0;
}
