// Ctrl-C for the long verbs (tail --follow, verify, copy, rebuild): SIGINT
// and SIGTERM set a flag that the verbs look at between pages, so that they
// stop at a clean point (a committed batch, a printed event) and say where.
// A second signal while the first is still being handled ends the program
// at once, as usual.
#pragma once

namespace mealy::tool {

// Installs the handlers (main() does, once).
void install_interrupt_handler();
// Whether a stop was asked for.
[[nodiscard]] bool interrupted();
// Asks for a stop, as a signal does (for tests), or clears it.
void request_interrupt();
void clear_interrupt();

}  // namespace mealy::tool
