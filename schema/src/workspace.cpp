// Reading files and following imports.
//
// Invariants:
//   1. A file (by canonical path) is read, loaded and checked at most once;
//      its Entry's status says how that went.
//   2. `stack_` holds the files whose imports are being followed; meeting one
//      of them again is an import cycle, reported at the import that closes it.
//   3. A file is checked only after all of its imports were checked without
//      error, so that the checker can resolve their types.
#include "mealy/schema/workspace.hpp"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <system_error>

#include "mealy/schema/checker.hpp"

namespace mealy::schema {
namespace {

std::filesystem::path canonical_or_absolute(const std::filesystem::path& path) {
  std::error_code ec;
  std::filesystem::path result = std::filesystem::weakly_canonical(path, ec);
  if (ec) return std::filesystem::absolute(path).lexically_normal();
  return result;
}

// Reads the whole file, if it is a regular file of at most `max_bytes`
// bytes; on failure returns the reason. Never throws: a device, a pipe or a
// file that grows while it is read is refused, not read without end.
bool read_file(const std::filesystem::path& path, std::uint64_t max_bytes, std::string& text,
               std::string& reason) {
  std::error_code ec;
  std::filesystem::file_status status = std::filesystem::status(path, ec);
  if (!std::filesystem::exists(status)) {
    reason = "no such file";
    return false;
  }
  if (std::filesystem::is_directory(status)) {
    reason = "is a directory";
    return false;
  }
  if (!std::filesystem::is_regular_file(status)) {
    reason = "not a regular file";
    return false;
  }
  const std::string too_long = "longer than " + std::to_string(max_bytes) + " bytes";
  std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (!ec && size > max_bytes) {
    reason = too_long;
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    reason = "cannot open it for reading";
    return false;
  }
  std::string result;
  char buffer[64 * 1024];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    if (result.size() + static_cast<std::uint64_t>(in.gcount()) > max_bytes) {
      reason = too_long;
      return false;
    }
    result.append(buffer, static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) {
    reason = "read error";
    return false;
  }
  text = std::move(result);
  return true;
}

}  // namespace

Workspace::Entry& Workspace::visit(const std::filesystem::path& path, const std::string& display,
                                   Location imported_at) {
  std::filesystem::path canonical = canonical_or_absolute(path);
  if (auto found = entries_.find(canonical); found != entries_.end()) {
    if (found->second.status == Status::loading) {
      // Invariant 2: the import closes a cycle; name every file on it.
      auto start = std::find(stack_.begin(), stack_.end(), canonical);
      std::string cycle;
      for (auto it = start; it != stack_.end(); ++it) {
        std::int64_t index = sources_.find(*it);
        cycle += (index >= 0 ? sources_.file(static_cast<std::uint32_t>(index)).display_path
                             : it->string()) +
                 " -> ";
      }
      cycle += display;
      diagnostics_.error(imported_at, "import-cycle", "import cycle: " + cycle);
      static Entry failed{Status::failed, nullptr};
      return failed;
    }
    return found->second;
  }

  Entry& entry = entries_[canonical];
  std::string text, reason;
  if (!read_file(path, limits_.max_file_bytes, text, reason)) {
    if (imported_at.line > 0) {
      diagnostics_.error(imported_at, "unknown-import",
                         "cannot read imported file '" + display + "': " + reason);
    } else {
      // A file named on the command line: there is no place in a file to point at.
      std::uint32_t index = sources_.add({display, canonical, {}});
      diagnostics_.error({index, 0, 0}, "file", "cannot read file: " + reason);
    }
    entry.status = Status::failed;
    return entry;
  }
  std::uint32_t source = sources_.add({display, canonical, std::move(text)});
  const std::size_t errors_before_load = diagnostics_.error_count();
  std::unique_ptr<SchemaFile> loaded = load_schema(sources_, source, diagnostics_, limits_);
  const bool loaded_completely = diagnostics_.error_count() == errors_before_load;
  if (!loaded) {
    entry.status = Status::failed;
    return entry;
  }
  entry.file = std::move(loaded);

  stack_.push_back(canonical);
  bool imports_ok = true;
  for (Import& import : entry.file->imports) {
    std::filesystem::path target = canonical.parent_path() / import.path.text;
    std::filesystem::path shown =
        (std::filesystem::path(display).parent_path() / import.path.text).lexically_normal();
    Entry& imported = visit(target, shown.string(), import.path.location);
    if (imported.status != Status::ok) {
      imports_ok = false;
      continue;
    }
    import.file = imported.file.get();
  }
  stack_.pop_back();

  if (!imports_ok) {
    entry.status = Status::failed;
    return entry;
  }
  std::size_t errors_before = diagnostics_.error_count();
  check_file(*entry.file, diagnostics_, {loaded_completely, name_rules_});
  entry.status = diagnostics_.error_count() == errors_before ? Status::ok : Status::failed;
  return entry;
}

void Workspace::collect(const SchemaFile& file,
                        std::vector<std::shared_ptr<const SchemaFile>>& out) const {
  for (const Import& import : file.imports) {
    if (import.file) collect(*import.file, out);
  }
  for (const auto& [path, entry] : entries_) {
    if (entry.file.get() == &file) {
      bool seen = std::any_of(out.begin(), out.end(),
                              [&](const auto& known) { return known.get() == &file; });
      if (!seen) out.push_back(entry.file);
      return;
    }
  }
}

std::shared_ptr<const Model> Workspace::compile(const std::filesystem::path& path) {
  Entry& entry = visit(path, path.string(), Location{});
  if (entry.status != Status::ok) return nullptr;
  auto model = std::make_shared<Model>();
  model->sources = &sources_;
  collect(*entry.file, model->files);
  return model;
}

}  // namespace mealy::schema
