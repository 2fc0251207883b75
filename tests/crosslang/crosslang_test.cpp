// The cross-language suite: the generated TypeScript, compiled with the
// pinned tsc (the fixture test crosslang.compile) and run with Node
// (driver.ts), against the generated C++, for the same schemas:
//
//   1. C++ encodes seeded random values of every generated type, Node decodes
//      and re-encodes each, C++ decodes Node's text: the bytes are identical
//      and the values equal;
//   2. a corpus of bad JSON (bad_json.txt) is refused by both with the same
//      error, path and message; malformed JSON (malformed_json.txt) and
//      stored payloads that are not strict JSON are refused by both; JSON
//      written otherwise than canonically (good_json.txt: escaped keys, keys
//      in any order, unknown keys) decodes alike;
//   3. events written with account_v1.yaml decode with account_v2.yaml, upcast
//      hooks included, to the same bytes on both sides;
//   4. the machine as data (nextState, acceptedCommands) says what C++'s
//      evolve and decide do, for every state, event and command;
//   5. replaying random event streams from a snapshot gives the same snapshot;
//   6. constraint checks of random commands give the same violation.
//
// Every case sends its requests to one Node process (see driver.ts for the
// protocol). When Node or the compiled driver is missing, the cases fail.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "account_v1.mealy.hpp"
#include "account_v2.mealy.hpp"
#include "everything.mealy.hpp"
#include "order.mealy.hpp"
#include "random_values.hpp"

namespace box = roundtrip::everything::box;
namespace everything = roundtrip::everything;
namespace invoice = shop::orders::invoice;
namespace order = shop::orders::order;
namespace shipment = shop::orders::shipment;
namespace v1 = evolution::v1::account;
namespace v2 = evolution::v2::account;

// Commands, events and states are std::variants of types in nested
// namespaces, which argument-dependent lookup does not reach: bring each
// aggregate's functions in by name.
using box::accepted_commands, invoice::accepted_commands, order::accepted_commands,
    shipment::accepted_commands, v2::accepted_commands;
using box::from_json, box::to_json, box::name_of, box::validate;
using invoice::from_json, invoice::to_json, invoice::name_of, invoice::validate;
using order::from_json, order::to_json, order::name_of, order::validate;
using shipment::from_json, shipment::to_json, shipment::name_of, shipment::validate;
using v1::name_of;
using v2::from_json, v2::to_json, v2::name_of, v2::validate;

using mealy::testing::Random;
using mealy::testing::randomize;

namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Sends `requests` (one a line) to the driver and returns its answers, one per request.
std::vector<std::string> ask_node(const std::string& name,
                                  const std::vector<std::string>& requests) {
  const fs::path dir = MEALY_CROSSLANG_DIR;
  const fs::path driver = dir / "js" / "driver.js";
  INFO("the TypeScript is compiled by the test crosslang.compile: ctest -R crosslang");
  REQUIRE(fs::exists(driver));
  const fs::path in = dir / (name + ".requests"), out = dir / (name + ".answers"),
                 err = dir / (name + ".stderr");
  {
    std::ofstream file(in, std::ios::binary);
    for (const std::string& request : requests)
      file << request << '\n';
  }
  fs::remove(out);
  const std::string command = "\"" MEALY_NODE "\" \"" + driver.string() + "\" \"" + in.string() +
                              "\" \"" + out.string() + "\" 2>\"" + err.string() + "\"";
  const int status = std::system(command.c_str());
  INFO(command << "\n" << read_text(err));
  REQUIRE(status == 0);
  std::vector<std::string> answers;
  std::istringstream lines(read_text(out));
  for (std::string line; std::getline(lines, line);)
    answers.push_back(line);
  REQUIRE(answers.size() == requests.size());
  return answers;
}

constexpr std::string_view kSyntaxWords =
    "a missing or misplaced comma, colon, key, brace or bracket";

// A request and the check of its answer.
struct Pending {
  std::string request;
  std::function<void(const std::string& answer)> check;
};

void ask_and_check(const std::string& name, const std::vector<Pending>& pending) {
  std::vector<std::string> requests;
  for (const Pending& item : pending)
    requests.push_back(item.request);
  const std::vector<std::string> answers = ask_node(name, requests);
  for (std::size_t i = 0; i < pending.size(); ++i) {
    INFO("request " << i << ": " << pending[i].request.substr(0, 2000));
    pending[i].check(answers[i]);
  }
}

template <typename T>
void add_round_trips(std::vector<Pending>& pending, const std::string& tag, std::uint64_t seed,
                     int count) {
  Random random(seed);
  for (int i = 0; i < count; ++i) {
    T value{};
    randomize(value, random, 0);
    const std::string json = to_json(value);
    pending.push_back({"rt\t" + tag + "\t" + json, [value, json](const std::string& answer) {
                         REQUIRE(answer == "ok\t" + json);
                         T decoded{};
                         REQUIRE(from_json(std::string_view(answer).substr(3), decoded).message() ==
                                 "");
                         REQUIRE(decoded == value);
                       }});
  }
}

// What the TypeScript hooks in driver.ts do, in C++.
struct Host {
  template <typename Aggregate, typename Event>
  void append_line(Aggregate&, const Event&) {}
  template <typename Aggregate, typename Event>
  void drop_line(Aggregate&, const Event&) {}
  template <typename Aggregate, typename Event>
  void record_checkpoint(Aggregate&, const Event&) {}

  void add_to_balance(v2::Aggregate& aggregate, const v2::events::Deposited& event) {
    // Wraps around as BigInt.asIntN(64, ...) does, without signed overflow.
    aggregate.data.balance =
        static_cast<std::int64_t>(static_cast<std::uint64_t>(aggregate.data.balance) +
                                  static_cast<std::uint64_t>(event.amount));
  }
  void upcast_opened(v2::events::Opened& event, std::uint32_t version, std::string_view payload) {
    v1::Event old;
    REQUIRE(v1::decode_event("Opened", version, payload, old).ok());
    const auto& opened = std::get<v1::events::Opened>(old);
    event.owner = opened.owner;
    event.tier = "tier-" + std::to_string(opened.tier);
  }
  void upcast_deposited(v2::events::Deposited& event, std::uint32_t version, std::string_view) {
    event.note = event.note.value_or("") + "@v" + std::to_string(version);
  }
};

// The variant alternative `index`, default-constructed.
template <typename Variant, std::size_t... I>
Variant alternative(std::size_t index, std::index_sequence<I...>) {
  Variant out;
  ((index == I ? (out.template emplace<I>(), 0) : 0), ...);
  return out;
}
template <typename Variant>
Variant alternative(std::size_t index) {
  return alternative<Variant>(index, std::make_index_sequence<std::variant_size_v<Variant>>());
}

// For every state: each event's next state as C++'s evolve finds it, and the
// commands it accepts as C++'s accepted_commands() gives them.
template <typename Aggregate, typename Event, typename Command>
void add_machine_table(std::vector<Pending>& pending, const std::string& name) {
  using State = decltype(Aggregate::state);
  for (std::size_t s = 0; s < std::variant_size_v<State>; ++s) {
    Aggregate aggregate{};
    aggregate.state = alternative<State>(s);
    const std::string state(name_of(aggregate.state));
    for (std::size_t e = 0; e < std::variant_size_v<Event>; ++e) {
      const Event event = alternative<Event>(e);
      Aggregate next = aggregate;
      Host host;
      const std::string expected =
          evolve(next, event, host).ok() ? std::string(name_of(next.state)) : "-";
      pending.push_back({"next\t" + name + "\t" + state + "\t" + std::string(name_of(event)),
                         [expected](const std::string& answer) { REQUIRE(answer == expected); }});
    }
    // C++'s accepted_commands(), which its invalid_transition rejection lists too.
    std::string accepts;
    for (std::string_view command : accepted_commands(aggregate.state)) {
      accepts += (accepts.empty() ? "" : ", ") + std::string(command);
    }
    if (accepts.empty()) accepts = "no command";
    const std::string message = invalid_transition(aggregate, alternative<Command>(0)).message;
    CHECK(message.substr(message.find("; it accepts ") + 13) == accepts);
    pending.push_back({"accepts\t" + name + "\t" + state,
                       [accepts](const std::string& answer) { REQUIRE(answer == accepts); }});
  }
}

// Random walks: events drawn at random, kept when evolve takes them.
template <typename Aggregate, typename Event>
void add_replays(std::vector<Pending>& pending, const std::string& name, std::uint64_t seed) {
  Random random(seed);
  Host host;
  for (int walk = 0; walk < 40; ++walk) {
    Aggregate start{};
    randomize(start.id, random, 0);
    Aggregate current = start;
    std::string events = "[";
    for (int attempt = 0, taken = 0; attempt < 200 && taken < 20; ++attempt) {
      Event event;
      randomize(event, random, 0);
      Aggregate next = current;
      if (!evolve(next, event, host).ok()) continue;
      current = std::move(next);
      events += (taken++ ? "," : "") + to_json(event);
    }
    events += "]";
    const std::string expected = "ok\t" + to_json(current);
    pending.push_back({"replay\t" + name + "\t" + to_json(start) + "\t" + events,
                       [expected](const std::string& answer) { REQUIRE(answer == expected); }});
  }
}

template <typename Command>
void add_validations(std::vector<Pending>& pending, const std::string& name, std::uint64_t seed) {
  Random random(seed);
  for (int i = 0; i < 300; ++i) {
    Command command;
    randomize(command, random, 0);
    const std::optional<mealy::Violation> violation = validate(command);
    const std::string expected =
        violation ? violation->field + "|" + violation->code + "|" + violation->message
                  : std::string("-");
    pending.push_back({"validate\t" + name + "\t" + to_json(command),
                       [expected](const std::string& answer) { REQUIRE(answer == expected); }});
  }
}

template <typename T>
T random_value(Random& random) {
  T value{};
  randomize(value, random, 0);
  return value;
}

template <typename T>
std::string cpp_error(std::string_view json) {
  T out{};
  return from_json(json, out).message();
}

// What the driver answers to "rt": "ok\t" and the value encoded again, or "err\t" and the error.
template <typename T>
std::string cpp_answer(std::string_view json) {
  T out{};
  const mealy::Status status = from_json(json, out);
  return status.ok() ? "ok\t" + to_json(out) : "err\t" + status.message();
}

// The lines of a corpus file in tests/crosslang: each a type, a tab, JSON.
std::vector<std::pair<std::string, std::string>> corpus(const std::string& file) {
  std::vector<std::pair<std::string, std::string>> cases;
  std::istringstream lines(read_text(fs::path(MEALY_SOURCE_DIR) / "tests" / "crosslang" / file));
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] == '#') continue;
    const std::size_t tab = line.find('\t');
    INFO(file << ": " << line);
    REQUIRE(tab != std::string::npos);
    cases.emplace_back(line.substr(0, tab), line.substr(tab + 1));
  }
  return cases;
}

const std::map<std::string, std::function<std::string(std::string_view)>>& cpp_answers() {
  static const std::map<std::string, std::function<std::string(std::string_view)>> answers = {
      {"Scalars", cpp_answer<everything::Scalars>},
      {"Compounds", cpp_answer<everything::Compounds>},
      {"Box.Command", cpp_answer<box::Command>},
      {"Box.Event", cpp_answer<box::Event>},
      {"Box.Aggregate", cpp_answer<box::Aggregate>},
      {"Order.Command", cpp_answer<order::Command>},
  };
  return answers;
}

}  // namespace

TEST_CASE("values C++ encodes decode and re-encode byte for byte in TypeScript", "[crosslang]") {
  constexpr int kValuesPerType = 300;
  std::vector<Pending> pending;
  add_round_trips<everything::Scalars>(pending, "Scalars", 1, kValuesPerType);
  add_round_trips<everything::Compounds>(pending, "Compounds", 2, kValuesPerType);
  add_round_trips<everything::Tree>(pending, "Tree", 3, kValuesPerType);
  add_round_trips<box::Command>(pending, "Box.Command", 4, kValuesPerType);
  add_round_trips<box::Event>(pending, "Box.Event", 5, kValuesPerType);
  add_round_trips<box::Aggregate>(pending, "Box.Aggregate", 6, kValuesPerType);
  add_round_trips<shop::money::Money>(pending, "Money", 7, kValuesPerType);
  add_round_trips<shop::orders::OrderLine>(pending, "OrderLine", 8, kValuesPerType);
  add_round_trips<shop::orders::Address>(pending, "Address", 9, kValuesPerType);
  add_round_trips<order::Command>(pending, "Order.Command", 10, kValuesPerType);
  add_round_trips<order::Event>(pending, "Order.Event", 11, kValuesPerType);
  add_round_trips<order::Aggregate>(pending, "Order.Aggregate", 12, kValuesPerType);
  add_round_trips<v2::Event>(pending, "Account.Event", 13, kValuesPerType);
  add_round_trips<v2::Aggregate>(pending, "Account.Aggregate", 14, kValuesPerType);
  ask_and_check("round_trip", pending);
}

TEST_CASE("bad JSON is refused by both sides with the same path and message", "[crosslang]") {
  const std::map<std::string, std::function<std::string(std::string_view)>> decoders = {
      {"Scalars", cpp_error<everything::Scalars>},
      {"Compounds", cpp_error<everything::Compounds>},
      {"Tree", cpp_error<everything::Tree>},
      {"Box.Command", cpp_error<box::Command>},
      {"Box.Event", cpp_error<box::Event>},
      {"Box.Aggregate", cpp_error<box::Aggregate>},
      {"Money", cpp_error<shop::money::Money>},
      {"OrderLine", cpp_error<shop::orders::OrderLine>},
      {"Address", cpp_error<shop::orders::Address>},
      {"Order.Command", cpp_error<order::Command>},
      {"Order.Event", cpp_error<order::Event>},
      {"Order.Aggregate", cpp_error<order::Aggregate>},
      {"Account.Event", cpp_error<v2::Event>},
      {"Account.Aggregate", cpp_error<v2::Aggregate>},
  };
  std::vector<Pending> pending;
  std::istringstream corpus(
      read_text(fs::path(MEALY_SOURCE_DIR) / "tests" / "crosslang" / "bad_json.txt"));
  for (std::string line; std::getline(corpus, line);) {
    if (line.empty() || line[0] == '#') continue;
    const std::size_t tab = line.find('\t');
    REQUIRE(tab != std::string::npos);
    const std::string tag = line.substr(0, tab), json = line.substr(tab + 1);
    INFO("bad_json.txt: " << line);
    REQUIRE(decoders.count(tag) == 1);
    const std::string error = decoders.at(tag)(json);
    REQUIRE(!error.empty());  // C++ refuses it
    pending.push_back({"rt\t" + line,
                       [error](const std::string& answer) { REQUIRE(answer == "err\t" + error); }});
  }
  REQUIRE(pending.size() >= 40);
  ask_and_check("bad_json", pending);
}

TEST_CASE("documents written otherwise than canonically decode alike on both sides",
          "[crosslang]") {
  std::vector<Pending> pending;
  for (const auto& [tag, json] : corpus("good_json.txt")) {
    INFO("good_json.txt: " << tag << " " << json);
    REQUIRE(cpp_answers().count(tag) == 1);
    const std::string expected = cpp_answers().at(tag)(json);
    REQUIRE(expected.starts_with("ok\t"));  // C++ reads it
    pending.push_back({"rt\t" + tag + "\t" + json,
                       [expected](const std::string& answer) { REQUIRE(answer == expected); }});
  }
  REQUIRE(pending.size() >= 5);
  ask_and_check("good_json", pending);
}

TEST_CASE("malformed JSON is refused by both sides", "[crosslang]") {
  std::vector<Pending> pending;
  for (const auto& [tag, json] : corpus("malformed_json.txt")) {
    INFO("malformed_json.txt: " << tag << " " << json);
    REQUIRE(cpp_answers().count(tag) == 1);
    const std::string error = cpp_answers().at(tag)(json);
    const bool malformed = error.find(": malformed JSON: ") != std::string::npos ||
                           error.ends_with(": trailing content after the JSON value");
    CHECK(malformed);
    pending.push_back({"rt\t" + tag + "\t" + json, [](const std::string& answer) {
                         const bool refused =
                             answer.find(": malformed JSON: ") != std::string::npos ||
                             answer.ends_with(": trailing content after the JSON value");
                         CHECK(answer.starts_with("err\t$"));
                         CHECK(refused);
                       }});
  }
  REQUIRE(pending.size() >= 10);
  ask_and_check("malformed_json", pending);
}

TEST_CASE("stored payloads that are not strict JSON are refused by both sides", "[crosslang]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Deposited", R"({"amount":"1","zzz":tru})"},
      {"Deposited", R"({"amount":"1","amount":"2"})"},
      {"Deposited", R"({"amount":"1","zzz":"\ud800"})"},
      {"Deposited", R"({"amount":"1"}|)"},
  };
  std::vector<Pending> pending;
  for (const auto& [type, payload] : cases) {
    v2::Event event;
    Host host;
    const std::string error = v2::decode_event(host, type, 2, payload, event).message();
    INFO(type << " " << payload);
    REQUIRE(!error.empty());
    pending.push_back({"stored\t" + type + "\t2\t" + payload, [error](const std::string& answer) {
                         if (error.ends_with(kSyntaxWords)) {
                           CHECK(answer.starts_with("err\t$"));  // a syntax error: both refuse
                         } else {
                           CHECK(answer == "err\t" + error);
                         }
                       }});
  }
  ask_and_check("stored_strict", pending);
}

TEST_CASE("events written at version 1 decode at version 2 alike on both sides", "[crosslang]") {
  Random random(20261122);
  std::vector<Pending> pending;
  for (int i = 0; i < 400; ++i) {
    const v1::Event old = random_value<v1::Event>(random);
    std::string payload;
    v1::write_payload(payload, old);
    const std::string type(name_of(old));
    const std::uint32_t version = v1::version_of(old);
    Host host;
    v2::Event decoded;
    REQUIRE(v2::decode_event(host, type, version, payload, decoded).ok());
    const std::string expected = to_json(decoded);
    pending.push_back(
        {"stored\t" + type + "\t" + std::to_string(version) + "\t" + payload,
         [expected](const std::string& answer) { REQUIRE(answer == "ok\t" + expected); }});
    // The same event stored at the current version: no upcast runs.
    std::string current;
    v2::write_payload(current, decoded);
    pending.push_back(
        {"stored\t" + std::string(name_of(decoded)) + "\t" +
             std::to_string(v2::version_of(decoded)) + "\t" + current,
         [expected](const std::string& answer) { REQUIRE(answer == "ok\t" + expected); }});
  }
  ask_and_check("evolution", pending);
}

TEST_CASE("the machine as data says what C++'s evolve and decide do", "[crosslang]") {
  std::vector<Pending> pending;
  add_machine_table<box::Aggregate, box::Event, box::Command>(pending, "Box");
  add_machine_table<order::Aggregate, order::Event, order::Command>(pending, "Order");
  add_machine_table<shipment::Aggregate, shipment::Event, shipment::Command>(pending, "Shipment");
  add_machine_table<invoice::Aggregate, invoice::Event, invoice::Command>(pending, "Invoice");
  add_machine_table<v2::Aggregate, v2::Event, v2::Command>(pending, "Account");
  ask_and_check("machine", pending);
}

TEST_CASE("replaying random streams gives the same snapshot on both sides", "[crosslang]") {
  std::vector<Pending> pending;
  add_replays<box::Aggregate, box::Event>(pending, "Box", 21);
  add_replays<order::Aggregate, order::Event>(pending, "Order", 22);
  add_replays<shipment::Aggregate, shipment::Event>(pending, "Shipment", 23);
  add_replays<invoice::Aggregate, invoice::Event>(pending, "Invoice", 24);
  add_replays<v2::Aggregate, v2::Event>(pending, "Account", 25);
  ask_and_check("replay", pending);
}

TEST_CASE("constraint checks of random commands agree", "[crosslang]") {
  std::vector<Pending> pending;
  add_validations<order::Command>(pending, "Order", 31);
  add_validations<shipment::Command>(pending, "Shipment", 32);
  add_validations<invoice::Command>(pending, "Invoice", 33);
  ask_and_check("validate", pending);
}

// ---------------------------------------------------------------------------
// The JSON Schema target (`mealyc generate --out jsonschema=DIR`), checked
// with ajv (validate_wire.cjs): it accepts what C++ writes and `validate`
// accepts, and refuses what the decoders refuse, wherever JSON Schema can
// say why. What it cannot say is listed in kBeyondJsonSchema, each with the
// reason, and checked to be accepted, so that the list stays true.

namespace {

// Sends (schema reference, document) pairs to validate_wire.cjs; its answers,
// "ok", "refused\t<why>" or "malformed\t<why>" (not JSON), one per request.
std::vector<std::string> ask_ajv(const std::string& name,
                                 const std::vector<std::pair<std::string, std::string>>& requests) {
  const fs::path dir = MEALY_CROSSLANG_DIR;
  const fs::path in = dir / (name + ".ajv.requests"), out = dir / (name + ".ajv.answers"),
                 err = dir / (name + ".ajv.stderr");
  {
    std::ofstream file(in, std::ios::binary);
    for (const auto& [ref, json] : requests)
      file << ref << '\t' << json << '\n';
  }
  fs::remove(out);
  const std::string command =
      "\"" MEALY_NODE "\" \"" MEALY_SOURCE_DIR "/tests/crosslang/validate_wire.cjs\" \"" +
      std::string(MEALY_NODE_MODULES) + "\" \"" + (dir / "jsonschema").string() + "\" \"" +
      in.string() + "\" \"" + out.string() + "\" 2>\"" + err.string() + "\"";
  const int status = std::system(command.c_str());
  INFO(command << "\n" << read_text(err));
  REQUIRE(status == 0);
  std::vector<std::string> answers;
  std::istringstream lines(read_text(out));
  for (std::string line; std::getline(lines, line);)
    answers.push_back(line);
  REQUIRE(answers.size() == requests.size());
  return answers;
}

// The JSON Schema definition of a corpus tag, or "" for a tag that names no
// command, event or record (an aggregate's snapshot is not a wire form the
// JSON Schema describes).
std::string schema_ref(const std::string& tag) {
  static const std::map<std::string, std::string> refs = {
      {"Scalars", "everything.mealy.schema.json#/$defs/Scalars"},
      {"Compounds", "everything.mealy.schema.json#/$defs/Compounds"},
      {"Tree", "everything.mealy.schema.json#/$defs/Tree"},
      {"Box.Command", "everything.mealy.schema.json#/$defs/Box.Command"},
      {"Box.Event", "everything.mealy.schema.json#/$defs/Box.Event"},
      {"Money", "money.mealy.schema.json#/$defs/Money"},
      {"OrderLine", "order.mealy.schema.json#/$defs/OrderLine"},
      {"Address", "order.mealy.schema.json#/$defs/Address"},
      {"Order.Command", "order.mealy.schema.json#/$defs/Order.Command"},
      {"Order.Event", "order.mealy.schema.json#/$defs/Order.Event"},
      {"Account.Event", "account_v2.mealy.schema.json#/$defs/Account.Event"},
  };
  auto it = refs.find(tag);
  return it == refs.end() ? std::string() : it->second;
}

// Documents of bad_json.txt that the decoders refuse and JSON Schema cannot:
// a part of the document's text, and why.
constexpr std::string_view kDuplicateKey =
    "a key given twice: JSON parsers keep one, the decoders refuse it";
constexpr std::string_view kTooDeep =
    "nesting deeper than the decoders' limit (mealy::json::Limits)";
constexpr std::string_view kWideString =
    "a 64-bit integer out of range as a decimal string as long as the range's: a pattern cannot "
    "compare numbers";
constexpr std::string_view kLoneSurrogate =
    "a lone surrogate, which JSON.parse keeps and the decoders refuse";
constexpr std::string_view kBeyondFloat =
    "a number beyond float64, which JSON.parse reads as Infinity";
const std::vector<std::pair<std::string_view, std::string_view>> kBeyondJsonSchema = {
    {R"("i64":"9223372036854775808")", kWideString},
    {R"("u64":"18446744073709551616")", kWideString},
    {R"("0000-01-01T00:00:00+00:01")",
     "a timestamp that its offset moves out of range (years 0000 to 9999 in UTC)"},
    {R"("2026-02-29T)", "a day its month does not have"},
    {R"({"label":"d","children":[{"label":"d","children":[{"label":"d")", kTooDeep},
    {"[[[[[[[[[[[[[[[[", kTooDeep},
    {R"("type":"PaymentConfirmed","version":2,)",
     "an old version of an event with an upcast hook, which the hook reads: decoding without a "
     "host refuses it"},
    {R"("\ud800")", kLoneSurrogate},
    {R"("\udc00x")", kLoneSurrogate},
    {"1e400", kBeyondFloat},
    {"-2E+309", kBeyondFloat},
    {R"("by":"me","at":"2026-01-01T00:00:00Z","by":"you")", kDuplicateKey},
    {R"(},"payload":{)", kDuplicateKey},
    {R"("zzz":1,"zz\u007a":2)", kDuplicateKey},
    {R"({"a":1,"a":2})", kDuplicateKey},
    {R"("__proto__":1,"__proto__":2)", kDuplicateKey},
    {R"("version":2,"version":2)", kDuplicateKey},
    {R"("k":[],"k":[])", kDuplicateKey},
    {R"("children":[],"children":[])", kDuplicateKey},
    {R"("note":"a","note":"b")", kDuplicateKey},
};

template <typename T>
void add_schema_checks(std::vector<std::pair<std::string, std::string>>& requests,
                       std::vector<std::function<void(const std::string&)>>& checks,
                       const std::string& tag, std::uint64_t seed, int count) {
  Random random(seed);
  for (int i = 0; i < count; ++i) {
    T value{};
    randomize(value, random, 0);
    bool valid = true;
    if constexpr (requires { validate(value); }) valid = !validate(value).has_value();
    std::string json = to_json(value);
    requests.emplace_back(schema_ref(tag), json);
    checks.push_back([valid, json](const std::string& answer) {
      INFO(json);
      if (valid) {
        CHECK(answer == "ok");
      } else {
        CHECK(answer.starts_with("refused\t"));
      }
    });
  }
}

}  // namespace

TEST_CASE(
    "the JSON Schema accepts what C++ writes and validate accepts, and refuses what it refuses",
    "[crosslang][jsonschema]") {
  std::vector<std::pair<std::string, std::string>> requests;
  std::vector<std::function<void(const std::string&)>> checks;
  add_schema_checks<everything::Scalars>(requests, checks, "Scalars", 41, 200);
  add_schema_checks<everything::Compounds>(requests, checks, "Compounds", 42, 200);
  add_schema_checks<everything::Tree>(requests, checks, "Tree", 43, 200);
  add_schema_checks<box::Command>(requests, checks, "Box.Command", 44, 200);
  add_schema_checks<box::Event>(requests, checks, "Box.Event", 45, 200);
  add_schema_checks<shop::money::Money>(requests, checks, "Money", 46, 200);
  add_schema_checks<shop::orders::OrderLine>(requests, checks, "OrderLine", 47, 200);
  add_schema_checks<shop::orders::Address>(requests, checks, "Address", 48, 200);
  add_schema_checks<order::Command>(requests, checks, "Order.Command", 49, 300);
  add_schema_checks<v2::Event>(requests, checks, "Account.Event", 50, 200);
  const std::vector<std::string> answers = ask_ajv("generated", requests);
  int refused = 0;
  for (std::size_t i = 0; i < checks.size(); ++i) {
    checks[i](answers[i]);
    refused += answers[i] != "ok";
  }
  CHECK(refused > 0);  // random commands break their constraints often enough
}

TEST_CASE("the JSON Schema refuses the bad JSON the decoders refuse, wherever it can say why",
          "[crosslang][jsonschema]") {
  std::vector<std::pair<std::string, std::string>> requests;
  std::vector<std::size_t> beyond;  // the kBeyondJsonSchema entry that explains it, or none
  constexpr std::size_t kNotBeyond = static_cast<std::size_t>(-1);
  for (const auto& [tag, json] : corpus("bad_json.txt")) {
    std::string ref = schema_ref(tag);
    if (ref.empty()) continue;
    requests.emplace_back(ref, json);
    beyond.push_back(kNotBeyond);
    for (std::size_t e = 0; e < kBeyondJsonSchema.size(); ++e) {
      if (json.find(kBeyondJsonSchema[e].first) != std::string::npos) beyond.back() = e;
    }
  }
  REQUIRE(requests.size() >= 100);
  const std::vector<std::string> answers = ask_ajv("bad_json", requests);
  std::vector<bool> explains(kBeyondJsonSchema.size(), false);
  for (std::size_t i = 0; i < requests.size(); ++i) {
    INFO(requests[i].first << "\t" << requests[i].second);
    const bool refused =
        answers[i].starts_with("refused\t") || answers[i].starts_with("malformed\t");
    if (beyond[i] == kNotBeyond) {
      CHECK(refused);
    } else if (!refused) {
      explains[beyond[i]] = true;  // a document may also break a rule the schema states
    }
  }
  // Every entry explains a document the schema accepts: the list holds no
  // case the schema has learnt to refuse since.
  for (std::size_t e = 0; e < kBeyondJsonSchema.size(); ++e) {
    INFO("kBeyondJsonSchema: " << kBeyondJsonSchema[e].first << " (" << kBeyondJsonSchema[e].second
                               << ")");
    CHECK(explains[e]);
  }
}

TEST_CASE(
    "the JSON Schema accepts documents written otherwise than canonically, and old event forms",
    "[crosslang][jsonschema]") {
  std::vector<std::pair<std::string, std::string>> requests;
  for (const auto& [tag, json] : corpus("good_json.txt")) {
    if (std::string ref = schema_ref(tag); !ref.empty()) requests.emplace_back(ref, json);
  }
  // Events written by version 1 of the account schema, as stored and wrapped:
  // version 2's JSON Schema takes them (an upcast hook reads the old ones).
  Random random(51);
  for (int i = 0; i < 200; ++i) {
    const v1::Event old = random_value<v1::Event>(random);
    requests.emplace_back(schema_ref("Account.Event"), v1::to_json(old));
  }
  const std::vector<std::string> answers = ask_ajv("good_json", requests);
  for (std::size_t i = 0; i < requests.size(); ++i) {
    INFO(requests[i].first << "\t" << requests[i].second);
    CHECK(answers[i] == "ok");
  }
}
