// Helpers for schema tests: compile a schema given as text, through the real
// workspace (a real file in a temporary folder), and read its diagnostics.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "mealy/schema/workspace.hpp"

namespace mealy::test {

// A temporary folder, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // Writes `text` to `name` inside the folder and returns its path.
  std::filesystem::path write(const std::string& name, const std::string& text) const;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// The outcome of compiling one schema text.
struct Compiled {
  std::shared_ptr<schema::Workspace> workspace;
  std::shared_ptr<const schema::Model> model;  // null when there were errors
  std::vector<std::string> diagnostics;        // "schema.yaml:3:5: error: ... [rule]"
};

// Writes `text` as schema.yaml in a fresh temporary folder and compiles it.
Compiled compile_text(const std::string& text);

}  // namespace mealy::test
