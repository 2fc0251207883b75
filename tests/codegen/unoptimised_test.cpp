// Generated code compiled without optimisation (-O0: __OPTIMIZE__ is not
// defined, so simdjson would turn its development checks on and change its
// types) against the runtime compiled with it, as a Debug application links a
// Release runtime (issue 12). The decoders must work as in any other build;
// before simdjson's macro was pinned, every from_json here failed with
// "missing required field" or "malformed JSON". Generated code no longer
// names simdjson's types at all (mealy::json::Value is an opaque handle);
// this keeps it so. (consumer.installed checks the same against an installed
// mealy.)
#include <catch2/catch.hpp>
#include <string>

#include "everything.mealy.hpp"

#ifdef __OPTIMIZE__
#error "this file must be compiled without optimisation (see tests/codegen/CMakeLists.txt)"
#endif

namespace box = roundtrip::everything::box;

TEST_CASE("unoptimised generated code decodes with an optimised runtime", "[codegen][build-type]") {
  const std::string command_json =
      R"({"type":"Seal","version":1,"payload":{"by":"me","at":"2026-01-01T00:00:00.000000Z"}})";
  box::Command command;
  REQUIRE(box::from_json(command_json, command).message() == "");
  CHECK(box::to_json(command) == command_json);

  const std::string event_json =
      R"({"type":"Sealed","version":2,"payload":{"by":"me","at":"2026-01-01T00:00:00.000000Z","why":"w"}})";
  box::Event event;
  REQUIRE(box::from_json(event_json, event).message() == "");
  CHECK(box::to_json(event) == event_json);

  box::Aggregate aggregate;
  REQUIRE(
      box::from_json(
          R"({"id":"a","version":"1","state":{"type":"Open","payload":{}},"data":{"contents":[]}})",
          aggregate)
          .message() == "");
  CHECK(aggregate.id == "a");

  roundtrip::everything::Tree tree;
  REQUIRE(roundtrip::everything::from_json(
              R"({"label":"t","children":[{"label":"u","children":[]}]})", tree)
              .message() == "");
  CHECK(tree.children.at(0).label == "u");
  CHECK(box::from_json(R"({"type":"Seal","payload":{"by":"me","by":"you"}})", command).message() ==
        "$.payload.by: duplicate key");
}
