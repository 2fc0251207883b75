// The workspace: reads schema files and their imports, loads and checks each
// once, and hands out checked models.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <vector>

#include "mealy/schema/diagnostic.hpp"
#include "mealy/schema/loader.hpp"
#include "mealy/schema/model.hpp"
#include "mealy/schema/name_rules.hpp"
#include "mealy/schema/source.hpp"

namespace mealy::schema {

class Workspace {
 public:
  // `name_rules`: the naming rules of the targets the schemas are generated
  // for (CheckOptions::name_rules); mealyc passes every registered target's.
  explicit Workspace(LoadLimits limits = {}, std::vector<const NameRules*> name_rules = {})
      : limits_(limits), name_rules_(std::move(name_rules)) {}
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;

  // Reads, loads and checks `path` (shown in diagnostics as given) and,
  // recursively, its imports. Returns the model, or nullptr when the file or
  // one of its imports has an error; the diagnostics say why. A file imported
  // by several roots is read and checked once. Warnings do not fail.
  std::shared_ptr<const Model> compile(const std::filesystem::path& path);

  [[nodiscard]] const SourceSet& sources() const { return sources_; }
  [[nodiscard]] Diagnostics& diagnostics() { return diagnostics_; }
  [[nodiscard]] const Diagnostics& diagnostics() const { return diagnostics_; }

 private:
  enum class Status { loading, ok, failed };
  struct Entry {
    Status status = Status::loading;
    std::shared_ptr<SchemaFile> file;
  };

  // Returns the entry for the file at `path`, loading and checking it first.
  Entry& visit(const std::filesystem::path& path, const std::string& display, Location imported_at);
  void collect(const SchemaFile& file, std::vector<std::shared_ptr<const SchemaFile>>& out) const;

  LoadLimits limits_;
  std::vector<const NameRules*> name_rules_;
  SourceSet sources_;
  Diagnostics diagnostics_;
  std::map<std::filesystem::path, Entry> entries_;
  std::vector<std::filesystem::path> stack_;  // files being loaded, for cycle reports
};

}  // namespace mealy::schema
