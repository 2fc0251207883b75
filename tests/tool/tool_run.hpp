// The `mealy` tool run in-process, as the tests of its verbs call it: the
// exit code and what it wrote to stdout and stderr.
#pragma once

#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "mealy/store.hpp"
#include "tool.hpp"

namespace mealy::testing {

struct ToolRun {
  int code = 0;
  std::string out, err;
};

// Runs `mealy WORDS...` (no terminal: plain output, no progress).
inline ToolRun run_tool(const std::vector<std::string>& words) {
  const std::vector<std::string_view> args(words.begin(), words.end());
  std::ostringstream out, err;
  tool::Io io{out, err, false, false};
  ToolRun run;
  run.code = tool::run_mealy(args, io);
  run.out = out.str();
  run.err = err.str();
  return run;
}

// Every event of the store at `url`, in log order (the tests' stores are small).
inline std::vector<RecordedEvent> whole_log(const std::string& url) {
  auto store = open_store(url);
  REQUIRE(store.ok());
  auto page = (*store)->read_all(0, {}, 1000);
  REQUIRE(page.ok());
  return page->events;
}

}  // namespace mealy::testing
