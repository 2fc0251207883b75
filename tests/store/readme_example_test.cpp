// runtime/README.md shows tests/store/readme_example.cpp as it is.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

namespace {
std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}
}  // namespace

TEST_CASE("runtime/README.md shows the compiled example word for word") {
  const std::string example = slurp(MEALY_SOURCE_DIR "/tests/store/readme_example.cpp");
  const std::string readme = slurp(MEALY_SOURCE_DIR "/runtime/README.md");
  INFO("copy tests/store/readme_example.cpp into the ```cpp block of runtime/README.md");
  CHECK(readme.find("```cpp\n" + example + "```\n") != std::string::npos);
}

TEST_CASE("README.md's \"Testing your machines\" shows the compiled tests word for word") {
  const std::string example = slurp(MEALY_SOURCE_DIR "/tests/store/readme_testing_example.cpp");
  const std::string readme = slurp(MEALY_SOURCE_DIR "/README.md");
  INFO(
      "copy tests/store/readme_testing_example.cpp into the ```cpp block of README.md's \"Testing "
      "your machines\"");
  CHECK(readme.find("```cpp\n" + example + "```\n") != std::string::npos);
}
