#include "sqlite_schema.hpp"

#include <array>
#include <cinttypes>
#include <cstdio>
#include <string>

namespace mealy::sqlite {
namespace {

// Format 2 (format 1 without append_first, append_last, commands and
// state_tables). Positions come from AUTOINCREMENT, so a position is never
// reused, even after the last events are deleted by hand.
constexpr const char* kCreateTables = R"sql(
CREATE TABLE events (
  position       INTEGER PRIMARY KEY AUTOINCREMENT,
  stream         TEXT    NOT NULL,
  category       TEXT    NOT NULL,
  stream_version INTEGER NOT NULL,
  event_id       TEXT    NOT NULL UNIQUE,
  type           TEXT    NOT NULL,
  schema_version INTEGER NOT NULL,
  payload        TEXT    NOT NULL,
  metadata       TEXT    NOT NULL,
  recorded_at    TEXT    NOT NULL,
  append_first   INTEGER,
  append_last    INTEGER,
  UNIQUE (stream, stream_version)
);
CREATE INDEX events_by_category ON events (category, position);
CREATE TABLE streams (
  stream   TEXT    PRIMARY KEY,
  category TEXT    NOT NULL,
  version  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE snapshots (
  stream      TEXT    NOT NULL,
  fingerprint TEXT    NOT NULL,
  version     INTEGER NOT NULL,
  state       TEXT    NOT NULL,
  recorded_at TEXT    NOT NULL,
  PRIMARY KEY (stream, fingerprint)
) WITHOUT ROWID;
CREATE TABLE checkpoints (
  name       TEXT    PRIMARY KEY,
  position   INTEGER NOT NULL,
  updated_at TEXT    NOT NULL
) WITHOUT ROWID;
)sql";

// What format 2 adds to format 1; also part of a new store.
constexpr const char* kFormat2Additions = R"sql(
CREATE TABLE commands (
  command_id     TEXT    PRIMARY KEY,
  stream         TEXT    NOT NULL,
  first_position INTEGER NOT NULL,
  first_version  INTEGER NOT NULL,
  last_version   INTEGER NOT NULL,
  recorded_at    TEXT    NOT NULL
) WITHOUT ROWID;
CREATE TABLE state_tables (
  name        TEXT PRIMARY KEY,
  fingerprint TEXT NOT NULL
) WITHOUT ROWID;
)sql";

// Brings a format 1 store to format 2: the events it holds keep no append
// boundaries (NULL), which the idempotency check allows for.
constexpr const char* kMigrate1To2 = R"sql(
ALTER TABLE events ADD COLUMN append_first INTEGER;
ALTER TABLE events ADD COLUMN append_last INTEGER;
)sql";

Result<std::int64_t> pragma_value(Connection& connection, const char* sql) {
  auto statement = connection.prepare(sql);
  if (!statement) return statement.status();
  const int code = statement->step();
  if (code != SQLITE_ROW) return connection.error(code, "reading the store's format");
  return statement->int64(0);
}

Status set_common_pragmas(Connection& connection, const StoreOptions& options) {
  sqlite3_busy_timeout(connection.get(), static_cast<int>(options.busy_timeout.count()));
  const char* synchronous = options.synchronous == StoreOptions::Synchronous::full
                                ? "PRAGMA synchronous = FULL"
                                : "PRAGMA synchronous = NORMAL";
  return connection.exec(synchronous, "opening");
}

// Whose file this is, before anything is changed in it: another
// application's file is refused whatever its user_version says.
Status check_format(Connection& connection, std::int64_t format, std::int64_t application_id,
                    bool has_tables) {
  auto where = [&] { return connection.url(); };
  if (application_id != kApplicationId && (application_id != 0 || has_tables || format != 0)) {
    return {StatusCode::unsupported,
            where() + ": not a mealy store (the file holds another application's data)"};
  }
  if (format > kStoreFormat) {
    return {StatusCode::unsupported,
            where() + ": the store has format " + std::to_string(format) +
                ", written by a newer mealy; this build reads formats up to " +
                std::to_string(kStoreFormat)};
  }
  return {};
}

Status set_format(Connection& connection) {
  const std::string mark = "PRAGMA application_id = " + std::to_string(kApplicationId) +
                           "; PRAGMA user_version = " + std::to_string(kStoreFormat);
  return connection.exec(mark.c_str(), "marking the store's format");
}

Status use_wal(Connection& connection, bool in_memory) {
  return in_memory ? Status() : connection.exec("PRAGMA journal_mode = WAL", "opening");
}

}  // namespace

Status prepare_store(Connection& connection, const StoreOptions& options, bool in_memory) {
  if (Status status = set_common_pragmas(connection, options); !status.ok()) return status;
  // Reading the header is the first real access: a file that is not a
  // database fails here, with SQLite's "file is not a database".
  auto format = pragma_value(connection, "PRAGMA user_version");
  if (!format) return format.status();
  auto application_id = pragma_value(connection, "PRAGMA application_id");
  if (!application_id) return application_id.status();
  if (*format == kStoreFormat) {
    if (Status status = check_format(connection, *format, *application_id, true); !status.ok())
      return status;
    return use_wal(connection, in_memory);
  }
  // Another process may be creating or migrating the tables right now:
  // decide under the write lock. Nothing is changed (not even the journal
  // mode) until the file is known to be ours or new.
  if (Status status = connection.exec("BEGIN IMMEDIATE", "opening"); !status.ok()) return status;
  auto fail = [&](Status status) {
    (void)connection.exec("ROLLBACK");
    return status;
  };
  format = pragma_value(connection, "PRAGMA user_version");
  if (!format) return fail(format.status());
  application_id = pragma_value(connection, "PRAGMA application_id");
  if (!application_id) return fail(application_id.status());
  auto tables = pragma_value(connection, "SELECT count(*) FROM sqlite_schema");
  if (!tables) return fail(tables.status());
  if (Status status = check_format(connection, *format, *application_id, *tables > 0);
      !status.ok()) {
    return fail(status);
  }
  if (*format == 0) {
    if (Status status = connection.exec(kCreateTables, "creating the tables"); !status.ok())
      return fail(status);
  } else if (*format == 1) {
    if (Status status = connection.exec(kMigrate1To2, "migrating the store to format 2");
        !status.ok()) {
      return fail(status);
    }
  }
  if (*format < 2) {
    if (Status status = connection.exec(kFormat2Additions, "creating the tables"); !status.ok()) {
      return fail(status);
    }
  }
  if (*format < kStoreFormat) {
    if (Status status = set_format(connection); !status.ok()) return fail(status);
  }
  if (Status status = connection.exec("COMMIT", "creating the tables"); !status.ok())
    return fail(status);
  return use_wal(connection, in_memory);
}

std::string fingerprint_text(std::uint64_t fingerprint) {
  std::array<char, 17> text{};
  std::snprintf(text.data(), text.size(), "%016" PRIx64, fingerprint);
  return {text.data(), 16};
}

Result<std::optional<CommandRecord>> find_command(Connection& connection, Statement& find,
                                                  const Uuid& command_id) {
  std::array<char, 36> id{};
  command_id.format(id.data());
  Use use(find);
  use->bind(1, std::string_view(id.data(), id.size()));
  const int code = use->step();
  if (code == SQLITE_DONE) return std::optional<CommandRecord>();
  if (code != SQLITE_ROW)
    return connection.error(code, "reading command " + command_id.to_string());
  return std::optional<CommandRecord>(CommandRecord{
      command_id, std::string(use->text(0)), static_cast<std::uint64_t>(use->int64(1)),
      static_cast<std::uint64_t>(use->int64(2)), static_cast<std::uint64_t>(use->int64(3))});
}

Status prepare_reader(Connection& connection, const StoreOptions& options) {
  return set_common_pragmas(connection, options);
}

}  // namespace mealy::sqlite
