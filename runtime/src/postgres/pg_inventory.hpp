// The inventory calls of a PostgreSQL store (mealy/inventory.hpp), on one
// pooled connection. Stream names are ordered bytewise (COLLATE "C"), as
// on SQLite and in memory, whatever the database's collation. Private to
// the runtime.
#pragma once

#include <string_view>
#include <vector>

#include "mealy/store.hpp"
#include "pg_connection.hpp"

namespace mealy::postgres {

Result<StreamPage> list_streams(Connection& db, const StreamQuery& query);
// Runs its queries in one REPEATABLE READ transaction: the counts agree.
Result<StoreStatistics> statistics(Connection& db);
Result<std::vector<Snapshot>> list_snapshots(Connection& db, std::string_view stream);
Result<std::vector<Checkpoint>> list_checkpoints(Connection& db);

}  // namespace mealy::postgres
