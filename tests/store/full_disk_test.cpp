// A disk that really fills up, and a file system that is really read-only,
// each in a child process: a file-size limit (setrlimit RLIMIT_FSIZE; the
// kernel refuses writes past it, EFBIG), and a small tmpfs mounted in a
// mount namespace of the child's own (ENOSPC, EROFS), so that nothing is
// left mounted when the child ends.
//
// Several threads append until the disk refuses them; then room is made and
// the same store object appends again. The file, reopened in the parent
// without limits, must hold every append reported Appended, at its
// position, and nothing of any append reported as an error
// (check_store_invariants for the rest).
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <sstream>
#include <thread>

#include "store_fixture.hpp"
#include "store_helpers.hpp"
#include "store_invariants.hpp"

using namespace mealy;
using namespace mealy::testing;

namespace {

// Runs `body` in a child process and gives what it returned. The child
// neither uses Catch nor returns: it writes the text to a pipe and exits;
// a body that throws fails the test with what() in the message.
std::string in_child(const std::function<std::string()>& body) {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::close(fds[0]);
    std::string text;
    int code = 0;
    try {
      text = body();
    } catch (const std::exception& error) {
      text = std::string("the child failed: ") + error.what();
      code = 1;
    }
    const char* data = text.data();
    for (std::size_t left = text.size(); left > 0;) {
      const ssize_t n = ::write(fds[1], data, left);
      if (n <= 0) ::_exit(2);
      data += n;
      left -= static_cast<std::size_t>(n);
    }
    ::_exit(code);
  }
  ::close(fds[1]);
  std::string text;
  char buffer[4096];
  for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) > 0;)
    text.append(buffer, static_cast<std::size_t>(n));
  ::close(fds[0]);
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  INFO(text);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  return text;
}

[[noreturn]] void fail(const std::string& what) {
  throw std::runtime_error(what);
}

// Appends from 4 threads, each to streams of its own, one event of `bytes`
// each, until each has been refused 3 times (or has tried 400 times). One
// line per append: "<stream> A <position>" or "<stream> E <message>".
std::string fill(EventStore& store, std::size_t bytes) {
  std::mutex mutex;
  std::string ledger;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      int errors = 0;
      for (int i = 0; errors < 3 && i < 400; ++i) {
        const std::string stream = "Disk-" + std::to_string(t) + "x" + std::to_string(i);
        auto outcome = store.append(
            request(stream, ExpectedVersion::no_stream(),
                    {event("Filled", "{\"pad\":\"" + std::string(bytes, 'f') + "\"}")}));
        std::string line = stream;
        if (!outcome.ok()) {
          ++errors;
          line += " E " + outcome.status().message();
        } else if (const auto* done = std::get_if<Appended>(&outcome.value())) {
          line += " A " + std::to_string(done->first_position);
        } else {
          line += " E a conflict";
        }
        std::lock_guard lock(mutex);
        ledger += line + "\n";
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  return ledger;
}

// One more append, after room was made: it must commit.
std::string after(EventStore& store) {
  auto outcome = store.append(request("After-1", ExpectedVersion::no_stream(), events(1)));
  if (!outcome.ok())
    fail("after making room, an append still fails: " + outcome.status().message());
  return "After-1 A " + std::to_string(std::get<Appended>(outcome.value()).first_position) + "\n";
}

// Checks the file at `path` against a ledger written by fill() and after():
// how many appends each way it held, and the distinct error messages.
struct Counted {
  std::size_t appended = 0;
  std::size_t failed = 0;
  std::vector<std::string> messages;
};
Counted check_ledger(const std::string& path, const std::string& ledger) {
  check_store_invariants(path);
  auto store = Backend::open("sqlite://" + path);
  Counted counted;
  std::istringstream lines(ledger);
  for (std::string line; std::getline(lines, line);) {
    INFO(line);
    const std::size_t space = line.find(' ');
    REQUIRE(space != std::string::npos);
    const std::string stream = line.substr(0, space);
    const auto events = value(store->read_stream(stream, 1, 10));
    if (line.compare(space, 3, " A ") == 0) {
      ++counted.appended;
      REQUIRE(events.size() == 1);
      CHECK(std::to_string(events[0].position) == line.substr(space + 3));
    } else {
      ++counted.failed;
      CHECK(events.empty());
      std::string message = line.substr(space + 3);
      message =
          message.substr(message.rfind(": ") + 2);  // SQLite's words, without the file and the step
      if (std::find(counted.messages.begin(), counted.messages.end(), message) ==
          counted.messages.end()) {
        counted.messages.push_back(message);
      }
    }
  }
  WARN(counted.appended << " appends committed, " << counted.failed << " refused by the disk");
  const std::uint64_t head = value(store->head());
  CHECK(appended(store->append(request("Final-1", ExpectedVersion::no_stream(), events(1))))
            .first_position == head + 1);
  return counted;
}

// In a child: a mount namespace of its own, private, so that what it mounts
// goes when it ends (as root; otherwise in a user namespace too, where the
// kernel allows it); then a tmpfs of `size` at `where`.
void mount_tmpfs(const std::string& where, const std::string& size) {
  const uid_t uid = ::geteuid();
  const gid_t gid = ::getegid();
  if (uid == 0) {
    if (::unshare(CLONE_NEWNS) != 0)
      fail(std::string("unshare(CLONE_NEWNS): ") + std::strerror(errno));
  } else {
    if (::unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0) {
      fail(std::string("cannot mount a tmpfs as a user here (unshare: ") + std::strerror(errno) +
           "); run the tests as root");
    }
    std::ofstream("/proc/self/setgroups") << "deny";
    std::ofstream("/proc/self/uid_map") << "0 " << uid << " 1";
    std::ofstream("/proc/self/gid_map") << "0 " << gid << " 1";
  }
  // Fails in a chroot, where / is no mount point; the mount below is then
  // seen outside too, until the child unmounts it (it does).
  (void)::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr);
  const std::string options = "size=" + size + ",mode=0700";
  if (::mount("tmpfs", where.c_str(), "tmpfs", 0, options.c_str()) != 0) {
    fail("mount -t tmpfs " + where + ": " + std::strerror(errno));
  }
}

}  // namespace

TEST_CASE(
    "store/full disk: past a file-size limit appends fail alone, nothing half-written, and they "
    "resume") {
  TempDir dir;
  const std::string path = dir.file("events.db");
  {
    auto store = Backend::open("sqlite://" + path);
    appended(store->append(request("Seed-1", ExpectedVersion::no_stream(), events(3))));
  }
  const std::string ledger = in_child([&] {
    ::signal(SIGXFSZ, SIG_IGN);  // past the limit, write() fails with EFBIG instead of killing
    rlimit limit{};
    ::getrlimit(RLIMIT_FSIZE, &limit);
    rlimit small = limit;
    small.rlim_cur = 256 * 1024;  // the WAL may not grow past 256 KiB
    if (::setrlimit(RLIMIT_FSIZE, &small) != 0)
      fail(std::string("setrlimit: ") + std::strerror(errno));
    auto opened = open_store("sqlite://" + path);
    if (!opened) fail(opened.status().message());
    std::string lines = fill(**opened, 10'000);
    ::setrlimit(RLIMIT_FSIZE, &limit);  // room again
    return lines + after(**opened);
  });
  const Counted counted = check_ledger(path, ledger);
  CHECK(counted.appended > 4);
  CHECK(counted.failed >= 3);
  CHECK(counted.messages == std::vector<std::string>{"disk I/O error"});
}

TEST_CASE(
    "store/full disk: a tmpfs that fills up: appends fail alone, nothing half-written, and resume "
    "with room") {
  TempDir dir;
  const std::string mount_point = dir.file("mnt");
  std::filesystem::create_directory(mount_point);
  const std::string copy = dir.file("copy.db");
  const std::string ledger = in_child([&] {
    mount_tmpfs(mount_point, "1m");
    const std::string path = mount_point + "/events.db";
    const std::string ballast = mount_point + "/ballast";
    std::string lines;
    {
      auto opened = open_store("sqlite://" + path);
      if (!opened) fail(opened.status().message());
      std::ofstream(ballast) << std::string(200'000, 'b');
      lines = fill(**opened, 10'000);
      std::filesystem::remove(ballast);  // room again
      lines += after(**opened);
    }
    // Out of the tmpfs, for the parent to check (what is left of the WAL too).
    for (const char* suffix : {"", "-wal"}) {
      if (std::filesystem::exists(path + suffix))
        std::filesystem::copy_file(path + suffix, copy + suffix);
    }
    if (::umount(mount_point.c_str()) != 0) fail(std::string("umount: ") + std::strerror(errno));
    return lines;
  });
  const Counted counted = check_ledger(copy, ledger);
  CHECK(counted.appended > 4);
  CHECK(counted.failed >= 3);
  CHECK(counted.messages == std::vector<std::string>{"database or disk is full"});
}

TEST_CASE("store/full disk: a store on a read-only file system does not open, and says why") {
  TempDir dir;
  const std::string mount_point = dir.file("mnt");
  std::filesystem::create_directory(mount_point);
  const std::string path = mount_point + "/events.db";
  const std::string message = in_child([&] {
    mount_tmpfs(mount_point, "1m");
    {
      auto opened = open_store("sqlite://" + path);
      if (!opened) fail(opened.status().message());
      if (!(*opened)->append(request("Order-1", ExpectedVersion::no_stream(), events(1))).ok())
        fail("append");
    }
    if (::mount(nullptr, mount_point.c_str(), nullptr, MS_REMOUNT | MS_RDONLY, nullptr) != 0) {
      fail(std::string("remount read-only: ") + std::strerror(errno));
    }
    auto opened = open_store("sqlite://" + path);
    std::string said = opened ? "opened" : opened.status().message();
    ::umount(mount_point.c_str());
    return said;
  });
  CHECK(message ==
        "sqlite://" + path +
            ": cannot open for writing: the file is read-only or not ours (Read-only file system)");
}
