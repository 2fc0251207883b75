// Copying a PostgreSQL store (EventStore::read_log, import_log,
// put_snapshot). read_log reads its page, its commands and log_head in one
// REPEATABLE READ transaction. import_log takes log_head's row lock as an
// append batch does (pg_writer.hpp, notes 1-2), so imports and appends
// commit one after another and positions stay gap-free, then NOTIFYs the
// listeners as appends do. Private to the runtime.
#pragma once

#include "mealy/store.hpp"
#include "pg_connection.hpp"

namespace mealy::postgres {

Result<LogPage> read_log(Connection& db, std::uint64_t after, std::size_t max_count);
// Returns how many events were written.
Result<std::size_t> import_log(Connection& db, const LogPage& page, std::uint64_t& last_position);
Status put_snapshot(Connection& db, const Snapshot& snapshot);

}  // namespace mealy::postgres
