// The store the tool's tests look at, built the same way every time: fixed
// event ids, metadata and (rewritten by hand, as no API sets them)
// recorded times, so that every verb's output is the same bytes each run.
//
//   position  stream                                         version  type
//   1         Account-00000000-0000-7000-8000-000000000001   1        Opened {"owner":"ada"}
//   2         Account-00000000-0000-7000-8000-000000000001   2        Deposited {"amount":"100"}
//   3         Account-00000000-0000-7000-8000-000000000002   1        Opened {"owner":"bob"}
//   4         Label-welcome                                  1        Named {"text":"Welcome"}
//   5         Account-00000000-0000-7000-8000-000000000001   3        Withdrawn {"amount":"30"}
//   6         Account-00000000-0000-7000-8000-000000000002   2        Closed {}
//
// Event n (its position) has id 00000000-0000-7000-8000-0000000000nn and
// was recorded at 2026-11-22T10:00:0n.000000Z. A snapshot of Account-...01
// at version 2 and the checkpoint `balances` at 5 are there too. The schema
// is tests/store/schemas/account.yaml.
#pragma once

#include <sqlite3.h>

#include <array>
#include <catch2/catch.hpp>
#include <string>

#include "mealy/store.hpp"

namespace mealy::testing {

inline Uuid fixed_id(std::uint8_t n, std::uint8_t group = 0x80) {
  std::array<std::uint8_t, 16> bytes{};
  bytes[6] = 0x70;
  bytes[8] = group;
  bytes[15] = n;
  return Uuid(bytes);
}

inline const std::string kAda = "Account-00000000-0000-7000-8000-000000000001";
inline const std::string kBob = "Account-00000000-0000-7000-8000-000000000002";

// Runs `sql` on the SQLite file at `path`, as another program would.
inline void run_sql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* error = nullptr;
  const int code = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  INFO(sql << ": " << (error ? error : ""));
  sqlite3_free(error);
  sqlite3_close(db);
  REQUIRE(code == SQLITE_OK);
}

inline void append_fixed(EventStore& store, const std::string& stream, std::uint64_t expected,
                         std::uint8_t position, std::string type, std::string payload,
                         Metadata metadata = {}, const Snapshot* snapshot = nullptr) {
  AppendRequest request{.stream = stream,
                        .expected = ExpectedVersion::exact(expected),
                        .events = {{fixed_id(position), std::move(type), 1, std::move(payload)}},
                        .metadata = std::move(metadata),
                        .snapshot = snapshot};
  auto outcome = store.append(request);
  if (!outcome) FAIL(outcome.status().message());
  REQUIRE(std::holds_alternative<Appended>(*outcome));
}

// Fills `store` with the six events above.
inline void fill_tool_store(EventStore& store) {
  const Metadata teller{.correlation_id = fixed_id(1, 0x90),
                        .causation_id = {},
                        .actor = "teller",
                        .extra = {{"branch", "north"}}};
  append_fixed(store, kAda, 0, 1, "Opened", R"({"owner":"ada"})", teller);
  const Snapshot snapshot{kAda, 2, 0x00000000c0ffee01ULL,
                          R"({"state":"Active","owner":"ada","balance":"100"})"};
  append_fixed(store, kAda, 1, 2, "Deposited", R"({"amount":"100"})", teller, &snapshot);
  append_fixed(store, kBob, 0, 3, "Opened", R"({"owner":"bob"})", {.actor = "web"});
  append_fixed(store, "Label-welcome", 0, 4, "Named", R"({"text":"Welcome"})");
  append_fixed(store, kAda, 2, 5, "Withdrawn", R"({"amount":"30"})", teller);
  append_fixed(store, kBob, 1, 6, "Closed", "{}", {.actor = "web"});
  REQUIRE(store.compare_and_set_checkpoint("balances", std::nullopt, 5).value());
}

// Makes the SQLite store file at `path` with the events above.
inline void build_tool_store(const std::string& path) {
  {
    auto store = open_store("sqlite://" + path);
    if (!store) FAIL(store.status().message());
    fill_tool_store(**store);
  }
  run_sql(path, "UPDATE events SET recorded_at = '2026-11-22T10:00:0' || position || '.000000Z'");
}

}  // namespace mealy::testing
