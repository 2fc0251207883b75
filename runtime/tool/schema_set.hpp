// The schemas a verb is given with --schema, loaded and checked by the
// schema library (no generated code), and looked up as the store names
// things: an aggregate by a stream's category, an event by its stored type
// (its name or a former one, `renamed_from`).
#pragma once

#include <filesystem>
#include <iosfwd>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mealy/schema/model.hpp"
#include "mealy/schema/workspace.hpp"

namespace mealy::tool {

class SchemaSet {
 public:
  // Loads and checks every file of `paths` (with their imports). False when
  // one has errors or two declare an aggregate of the same name; the
  // diagnostics, as mealyc prints them, are written to `err`.
  bool load(const std::vector<std::string>& paths, std::ostream& err);

  // The aggregate that streams of `category` belong to; null when none.
  [[nodiscard]] const schema::Aggregate* aggregate(std::string_view category) const;
  // The index of the event stored as `type` in `aggregate` (its name, or a
  // name it was renamed from); schema::kNone when there is none.
  [[nodiscard]] static std::uint32_t event_index(const schema::Aggregate& aggregate,
                                                 std::string_view type);
  // Every aggregate, by name.
  [[nodiscard]] const std::map<std::string, const schema::Aggregate*, std::less<>>& aggregates()
      const {
    return aggregates_;
  }

 private:
  schema::Workspace workspace_;
  std::vector<std::shared_ptr<const schema::Model>> models_;
  std::map<std::string, const schema::Aggregate*, std::less<>> aggregates_;
};

}  // namespace mealy::tool
