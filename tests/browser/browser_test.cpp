// The notebook as people use it, in headless Chromium: each case starts the
// real notebook_server (its own folder, SQLite file, port and users) serving
// the compiled web client, and runs one scenario of driver.mjs, which drives
// the system Chromium through the pinned playwright-core. The driver asks the
// test to kill (SIGKILL) or start the server again on the same store and port
// with lines "@kill" and "@start" (answered "killed" and "started").
// Screenshots are kept in the build folder (tests/browser/artifacts/).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "notebook_host.hpp"
#include "notebook_process.hpp"

namespace {

class TempFolder {
 public:
  TempFolder() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "mealy-browser-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
  }
  ~TempFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

const mealy::browser::Tools kTools{NOTEBOOK_SERVER,    NOTEBOOK_WEB_DIR, MEALY_NODE,
                                   MEALY_NODE_MODULES, MEALY_CHROMIUM,   BROWSER_DRIVER};

using Outcome = mealy::browser::DriverOutcome;
using mealy::browser::read_file;

// Runs driver.mjs SCENARIO against a fresh server; `chromium` replaces the
// browser's path (to see it fail: no server is started then, as the driver
// stops before it needs one).
Outcome run_scenario(const std::string& scenario, const std::string& chromium = MEALY_CHROMIUM) {
  TempFolder folder;
  mealy::browser::Tools tools = kTools;
  tools.chromium = chromium;
  return mealy::browser::run_driver(tools, folder.path(), scenario,
                                    std::string(BROWSER_ARTIFACTS) + "/" + scenario, {},
                                    chromium == MEALY_CHROMIUM);
}

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t count = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++count;
  return count;
}

}  // namespace

TEST_CASE(
    "Two users on one notebook: edits in order within a second, an SQL run, a move, a third user "
    "refused",
    "[browser]") {
  const Outcome outcome = run_scenario("collaborate");
  INFO(outcome.output);
  CHECK(outcome.passed);
  CHECK(count_of(outcome.output, "ok: ") == 10);
  CHECK(std::filesystem::file_size(std::string(BROWSER_ARTIFACTS) + "/collaborate/notebook.png") >
        10000);
}

TEST_CASE(
    "The server killed and restarted while two pages are open: both show it, recover and converge",
    "[browser]") {
  const Outcome outcome = run_scenario("restart");
  INFO(outcome.output);
  CHECK(outcome.passed);
  CHECK(count_of(outcome.output, "ok: ") == 7);
  CHECK(outcome.output.find("(test: killed)") != std::string::npos);
  CHECK(outcome.output.find("(test: started)") != std::string::npos);
}

TEST_CASE("Five pages adding cells at once converge to the same ordered notebook", "[browser]") {
  const Outcome outcome = run_scenario("five");
  INFO(outcome.output);
  CHECK(outcome.passed);
  CHECK(count_of(outcome.output, "ok: ") == 4);
}

TEST_CASE(
    "A reload shows the kept cells and asks only for what changed after the kept cursor, and an "
    "unknown token is told",
    "[browser]") {
  const Outcome outcome = run_scenario("reload");
  INFO(outcome.output);
  CHECK(outcome.passed);
  CHECK(count_of(outcome.output, "ok: ") == 5);
}

TEST_CASE("A browser that cannot start fails the scenario, it is not skipped", "[browser]") {
  const Outcome outcome = run_scenario("collaborate", "/nonexistent/chromium");
  INFO(outcome.output);
  CHECK_FALSE(outcome.passed);
  CHECK(outcome.output.find("FAILED: Error: cannot start Chromium (/nonexistent/chromium)") !=
        std::string::npos);
  CHECK(count_of(outcome.output, "ok: ") == 0);
}

TEST_CASE("The web client's fractional positions are notebook_host.hpp's", "[browser][position]") {
  // Positions as a notebook grows at its end, at its start and in its middle,
  // and between random pairs of those: C++ computes, Node (the compiled
  // position.js) must give the same strings.
  std::vector<std::string> made = {eventbook::notebook::position_between("", "")};
  std::vector<std::pair<std::string, std::string>> pairs = {{"", ""}};
  auto add = [&](const std::string& before, const std::string& after) {
    pairs.emplace_back(before, after);
    made.push_back(eventbook::notebook::position_between(before, after));
  };
  for (int i = 0; i < 60; ++i)
    add(made.back(), "");
  std::string first = made.front();
  for (int i = 0; i < 60; ++i)
    add("", first), first = made.back();
  std::string low = made.front();
  std::string high = made[1];
  for (int i = 0; i < 60; ++i)
    add(low, high), (i % 2 == 0 ? high : low) = made.back();
  std::vector<std::string> sorted = made;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  std::mt19937 random(16);
  for (int i = 0; i < 300; ++i) {
    std::size_t a = random() % sorted.size();
    std::size_t b = random() % sorted.size();
    if (a == b) continue;
    add(sorted[std::min(a, b)], sorted[std::max(a, b)]);
  }

  TempFolder folder;
  std::filesystem::copy_file(std::string(NOTEBOOK_WEB_DIR) + "/position.js",
                             folder.path() / "position.mjs");
  std::ofstream(folder.path() / "pairs.json") << [&] {
    std::string json = "[";
    for (const auto& [before, after] : pairs)
      json += (json.size() > 1 ? ",[\"" : "[\"") + before + "\",\"" + after + "\"]";
    return json + "]";
  }();
  std::ofstream(folder.path() / "check.mjs")
      << "import { readFileSync } from 'node:fs';\n"
         "import { positionBetween } from './position.mjs';\n"
         "const pairs = JSON.parse(readFileSync(new URL('./pairs.json', import.meta.url), "
         "'utf8'));\n"
         "for (const [before, after] of pairs) console.log(positionBetween(before, after));\n";
  const auto out = folder.path() / "out.txt";
  const std::string command = std::string(MEALY_NODE) + " '" +
                              (folder.path() / "check.mjs").string() + "' > '" + out.string() +
                              "' 2>&1";
  REQUIRE(std::system(command.c_str()) == 0);
  std::istringstream lines(read_file(out));
  std::size_t checked = 0;
  for (const auto& [before, after] : pairs) {
    std::string line;
    REQUIRE(std::getline(lines, line));
    INFO("between '" << before << "' and '" << after << "'");
    CHECK(line == eventbook::notebook::position_between(before, after));
    ++checked;
  }
  CHECK(checked > 400);
}

TEST_CASE(
    "The web client's logic in Node: merging, tombstones, source sync, the outbox and live views "
    "through drops",
    "[browser][logic]") {
  // The compiled modules in a folder of their own, marked as ES modules for Node.
  TempFolder folder;
  for (const auto& entry : std::filesystem::directory_iterator(NOTEBOOK_WEB_DIR)) {
    if (entry.path().extension() == ".js")
      std::filesystem::copy_file(entry.path(), folder.path() / entry.path().filename());
  }
  std::ofstream(folder.path() / "package.json") << "{\"type\": \"module\"}\n";
  const auto out = folder.path() / "out.txt";
  const std::string command = std::string(MEALY_NODE) + " '" + BROWSER_LOGIC_TEST + "' '" +
                              folder.path().string() + "' > '" + out.string() + "' 2>&1";
  const int status = std::system(command.c_str());
  const std::string output = read_file(out);
  INFO(output);
  CHECK(status == 0);
  CHECK(count_of(output, "ok: ") == 10);
  CHECK(count_of(output, "FAILED") == 0);
}
