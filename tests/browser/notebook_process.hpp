// notebook_server and the browser driver (driver.mjs) as processes, for the
// browser tests (browser_test.cpp) and the browser benchmark
// (bench/browser_bench.cpp). Errors are thrown as std::runtime_error with
// what the server said.
//
// run_driver() runs `node driver.mjs SCENARIO ...` against a fresh server in
// `folder` and answers the driver's "@kill" (SIGKILL the server, "killed") and
// "@start" (start it again on the same store and port, "started").
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

extern char** environ;

namespace mealy::browser {

// Where the programs are; the tests and the benchmark fill it from CMake.
struct Tools {
  std::string server;        // notebook_server
  std::string web_dir;       // the compiled web client (target notebook_web)
  std::string node;          // Node.js
  std::string node_modules;  // scripts/npm/node_modules (playwright-core)
  std::string chromium;      // the browser
  std::string driver;        // tests/browser/driver.mjs
};

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A random token for each of the five users the scenarios know.
inline std::map<std::string, std::string> make_users() {
  std::random_device random;
  std::map<std::string, std::string> users;
  for (const char* name : {"alice", "bob", "carol", "dave", "erin"}) {
    users[name] = std::to_string(random()) + std::to_string(random());
  }
  return users;
}

inline std::vector<char*> argv_of(std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (auto& arg : args)
    argv.push_back(arg.data());
  argv.push_back(nullptr);
  return argv;
}

// notebook_server in a process of its own on `folder`/notebook.db, its output
// in `folder`/server-RUN.log; the port read from its line
// "listening on http://127.0.0.1:PORT/" (port 0: one the system picks).
class NotebookServer {
 public:
  NotebookServer(const Tools& tools, const std::filesystem::path& folder,
                 const std::map<std::string, std::string>& users, std::uint16_t port, int run) {
    using namespace std::chrono_literals;
    std::vector<std::string> args = {tools.server,
                                     "--store",
                                     "sqlite://" + (folder / "notebook.db").string(),
                                     "--port",
                                     std::to_string(port),
                                     "--web",
                                     tools.web_dir};
    for (const auto& [name, token] : users)
      args.insert(args.end(), {"--user", token + "=" + name});
    log_ = folder / ("server-" + std::to_string(run) + ".log");
    const auto& log = log_;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    auto argv = argv_of(args);
    const int spawned = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) throw std::runtime_error("cannot start " + tools.server);
    const std::string prefix = "listening on http://127.0.0.1:";
    for (int i = 0; i < 300; ++i) {  // 30 s at most
      const std::string text = read_file(log);
      if (auto at = text.find(prefix);
          at != std::string::npos && text.find('\n', at) != std::string::npos) {
        port_ = static_cast<std::uint16_t>(std::stoi(text.substr(at + prefix.size())));
        return;
      }
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        throw std::runtime_error("notebook_server exited before listening; it said:\n" + text);
      }
      std::this_thread::sleep_for(100ms);
    }
    kill();
    throw std::runtime_error(
        "notebook_server did not say where it listens within 30 s; it said:\n" + read_file(log));
  }
  ~NotebookServer() { kill(); }
  NotebookServer(const NotebookServer&) = delete;
  NotebookServer& operator=(const NotebookServer&) = delete;

  [[nodiscard]] std::uint16_t port() const { return port_; }
  // What the server has printed so far (stdout and stderr).
  [[nodiscard]] std::string output() const { return read_file(log_); }

  // Waits up to `timeout` for the server to exit on its own: its exit status,
  // or -1 when it is still running (or was killed by a signal).
  int wait_for_exit(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (pid_ > 0) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      if (std::chrono::steady_clock::now() >= deadline) return -1;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return -1;
  }

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
  std::filesystem::path log_;
};

// What a scenario printed (the servers' logs after it), and whether it passed.
struct DriverOutcome {
  bool passed = false;
  std::string output;
};

// Runs driver.mjs SCENARIO against a fresh server in `folder` (which also
// holds the browser's profile: TMPDIR), answering its @kill and @start.
// `with_server` false: no server (the driver must stop before it needs one).
inline DriverOutcome run_driver(const Tools& tools, const std::filesystem::path& folder,
                                const std::string& scenario, const std::string& artifacts,
                                const std::vector<std::string>& extra = {},
                                bool with_server = true) {
  const auto users = make_users();
  int run = 0;
  std::unique_ptr<NotebookServer> server;
  std::uint16_t port = 9;  // discard: nothing answers there
  if (with_server) {
    server = std::make_unique<NotebookServer>(tools, folder, users, 0, run++);
    port = server->port();
  }
  std::vector<std::string> args = {tools.node,
                                   tools.driver,
                                   scenario,
                                   "--url",
                                   "http://127.0.0.1:" + std::to_string(port) + "/",
                                   "--chromium",
                                   tools.chromium,
                                   "--node-modules",
                                   tools.node_modules,
                                   "--artifacts",
                                   artifacts};
  for (const auto& [name, token] : users)
    args.insert(args.end(), {"--user", name + "=" + token});
  args.insert(args.end(), extra.begin(), extra.end());
  std::vector<std::string> environment = {"TMPDIR=" + folder.string()};
  for (char** variable = environ; *variable != nullptr; ++variable) {
    if (std::string_view(*variable).rfind("TMPDIR=", 0) != 0) environment.emplace_back(*variable);
  }
  int to_driver[2];
  int from_driver[2];
  if (::pipe(to_driver) != 0 || ::pipe(from_driver) != 0) throw std::runtime_error("pipe failed");
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
    throw std::runtime_error(
        "cannot run " + tools.node +
        ": the browser tests need Node.js 18 or later (scripts/setup installs it)");
  }
  ::signal(SIGPIPE, SIG_IGN);  // a driver that died must not take its caller with it

  DriverOutcome outcome;
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
        answer = "killed";
      } else if (line == "@start" && server != nullptr) {
        try {
          server = std::make_unique<NotebookServer>(tools, folder, users, port, run++);
          answer = "started";
        } catch (const std::exception& error) {
          outcome.output +=
              std::string("(test: cannot start the server again: ") + error.what() + ")\n";
          answer = "failed";
        }
      }
      if (!answer.empty()) {
        outcome.output += "(test: " + answer + ")\n";
        answer += '\n';
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
                      read_file(folder / ("server-" + std::to_string(i) + ".log"));
  }
  return outcome;
}

}  // namespace mealy::browser
