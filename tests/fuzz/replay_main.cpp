// A main() for the fuzz targets outside libFuzzer: feeds every file named on
// the command line (a folder: every file in it, sorted) to
// LLVMFuzzerTestOneInput once. The suite registers one per target over its
// committed corpus (tests/fuzz/corpus/<target>/), so that every build type
// and compiler replays the seeds and every crash found so far; a broken
// invariant aborts, failing the test. Exit 2 on a usage error or an
// unreadable file, and when no input was found (a corpus that went missing
// must not pass as empty).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <vector>

#include "fuzz_check.hpp"

namespace {

bool replay(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "replay: cannot read " << path.string() << '\n';
    return false;
  }
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // A copy of exactly the input's size, so that ASan sees a read past its end.
  std::vector<std::uint8_t> input(bytes.begin(), bytes.end());
  LLVMFuzzerTestOneInput(input.empty() ? nullptr : input.data(), input.size());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: " << argv[0] << " FILE_OR_FOLDER...\n"
              << "Runs the fuzz target once on every file (every file in each folder).\n";
    return 2;
  }
  std::vector<std::filesystem::path> files;
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path path(argv[i]);
    std::error_code error;
    if (std::filesystem::is_directory(path, error)) {
      for (const auto& entry : std::filesystem::directory_iterator(path)) {
        if (entry.is_regular_file()) files.push_back(entry.path());
      }
    } else if (std::filesystem::is_regular_file(path, error)) {
      files.push_back(path);
    } else {
      std::cerr << "replay: no such file or folder: " << path.string() << '\n';
      return 2;
    }
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    std::cerr << "replay: no inputs found\n";
    return 2;
  }
  for (const auto& file : files) {
    if (!replay(file)) return 2;
  }
  std::cout << "replayed " << files.size() << " inputs\n";
  return 0;
}
