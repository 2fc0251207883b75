// EventStore::read_sql on PostgreSQL, and the parameters of the SQL that
// apps give the store. Private to the runtime.
#pragma once

#include <span>
#include <string_view>

#include "mealy/store.hpp"
#include "pg_connection.hpp"

namespace mealy::postgres {

// `values` as libpq's text parameters ($1 first; a double in its shortest
// exact form).
Params sql_params(std::span<const SqlValue> values);

// Runs `sql` with `params` on `db` as EventStore::read_sql says (trusted
// queries only: the caller refuses options.allowed_tables). `db` is idle
// afterwards, whatever happened.
Result<SqlRows> read_sql(Connection& db, std::string_view sql, std::span<const SqlValue> params,
                         const SqlReadOptions& options);

}  // namespace mealy::postgres
