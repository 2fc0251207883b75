// Fuzz target `notebook`: the generated decoders of
// examples/notebook/notebook.yaml (aggregates Notebook and Cell), as
// decode_domain.hpp describes.
#include "decode_domain.hpp"
#include "notebook.mealy.hpp"

namespace {

const auto& domains() {
  static const auto all = std::make_tuple(MEALY_FUZZ_DOMAIN(::eventbook::notebook::notebook),
                                          MEALY_FUZZ_DOMAIN(::eventbook::notebook::cell));
  return all;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  mealy::fuzz::fuzz_domains(domains(), mealy::fuzz::as_text(data, size));
  return 0;
}

void mealy_fuzz_write_seeds(const std::filesystem::path& dir) {
  mealy::fuzz::seeds::write_all(domains(), dir);
}
