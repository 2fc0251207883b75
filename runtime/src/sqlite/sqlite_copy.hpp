// Copying an SQLite store (EventStore::read_log, import_log, put_snapshot).
// read_log runs on a reader connection; the writes on the writer's
// connection, under the writer's lock, each in its own BEGIN IMMEDIATE ...
// COMMIT, rolled back on any failure. Private to the runtime.
#pragma once

#include "mealy/store.hpp"
#include "sqlite_handle.hpp"

namespace mealy::sqlite {

Result<LogPage> read_log(Connection& db, std::uint64_t after, std::size_t max_count);
// Returns how many events were written; `last_position` is the log's head after it.
Result<std::size_t> import_log(Connection& db, const LogPage& page, std::uint64_t& last_position);
Status put_snapshot(Connection& db, const Snapshot& snapshot);

}  // namespace mealy::sqlite
