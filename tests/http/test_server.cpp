// A server of the notebook's aggregates for the HTTP tests that need one in
// another process: a second writer on the same SQLite file, the Node tests
// of the generated TypeScript client, and the convergence test (which kills
// it with SIGKILL and starts it again).
//
//   test_server STORE_URL [--port N] [--token TOKEN=ACTOR]... [--heartbeat-ms N] [--files DIR]
//
// It serves the view "titles" (test_view.hpp) too, and DIR's files.
// Prints "listening on PORT" once it serves; stops on SIGTERM or SIGINT.
#include <pthread.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#include "mealy/http/server.hpp"
#include "notebook_host.hpp"
#include "test_view.hpp"

using namespace eventbook::notebook;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: test_server STORE_URL [--port N] [--token TOKEN=ACTOR]... [--heartbeat-ms "
                 "N] [--files DIR]\n");
    return 2;
  }
  mealy::http::ServerOptions options;
  options.heartbeat_interval = std::chrono::milliseconds(1000);
  std::map<std::string, std::string, std::less<>> tokens;
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--port") {
      options.port = static_cast<std::uint16_t>(std::atoi(value.c_str()));
    } else if (flag == "--heartbeat-ms") {
      options.heartbeat_interval = std::chrono::milliseconds(std::atoi(value.c_str()));
    } else if (flag == "--files") {
      options.files_root = value;
    } else if (flag == "--token" && value.find('=') != std::string::npos) {
      tokens[value.substr(0, value.find('='))] = value.substr(value.find('=') + 1);
    } else {
      std::fprintf(stderr, "test_server: unknown argument %s\n", flag.c_str());
      return 2;
    }
  }
  if (!tokens.empty()) {
    options.authenticate =
        [tokens](const mealy::http::RequestInfo& request) -> std::optional<std::string> {
      auto found = tokens.find(request.bearer_token);
      if (found == tokens.end()) return std::nullopt;
      return found->second;
    };
  }
  options.cors_origin = "*";

  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto store = mealy::open_store(argv[1]);
  if (!store) {
    std::fprintf(stderr, "test_server: %s\n", store.status().message().c_str());
    return 1;
  }
  mealy::SystemClock clock;
  NotebookHost notebook_host;
  CellHost cell_host;
  mealy::Repository<notebook::Machine, NotebookHost> notebooks(**store, notebook_host, clock);
  mealy::Repository<cell::Machine, CellHost> cells(**store, cell_host, clock);
  mealy::http::Server server(**store, options);
  server.add(mealy::http::serve(notebooks));
  server.add(mealy::http::serve(cells));
  server.add(std::make_unique<mealy::testing::TitlesView>(**store));
  if (mealy::Status started = server.start(); !started.ok()) {
    std::fprintf(stderr, "test_server: %s\n", started.message().c_str());
    return 1;
  }
  std::printf("listening on %u\n", server.port());
  std::fflush(stdout);
  int signal = 0;
  sigwait(&signals, &signal);
  server.stop();
  return 0;
}
