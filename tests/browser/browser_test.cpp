// The notebook as people use it, in headless Chromium: each case starts the
// real notebook_server (its own folder, SQLite file, port and users) serving
// the compiled web client, and runs one scenario of driver.mjs, which drives
// the system Chromium through the pinned playwright-core. The driver asks the
// test to kill (SIGKILL) or start the server again on the same store and port
// with lines "@kill" and "@start" (answered "killed" and "started").
// Screenshots are kept in the build folder (tests/browser/artifacts/).
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "notebook_host.hpp"

extern char** environ;

namespace {

using namespace std::chrono_literals;

class TempFolder {
 public:
  TempFolder() {
    std::string pattern = (std::filesystem::temp_directory_path() / "mealy-browser-XXXXXX").string();
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

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A random token for each user, so no test shares a secret with another.
std::map<std::string, std::string> make_users() {
  std::random_device random;
  std::map<std::string, std::string> users;
  for (const char* name : {"alice", "bob", "carol", "dave", "erin"}) {
    users[name] = std::to_string(random()) + std::to_string(random());
  }
  return users;
}

std::vector<char*> argv_of(std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  return argv;
}

// notebook_server in a process of its own, its output in a file of the
// test's folder; the port read from "listening on http://127.0.0.1:PORT/".
class NotebookServer {
 public:
  NotebookServer(const std::filesystem::path& folder, const std::map<std::string, std::string>& users,
                 std::uint16_t port, int run) {
    std::vector<std::string> args = {NOTEBOOK_SERVER, "--store", "sqlite://" + (folder / "notebook.db").string(),
                                     "--port", std::to_string(port), "--web", NOTEBOOK_WEB_DIR};
    for (const auto& [name, token] : users) args.insert(args.end(), {"--user", token + "=" + name});
    const auto log = folder / ("server-" + std::to_string(run) + ".log");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    auto argv = argv_of(args);
    const int spawned = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    INFO("cannot start " << NOTEBOOK_SERVER);
    REQUIRE(spawned == 0);
    const std::string prefix = "listening on http://127.0.0.1:";
    for (int i = 0; i < 300; ++i) {  // 30 s at most
      const std::string text = read_file(log);
      if (auto at = text.find(prefix); at != std::string::npos && text.find('\n', at) != std::string::npos) {
        port_ = static_cast<std::uint16_t>(std::stoi(text.substr(at + prefix.size())));
        return;
      }
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        FAIL("notebook_server exited before listening; it said:\n" << text);
      }
      std::this_thread::sleep_for(100ms);
    }
    FAIL("notebook_server did not say where it listens within 30 s; it said:\n" << read_file(log));
  }
  ~NotebookServer() { kill(); }
  NotebookServer(const NotebookServer&) = delete;
  NotebookServer& operator=(const NotebookServer&) = delete;

  [[nodiscard]] std::uint16_t port() const { return port_; }

  // SIGKILL, and waits for the process to be gone.
  void kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
};

// What a scenario printed, and whether it passed.
struct Outcome {
  bool passed = false;
  std::string output;
};

// Runs driver.mjs SCENARIO against a fresh server, answering its @kill and
// @start requests. `chromium` replaces the browser's path (to see it fail;
// no server is started then, as the driver stops before using one).
Outcome run_scenario(const std::string& scenario, const std::string& chromium = MEALY_CHROMIUM) {
  TempFolder folder;
  const auto users = make_users();
  int run = 0;
  std::unique_ptr<NotebookServer> server;
  std::uint16_t port = 9;  // discard: nothing answers there
  if (chromium == MEALY_CHROMIUM) {
    server = std::make_unique<NotebookServer>(folder.path(), users, 0, run++);
    port = server->port();
  }

  std::vector<std::string> args = {MEALY_NODE, BROWSER_DRIVER, scenario,
                                   "--url", "http://127.0.0.1:" + std::to_string(port) + "/",
                                   "--chromium", chromium, "--node-modules", MEALY_NODE_MODULES,
                                   "--artifacts", std::string(BROWSER_ARTIFACTS) + "/" + scenario};
  for (const auto& [name, token] : users) args.insert(args.end(), {"--user", name + "=" + token});
  // The browser's profile goes into the test's folder (TMPDIR), removed after it.
  std::vector<std::string> environment = {"TMPDIR=" + folder.path().string()};
  for (char** variable = environ; *variable != nullptr; ++variable) {
    if (std::string_view(*variable).rfind("TMPDIR=", 0) != 0) environment.emplace_back(*variable);
  }
  int to_driver[2];
  int from_driver[2];
  REQUIRE(::pipe(to_driver) == 0);
  REQUIRE(::pipe(from_driver) == 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, to_driver[0], 0);
  posix_spawn_file_actions_adddup2(&actions, from_driver[1], 1);
  posix_spawn_file_actions_adddup2(&actions, from_driver[1], 2);
  posix_spawn_file_actions_addclose(&actions, to_driver[1]);
  posix_spawn_file_actions_addclose(&actions, from_driver[0]);
  auto argv = argv_of(args);
  auto envp = argv_of(environment);
  pid_t pid = -1;
  const int spawned = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(to_driver[0]);
  ::close(from_driver[1]);
  if (spawned != 0) {
    ::close(to_driver[1]);
    ::close(from_driver[0]);
    FAIL("cannot run " << MEALY_NODE << ": the browser tests need Node.js 20 (scripts/setup installs it)");
  }
  ::signal(SIGPIPE, SIG_IGN);  // a driver that died must not take the test with it

  Outcome outcome;
  std::string line;
  char buffer[4096];
  ssize_t n;
  while ((n = ::read(from_driver[0], buffer, sizeof buffer)) > 0) {
    for (ssize_t i = 0; i < n; ++i) {
      outcome.output += buffer[i];
      if (buffer[i] != '\n') {
        line += buffer[i];
        continue;
      }
      std::string answer;
      if (line == "@kill" && server != nullptr) {
        server->kill();
        answer = "killed\n";
      } else if (line == "@start" && server != nullptr) {
        server = std::make_unique<NotebookServer>(folder.path(), users, port, run++);
        answer = "started\n";
      }
      if (!answer.empty()) {
        outcome.output += "(test: " + answer.substr(0, answer.size() - 1) + ")\n";
        (void)!::write(to_driver[1], answer.data(), answer.size());
      }
      line.clear();
    }
  }
  ::close(from_driver[0]);
  ::close(to_driver[1]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  outcome.passed = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  for (int i = 0; i < run; ++i) {
    outcome.output += "--- server run " + std::to_string(i) + ":\n" +
                      read_file(folder.path() / ("server-" + std::to_string(i) + ".log"));
  }
  return outcome;
}

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t count = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++count;
  return count;
}

}  // namespace

TEST_CASE("Two users on one notebook: edits in order within a second, an SQL run, a move, a third user refused",
          "[browser]") {
  const Outcome outcome = run_scenario("collaborate");
  INFO(outcome.output);
  CHECK(outcome.passed);
  CHECK(count_of(outcome.output, "ok: ") == 10);
  CHECK(std::filesystem::file_size(std::string(BROWSER_ARTIFACTS) + "/collaborate/notebook.png") > 10000);
}

TEST_CASE("The server killed and restarted while two pages are open: both show it, recover and converge",
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

TEST_CASE("A reload shows the kept cells and asks only for what changed after the kept cursor", "[browser]") {
  const Outcome outcome = run_scenario("reload");
  INFO(outcome.output);
  CHECK(outcome.passed);
  CHECK(count_of(outcome.output, "ok: ") == 4);
}

TEST_CASE("A browser that cannot start fails the scenario, it is not skipped", "[browser]") {
  const Outcome outcome = run_scenario("collaborate", "/nonexistent/chromium");
  INFO(outcome.output);
  CHECK_FALSE(outcome.passed);
  CHECK(outcome.output.find("FAILED: Error: cannot start Chromium (/nonexistent/chromium)") != std::string::npos);
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
  for (int i = 0; i < 60; ++i) add(made.back(), "");
  std::string first = made.front();
  for (int i = 0; i < 60; ++i) add("", first), first = made.back();
  std::string low = made.front();
  std::string high = made[1];
  for (int i = 0; i < 60; ++i) add(low, high), (i % 2 == 0 ? high : low) = made.back();
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
  std::filesystem::copy_file(std::string(NOTEBOOK_WEB_DIR) + "/position.js", folder.path() / "position.mjs");
  std::ofstream(folder.path() / "pairs.json") << [&] {
    std::string json = "[";
    for (const auto& [before, after] : pairs) json += (json.size() > 1 ? ",[\"" : "[\"") + before + "\",\"" + after + "\"]";
    return json + "]";
  }();
  std::ofstream(folder.path() / "check.mjs")
      << "import { readFileSync } from 'node:fs';\n"
         "import { positionBetween } from './position.mjs';\n"
         "const pairs = JSON.parse(readFileSync(new URL('./pairs.json', import.meta.url), 'utf8'));\n"
         "for (const [before, after] of pairs) console.log(positionBetween(before, after));\n";
  const auto out = folder.path() / "out.txt";
  const std::string command = std::string(MEALY_NODE) + " '" + (folder.path() / "check.mjs").string() + "' > '" +
                              out.string() + "' 2>&1";
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

TEST_CASE("The web client's logic in Node: merging, tombstones, source sync, the outbox and live views through drops",
          "[browser][logic]") {
  // The compiled modules in a folder of their own, marked as ES modules for Node.
  TempFolder folder;
  for (const auto& entry : std::filesystem::directory_iterator(NOTEBOOK_WEB_DIR)) {
    if (entry.path().extension() == ".js") std::filesystem::copy_file(entry.path(), folder.path() / entry.path().filename());
  }
  std::ofstream(folder.path() / "package.json") << "{\"type\": \"module\"}\n";
  const auto out = folder.path() / "out.txt";
  const std::string command = std::string(MEALY_NODE) + " '" + BROWSER_LOGIC_TEST + "' '" + folder.path().string() +
                              "' > '" + out.string() + "' 2>&1";
  const int status = std::system(command.c_str());
  const std::string output = read_file(out);
  INFO(output);
  CHECK(status == 0);
  CHECK(count_of(output, "ok: ") == 10);
  CHECK(count_of(output, "FAILED") == 0);
}
