// A main() for the fuzz targets outside libFuzzer: feeds every file named on
// the command line (a folder: every file in it, sorted) to
// LLVMFuzzerTestOneInput once. The suite registers one per target over its
// committed corpus (tests/fuzz/corpus/<target>/), so that every build type
// and compiler replays the seeds and every crash found so far; a broken
// invariant aborts, failing the test. Exit 2 on a usage error or an
// unreadable file, and when no input was found (a corpus that went missing
// must not pass as empty).
//
// With --mutate-seconds S, it then runs a short blind fuzzing run for S
// seconds (blind_mutator.hpp: random edits of the corpus, no coverage
// guidance), the suite's fuzz/<target>/blind, from a new seed each run. An
// input that breaks an
// invariant or trips a sanitizer is written to fuzz-crash-<pid> in the
// working folder, and its seed and number are printed: --seed S and
// --stop-after N repeat the run up to it.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "blind_mutator.hpp"
#include "fuzz_check.hpp"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_UNDEFINED__)
#include <sanitizer/common_interface_defs.h>
#define MEALY_FUZZ_DEATH_CALLBACK 1
#endif

namespace {

std::vector<std::uint8_t> read_file(const std::filesystem::path& path, bool& ok) {
  std::ifstream in(path, std::ios::binary);
  ok = static_cast<bool>(in);
  if (!ok) {
    std::cerr << "replay: cannot read " << path.string() << '\n';
    return {};
  }
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return {bytes.begin(), bytes.end()};
}

// Runs the target on a copy of exactly the input's size, so that ASan sees a
// read past its end.
void run_one(const std::vector<std::uint8_t>& input) {
  const std::vector<std::uint8_t> copy(input);
  LLVMFuzzerTestOneInput(copy.empty() ? nullptr : copy.data(), copy.size());
}

// What a dying mutation run saves: set before each input, read by handlers
// that may only make async-signal-safe calls.
struct Current {
  const std::uint8_t* data = nullptr;
  std::size_t size = 0;
  char note[160] = {};
  char path[64] = {};
} current;

void save_current() {
  if (current.path[0] == '\0') return;
  (void)!write(STDERR_FILENO, current.note, std::strlen(current.note));
  const int fd = open(current.path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return;
  (void)!write(fd, current.data, current.size);
  close(fd);
}

void on_abort(int signal) {
  save_current();
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

struct MutateOptions {
  double seconds = 0;
  std::uint64_t seed = std::random_device{}();  // a new one each run, printed
  std::uint64_t stop_after = 0;                 // 0: no limit but the time
  std::size_t max_len = 4096;
};

int mutate(const std::vector<std::vector<std::uint8_t>>& corpus, const MutateOptions& options) {
  std::snprintf(current.path, sizeof current.path, "fuzz-crash-%d", static_cast<int>(getpid()));
  std::signal(SIGABRT, on_abort);
  std::signal(SIGSEGV, on_abort);
#ifdef MEALY_FUZZ_DEATH_CALLBACK
  __sanitizer_set_death_callback(save_current);
#endif
  std::cout << "mutating for " << options.seconds << " s, seed " << options.seed << std::endl;
  mealy::fuzz::BlindMutator mutator(corpus, options.seed);
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::duration<double>(options.seconds);
  std::uint64_t count = 0;
  while (std::chrono::steady_clock::now() < deadline &&
         (options.stop_after == 0 || count < options.stop_after)) {
    // Exactly the input's size (next() may leave spare capacity), so that
    // ASan sees a read past its end.
    const std::vector<std::uint8_t> input(mutator.next(options.max_len));
    ++count;
    current.data = input.data();
    current.size = input.size();
    std::snprintf(current.note, sizeof current.note,
                  "mutation run: input %llu of seed %llu broke the target; saved as %s\n",
                  static_cast<unsigned long long>(count),
                  static_cast<unsigned long long>(options.seed), current.path);
    LLVMFuzzerTestOneInput(input.empty() ? nullptr : input.data(), input.size());
  }
  current.path[0] = '\0';
  std::cout << "mutated " << count << " inputs (seed " << options.seed << ") in " << options.seconds
            << " s\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  MutateOptions mutate_options;
  std::vector<std::string> arguments;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    try {
      if (arg == "--mutate-seconds" && has_value) {
        mutate_options.seconds = std::stod(argv[++i]);
      } else if (arg == "--seed" && has_value) {
        mutate_options.seed = std::stoull(argv[++i]);
      } else if (arg == "--stop-after" && has_value) {
        mutate_options.stop_after = std::stoull(argv[++i]);
      } else if (arg == "--max-len" && has_value) {
        mutate_options.max_len = std::stoull(argv[++i]);
      } else if (arg.starts_with("--")) {
        std::cerr << "replay: unknown option " << arg << '\n';
        return 2;
      } else {
        arguments.push_back(arg);
      }
    } catch (const std::exception&) {
      std::cerr << "replay: " << arg << " needs a number\n";
      return 2;
    }
  }
  if (arguments.empty()) {
    std::cerr
        << "usage: " << argv[0]
        << " [--mutate-seconds S [--seed N] [--stop-after N] [--max-len BYTES]] FILE_OR_FOLDER...\n"
        << "Runs the fuzz target once on every file (every file in each folder), then, with\n"
        << "--mutate-seconds, on random edits of those files for S seconds.\n";
    return 2;
  }
  std::vector<std::filesystem::path> files;
  for (const std::string& argument : arguments) {
    const std::filesystem::path path(argument);
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
  std::vector<std::vector<std::uint8_t>> corpus;
  corpus.reserve(files.size());
  for (const auto& file : files) {
    bool ok = false;
    corpus.push_back(read_file(file, ok));
    if (!ok) return 2;
    run_one(corpus.back());
  }
  std::cout << "replayed " << files.size() << " inputs\n";
  if (mutate_options.seconds > 0) return mutate(corpus, mutate_options);
  return 0;
}
