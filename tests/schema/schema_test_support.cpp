#include "schema_test_support.hpp"

#include <fstream>
#include <random>

namespace mealy::test {

TempDir::TempDir() {
  std::random_device random;
  path_ = std::filesystem::temp_directory_path() /
          ("mealy-test-" + std::to_string(random()) + std::to_string(random()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::filesystem::path TempDir::write(const std::string& name, const std::string& text) const {
  std::filesystem::path file = path_ / name;
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << text;
  return file;
}

Compiled compile_text(const std::string& text) {
  TempDir dir;
  std::filesystem::path file = dir.write("schema.yaml", text);
  Compiled result;
  result.workspace = std::make_shared<schema::Workspace>();
  // Show the file as "schema.yaml", as a user running in its folder would see it.
  std::filesystem::path previous = std::filesystem::current_path();
  std::filesystem::current_path(dir.path());
  result.model = result.workspace->compile("schema.yaml");
  std::filesystem::current_path(previous);
  schema::Diagnostics& diagnostics = result.workspace->diagnostics();
  diagnostics.sort(result.workspace->sources());
  for (const schema::Diagnostic& d : diagnostics.items()) {
    std::string line = schema::format_text(d, result.workspace->sources(), false);
    line.pop_back();  // the newline
    result.diagnostics.push_back(line);
  }
  return result;
}

}  // namespace mealy::test
