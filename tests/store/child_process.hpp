// A child process of a store test, whose stdout the test reads.
#pragma once

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <string>
#include <vector>

extern char** environ;

namespace mealy::testing {

// A child process whose stdout we read.
class Child {
 public:
  explicit Child(const std::vector<std::string>& args) {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    std::vector<char*> argv;
    for (const auto& arg : args)
      argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    REQUIRE(posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) == 0);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    out_ = fds[0];
  }
  ~Child() {
    if (out_ >= 0) ::close(out_);
  }
  // Waits until the child has written a whole line (true) or closed stdout
  // (false); what it read is kept for finish().
  bool wait_for_line() {
    char buffer[4096];
    while (read_.find('\n') == std::string::npos) {
      const ssize_t n = ::read(out_, buffer, sizeof buffer);
      if (n <= 0) return false;
      read_.append(buffer, static_cast<std::size_t>(n));
    }
    return true;
  }
  // Everything the child wrote until it closed stdout, then its exit status.
  int finish(std::string& output) {
    output += read_;
    read_.clear();
    char buffer[4096];
    ssize_t n;
    while ((n = ::read(out_, buffer, sizeof buffer)) > 0)
      output.append(buffer, static_cast<std::size_t>(n));
    int status = 0;
    ::waitpid(pid_, &status, 0);
    return status;
  }
  void kill() { ::kill(pid_, SIGKILL); }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
  std::string read_;  // by wait_for_line(), not yet given to finish()
};

}  // namespace mealy::testing
