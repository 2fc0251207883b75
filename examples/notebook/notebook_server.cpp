// notebook_server: EventBook's collaborative notebook over HTTP, with its web
// client. Usage: examples/notebook/README.md, or `notebook_server --help`.
//
// The parts (notebook_app.hpp): the Notebook and Cell aggregates on a store,
// served by mealy::http with access checks (notebook_access.hpp); the tables
// the views read, kept by a projection (notebook_tables.hpp); the views
// (notebook_views.hpp); the executor that runs SQL cells
// (notebook_executor.hpp); and the web client's files (web/).
#include <pthread.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "notebook_app.hpp"

using namespace eventbook::notebook;

namespace {

constexpr const char* kUsage =
    "usage: notebook_server [--store URL] [--address A] [--port N] [--users FILE | --user "
    "TOKEN=NAME ...]\n"
    "                       [--web DIR]\n"
    "\n"
    "Serves EventBook's notebook: its aggregates, views and web client over HTTP.\n"
    "\n"
    "  --store URL          the event store (default sqlite://notebook.db, created if missing;\n"
    "                       postgresql://user@host/db for PostgreSQL)\n"
    "  --address A          where to listen (default 127.0.0.1)\n"
    "  --port N             the port (default 8080; 0: any free port)\n"
    "  --users FILE         users, one per line: TOKEN NAME (# starts a comment)\n"
    "  --user TOKEN=NAME    a user (repeatable); without --users or --user: alice, bob and\n"
    "                       carol with fresh random tokens\n"
    "  --web DIR            the web client's files (default: the one this build made)\n"
    "  --sql-time-limit MS  how long an SQL cell may run (default 2000)\n"
    "  --sql-row-limit N    the most rows an SQL cell returns (default 1000)\n"
    "  -h, --help           this text\n"
    "\n"
    "It prints the URL to open for each user, then serves until Ctrl-C or SIGTERM.\n";

struct Options {
  AppOptions app;
  unsigned long port = 8080;
};

int usage_error(const std::string& message) {
  std::fprintf(stderr, "notebook_server: %s\n%s", message.c_str(), kUsage);
  return 2;
}

bool parse_number(const char* text, unsigned long max, unsigned long& out) {
  char* end = nullptr;
  errno = 0;
  const unsigned long value = std::strtoul(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || text[0] == '-' || value > max) return false;
  out = value;
  return true;
}

// 0: go on; otherwise the exit status.
int parse(int argc, char** argv, Options& options) {
  AppOptions& app = options.app;
#ifdef MEALY_NOTEBOOK_WEB_DIR
  app.web = MEALY_NOTEBOOK_WEB_DIR;
#endif
  bool have_users = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      std::fputs(kUsage, stdout);
      return -1;
    }
    if (i + 1 >= argc)
      return usage_error(arg.starts_with("--") ? arg + " needs a value" : "unexpected " + arg);
    const char* value = argv[++i];
    unsigned long number = 0;
    if (arg == "--store") {
      app.store = value;
    } else if (arg == "--address") {
      app.address = value;
    } else if (arg == "--port") {
      if (!parse_number(value, 65535, options.port))
        return usage_error("--port takes 0 to 65535, not " + std::string(value));
    } else if (arg == "--web") {
      app.web = value;
    } else if (arg == "--users" || arg == "--user") {
      mealy::Status status = arg == "--users" ? app.users.add_file(value) : app.users.add(value);
      if (!status.ok()) return usage_error(status.message());
      have_users = true;
    } else if (arg == "--sql-time-limit") {
      if (!parse_number(value, 3'600'000, number) || number == 0) {
        return usage_error("--sql-time-limit takes 1 to 3600000 milliseconds, not " +
                           std::string(value));
      }
      app.executor.time_limit = std::chrono::milliseconds(number);
    } else if (arg == "--sql-row-limit") {
      if (!parse_number(value, 1'000'000, number) || number == 0) {
        return usage_error("--sql-row-limit takes 1 to 1000000, not " + std::string(value));
      }
      app.executor.row_limit = number;
    } else {
      return usage_error("unknown option " + arg);
    }
  }
  if (!have_users) app.users.add_generated({"alice", "bob", "carol"});
  app.port = static_cast<std::uint16_t>(options.port);
  return 0;
}

int fail(const std::string& message) {
  std::fprintf(stderr, "notebook_server: %s\n", message.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (int status = parse(argc, argv, options); status != 0) return status < 0 ? 0 : status;

  sigset_t signals;  // taken by sigtimedwait() below, not by any thread
  sigemptyset(&signals), sigaddset(&signals, SIGINT), sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto app = NotebookApp::start(std::move(options.app));
  if (!app) return fail(app.status().message());
  std::printf("listening on %s\n", (*app)->url().c_str());
  for (const auto& [token, user] : (*app)->options().users.all()) {
    std::printf("open as %s: %s#token=%s\n", user.c_str(), (*app)->url().c_str(), token.c_str());
  }
  std::fflush(stdout);

  // Until Ctrl-C or SIGTERM, or until the tables' projection or the
  // executor stops on an error: then the server exits with status 1 and a
  // supervisor starts it again, which resumes both from their checkpoints.
  const timespec second{1, 0};
  while (sigtimedwait(&signals, nullptr, &second) < 0 && (*app)->health().ok()) {
  }
  (*app)->stop();
  if (mealy::Status health = (*app)->health(); !health.ok()) return fail(health.message());
}
