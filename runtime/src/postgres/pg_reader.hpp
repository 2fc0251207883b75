// The read side of a PostgreSQL store: queries on one connection, each one
// statement (one snapshot). Private to the runtime.
//
// read_all reads the page and log_head in one statement: every position up
// to that head is committed and in the statement's snapshot (pg_writer.hpp,
// design notes 1-3), so a cursor never moves past an event that commits
// later.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "mealy/store.hpp"
#include "pg_connection.hpp"

namespace mealy::postgres {

Result<std::vector<RecordedEvent>> read_stream(Connection& db, std::string_view stream,
                                               std::uint64_t from_version, std::size_t max_count);
Result<std::uint64_t> stream_version(Connection& db, std::string_view stream);
Result<Page> read_all(Connection& db, std::uint64_t after, const Filter& filter,
                      std::size_t max_count);
Result<std::uint64_t> head(Connection& db);
Result<std::optional<Snapshot>> read_snapshot(Connection& db, std::string_view stream,
                                              std::uint64_t fingerprint);
Result<std::optional<std::uint64_t>> read_checkpoint(Connection& db, std::string_view name);
Result<std::optional<CommandRecord>> read_command(Connection& db, const Uuid& command_id);

// A schema fingerprint as the snapshots table keeps it: 16 lowercase hex digits.
std::string fingerprint_text(std::uint64_t fingerprint);

}  // namespace mealy::postgres
