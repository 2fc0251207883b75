// Fuzz target `json`: the runtime's strict reading of JSON (parse_and_read,
// skip(), the wrapper around the root value) through mealy::json::validate().
// Invariant: validate() accepts exactly what the independent oracle
// (json_oracle.hpp) accepts, at the default depth limit and at a small one
// (so that the limit's edge is reached by short inputs); a refusal carries a
// message that starts at the root, "$". A number alone reads as a float64
// to the value strtod gives it (a zero for what is below float64's normal
// range, where strtod may give a subnormal).
#include <cfloat>
#include <cmath>
#include <cstdlib>
#include <string>

#include "fuzz_check.hpp"
#include "json_oracle.hpp"
#include "mealy/json_read.hpp"

namespace {

void agree(std::string_view input, std::size_t max_depth) {
  mealy::json::Limits limits;
  limits.max_depth = max_depth;
  const mealy::Status status = mealy::json::validate(input, limits);
  const mealy::fuzz::OracleResult oracle = mealy::fuzz::check_json(input, max_depth);
  FUZZ_CHECK(status.ok() == oracle.ok,
             status.ok() ? "validate accepted; oracle: " + oracle.why
                         : "validate refused: " + status.message(),
             input);
  if (!status.ok()) FUZZ_CHECK(status.message().starts_with("$"), status.message(), input);
}

void number_value(std::string_view input) {
  std::string token(input);
  const std::size_t first = token.find_first_not_of(" \t\r\n");
  if (first == std::string::npos ||
      !(token[first] == '-' || (token[first] >= '0' && token[first] <= '9')))
    return;
  if (!mealy::fuzz::check_json(input).ok) return;
  double read = 0;
  const mealy::Status status = mealy::json::decode_document(
      input, {}, [&](mealy::json::ReadContext& ctx, mealy::json::Value value) {
        return mealy::json::read(ctx, value, read);
      });
  FUZZ_CHECK(status.ok(), status.message(), input);
  const double expected = std::strtod(token.c_str() + first, nullptr);
  const bool tiny = std::fabs(expected) < DBL_MIN;
  FUZZ_CHECK(read == expected || (tiny && read == 0.0),
             "read " + std::to_string(read) + ", strtod " + std::to_string(expected), input);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = mealy::fuzz::as_text(data, size);
  agree(input, 64);
  agree(input, 3);
  number_value(input);
  return 0;
}
