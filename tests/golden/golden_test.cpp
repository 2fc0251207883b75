// Golden tests: every folder under tests/golden/ is one case.
//
//   tests/golden/<case>/
//     schema.yaml (and any files it imports)
//     args                 optional: mealyc's arguments, one line (default: check schema.yaml)
//     expected/stderr.txt  what mealyc writes to stderr, word for word
//     expected/stdout.txt  what it writes to stdout (absent: nothing)
//     expected/exit_code   its exit status
//     expected/files/      when `args` holds the token $OUT (a word, or in one): every file mealyc
//     wrote
//                          into the folder $OUT stands for, compared whole
//
// The cases are registered with Catch2 at start-up, one test case each, so
// that ctest runs and counts them one by one. mealyc runs in-process with the
// case folder as working directory, so paths in diagnostics are short.
// MEALY_UPDATE_GOLDEN=1 rewrites the expected files from the actual output.
#define CATCH_CONFIG_RUNNER
#include <algorithm>
#include <catch2/catch.hpp>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "verbs.hpp"

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

// A line diff good enough to read a golden failure: expected lines missing
// from the output marked '-', unexpected ones '+', in order.
std::string diff(const std::string& expected, const std::string& actual) {
  auto lines = [](const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
      out.push_back(line);
    return out;
  };
  std::vector<std::string> a = lines(expected), b = lines(actual);
  // Longest common subsequence, then walk it.
  std::vector<std::vector<std::size_t>> lcs(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = a.size(); i-- > 0;) {
    for (std::size_t j = b.size(); j-- > 0;) {
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  std::string out;
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (i < a.size() && j < b.size() && a[i] == b[j]) {
      out += "  " + a[i] + "\n", ++i, ++j;
    } else if (j < b.size() && (i == a.size() || lcs[i][j + 1] >= lcs[i + 1][j])) {
      out += "+ " + b[j++] + "\n";
    } else {
      out += "- " + a[i++] + "\n";
    }
  }
  return out;
}

// Every regular file below `dir`, by relative path, with its content.
std::map<std::string, std::string> read_tree(const fs::path& dir) {
  std::map<std::string, std::string> files;
  if (!fs::exists(dir)) return files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file())
      files[fs::relative(entry.path(), dir).string()] = read_text(entry.path());
  }
  return files;
}

std::vector<std::string> split_args(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  for (std::string word; in >> word;)
    out.push_back(word);
  return out;
}

class GoldenCase : public Catch::ITestInvoker {
 public:
  explicit GoldenCase(fs::path dir) : dir_(std::move(dir)) {}

  void invoke() const override {
    std::vector<std::string> words{"check", "schema.yaml"};
    if (fs::exists(dir_ / "args")) words = split_args(read_text(dir_ / "args"));
    const fs::path out_dir =
        fs::temp_directory_path() /
        ("mealy-golden-" + std::to_string(::getpid()) + "-" + dir_.filename().string());
    fs::remove_all(out_dir);
    bool writes_files = false;
    for (std::string& word : words) {
      // A word or part of one (--out jsonschema=$OUT).
      if (std::size_t at = word.find("$OUT"); at != std::string::npos) {
        word.replace(at, 4, out_dir.string());
        writes_files = true;
      }
    }
    std::vector<std::string_view> args(words.begin(), words.end());

    std::ostringstream out, err;
    fs::path previous = fs::current_path();
    fs::current_path(dir_);
    int code = mealy::cli::run_mealyc(args, out, err);
    fs::current_path(previous);

    const fs::path expected = dir_ / "expected";
    if (std::getenv("MEALY_UPDATE_GOLDEN")) {
      write_text(expected / "stderr.txt", err.str());
      if (!out.str().empty())
        write_text(expected / "stdout.txt", out.str());
      else
        fs::remove(expected / "stdout.txt");
      write_text(expected / "exit_code", std::to_string(code) + "\n");
      if (writes_files) {
        fs::remove_all(expected / "files");
        for (const auto& [name, content] : read_tree(out_dir))
          write_text(expected / "files" / name, content);
      }
      fs::remove_all(out_dir);
      return;
    }
    INFO("golden case " << dir_.string()
                        << "\nto accept the new output: MEALY_UPDATE_GOLDEN=1 ctest -R golden");
    {
      std::string want = read_text(expected / "stderr.txt");
      INFO("stderr differs (- expected, + actual):\n" << diff(want, err.str()));
      CHECK(err.str() == want);
    }
    {
      std::string want =
          fs::exists(expected / "stdout.txt") ? read_text(expected / "stdout.txt") : "";
      INFO("stdout differs (- expected, + actual):\n" << diff(want, out.str()));
      CHECK(out.str() == want);
    }
    REQUIRE(fs::exists(expected / "exit_code"));
    CHECK(std::to_string(code) + "\n" == read_text(expected / "exit_code"));
    if (writes_files) {
      auto want = read_tree(expected / "files");
      auto got = read_tree(out_dir);
      for (const auto& [name, content] : want) {
        INFO("generated file " << name);
        REQUIRE(got.count(name) == 1);
        INFO("differs (- expected, + actual):\n" << diff(content, got[name]));
        CHECK(got[name] == content);
      }
      for (const auto& [name, content] : got) {
        INFO("unexpected generated file " << name);
        CHECK(want.count(name) == 1);
      }
      fs::remove_all(out_dir);
    }
  }

 private:
  fs::path dir_;
};

void register_cases() {
  static std::deque<std::string> names;  // Catch2 keeps references to names
  std::vector<fs::path> dirs;
  for (const auto& entry :
       fs::directory_iterator(fs::path(MEALY_SOURCE_DIR) / "tests" / "golden")) {
    if (entry.is_directory()) dirs.push_back(entry.path());
  }
  std::sort(dirs.begin(), dirs.end());
  for (const fs::path& dir : dirs) {
    names.push_back("golden/" + dir.filename().string());
    Catch::AutoReg(new GoldenCase(dir), CATCH_INTERNAL_LINEINFO, Catch::StringRef(),
                   Catch::NameAndTags{names.back(), "[golden]"});
  }
}

}  // namespace

int main(int argc, char** argv) {
  register_cases();
  return Catch::Session().run(argc, argv);
}
