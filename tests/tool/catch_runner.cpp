// Catch2's runner for tool_tests, which registers the golden cases (one per
// folder, golden_test.cpp) before running. Compiled plain, as
// mealy_catch_main is (see tests/CMakeLists.txt).
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

void register_tool_golden_cases();

int main(int argc, char** argv) {
  register_tool_golden_cases();
  return Catch::Session().run(argc, argv);
}
