#include "sqlite_schema.hpp"

#include <array>
#include <cinttypes>
#include <cstdio>
#include <string>

namespace mealy::sqlite {
namespace {

// Format 1. Positions come from AUTOINCREMENT, so a position is never
// reused, even after the last events are deleted by hand.
constexpr const char* kCreateFormat1 = R"sql(
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

Result<std::int64_t> pragma_value(Connection& connection, const char* sql) {
  auto statement = connection.prepare(sql);
  if (!statement) return statement.status();
  const int code = statement->step();
  if (code != SQLITE_ROW) return connection.error(code, "reading the store's format");
  return statement->int64(0);
}

Status set_common_pragmas(Connection& connection, const StoreOptions& options) {
  sqlite3_busy_timeout(connection.get(), static_cast<int>(options.busy_timeout.count()));
  const char* synchronous = options.synchronous == StoreOptions::Synchronous::full ? "PRAGMA synchronous = FULL"
                                                                                    : "PRAGMA synchronous = NORMAL";
  return connection.exec(synchronous, "opening");
}

Status check_format(Connection& connection, std::int64_t format, std::int64_t application_id, bool has_tables) {
  auto where = [&] { return connection.url(); };
  if (format > kStoreFormat) {
    return {StatusCode::unsupported, where() + ": the store has format " + std::to_string(format) +
                                         ", written by a newer mealy; this build reads formats up to " +
                                         std::to_string(kStoreFormat)};
  }
  if (application_id != kApplicationId && (application_id != 0 || has_tables || format != 0)) {
    return {StatusCode::unsupported, where() + ": not a mealy store (the file holds another application's data)"};
  }
  return {};
}

}  // namespace

Status prepare_store(Connection& connection, const StoreOptions& options, bool in_memory) {
  if (Status status = set_common_pragmas(connection, options); !status.ok()) return status;
  // Reading the header is the first real access: a file that is not a
  // database fails here, with SQLite's "file is not a database".
  auto format = pragma_value(connection, "PRAGMA user_version");
  if (!format) return format.status();
  if (*format == kStoreFormat) {
    auto application_id = pragma_value(connection, "PRAGMA application_id");
    if (!application_id) return application_id.status();
    if (Status status = check_format(connection, *format, *application_id, true); !status.ok()) return status;
    return in_memory ? Status() : connection.exec("PRAGMA journal_mode = WAL", "opening");
  }
  if (!in_memory) {
    if (Status status = connection.exec("PRAGMA journal_mode = WAL", "opening"); !status.ok()) return status;
  }
  // Another process may be creating the tables right now: decide under the
  // write lock.
  if (Status status = connection.exec("BEGIN IMMEDIATE", "opening"); !status.ok()) return status;
  auto fail = [&](Status status) {
    (void)connection.exec("ROLLBACK");
    return status;
  };
  format = pragma_value(connection, "PRAGMA user_version");
  if (!format) return fail(format.status());
  auto application_id = pragma_value(connection, "PRAGMA application_id");
  if (!application_id) return fail(application_id.status());
  auto tables = pragma_value(connection, "SELECT count(*) FROM sqlite_schema");
  if (!tables) return fail(tables.status());
  if (Status status = check_format(connection, *format, *application_id, *tables > 0); !status.ok()) {
    return fail(status);
  }
  if (*format == 0) {
    if (Status status = connection.exec(kCreateFormat1, "creating the tables"); !status.ok()) return fail(status);
    const std::string mark = "PRAGMA application_id = " + std::to_string(kApplicationId) +
                             "; PRAGMA user_version = " + std::to_string(kStoreFormat);
    if (Status status = connection.exec(mark.c_str()); !status.ok()) return fail(status);
  }
  return connection.exec("COMMIT", "creating the tables");
}

std::string fingerprint_text(std::uint64_t fingerprint) {
  std::array<char, 17> text{};
  std::snprintf(text.data(), text.size(), "%016" PRIx64, fingerprint);
  return {text.data(), 16};
}

Status prepare_reader(Connection& connection, const StoreOptions& options) {
  return set_common_pragmas(connection, options);
}

}  // namespace mealy::sqlite
