// fuzz_<target>_seeds DIR: writes the seed inputs of a generated-decoder
// target (decode_domain.hpp, seeds::write_all) into DIR. Used once to make
// tests/fuzz/corpus/<target>/; rerun after the example schemas change.
#include <filesystem>
#include <iostream>

void mealy_fuzz_write_seeds(const std::filesystem::path& dir);

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: " << argv[0] << " DIR\nWrites the target's seed inputs into DIR.\n";
    return 2;
  }
  mealy_fuzz_write_seeds(argv[1]);
  return 0;
}
