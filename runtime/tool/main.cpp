#include <unistd.h>

#include <iostream>

#include "interrupt.hpp"
#include "tool.hpp"

int main(int argc, char** argv) {
  mealy::tool::install_interrupt_handler();
  std::ios::sync_with_stdio(false);
  mealy::tool::Args args(argv + 1, argv + argc);
  mealy::tool::Io io{std::cout, std::cerr, ::isatty(STDERR_FILENO) == 1,
                     ::isatty(STDOUT_FILENO) == 1};
  const int code = mealy::tool::run_mealy(args, io);
  std::cout.flush();
  return code;
}
