// mealyc: the mealy schema compiler's command-line entry point.
#include <iostream>

#include "verbs.hpp"

int main(int argc, char** argv) {
  mealy::cli::Args args(argv + 1, argv + argc);
  return mealy::cli::run_mealyc(args, std::cout, std::cerr);
}
