// The notebook's figures in headless Chromium (issue 16): notebook_server on
// a SQLite file in the run's folder, the compiled web client, the system
// Chromium driven by tests/browser/driver.mjs (scenario "bench"):
//
//   notebook_1000_cells_load_ms            navigation to a 1,000-cell notebook
//                                          fully shown, nothing kept from an
//                                          earlier visit; median of 3 (< 2000)
//   notebook_edit_to_other_client_ms_p50,  a keystroke in one page to the text
//   ..._p99                                in another user's, the client's
//                                          300 ms pause before sending included
//                                          (report)
//   notebook_edit_local_ms_p50, ..._p99    a keystroke to the next frame with it
//                                          shown, in the 1,000-cell notebook
//                                          (p50 < 16; p99 report)
//
// --smoke: 50 cells and 5 edits (the keys come out; the figures mean nothing).
#include <cstdio>
#include <sstream>

#include "harness.hpp"
#include "notebook_process.hpp"
#include "results.hpp"

int main(int argc, char** argv) {
  using namespace mealy::bench;
  const Options options = Options::parse(argc, argv);
  const mealy::browser::Tools tools{NOTEBOOK_SERVER,    NOTEBOOK_WEB_DIR, MEALY_NODE,
                                    MEALY_NODE_MODULES, MEALY_CHROMIUM,   BROWSER_DRIVER};
  const std::filesystem::path folder = std::filesystem::path(options.dir) / "browser";
  std::filesystem::remove_all(folder);
  std::filesystem::create_directories(folder);
  mealy::browser::DriverOutcome outcome;
  try {
    outcome = mealy::browser::run_driver(
        tools, folder, "bench", (folder / "artifacts").string(),
        {"--cells", options.smoke ? "50" : "1000", "--edits", options.smoke ? "5" : "40"});
  } catch (const std::exception& error) {
    std::fprintf(stderr, "mealy_bench_browser: %s\n", error.what());
    return 1;
  }
  if (!outcome.passed) {
    std::fprintf(stderr, "mealy_bench_browser: the driver failed:\n%s\n", outcome.output.c_str());
    return 1;
  }
  // Lines "figure: KEY VALUE UNIT".
  std::istringstream lines(outcome.output);
  std::string line;
  int recorded = 0;
  while (std::getline(lines, line)) {
    if (line.rfind("figure: ", 0) != 0) continue;
    std::istringstream fields(line.substr(8));
    std::string key, unit;
    double value = 0;
    fields >> key >> value >> unit;
    const bool load = key == "notebook_1000_cells_load_ms";
    const bool local = key == "notebook_edit_local_ms_p50";
    record(options.out, {key,
                         value,
                         {},
                         unit,
                         load || local ? "<" : "report",
                         load    ? 2000.0
                         : local ? 16.0
                                 : 0.0});
    ++recorded;
  }
  options.cleanup();
  if (recorded != 5) {
    std::fprintf(stderr, "mealy_bench_browser: %d figures, not 5:\n%s\n", recorded,
                 outcome.output.c_str());
    return 1;
  }
  return 0;
}
