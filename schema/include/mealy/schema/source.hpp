// Source files and positions in them.
//
// Every node of a schema keeps the place it was written, so that diagnostics
// can say `file:line:column`. A Location is three integers (cheap to copy);
// the file is an index into the SourceSet that loaded it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace mealy::schema {

// A position in a source file. Line and column are 1-based; column counts
// bytes from the start of the line. A default Location (line 0) means "the
// whole file" and is printed without line and column.
struct Location {
  std::uint32_t file = 0;
  std::uint32_t line = 0;
  std::uint32_t column = 0;

  friend bool operator==(const Location&, const Location&) = default;
  friend auto operator<=>(const Location&, const Location&) = default;
};

// One file as read from disk.
struct SourceFile {
  std::string display_path;         // as shown to users: the path as given, or import-relative
  std::filesystem::path canonical;  // absolute, normalised; identifies the file
  std::string text;                 // the bytes as read (may be invalid UTF-8)
};

// The files of a run. Files are appended, never removed, so indices and
// references returned by file() stay valid for the SourceSet's lifetime.
class SourceSet {
 public:
  // Adds a file and returns its index.
  std::uint32_t add(SourceFile file);

  // Index of the file with this canonical path, or -1 when it was not added.
  [[nodiscard]] std::int64_t find(const std::filesystem::path& canonical) const;

  [[nodiscard]] const SourceFile& file(std::uint32_t index) const { return files_.at(index); }
  [[nodiscard]] std::size_t size() const { return files_.size(); }

  // The text of line `location.line` without its line break; empty when the
  // location is outside the file. Constant time: add() indexes the lines.
  [[nodiscard]] std::string_view line_text(Location location) const;

 private:
  std::vector<SourceFile> files_;
  std::vector<std::vector<std::size_t>> line_starts_;  // per file, the offset of each line
};

}  // namespace mealy::schema
