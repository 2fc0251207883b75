// `mealy tail --follow` as an operator runs it: the built program, in a
// process of its own, printing the events another process appends, until
// Ctrl-C (SIGINT) ends it cleanly with exit 0 and says where to resume.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "text_diff.hpp"
#include "tool_store.hpp"

extern char** environ;

namespace {

using namespace mealy;
using namespace mealy::testing;

// The built `mealy` with `args`: stdout through a pipe, stderr to a file.
class ToolProcess {
 public:
  ToolProcess(const std::vector<std::string>& args, const std::string& stderr_path) {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    posix_spawn_file_actions_addopen(&actions, 2, stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0600);
    std::vector<std::string> all{MEALY_TOOL};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& arg : all)
      argv.push_back(arg.data());
    argv.push_back(nullptr);
    REQUIRE(posix_spawn(&pid_, MEALY_TOOL, &actions, nullptr, argv.data(), environ) == 0);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    out_ = fds[0];
  }
  ~ToolProcess() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    ::close(out_);
  }
  // Reads stdout until it holds `lines` lines; false after 60 s or when it closed.
  bool wait_for_lines(std::size_t lines) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (static_cast<std::size_t>(std::count(read_.begin(), read_.end(), '\n')) < lines) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      pollfd fd{out_, POLLIN, 0};
      if (::poll(&fd, 1, 100) <= 0) continue;
      char buffer[4096];
      const ssize_t n = ::read(out_, buffer, sizeof buffer);
      if (n <= 0) return false;
      read_.append(buffer, static_cast<std::size_t>(n));
    }
    return true;
  }
  void signal(int number) { ::kill(pid_, number); }
  // Its exit status once it ends, after reading the rest of stdout.
  int wait() {
    char buffer[4096];
    for (ssize_t n; (n = ::read(out_, buffer, sizeof buffer)) > 0;)
      read_.append(buffer, static_cast<std::size_t>(n));
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return status;
  }
  [[nodiscard]] const std::string& output() const { return read_; }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
  std::string read_;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("tool/tail --follow prints what another process appends, and Ctrl-C ends it cleanly") {
  TempFolder temp;
  const std::string path = temp.file("events.db");
  build_tool_store(path);
  ToolProcess tail(
      {"tail", "sqlite://" + path, "--follow", "--json", "--since", "4", "--poll-ms", "20"},
      temp.file("stderr.txt"));
  REQUIRE(tail.wait_for_lines(2));  // positions 5 and 6
  {
    auto store = open_store("sqlite://" + path);
    REQUIRE(store.ok());
    append_fixed(**store, "Label-welcome", 1, 7, "Named", R"({"text":"Hello"})");
  }
  REQUIRE(tail.wait_for_lines(3));
  tail.signal(SIGINT);
  const int status = tail.wait();
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  std::vector<std::string> lines;
  std::istringstream in(tail.output());
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0].rfind(R"({"position":5,"stream":")" + kAda + R"(","version":3,)", 0) == 0);
  CHECK(lines[1].rfind(R"({"position":6,)", 0) == 0);
  CHECK(
      lines[2].rfind(
          R"({"position":7,"stream":"Label-welcome","version":2,"id":"00000000-0000-7000-8000-000000000007",)",
          0) == 0);
  CHECK(lines[2].find(R"("payload":{"text":"Hello"}})") != std::string::npos);
  CHECK(read_file(temp.file("stderr.txt")) == "mealy tail: stopped after position 7\n");
}

TEST_CASE("tool/tail --follow on an empty store waits, and stops on SIGTERM too") {
  TempFolder temp;
  const std::string path = temp.file("events.db");
  { REQUIRE(open_store("sqlite://" + path).ok()); }
  ToolProcess tail({"tail", "sqlite://" + path, "--follow", "--poll-ms", "20"},
                   temp.file("stderr.txt"));
  REQUIRE(tail.wait_for_lines(1));  // the header
  {
    auto store = open_store("sqlite://" + path);
    REQUIRE(store.ok());
    append_fixed(**store, "Label-a", 0, 1, "Named", R"({"text":"A"})");
  }
  REQUIRE(tail.wait_for_lines(2));
  tail.signal(SIGTERM);
  const int status = tail.wait();
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(tail.output().find("       1  ") != std::string::npos);
  CHECK(tail.output().find("  Named v1                        1  Label-a\n") != std::string::npos);
  CHECK(read_file(temp.file("stderr.txt")) == "mealy tail: stopped after position 1\n");
}
