// The notebook's aggregates over HTTP: commands, the change feed and a live
// stream (runtime/README.md, "HTTP"). Usage: plain_server sqlite:///tmp/notebook.db
#include <pthread.h>

#include <csignal>
#include <cstdio>

#include "mealy/http/server.hpp"
#include "notebook_host.hpp"

using namespace eventbook::notebook;

int main(int argc, char** argv) {
  auto store = mealy::open_store(argc > 1 ? argv[1] : "sqlite::memory:");
  if (!store) return std::fprintf(stderr, "%s\n", store.status().message().c_str()), 1;
  mealy::SystemClock clock;
  NotebookHost notebook_host;
  CellHost cell_host;
  mealy::Repository<notebook::Machine, NotebookHost> notebooks(**store, notebook_host, clock);
  mealy::Repository<cell::Machine, CellHost> cells(**store, cell_host, clock);

  sigset_t signals;  // taken by sigwait() below, not by any thread
  sigemptyset(&signals), sigaddset(&signals, SIGINT), sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  mealy::http::Server server(**store, {.port = 8080});
  server.add(mealy::http::serve(notebooks));
  server.add(mealy::http::serve(cells));
  if (auto started = server.start(); !started.ok())
    return std::fprintf(stderr, "%s\n", started.message().c_str()), 1;
  std::printf("listening on http://127.0.0.1:%u\n", server.port());

  int signal = 0;  // until Ctrl-C or SIGTERM
  sigwait(&signals, &signal);
  server.stop();
}
