// Golden tests of the `mealy` tool: every folder under tests/tool/golden/ is
// one case, run on the store of tool_store.hpp, built afresh in a
// temporary folder of its own.
//
//   tests/tool/golden/<case>/
//     args                 mealy's arguments, one line; $STORE is the URL of
//                          the test store, $EMPTY of an empty store, $MISSING
//                          of a file that does not exist, $OTHER of a store
//                          holding one other event, $DIR the test's temporary
//                          folder, $SCHEMA the path of
//                          tests/store/schemas/account.yaml, $SOURCE of the
//                          source tree
//     expected/stdout.txt  what mealy writes to stdout (absent: nothing)
//     expected/stderr.txt  what it writes to stderr
//     expected/exit_code   its exit status
//
// The temporary folder's path is written $DIR in the output compared.
// MEALY_UPDATE_GOLDEN=1 rewrites the expected files from the actual output.
// The cases are registered at start-up by catch_runner.cpp's main().
#include <algorithm>
#include <catch2/catch.hpp>
#include <deque>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "text_diff.hpp"
#include "tool.hpp"
#include "tool_store.hpp"

namespace fs = std::filesystem;

namespace {

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void write_text(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

class ToolCase : public Catch::ITestInvoker {
 public:
  explicit ToolCase(fs::path dir) : dir_(std::move(dir)) {}

  void invoke() const override {
    mealy::testing::TempFolder temp;
    const std::string store = temp.file("events.db");
    mealy::testing::build_tool_store(store);
    {
      auto empty = mealy::open_store("sqlite://" + temp.file("empty.db"));
      REQUIRE(empty.ok());
      auto other = mealy::open_store("sqlite://" + temp.file("other.db"));
      REQUIRE(other.ok());
      mealy::testing::append_fixed(**other, "Label-other", 0, 99, "Named", R"({"text":"Other"})");
    }
    std::vector<std::string> words;
    std::istringstream line(read_text(dir_ / "args"));
    for (std::string word; line >> word;) {
      word = replace_all(word, "$STORE", "sqlite://" + store);
      word = replace_all(word, "$EMPTY", "sqlite://" + temp.file("empty.db"));
      word = replace_all(word, "$MISSING", "sqlite://" + temp.file("missing.db"));
      word = replace_all(word, "$OTHER", "sqlite://" + temp.file("other.db"));
      word = replace_all(word, "$DIR", temp.path().string());
      word = replace_all(word, "$SCHEMA",
                         std::string(MEALY_SOURCE_DIR) + "/tests/store/schemas/account.yaml");
      word = replace_all(word, "$SOURCE", MEALY_SOURCE_DIR);
      words.push_back(word);
    }
    std::vector<std::string_view> args(words.begin(), words.end());
    std::ostringstream out, err;
    mealy::tool::Io io{out, err, false, false};
    const int code = mealy::tool::run_mealy(args, io);
    auto normal = [&](const std::string& text) {
      return replace_all(replace_all(text, temp.path().string(), "$DIR"), MEALY_SOURCE_DIR,
                         "$SOURCE");
    };
    const std::string got_out = normal(out.str()), got_err = normal(err.str());

    const fs::path expected = dir_ / "expected";
    if (std::getenv("MEALY_UPDATE_GOLDEN")) {
      write_text(expected / "stderr.txt", got_err);
      if (!got_out.empty())
        write_text(expected / "stdout.txt", got_out);
      else
        fs::remove(expected / "stdout.txt");
      write_text(expected / "exit_code", std::to_string(code) + "\n");
      return;
    }
    INFO(
        "golden case " << dir_.string()
                       << "\nto accept the new output: MEALY_UPDATE_GOLDEN=1 ctest -R tool/golden");
    {
      const std::string want = read_text(expected / "stderr.txt");
      INFO("stderr differs (- expected, + actual):\n" << mealy::testing::text_diff(want, got_err));
      CHECK(got_err == want);
    }
    {
      const std::string want =
          fs::exists(expected / "stdout.txt") ? read_text(expected / "stdout.txt") : "";
      INFO("stdout differs (- expected, + actual):\n" << mealy::testing::text_diff(want, got_out));
      CHECK(got_out == want);
    }
    REQUIRE(fs::exists(expected / "exit_code"));
    CHECK(std::to_string(code) + "\n" == read_text(expected / "exit_code"));
  }

 private:
  fs::path dir_;
};

}  // namespace

void register_tool_golden_cases() {
  static std::deque<std::string> names;  // Catch2 keeps references to names
  std::vector<fs::path> dirs;
  for (const auto& entry :
       fs::directory_iterator(fs::path(MEALY_SOURCE_DIR) / "tests" / "tool" / "golden")) {
    if (entry.is_directory()) dirs.push_back(entry.path());
  }
  std::sort(dirs.begin(), dirs.end());
  for (const fs::path& dir : dirs) {
    names.push_back("tool/golden/" + dir.filename().string());
    Catch::AutoReg(new ToolCase(dir), CATCH_INTERNAL_LINEINFO, Catch::StringRef(),
                   Catch::NameAndTags{names.back(), "[tool][golden]"});
  }
}
