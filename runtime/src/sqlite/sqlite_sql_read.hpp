// EventStore::read_sql on SQLite: one read-only query on a connection the
// store lends for the call (a pooled reader of a file store; the writer's
// connection, under the writer's lock, in memory). Private to the runtime.
#pragma once

#include <span>
#include <string_view>

#include "mealy/store.hpp"
#include "sqlite_handle.hpp"

namespace mealy::sqlite {

// Runs `sql` with `params` on `db` as EventStore::read_sql says. `db` is as
// it was afterwards (no authorizer, no progress handler, no transaction),
// whatever happened.
Result<SqlRows> read_sql(Connection& db, std::string_view sql, std::span<const SqlValue> params,
                         const SqlReadOptions& options);

}  // namespace mealy::sqlite
