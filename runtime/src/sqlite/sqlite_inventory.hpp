// The inventory calls of an SQLite store (mealy/inventory.hpp), on a reader
// connection. Statements are prepared per call: these serve tools, never
// the path of an append. Private to the runtime.
#pragma once

#include <string_view>
#include <vector>

#include "mealy/store.hpp"
#include "sqlite_handle.hpp"

namespace mealy::sqlite {

Result<StreamPage> list_streams(Connection& db, const StreamQuery& query);
// Runs its queries in one read transaction: the counts agree with each other.
Result<StoreStatistics> statistics(Connection& db);
Result<std::vector<Snapshot>> list_snapshots(Connection& db, std::string_view stream);
Result<std::vector<Checkpoint>> list_checkpoints(Connection& db);

}  // namespace mealy::sqlite
