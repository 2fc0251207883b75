// mealy::http from the package: a server starts on a free loopback port
// and stops.
#include <cstdio>

#include "mealy/http/server.hpp"

int main() {
  auto store = mealy::open_store("memory:");
  if (!store) return 1;
  mealy::http::Server server(**store);
  if (mealy::Status started = server.start(); !started.ok()) {
    std::fprintf(stderr, "http_check: %s\n", started.message().c_str());
    return 1;
  }
  const bool listening = server.port() != 0;
  server.stop();
  return listening ? 0 : 1;
}
