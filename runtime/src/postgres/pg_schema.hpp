// The tables of a PostgreSQL store, and how a database becomes one. Private
// to the runtime; the runtime README documents the tables for psql users.
//
// The store lives in the connection's current schema (the first of its
// search_path; `public` unless the URL says otherwise, e.g.
// `?options=-csearch_path%3Dshop`). Its format is the `format` of the
// one-row table `mealy_store` (1 today). Opening
//   - a schema without tables creates them (under an advisory lock, so that
//     processes opening a new database at once create them once);
//   - a schema of a newer format is an error, never a misread;
//   - a schema holding tables but no `mealy_store` is another application's:
//     an error, and nothing in it is changed.
#pragma once

#include "mealy/store.hpp"
#include "pg_connection.hpp"

namespace mealy::postgres {

// The newest store format this build reads and writes.
inline constexpr int kStoreFormat = 1;

// Brings the database behind `connection` to kStoreFormat, creating the
// tables when it has none and `options.create`.
Status prepare_store(Connection& connection, const StoreOptions& options);

}  // namespace mealy::postgres
