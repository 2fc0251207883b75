// The tables of an SQLite store, and how a file becomes one. Private to the
// runtime; the README documents the tables for people reading a store with
// the sqlite3 shell.
//
// The store's format is PRAGMA user_version (2 today; a format 1 store is
// migrated when opened) and the file is marked
// with PRAGMA application_id 0x6D65616C ("meal"). Opening a file of a newer
// format, or an SQLite file that holds tables of something else, is an
// error, never a silent misread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "mealy/store.hpp"
#include "sqlite_handle.hpp"

namespace mealy::sqlite {

// The newest store format this build reads and writes.
inline constexpr int kStoreFormat = 2;
// PRAGMA application_id of a mealy store: "meal" in ASCII.
inline constexpr int kApplicationId = 0x6D65616C;

// Sets the connection's pragmas (WAL unless in memory, synchronous,
// busy_timeout) and brings the file to kStoreFormat, creating the tables in
// a fresh file and migrating an older format. A file that is not a mealy
// store is left as it was. Safe when several processes open the same new file at once.
Status prepare_store(Connection& connection, const StoreOptions& options, bool in_memory);

// A schema fingerprint as the snapshots table keeps it: 16 lowercase hex digits.
std::string fingerprint_text(std::uint64_t fingerprint);

// The query that finds a command's record by its id (?1, as text).
inline constexpr std::string_view kFindCommandSql =
    "SELECT stream, first_position, first_version, last_version FROM commands WHERE command_id = "
    "?1";

// Runs `find`, prepared from kFindCommandSql on `connection`, for
// `command_id`: the writer inside its transaction, a reader outside one.
Result<std::optional<CommandRecord>> find_command(Connection& connection, Statement& find,
                                                  const Uuid& command_id);

// Sets the pragmas of a further (reader) connection to the same file.
Status prepare_reader(Connection& connection, const StoreOptions& options);

}  // namespace mealy::sqlite
