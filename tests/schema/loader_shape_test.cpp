// The shape of the document: unknown and missing keys, nodes of the wrong
// kind, values that do not fit, and what null means where.
#include <catch2/catch.hpp>
#include <string>

#include "loader_test_support.hpp"

using mealy::schema::IdKind;
using mealy::test::at;
using mealy::test::load_text;

namespace {

// The two keys every schema needs, so that tests show only their own errors.
std::string schema(const std::string& rest) {
  return "mealy: 1\npackage: a\n" + rest;
}

}  // namespace

TEST_CASE("loader: unknown keys list the known ones and suggest a close one") {
  auto loaded = load_text(schema("pakage: b\nDoc: x\nimport: []\nzzz: 1\n"));
  CHECK(loaded.messages() ==
        "schema.yaml:3:1: error: unknown key 'pakage'; expected one of mealy, package, doc, "
        "imports, types, aggregates; did you mean 'package'? [unknown-key]\n"
        "schema.yaml:4:1: error: unknown key 'Doc'; expected one of mealy, package, doc, imports, "
        "types, aggregates; did you mean 'doc'? [unknown-key]\n"
        "schema.yaml:5:1: error: unknown key 'import'; expected one of mealy, package, doc, "
        "imports, types, aggregates; did you mean 'imports'? [unknown-key]\n"
        "schema.yaml:6:1: error: unknown key 'zzz'; expected one of mealy, package, doc, imports, "
        "types, aggregates [unknown-key]\n");
  // An unknown key is left out; the rest loads.
  REQUIRE(loaded.file != nullptr);
  CHECK(loaded.file->package.text == "a");
  CHECK(loaded.file->doc.empty());
}

TEST_CASE("loader: every map names its own keys when one is unknown") {
  auto loaded =
      load_text(schema("types:\n"
                       "  E: {fields: {a: int32}, feilds: {}}\n"
                       "  R:\n"
                       "    fields:\n"
                       "      e: {type: int32, dflt: 1}\n"
                       "aggregates:\n"
                       "  C:\n"
                       "    comands: {}\n"
                       "    commands:\n"
                       "      D: {doc: d, field: {}}\n"
                       "    events:\n"
                       "      V: {versoin: 2}\n"
                       "    states:\n"
                       "      S: {intial: true}\n"
                       "    on:\n"
                       "      D: {emitt: X}\n"));
  CHECK(loaded.messages() ==
        "schema.yaml:4:27: error: unknown key 'feilds' in type 'E'; expected one of doc, fields, "
        "enum; did you mean 'fields'? [unknown-key]\n"
        "schema.yaml:7:24: error: unknown key 'dflt' in field 'e'; expected one of type, doc, "
        "default, since, min, max, min_length, max_length [unknown-key]\n"
        "schema.yaml:10:5: error: unknown key 'comands' in aggregate 'C'; expected one of doc, id, "
        "fields, commands, events, states, on, snapshot_every; did you mean 'commands'? "
        "[unknown-key]\n"
        "schema.yaml:12:19: error: unknown key 'field' in command 'D'; expected one of doc, "
        "fields; did you mean 'fields'? [unknown-key]\n"
        "schema.yaml:14:11: error: unknown key 'versoin' in event 'V'; expected one of doc, "
        "version, fields, apply, renamed_from, upcast, retired; did you mean 'version'? "
        "[unknown-key]\n"
        "schema.yaml:16:11: error: unknown key 'intial' in state 'S'; expected one of doc, "
        "initial, final, fields, on; did you mean 'initial'? [unknown-key]\n"
        "schema.yaml:18:11: error: unknown key 'emitt' in transition; expected one of emit, to, "
        "guard, action, reject, doc; did you mean 'emit'? [unknown-key]\n");
}

TEST_CASE("loader: missing 'mealy' or 'package' is reported at the top-level map") {
  CHECK(load_text("mealy: 1\ndoc: x\n").messages() ==
        "schema.yaml:1:1: error: missing key 'package' [missing-key]\n");
  CHECK(load_text("# a comment first\npackage: a\n").messages() ==
        "schema.yaml:2:1: error: missing key 'mealy' [missing-key]\n");
}

TEST_CASE("loader: a top level that is not a map is a shape error") {
  CHECK(load_text("- a\n- b\n").messages() ==
        "schema.yaml:1:1: error: expected a map with 'mealy' and 'package' at the top level, "
        "found a list [shape]\n");
  auto loaded = load_text("just a scalar\n");
  CHECK(loaded.messages() ==
        "schema.yaml:1:1: error: expected a map with 'mealy' and 'package' at the top level, "
        "found a scalar [shape]\n");
  // A shape error is not fatal: the (empty) file comes back.
  CHECK(loaded.file != nullptr);
}

TEST_CASE("loader: top-level keys of the wrong kind") {
  auto loaded = load_text(
      "mealy: [1]\npackage: {a: b}\ndoc: [x]\nimports: a.yaml\ntypes: [A]\naggregates: x\n");
  CHECK(loaded.messages() ==
        "schema.yaml:1:8: error: 'mealy' must be the language version, found a list [shape]\n"
        "schema.yaml:2:10: error: 'package' must be a package name, found a map [shape]\n"
        "schema.yaml:3:6: error: 'doc' must be text, found a list [shape]\n"
        "schema.yaml:4:10: error: expected a list of import paths, found a scalar [shape]\n"
        "schema.yaml:5:8: error: expected a map of type names to types, found a list [shape]\n"
        "schema.yaml:6:13: error: expected a map of aggregate names to aggregates, found a scalar "
        "[shape]\n");
  CHECK(load_text("mealy: 1\npackage:\n").messages() ==
        "schema.yaml:2:1: error: 'package' must be a package name, found null [shape]\n");
}

TEST_CASE("loader: imports are a list of paths") {
  auto loaded = load_text(schema("imports: [money.yaml, [b], ~]\n"));
  CHECK(loaded.messages() ==
        "schema.yaml:3:23: error: expected an import path, found a list [shape]\n"
        "schema.yaml:3:28: error: expected an import path, found null [shape]\n");
  REQUIRE(loaded.file != nullptr);
  REQUIRE(loaded.file->imports.size() == 1);
  CHECK(loaded.file->imports[0].path.text == "money.yaml");
  CHECK(at(loaded.file->imports[0].path.location) == "3:11");
  CHECK(loaded.file->imports[0].file == nullptr);
}

TEST_CASE("loader: a type is a record or an enum, never both or neither") {
  auto loaded = load_text(schema(
      "types:\n  A: {doc: x}\n  B: {fields: {}, enum: []}\n  C: x\n  D:\n  ? [F]\n  : {enum: []}\n"
      "  G: {doc: kept, fields: }\n"));
  CHECK(loaded.messages() ==
        "schema.yaml:4:3: error: type 'A' needs 'fields' (a record) or 'enum' (an enum) [shape]\n"
        "schema.yaml:5:3: error: type 'B' has both 'fields' and 'enum'; a type is a record or an "
        "enum [shape]\n"
        "schema.yaml:6:6: error: expected a map with 'fields' or 'enum' for type 'C', found a "
        "scalar [shape]\n"
        "schema.yaml:7:3: error: expected a map with 'fields' or 'enum' for type 'D', found null "
        "[shape]\n"
        "schema.yaml:8:5: error: expected a name as key, found a list [shape]\n");
  REQUIRE(loaded.file != nullptr);
  REQUIRE(loaded.file->types.size() == 1);
  const auto& kept = loaded.file->types[0];
  CHECK(kept.name.text == "G");
  CHECK(kept.doc == "kept");
  CHECK_FALSE(kept.is_enum);
  CHECK(kept.fields.empty());
}

TEST_CASE("loader: enum members are names, or one name mapped to its doc") {
  auto loaded =
      load_text(schema("types:\n  A: {enum: [X, {Y: the y}, {Z: [1]}, {P: 1, Q: 2}, [R], ~]}\n"
                       "  B: {enum: {X: 1}}\n  C: {enum: }\n"));
  CHECK(loaded.messages() ==
        "schema.yaml:4:33: error: 'Z' must be text, found a list [shape]\n"
        "schema.yaml:4:39: error: expected an enum member name, or a map of one name to its doc, "
        "found a map with 2 entries [shape]\n"
        "schema.yaml:4:53: error: expected an enum member name, or a map of one name to its doc, "
        "found a list [shape]\n"
        "schema.yaml:4:58: error: expected an enum member name, or a map of one name to its doc, "
        "found null [shape]\n"
        "schema.yaml:5:13: error: expected a list of enum members, found a map [shape]\n");
  REQUIRE(loaded.file != nullptr);
  const auto& types = loaded.file->types;
  REQUIRE(types.size() == 3);
  REQUIRE(types[0].members.size() == 2);
  CHECK(types[0].members[0].name.text == "X");
  CHECK(types[0].members[0].doc.empty());
  CHECK(types[0].members[1].name.text == "Y");
  CHECK(at(types[0].members[1].name.location) == "4:18");
  CHECK(types[0].members[1].doc == "the y");
  CHECK(types[2].is_enum);
  CHECK(types[2].members.empty());
}

TEST_CASE("loader: fields are a type, or a map with 'type' and options") {
  auto loaded = load_text(schema(
      "types:\n  A:\n    fields:\n"
      "      a: ~\n      b: [int32]\n      c: {doc: x}\n      d: {type: [int32]}\n"
      "      e: {type: int32, since: 0, min_length: -1, max_length: \"3\"}\n"
      "      f: {type: int32, since: 99999999999}\n      g:\n"
      "      h: {type: string, doc: \"kept\", min_length: 0, max_length: 18446744073709551615}\n"));
  CHECK(loaded.messages() ==
        "schema.yaml:6:10: error: expected a type or a map with 'type' in field 'a', found null "
        "[shape]\n"
        "schema.yaml:7:10: error: expected a type or a map with 'type' in field 'b', found a list "
        "[shape]\n"
        "schema.yaml:8:10: error: missing key 'type' in field 'c' [missing-key]\n"
        "schema.yaml:9:17: error: 'type' must be a type expression, found a list [shape]\n"
        "schema.yaml:10:31: error: 'since' must be a positive integer, found '0' [value]\n"
        "schema.yaml:10:46: error: 'min_length' must be a non-negative integer, found '-1' "
        "[value]\n"
        "schema.yaml:10:62: error: 'max_length' must be a non-negative integer, found \"3\" (a "
        "quoted string) [value]\n"
        "schema.yaml:11:31: error: 'since' must be a positive integer up to 4294967295, found "
        "'99999999999' [value]\n"
        "schema.yaml:12:7: error: expected a type or a map with 'type' in field 'g', found null "
        "[shape]\n");
  REQUIRE(loaded.file != nullptr);
  const auto& fields = loaded.file->types.at(0).fields;
  // A field without a readable type is left out; one with a bad option keeps
  // the rest.
  REQUIRE(fields.size() == 3);
  CHECK(fields[0].name.text == "e");
  CHECK(fields[0].since == 0U);
  CHECK_FALSE(fields[0].min_length.has_value());
  CHECK(fields[1].name.text == "f");
  CHECK(fields[2].doc == "kept");
  CHECK(fields[2].min_length == 0U);
  CHECK(fields[2].max_length == 18446744073709551615U);
}

TEST_CASE("loader: aggregates, with their id and snapshot settings") {
  auto loaded = load_text(
      schema("aggregates:\n  A: x\n  B:\n  C:\n    id: float64\n    snapshot_every: 0\n"
             "  D:\n    id: [uuid]\n    snapshot_every: often\n    fields: x\n"
             "  E:\n    id: int64\n    snapshot_every: 250\n  F: {id: string}\n  G: {}\n"));
  CHECK(loaded.messages() ==
        "schema.yaml:4:6: error: expected a map for aggregate 'A', found a scalar [shape]\n"
        "schema.yaml:5:3: error: expected a map for aggregate 'B', found null [shape]\n"
        "schema.yaml:7:9: error: 'id' must be uuid, string or int64, found 'float64' [value]\n"
        "schema.yaml:8:21: error: 'snapshot_every' must be a positive integer, found '0' [value]\n"
        "schema.yaml:10:9: error: 'id' must be uuid, string or int64, found a list [shape]\n"
        "schema.yaml:11:21: error: 'snapshot_every' must be a positive integer, found 'often' "
        "[value]\n"
        "schema.yaml:12:13: error: expected a map of field names to types, found a scalar "
        "[shape]\n");
  REQUIRE(loaded.file != nullptr);
  const auto& aggregates = loaded.file->aggregates;
  REQUIRE(aggregates.size() == 5);
  CHECK(aggregates[0].name.text == "C");
  CHECK(aggregates[0].id == IdKind::uuid);
  CHECK(at(aggregates[0].id_location) == "6:3");  // no valid id: the aggregate's name
  CHECK_FALSE(aggregates[0].snapshot_every.has_value());
  CHECK(aggregates[2].id == IdKind::int64);
  CHECK(at(aggregates[2].id_location) == "14:9");
  CHECK(aggregates[2].snapshot_every == 250U);
  CHECK(aggregates[3].id == IdKind::string);
  CHECK(aggregates[4].name.text == "G");
}

TEST_CASE("loader: commands, events and states may be null or maps") {
  auto loaded = load_text(schema(
      "aggregates:\n  O:\n    commands:\n      A:\n      B: {}\n      C: x\n"
      "      D: {doc: d, fields: {x: int32}}\n"
      "    events:\n      E:\n"
      "      F: {version: two, retired: yes, renamed_from: [Old, [x]], apply: [a], upcast: up}\n"
      "      G: {version: 3, retired: true, renamed_from: Older, apply: grow, doc: g}\n"
      "      H: [x]\n"
      "    states:\n      S:\n      T: {initial: \"true\", final: 1, on: }\n      U: x\n"
      "      V: {initial: true, final: false, doc: v, fields: {n: int32}}\n"));
  CHECK(loaded.messages() ==
        "schema.yaml:8:10: error: expected a map for command 'C', found a scalar [shape]\n"
        "schema.yaml:12:20: error: 'version' must be a positive integer, found 'two' [value]\n"
        "schema.yaml:12:72: error: 'apply' must be a hook name, found a list [shape]\n"
        "schema.yaml:12:59: error: expected an event name in 'renamed_from', found a list "
        "[shape]\n"
        "schema.yaml:12:34: error: 'retired' must be true or false, found 'yes' [value]\n"
        "schema.yaml:14:10: error: expected a map for event 'H', found a list [shape]\n"
        "schema.yaml:17:20: error: 'initial' must be true or false, found \"true\" (a quoted "
        "string) [value]\n"
        "schema.yaml:17:35: error: 'final' must be true or false, found '1' [value]\n"
        "schema.yaml:18:10: error: expected a map for state 'U', found a scalar [shape]\n");
  REQUIRE(loaded.file != nullptr);
  const auto& order = loaded.file->aggregates.at(0);

  REQUIRE(order.commands.size() == 3);
  CHECK(order.commands[0].name.text == "A");
  CHECK(order.commands[2].doc == "d");
  CHECK(order.commands[2].fields.at(0).name.text == "x");

  REQUIRE(order.events.size() == 3);
  const auto& plain = order.events[0];
  CHECK(plain.name.text == "E");
  CHECK(plain.version == 1U);
  CHECK(at(plain.version_location) == "11:7");
  const auto& broken = order.events[1];
  CHECK(broken.version == 1U);
  CHECK(broken.renamed_from.empty());
  CHECK(broken.upcast.text == "up");
  CHECK_FALSE(broken.retired);
  const auto& grown = order.events[2];
  CHECK(grown.version == 3U);
  CHECK(grown.retired);
  REQUIRE(grown.renamed_from.size() == 1);
  CHECK(grown.renamed_from[0].text == "Older");
  CHECK(at(grown.renamed_from[0].location) == "13:52");
  CHECK(grown.apply.text == "grow");
  CHECK(grown.doc == "g");

  REQUIRE(order.states.size() == 3);
  CHECK(order.states[0].name.text == "S");
  CHECK_FALSE(order.states[0].has_on);
  CHECK(order.states[1].has_on);  // `on:` with nothing is present, and empty
  CHECK(order.states[1].on.empty());
  CHECK_FALSE(order.states[1].initial);
  const auto& valid = order.states[2];
  CHECK(valid.initial);
  CHECK_FALSE(valid.final);
  CHECK(valid.doc == "v");
  CHECK(valid.fields.at(0).name.text == "n");
}

TEST_CASE("loader: renamed_from takes one name or a list of them") {
  auto loaded = load_text(
      schema("aggregates:\n  O:\n    events:\n      Placed: {renamed_from: [Ordered, Booked]}\n"
             "      Paid: {renamed_from: {x: 1}}\n"));
  CHECK(loaded.messages() ==
        "schema.yaml:7:28: error: 'renamed_from' must be an event name or a list of them, found a "
        "map [shape]\n");
  REQUIRE(loaded.file != nullptr);
  const auto& renamed = loaded.file->aggregates.at(0).events.at(0).renamed_from;
  REQUIRE(renamed.size() == 2);
  CHECK(renamed[1].text == "Booked");
  CHECK(at(renamed[1].location) == "6:40");
}

TEST_CASE("loader: 'on' maps commands to one transition or a list of alternatives") {
  auto loaded = load_text(schema(
      "aggregates:\n  O:\n    on:\n      A:\n      B: {}\n"
      "      C: [{guard: g, emit: [E1, E2]}, ~, {emit: []}, x]\n      D: x\n"
      "      E: {to: [S], guard: ~, action: {}, reject: r, doc: d}\n"
      "      F: {emit: {x: 1}}\n      G: {emit: [x, [y]]}\n      H: []\n"
      "      I:\n        - guard: ok\n          action: build\n          to: Done\n"
      "          doc: |\n            checks\n            then builds\n        - reject: no\n"));
  CHECK(loaded.messages() ==
        "schema.yaml:8:54: error: expected a transition (a map) for 'C', found a scalar [shape]\n"
        "schema.yaml:9:10: error: expected a transition or a list of transitions for 'D', found "
        "a scalar [shape]\n"
        "schema.yaml:10:15: error: 'to' must be a state name, found a list [shape]\n"
        "schema.yaml:10:27: error: 'guard' must be a guard name, found null [shape]\n"
        "schema.yaml:10:38: error: 'action' must be an action name, found a map [shape]\n"
        "schema.yaml:11:17: error: 'emit' must be an event name or a list of them, found a map "
        "[shape]\n"
        "schema.yaml:12:21: error: expected an event name in 'emit', found a list [shape]\n");
  REQUIRE(loaded.file != nullptr);
  const auto& on = loaded.file->aggregates.at(0).on;
  REQUIRE(on.size() == 8);

  // A null or empty transition is one alternative with nothing in it.
  CHECK(on[0].command.text == "A");
  REQUIRE(on[0].alternatives.size() == 1);
  CHECK(at(on[0].alternatives[0].location) == "6:7");
  CHECK(on[0].alternatives[0].emit.empty());
  REQUIRE(on[1].alternatives.size() == 1);
  CHECK(at(on[1].alternatives[0].location) == "7:10");

  const auto& c = on[2];
  REQUIRE(c.alternatives.size() == 3);
  CHECK(at(c.alternatives[0].location) == "8:11");
  CHECK(c.alternatives[0].guard.text == "g");
  REQUIRE(c.alternatives[0].emit.size() == 2);
  CHECK(c.alternatives[0].emit[1].text == "E2");
  CHECK(at(c.alternatives[0].emit[1].location) == "8:33");
  CHECK(at(c.alternatives[1].location) == "8:7");  // null: the command's key
  CHECK(c.alternatives[2].emit.empty());

  CHECK(on[3].command.text == "E");  // D, a scalar, is left out
  CHECK_FALSE(on[3].alternatives.at(0).to.has_value());
  CHECK(on[3].alternatives.at(0).reject.text == "r");
  CHECK(on[3].alternatives.at(0).doc == "d");
  CHECK(on[6].command.text == "H");
  CHECK(on[6].alternatives.empty());

  const auto& i = on[7];
  REQUIRE(i.alternatives.size() == 2);
  CHECK(at(i.alternatives[0].location) == "15:11");
  CHECK(i.alternatives[0].action.text == "build");
  CHECK(i.alternatives[0].to->text == "Done");
  CHECK(i.alternatives[0].doc == "checks\nthen builds\n");
  CHECK(i.alternatives[1].reject.text == "no");
}
