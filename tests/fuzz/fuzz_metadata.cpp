// Fuzz target `metadata`: the stores' reader of their own metadata form
// (runtime/src/store/metadata_json.cpp, read_metadata), which reads whatever
// a database file holds, a file that may have been written by anyone.
// Invariants:
//   1. what it accepts is JSON by the independent oracle (json_oracle.hpp);
//   2. its fast path (the exact form write_metadata writes) and its general
//      reader agree: the input behind a leading space, which only the
//      general reader takes, reads the same (accepted or not, same value);
//   3. write_metadata of what was read reads back to an equal value and
//      writes the same text again;
//   4. a refusal is invalid_argument with a path from the root ("$...").
#include <string>

#include "fuzz_check.hpp"
#include "json_oracle.hpp"
#include "store/metadata_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = mealy::fuzz::as_text(data, size);
  mealy::Metadata read;
  const mealy::Status status = mealy::detail::read_metadata(input, read);

  mealy::Metadata general;
  const mealy::Status general_status =
      mealy::detail::read_metadata(" " + std::string(input), general);
  FUZZ_CHECK(status.ok() == general_status.ok(),
             "fast path: " + (status.ok() ? std::string("ok") : status.message()) +
                 "; general reader: " +
                 (general_status.ok() ? std::string("ok") : general_status.message()),
             input);
  if (!status.ok()) {
    FUZZ_CHECK(status.code() == mealy::StatusCode::invalid_argument, status.message(), input);
    FUZZ_CHECK(status.message().starts_with("$"), status.message(), input);
    return 0;
  }
  FUZZ_CHECK(general == read, "the two readers read different metadata", input);
  const mealy::fuzz::OracleResult oracle = mealy::fuzz::check_json(input);
  FUZZ_CHECK(oracle.ok, "accepted, but not JSON: " + oracle.why, input);

  std::string written;
  mealy::detail::write_metadata(written, read);
  FUZZ_CHECK(mealy::fuzz::check_json(written).ok, "written metadata is not JSON: " + written,
             input);
  mealy::Metadata again;
  const mealy::Status reread = mealy::detail::read_metadata(written, again);
  FUZZ_CHECK(reread.ok(),
             "written metadata does not read back: " + reread.message() + ": " + written, input);
  FUZZ_CHECK(again == read, "written metadata reads back otherwise: " + written, input);
  std::string rewritten;
  mealy::detail::write_metadata(rewritten, again);
  FUZZ_CHECK(rewritten == written, written + "\n  then: " + rewritten, input);
  return 0;
}
