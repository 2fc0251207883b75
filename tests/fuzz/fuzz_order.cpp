// Fuzz target `order`: the generated decoders of examples/order/order.yaml
// (aggregates Order, Shipment and Invoice), as decode_domain.hpp describes.
#include "decode_domain.hpp"
#include "order.mealy.hpp"

namespace {

const auto& domains() {
  static const auto all = std::make_tuple(MEALY_FUZZ_DOMAIN(::shop::orders::order),
                                          MEALY_FUZZ_DOMAIN(::shop::orders::shipment),
                                          MEALY_FUZZ_DOMAIN(::shop::orders::invoice));
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
