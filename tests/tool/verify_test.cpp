// `mealy verify` finds what is wrong in a store: a payload corrupted by hand
// in the SQLite file, an unknown event type, an impossible sequence, a gap
// in a stream's versions, a broken constraint, a version newer than the
// schema's; and accepts what the schema allows (older versions, former
// names, upcasts). Every violation names stream, version and position.
#include <catch2/catch.hpp>
#include <sstream>

#include "interrupt.hpp"
#include "text_diff.hpp"
#include "tool.hpp"
#include "tool_run.hpp"
#include "tool_store.hpp"

using namespace mealy;
using namespace mealy::testing;

namespace {

ToolRun verify(const std::string& path, const std::string& schema, bool json = false) {
  const std::string url = "sqlite://" + path;
  std::vector<std::string> args{"verify", url, "--schema", schema};
  if (json) args.push_back("--json");
  return run_tool(args);
}

const std::string kAccount = std::string(MEALY_SOURCE_DIR) + "/tests/store/schemas/account.yaml";
const std::string kLedger = std::string(MEALY_SOURCE_DIR) + "/tests/tool/schemas/ledger.yaml";

void expect_output(const ToolRun& run, const std::string& want) {
  INFO("stderr: " << run.err);
  INFO("stdout differs (- expected, + actual):\n" << text_diff(want, run.out));
  CHECK(run.out == want);
}

void append(EventStore& store, const std::string& stream, std::uint64_t expected, std::uint8_t n,
            std::string type, std::string payload, std::uint32_t version = 1) {
  AppendRequest request{.stream = stream,
                        .expected = ExpectedVersion::exact(expected),
                        .events = {{fixed_id(n), std::move(type), version, std::move(payload)}}};
  auto outcome = store.append(request);
  if (!outcome) FAIL(outcome.status().message());
  REQUIRE(std::holds_alternative<Appended>(*outcome));
}

}  // namespace

TEST_CASE(
    "tool/verify finds a payload corrupted by hand, an unknown type and an impossible sequence") {
  TempFolder temp;
  const std::string path = temp.file("events.db");
  build_tool_store(path);
  REQUIRE(verify(path, kAccount).code == 0);
  // Position 2, Deposited: its int64 amount edited into a boolean in the file.
  run_sql(path, R"(UPDATE events SET payload = '{"amount":true}' WHERE position = 2)");
  // Position 4: a type the schema never had.
  run_sql(path, "UPDATE events SET type = 'Renamed' WHERE position = 4");
  {
    // Bob's account is closed (position 6): a deposit after it cannot happen.
    auto store = open_store("sqlite://" + path);
    REQUIRE(store.ok());
    append(**store, kBob, 2, 7, "Deposited", R"({"amount":"5"})");
  }
  const ToolRun run = verify(path, kAccount);
  CHECK(run.code == 1);
  CHECK(run.err.empty());
  expect_output(
      run,
      kAda +
          " version 2 (position 2, Deposited): $.amount: expected int64, got boolean [payload]\n"
          "Label-welcome version 1 (position 4, Renamed): unknown event type 'Renamed' for "
          "aggregate Label "
          "[unknown-type]\n" +
          kBob +
          " version 3 (position 7, Deposited): Deposited cannot occur in state Closed "
          "[impossible-sequence]\n"
          "verified 7 events in 3 streams: 3 violations\n");
  const ToolRun json = verify(path, kAccount, true);
  CHECK(json.code == 1);
  CHECK(json.err == "verified 7 events in 3 streams: 3 violations\n");
  CHECK(
      json.out.find(
          R"({"stream":"Label-welcome","version":1,"position":4,"type":"Renamed","rule":"unknown-type",)"
          R"("message":"unknown event type 'Renamed' for aggregate Label"})") != std::string::npos);
}

TEST_CASE("tool/verify finds a gap in a stream's versions and events of no aggregate") {
  TempFolder temp;
  const std::string path = temp.file("events.db");
  build_tool_store(path);
  run_sql(path, "DELETE FROM events WHERE position = 2");
  {
    auto store = open_store("sqlite://" + path);
    REQUIRE(store.ok());
    append(**store, "Invoice-1", 0, 7, "Issued", "{}");
    append(**store, "Invoice-1", 1, 8, "Paid", "{}");
  }
  const ToolRun run = verify(path, kAccount);
  CHECK(run.code == 1);
  expect_output(
      run,
      kAda +
          " version 3 (position 5, Withdrawn): stream version 3 follows version 1 [version-gap]\n"
          "Invoice-1 version 1 (position 7, Issued): the schemas have no aggregate Invoice (the "
          "stream's "
          "category) [unknown-aggregate]\n"
          "verified 7 events in 4 streams: 2 violations\n");
}

TEST_CASE(
    "tool/verify checks constraints, enums, records and versions, and accepts upcasts and former "
    "names") {
  TempFolder temp;
  const std::string path = temp.file("events.db");
  {
    auto opened = open_store("sqlite://" + path);
    REQUIRE(opened.ok());
    EventStore& store = **opened;
    // Good: the current version; version 1 without `tags`; a former name.
    append(store, "Ledger-a", 0, 1, "Opened", R"({"name":"rent"})");
    append(store, "Ledger-a", 1, 2, "Posted",
           R"({"amount":{"cents":"100","currency":"EUR"},"tags":["x"],"unknown":[1,2]})", 2);
    append(store, "Ledger-a", 2, 3, "Posted", R"({"amount":{"cents":"5","currency":"USD"}})", 1);
    append(store, "Ledger-a", 3, 4, "Booked",
           R"({"amount":{"cents":"7","currency":"USD"},"memo":null})", 1);
    // Version 1 whose payload no longer decodes: the upcast hook's to read.
    append(store, "Ledger-a", 4, 5, "Posted", R"({"amount":"7 EUR"})", 1);
    // Bad: a name too long; a negative amount in a record; an unknown enum
    // member; too many tags; a version newer than the schema's; a missing field.
    append(store, "Ledger-b", 0, 6, "Opened", R"({"name":"groceries"})");
    append(store, "Ledger-b", 1, 7, "Posted", R"({"amount":{"cents":"-1","currency":"EUR"}})", 2);
    append(store, "Ledger-b", 2, 8, "Posted", R"({"amount":{"cents":"1","currency":"GBP"}})", 2);
    append(store, "Ledger-b", 3, 9, "Posted",
           R"({"amount":{"cents":"1","currency":"EUR"},"tags":["a","b","c"]})", 2);
    append(store, "Ledger-b", 4, 10, "Posted", R"({"amount":{"cents":"1","currency":"EUR"}})", 3);
    append(store, "Ledger-b", 5, 11, "Posted", R"({"memo":"no amount"})", 2);
    append(store, "Ledger-b", 6, 12, "Closed", R"({"x":1,"y":2})");
  }
  // A key twice: the store refuses such a payload, so it is written by hand.
  run_sql(path, R"(UPDATE events SET payload = '{"x":1,"x":2}' WHERE position = 12)");
  const ToolRun run = verify(path, kLedger);
  CHECK(run.code == 1);
  expect_output(
      run,
      "Ledger-b version 1 (position 6, Opened): $.name: name must have at most 8 characters "
      "[constraint]\n"
      "Ledger-b version 2 (position 7, Posted): $.amount.cents: cents must be at least 0 "
      "[constraint]\n"
      "Ledger-b version 3 (position 8, Posted): $.amount.currency: unknown Currency member 'GBP' "
      "[payload]\n"
      "Ledger-b version 4 (position 9, Posted): $.tags: tags must have at most 2 items "
      "[constraint]\n"
      "Ledger-b version 5 (position 10, Posted): event 'Posted' has version 3; the schema's Posted "
      "has "
      "versions 1 to 2 [unknown-version]\n"
      "Ledger-b version 6 (position 11, Posted): $: missing required field 'amount' [payload]\n"
      "Ledger-b version 7 (position 12, Closed): $.x: duplicate key [payload]\n"
      "verified 12 events in 2 streams: 7 violations\n");
}

TEST_CASE("tool/verify stops on Ctrl-C and says how far it read") {
  TempFolder temp;
  const std::string path = temp.file("events.db");
  build_tool_store(path);
  tool::request_interrupt();
  const ToolRun run = verify(path, kAccount);
  tool::clear_interrupt();
  CHECK(run.code == 1);
  CHECK(run.out ==
        "mealy verify: interrupted after position 0; verified 0 events in 0 streams: no "
        "violations\n");
}
