// The generated TypeScript client (codegen/ts/mealy.ts) with Node against a
// real server process: every call (client_test.ts, mode "api"), and five
// clients converging while the server is killed with SIGKILL and started
// again on the same store (mode "converge"), and a live view through the
// same (mode "liveview").
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "served.hpp"
#include "server_process.hpp"

using namespace mealy::testing;
using namespace std::chrono_literals;

namespace {

// Node running the compiled driver; its output and exit status.
class NodeProcess {
 public:
  NodeProcess(const std::string& mode, std::uint16_t port) {
    std::vector<std::string> args = {MEALY_NODE, std::string(MEALY_HTTP_JS_DIR) + "/client_test.js",
                                     mode, std::to_string(port)};
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 2);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    std::vector<char*> argv;
    for (auto& arg : args)
      argv.push_back(arg.data());
    argv.push_back(nullptr);
    const int spawned = posix_spawnp(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    out_ = fds[0];
    INFO(
        "cannot run " << MEALY_NODE
                      << ": the client tests need Node.js 18 or later (scripts/setup installs it)");
    REQUIRE(spawned == 0);
  }
  ~NodeProcess() {
    if (out_ >= 0) ::close(out_);
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  // Reads its output until `text` appears in it (true) or `timeout` passes or
  // the output ends (false).
  bool wait_for(const std::string& text, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (seen_.find(text) == std::string::npos) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      pollfd readable{out_, POLLIN, 0};
      if (::poll(&readable, 1, static_cast<int>(left.count())) <= 0) continue;
      char buffer[4096];
      const ssize_t n = ::read(out_, buffer, sizeof buffer);
      if (n <= 0) return false;
      seen_.append(buffer, static_cast<std::size_t>(n));
    }
    return true;
  }

  // Its output until it exits (what wait_for() read included), and whether
  // it exited with status 0.
  bool finish(std::string& output) {
    output = seen_;
    char buffer[4096];
    ssize_t n;
    while ((n = ::read(out_, buffer, sizeof buffer)) > 0)
      output.append(buffer, static_cast<std::size_t>(n));
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
  std::string seen_;  // what wait_for() has read
};

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t count = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++count;
  return count;
}

}  // namespace

TEST_CASE("The generated TypeScript client, run by Node, against a server", "[http][ts]") {
  TempFolder folder;
  ServerProcess server(
      {"sqlite://" + (folder.path() / "events.db").string(), "--token", "secret=ada"});
  NodeProcess node("api", server.port());
  std::string output;
  const bool passed = node.finish(output);
  INFO(output);
  CHECK(passed);
  CHECK(count_of(output, "ok: ") == 34);
}

TEST_CASE("Five clients converge while the server is killed and restarted on the same store",
          "[http][ts][converge]") {
  TempFolder folder;
  const std::string url = "sqlite://" + (folder.path() / "events.db").string();
  auto server =
      std::make_unique<ServerProcess>(std::vector<std::string>{url, "--token", "secret=ada"});
  const std::uint16_t port = server->port();
  NodeProcess node("converge", port);
  std::this_thread::sleep_for(1500ms);
  server->kill();  // mid-run: commands in flight, streams open
  std::this_thread::sleep_for(300ms);
  server = std::make_unique<ServerProcess>(
      std::vector<std::string>{url, "--port", std::to_string(port), "--token", "secret=ada"});
  std::string output;
  const bool passed = node.finish(output);
  INFO(output);
  CHECK(passed);
  CHECK(output.find("converged: ") != std::string::npos);
}

TEST_CASE(
    "A live view shows the lost connection and converges when the server is killed and restarted",
    "[http][ts][views]") {
  TempFolder folder;
  const std::string url = "sqlite://" + (folder.path() / "events.db").string();
  auto server =
      std::make_unique<ServerProcess>(std::vector<std::string>{url, "--token", "secret=ada"});
  const std::uint16_t port = server->port();
  NodeProcess node("liveview", port);
  // The live view has its first answer (however long Node took to start on a
  // busy machine), then the retitles run for about 3 s: kill the server in them.
  const bool answered = node.wait_for("ok: the first answer", 60s);
  std::this_thread::sleep_for(500ms);
  server->kill();  // mid-run: retitles in flight, the live view open
  std::this_thread::sleep_for(300ms);
  server = std::make_unique<ServerProcess>(
      std::vector<std::string>{url, "--port", std::to_string(port), "--token", "secret=ada"});
  std::string output;
  const bool passed = node.finish(output);
  INFO(output);
  CHECK(answered);
  CHECK(passed);
  CHECK(output.find("live view converged") != std::string::npos);
}
