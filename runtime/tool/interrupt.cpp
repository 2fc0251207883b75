#include "interrupt.hpp"

#include <signal.h>

#include <atomic>

namespace mealy::tool {
namespace {

std::atomic<bool> stop_requested{false};
static_assert(std::atomic<bool>::is_always_lock_free, "set from a signal handler");

extern "C" void on_signal(int signal) {
  if (stop_requested.exchange(true)) {
    // The second Ctrl-C: the default action, now.
    ::signal(signal, SIG_DFL);
    ::raise(signal);
  }
}

}  // namespace

void install_interrupt_handler() {
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: a blocking read returns, and the verb looks at the flag
  ::sigaction(SIGINT, &action, nullptr);
  ::sigaction(SIGTERM, &action, nullptr);
}

bool interrupted() {
  return stop_requested.load();
}
void request_interrupt() {
  stop_requested.store(true);
}
void clear_interrupt() {
  stop_requested.store(false);
}

}  // namespace mealy::tool
