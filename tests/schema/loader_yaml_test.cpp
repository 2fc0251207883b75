// The YAML layer of the loader: encoding, syntax errors and their hints,
// documents, tags, quoting, duplicate keys and aliases.
#include <catch2/catch.hpp>
#include <string>

#include "loader_test_support.hpp"

using mealy::schema::Value;
using mealy::test::at;
using mealy::test::load_text;

TEST_CASE("loader: a NUL byte is refused as a binary file") {
  auto loaded = load_text(std::string("mealy: 1\npackage: a\0b\n", 22));
  CHECK(loaded.file == nullptr);
  CHECK(loaded.messages() ==
        "schema.yaml:2:11: error: file contains a NUL byte; is it a binary file? [encoding]\n");
}

TEST_CASE("loader: invalid UTF-8 is refused at the first bad byte") {
  SECTION("a Latin-1 letter") {
    auto loaded = load_text("mealy: 1\npackage: a\ndoc: caf\xe9\n");
    CHECK(loaded.file == nullptr);
    CHECK(loaded.messages() ==
          "schema.yaml:3:9: error: file is not valid UTF-8 (byte 0xe9) [encoding]\n");
  }
  SECTION("a byte that never occurs in UTF-8") {
    auto loaded = load_text("\xff");
    CHECK(loaded.messages() ==
          "schema.yaml:1:1: error: file is not valid UTF-8 (byte 0xff) [encoding]\n");
  }
  SECTION("an overlong encoding of '/'") {
    auto loaded = load_text("doc: a\xc0\xaf\n");
    CHECK(loaded.messages() ==
          "schema.yaml:1:7: error: file is not valid UTF-8 (byte 0xc0) [encoding]\n");
  }
  SECTION("an encoded UTF-16 surrogate") {
    auto loaded = load_text("doc: \xed\xa0\x80\n");
    CHECK(loaded.messages() ==
          "schema.yaml:1:6: error: file is not valid UTF-8 (byte 0xed) [encoding]\n");
  }
  SECTION("a sequence cut short by the end of the file") {
    auto loaded = load_text("doc: \xe2\x82");
    CHECK(loaded.messages() ==
          "schema.yaml:1:6: error: file is not valid UTF-8 (byte 0xe2) [encoding]\n");
  }
}

TEST_CASE("loader: UTF-8 text and a byte order mark are fine") {
  auto loaded = load_text("\xef\xbb\xbfmealy: 1\npackage: caf\xc3\xa9\ndoc: \xe2\x82\xac 5\n");
  CHECK(loaded.messages() == "");
  REQUIRE(loaded.file != nullptr);
  CHECK(loaded.file->package.text == "caf\xc3\xa9");
  CHECK(loaded.file->doc == "\xe2\x82\xac 5");
  // Columns count bytes of the line as read, the mark's three included.
  CHECK(at(loaded.file->language_version.location) == "1:11");
}

TEST_CASE("loader: an empty file, one with only comments, or a lone null is refused") {
  auto text =
      GENERATE(as<std::string>{}, "", "\n\n", "# only a comment\n# and another\n", "---\n", "~\n");
  auto loaded = load_text(text);
  CHECK(loaded.file == nullptr);
  CHECK(loaded.messages() ==
        "schema.yaml: error: file is empty; a schema starts with 'mealy: 1' [empty-file]\n");
}

TEST_CASE("loader: a second YAML document is refused") {
  auto loaded = load_text("mealy: 1\npackage: a\n---\nmealy: 1\n");
  CHECK(loaded.file == nullptr);
  CHECK(loaded.messages() ==
        "schema.yaml:3:1: error: a schema file holds one YAML document [syntax]\n");
  // Without `---`, yaml-cpp still starts a second document after `...` or
  // after a line that fits no block.
  CHECK(load_text("mealy: 1\n...\npackage: a\n").messages() ==
        "schema.yaml:3:1: error: unexpected content after the end of the document; check the "
        "indentation of this line [syntax]\n");
  CHECK(load_text("- a\n- b\nc: 1\n").messages() ==
        "schema.yaml:3:1: error: unexpected content after the end of the document; check the "
        "indentation of this line [syntax]\n");
}

TEST_CASE("loader: tabs in the indentation say so, whatever yaml-cpp reports") {
  SECTION("a tab before a key (yaml-cpp: illegal map value)") {
    auto loaded = load_text("mealy: 1\npackage: a\ntypes:\n\tMoney: {fields: {}}\n");
    CHECK(loaded.file == nullptr);
    CHECK(loaded.messages() ==
          "schema.yaml:4:1: error: tabs are not allowed for indentation in YAML; use spaces "
          "[syntax]\n");
  }
  SECTION("a tab after spaces (yaml-cpp: illegal tab when looking for indentation)") {
    auto loaded = load_text("mealy: 1\npackage: a\ntypes:\n  A: {enum: []}\n  \tB: {enum: []}\n");
    CHECK(loaded.messages() ==
          "schema.yaml:5:3: error: tabs are not allowed for indentation in YAML; use spaces "
          "[syntax]\n");
  }
  SECTION("a tab before a list item (yaml-cpp: illegal block entry)") {
    auto loaded = load_text("mealy: 1\npackage: a\nimports:\n\t- a.yaml\n");
    CHECK(loaded.messages() ==
          "schema.yaml:4:1: error: tabs are not allowed for indentation in YAML; use spaces "
          "[syntax]\n");
  }
}

TEST_CASE("loader: an unquoted T? in a flow collection says to quote it") {
  SECTION("in a flow map") {
    auto loaded = load_text("mealy: 1\npackage: a\ntypes:\n  A: {fields: {note: string?}}\n");
    CHECK(loaded.file == nullptr);
    CHECK(loaded.messages() ==
          "schema.yaml:4:22: error: 'string?' is not valid YAML inside '{...}' or '[...]'; quote "
          "it (\"string?\") or write optional<string> [syntax]\n");
  }
  SECTION("a compound type, followed by a space") {
    auto loaded = load_text("fields: {note: list<int32>? }\n");
    CHECK(loaded.messages() ==
          "schema.yaml:1:16: error: 'list<int32>?' is not valid YAML inside '{...}' or '[...]'; "
          "quote it (\"list<int32>?\") or write optional<list<int32>> [syntax]\n");
  }
  SECTION("with a space before the '?'") {
    auto loaded = load_text("fields: {tags: list<string> ?}\n");
    CHECK(loaded.messages() ==
          "schema.yaml:1:16: error: 'list<string>?' is not valid YAML inside '{...}' or '[...]'; "
          "quote it (\"list<string>?\") or write optional<list<string>> [syntax]\n");
  }
  SECTION("in a flow sequence") {
    auto loaded = load_text("x: [string?]\n");
    CHECK(loaded.messages() ==
          "schema.yaml:1:5: error: 'string?' is not valid YAML inside '{...}' or '[...]'; quote "
          "it (\"string?\") or write optional<string> [syntax]\n");
  }
  SECTION("quoted, or in block style, it is valid") {
    auto loaded = load_text(
        "mealy: 1\npackage: a\ntypes:\n  A:\n    fields: {note: \"string?\"}\n  B:\n    fields:\n"
        "      note: string?\n");
    CHECK(loaded.messages() == "");
    REQUIRE(loaded.file != nullptr);
    CHECK(loaded.file->types.at(0).fields.at(0).type.spelling == "string?");
    CHECK(loaded.file->types.at(1).fields.at(0).type.spelling == "string?");
  }
}

TEST_CASE("loader: unclosed brackets name where they open") {
  SECTION("a list") {
    auto loaded = load_text("mealy: 1\npackage: a\ntypes:\n  C:\n    enum: [EUR, USD\n  D: {}\n");
    CHECK(loaded.file == nullptr);
    CHECK(loaded.messages() ==
          "schema.yaml:6:4: error: expected ',' or ']' in the list that starts at line 5, column "
          "11 [syntax]\n");
  }
  SECTION("a map") {
    auto loaded = load_text("a: {b: 1\nc: 2\n");
    CHECK(loaded.messages() ==
          "schema.yaml:2:2: error: expected ',' or '}' in the map that starts at line 1, column 4 "
          "[syntax]\n");
  }
  SECTION("at the end of the file") {
    auto loaded = load_text("a: [1, 2");
    CHECK(loaded.messages() ==
          "schema.yaml:1:9: error: expected ',' or ']' in the list that starts at line 1, column 4 "
          "[syntax]\n");
  }
  SECTION("a closing bracket with no opening one") {
    auto loaded = load_text("a: 1\n]\n");
    CHECK(loaded.messages() == "schema.yaml:2:1: error: illegal flow end [syntax]\n");
  }
}

TEST_CASE("loader: bad indentation points at the line") {
  SECTION("a key indented less than its siblings") {
    auto loaded = load_text("types:\n  A:\n    enum: []\n B:\n    enum: []\n");
    CHECK(loaded.file == nullptr);
    CHECK(loaded.messages() ==
          "schema.yaml:4:2: error: end of map not found; check the indentation of this line "
          "[syntax]\n");
  }
  SECTION("a key indented more than its siblings") {
    auto loaded = load_text("types:\n  A:\n    enum: []\n      doc: x\n");
    CHECK(loaded.messages() ==
          "schema.yaml:4:7: error: end of map not found; check the indentation of this line "
          "[syntax]\n");
  }
  SECTION("a value holding ': '") {
    auto loaded = load_text("doc: note: this\n");
    CHECK(loaded.messages() ==
          "schema.yaml:1:10: error: illegal map value; check the indentation, or quote a value "
          "that contains ': ' [syntax]\n");
  }
  SECTION("a list item less indented than its siblings") {
    auto loaded = load_text("- - x\n  - y\n - z\n");
    CHECK(loaded.messages() ==
          "schema.yaml:3:2: error: end of sequence not found; check the indentation of this line "
          "[syntax]\n");
  }
  SECTION("a list on the line of its key") {
    auto loaded = load_text("imports: - a.yaml\n");
    CHECK(loaded.messages() ==
          "schema.yaml:1:10: error: illegal block entry; a '-' list item cannot start here; check "
          "the indentation [syntax]\n");
  }
  SECTION("a list item where a key belongs") {
    auto loaded = load_text("mealy: 1\n- a\n");
    CHECK(loaded.messages() ==
          "schema.yaml:2:1: error: end of map not found; check the indentation of this line "
          "[syntax]\n");
  }
}

TEST_CASE("loader: other syntax errors keep yaml-cpp's words, made readable") {
  SECTION("a reserved indicator") {
    auto loaded = load_text("doc: @home\n");
    CHECK(loaded.messages() ==
          "schema.yaml:1:6: error: '@' is reserved in YAML and cannot start a plain scalar; quote "
          "the value [syntax]\n");
  }
  SECTION("an unknown escape") {
    auto loaded = load_text("doc: \"a\\qb\"\n");
    CHECK(loaded.messages() == "schema.yaml:1:10: error: unknown escape character: q [syntax]\n");
  }
  SECTION("a YAML directive for a later version") {
    auto loaded = load_text("%YAML 2.0\n---\nmealy: 1\n");
    CHECK(loaded.messages() == "schema.yaml:1:1: error: YAML major version too large [syntax]\n");
  }
  SECTION("an alias to no anchor") {
    auto loaded = load_text("doc: *nowhere\n");
    CHECK(loaded.messages() ==
          "schema.yaml:1:6: error: the referenced anchor is not defined [syntax]\n");
  }
}

TEST_CASE("loader: an unclosed quote is an error, not the rest of the file") {
  // yaml-cpp accepts both and reads every following line into the string.
  SECTION("double quotes") {
    auto loaded = load_text("mealy: 1\npackage: \"shop\ntypes: {}\n");
    CHECK(loaded.file == nullptr);
    CHECK(loaded.messages() ==
          "schema.yaml:2:10: error: missing the closing '\"' of this quoted string [syntax]\n");
  }
  SECTION("double quotes ending in an escaped quote") {
    auto loaded = load_text("doc: \"say \\\"\n");
    CHECK(loaded.messages() ==
          "schema.yaml:1:6: error: missing the closing '\"' of this quoted string [syntax]\n");
  }
  SECTION("single quotes ending in a doubled quote") {
    auto loaded = load_text("doc: 'it''\n");
    CHECK(loaded.messages() ==
          "schema.yaml:1:6: error: missing the closing \"'\" of this quoted string [syntax]\n");
  }
  SECTION("closed quotes spanning lines are fine") {
    auto loaded = load_text("mealy: 1\npackage: a\ndoc: \"one\n  two \\\" three\"\n");
    CHECK(loaded.messages() == "");
    REQUIRE(loaded.file != nullptr);
    CHECK(loaded.file->doc == "one two \" three");
  }
}

TEST_CASE("loader: YAML tags are refused, the non-specific '!' is not") {
  auto loaded = load_text(
      "mealy: 1\npackage: !!str shop\ndoc: !note text\ntypes: !!map {}\n"
      "aggregates: ! {}\n");
  CHECK(loaded.messages() ==
        "schema.yaml:2:10: error: YAML tags are not supported [shape]\n"
        "schema.yaml:3:6: error: YAML tags are not supported [shape]\n"
        "schema.yaml:4:8: error: YAML tags are not supported [shape]\n");
  REQUIRE(loaded.file != nullptr);
  CHECK(loaded.file->package.text == "shop");
}

TEST_CASE("loader: duplicate keys are reported at the second, which is dropped") {
  SECTION("at the top level") {
    auto loaded = load_text("mealy: 1\npackage: shop.orders\npackage: shop.money\n");
    CHECK(loaded.messages() ==
          "schema.yaml:3:1: error: duplicate key 'package'; first defined at line 2, column 1 "
          "[duplicate-key]\n");
    REQUIRE(loaded.file != nullptr);
    CHECK(loaded.file->package.text == "shop.orders");
  }
  SECTION("three times in a flow map, quoted or not") {
    auto loaded = load_text(
        "mealy: 1\npackage: a\naggregates:\n  O:\n"
        "    commands: {Open: {}, Ship: {}, \"Open\": {}, 'Open': {}}\n");
    CHECK(loaded.messages() ==
          "schema.yaml:5:36: error: duplicate key 'Open'; first defined at line 5, column 16 "
          "[duplicate-key]\n"
          "schema.yaml:5:48: error: duplicate key 'Open'; first defined at line 5, column 16 "
          "[duplicate-key]\n");
    REQUIRE(loaded.file != nullptr);
    CHECK(loaded.file->aggregates.at(0).commands.size() == 2);
  }
  SECTION("a command handled twice in a state's 'on'") {
    auto loaded = load_text(
        "mealy: 1\npackage: a\naggregates:\n  Order:\n    states:\n      Placed:\n        on:\n"
        "          Ship: {emit: Shipped}\n          Ship: {emit: Placed}\n");
    CHECK(loaded.messages() ==
          "schema.yaml:9:11: error: duplicate key 'Ship'; first defined at line 8, column 11 "
          "[duplicate-key]\n");
    REQUIRE(loaded.file != nullptr);
    const auto& on = loaded.file->aggregates.at(0).states.at(0).on;
    REQUIRE(on.size() == 1);
    CHECK(on[0].alternatives.at(0).emit.at(0).text == "Shipped");
  }
}

TEST_CASE("loader: YAML 1.1 booleans are plain strings, 'on' included") {
  auto loaded = load_text(
      "mealy: 1\npackage: a\ntypes:\n  Answer:\n    enum: [yes, no, on, off, y, n, True]\n");
  CHECK(loaded.messages() == "");
  REQUIRE(loaded.file != nullptr);
  const auto& members = loaded.file->types.at(0).members;
  REQUIRE(members.size() == 7);
  CHECK(members[0].name.text == "yes");
  CHECK(members[2].name.text == "on");
  CHECK(members[6].name.text == "True");
}

TEST_CASE("loader: values keep their quoting, kind and location") {
  auto loaded = load_text(
      "mealy: 1\npackage: a\ntypes:\n  A:\n    fields:\n"
      "      a: {type: string, default: \"1\"}\n"
      "      b: {type: int32, default: 1, min: -5, max: 0x10}\n"
      "      c: {type: optional<int32>, default: ~}\n"
      "      d: {type: list<int32>, default: [1, '2', [3]]}\n"
      "      e: {type: \"map<string, int32>\", default: {x: 1, y: null}}\n"
      "      f:\n        type: string\n        default: |\n          two\n          lines\n");
  CHECK(loaded.messages() == "");
  REQUIRE(loaded.file != nullptr);
  const auto& fields = loaded.file->types.at(0).fields;
  REQUIRE(fields.size() == 6);

  const Value& quoted = *fields[0].default_written;
  CHECK(quoted.kind == Value::Kind::scalar);
  CHECK(quoted.text == "1");
  CHECK(quoted.quoted);
  CHECK(at(quoted.location) == "6:34");

  const Value& plain = *fields[1].default_written;
  CHECK(plain.text == "1");
  CHECK_FALSE(plain.quoted);
  CHECK(fields[1].min->text == "-5");
  CHECK(fields[1].max->text == "0x10");

  CHECK(fields[2].default_written->kind == Value::Kind::null);
  CHECK(at(fields[2].default_written->location) == "8:43");

  const Value& list = *fields[3].default_written;
  REQUIRE(list.kind == Value::Kind::list);
  REQUIRE(list.items.size() == 3);
  CHECK(list.items[1].text == "2");
  CHECK(list.items[1].quoted);
  CHECK(list.items[2].kind == Value::Kind::list);
  CHECK(list.items[2].items.at(0).text == "3");

  const Value& map = *fields[4].default_written;
  REQUIRE(map.kind == Value::Kind::map);
  REQUIRE(map.entries.size() == 2);
  CHECK(map.entries[0].first.text == "x");
  CHECK(at(map.entries[0].first.location) == "10:49");
  CHECK(map.entries[0].second.text == "1");
  CHECK(map.entries[1].second.kind == Value::Kind::null);

  const Value& block = *fields[5].default_written;
  CHECK(block.text == "two\nlines\n");
  CHECK(block.quoted);
}

TEST_CASE("loader: an alias stands for the anchored value") {
  auto loaded = load_text(
      "mealy: 1\npackage: a\ntypes:\n  A:\n    fields:\n"
      "      a: {type: list<int32>, default: &three [1, 2, 3]}\n"
      "      b: {type: list<int32>, default: *three}\n");
  CHECK(loaded.messages() == "");
  REQUIRE(loaded.file != nullptr);
  const auto& fields = loaded.file->types.at(0).fields;
  REQUIRE(fields.size() == 2);
  CHECK(fields[1].default_written->items.size() == 3);
  CHECK(fields[1].default_written->items[2].text == "3");
  // The alias is the anchored node itself, with the anchor's location.
  CHECK(at(fields[1].default_written->location) == at(fields[0].default_written->location));
}

TEST_CASE("loader: an alias inside its own anchor is refused") {
  auto loaded = load_text("mealy: 1\npackage: a\ndoc: &loop [1, [*loop]]\n");
  CHECK(loaded.file == nullptr);
  CHECK(loaded.messages() ==
        "schema.yaml:3:17: error: alias '*loop' refers to a node that contains it "
        "[yaml-limits]\n");
}

TEST_CASE(
    "loader: YAML escapes decode to UTF-8, the next-line and no-break-space escapes included") {
  // yaml-cpp 0.7 gives the single bytes 0x85 and 0xA0 for \N and \_.
  auto loaded = load_text(
      "mealy: 1\npackage: a\ntypes:\n  A:\n    fields:\n"
      "      a: {type: string, default: \"a\\Nb\\_c\"}\n"
      "      b: {type: string, default: \"\\x85\\u00e9\\0\\e\\L\"}\n"
      "      c: {type: string, default: \"é\\_\"}\n");
  CHECK(loaded.messages() == "");
  REQUIRE(loaded.file != nullptr);
  const auto& fields = loaded.file->types.at(0).fields;
  REQUIRE(fields.size() == 3);
  CHECK(fields[0].default_written->text ==
        "a\xC2\x85"
        "b\xC2\xA0"
        "c");
  CHECK(fields[1].default_written->text == std::string("\xC2\x85\xC3\xA9\0\x1B\xE2\x80\xA8", 9));
  CHECK(fields[2].default_written->text == "\xC3\xA9\xC2\xA0");
}
