// The fingerprint changes exactly when stored data would read differently.
#include "mealy/schema/fingerprint.hpp"

#include <catch2/catch.hpp>

#include "schema_test_support.hpp"

using mealy::test::compile_text;

namespace {

std::uint64_t fingerprint_of(const std::string& schema) {
  auto compiled = compile_text(schema);
  INFO(compiled.diagnostics.size());
  REQUIRE(compiled.model);
  return mealy::schema::fingerprint(compiled.model->root().aggregates.at(0));
}

std::string lamp(const std::string& level_type, const std::string& doc) {
  return "mealy: 1\npackage: t\naggregates:\n  Lamp:\n    doc: " + doc +
         "\n    commands: {Dim: {fields: {level: " + level_type +
         "}}}\n"
         "    events: {Dimmed: {fields: {level: " +
         level_type +
         "}}}\n"
         "    states:\n      On: {initial: true, on: {Dim: {emit: Dimmed, to: Low}}}\n"
         "      Low: {final: true, fields: {level: " +
         level_type + "}}\n";
}

}  // namespace

TEST_CASE("the fingerprint is stable and ignores docs", "[fingerprint]") {
  CHECK(fingerprint_of(lamp("int32", "a lamp")) == fingerprint_of(lamp("int32", "a lamp")));
  CHECK(fingerprint_of(lamp("int32", "a lamp")) == fingerprint_of(lamp("int32", "another doc")));
  // The same on every machine and in every language: FNV-1a of a fixed text.
  CHECK(fingerprint_of(lamp("int32", "x")) == 0xe7544239e337203full);
}

TEST_CASE("the fingerprint changes with the stored data's meaning", "[fingerprint]") {
  CHECK(fingerprint_of(lamp("int32", "x")) != fingerprint_of(lamp("int64", "x")));
}
