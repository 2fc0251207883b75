#include "pg_schema.hpp"

#include <string>

namespace mealy::postgres {
namespace {

// Format 1. Payloads, metadata and snapshot states are `json`, not `jsonb`:
// json keeps the text exactly as appended (the contract: the payload read
// back is the JSON object as appended, byte for byte, which idempotent
// retries compare and hashes cover), while jsonb reorders keys, drops
// duplicates and rewrites numbers. SQL can still look inside (`payload ->>
// 'sku'`), and `payload::jsonb` gives the indexable form.
//
// Positions are not a sequence: appends take them from the one row of
// `log_head`, under its row lock, in commit order (see pg_writer.hpp), so
// they are gap-free and a reader never skips one.
constexpr const char* kCreateFormat1 = R"sql(
CREATE TABLE mealy_store (
  format     integer     NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE log_head (
  position bigint NOT NULL
);
INSERT INTO log_head (position) VALUES (0);
CREATE TABLE events (
  position       bigint      PRIMARY KEY,
  stream         text        NOT NULL,
  category       text        NOT NULL,
  stream_version bigint      NOT NULL,
  event_id       uuid        NOT NULL UNIQUE,
  type           text        NOT NULL,
  schema_version bigint      NOT NULL,
  payload        json        NOT NULL,
  metadata       json        NOT NULL,
  recorded_at    timestamptz NOT NULL,
  append_first   bigint      NOT NULL,
  append_last    bigint      NOT NULL,
  UNIQUE (stream, stream_version)
);
CREATE INDEX events_by_category ON events (category, position);
CREATE TABLE streams (
  stream   text   PRIMARY KEY,
  category text   NOT NULL,
  version  bigint NOT NULL
);
CREATE TABLE snapshots (
  stream      text        NOT NULL,
  fingerprint text        NOT NULL,
  version     bigint      NOT NULL,
  state       json        NOT NULL,
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (stream, fingerprint)
);
CREATE TABLE checkpoints (
  name       text        PRIMARY KEY,
  position   bigint      NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE TABLE commands (
  command_id     uuid        PRIMARY KEY,
  stream         text        NOT NULL,
  first_position bigint      NOT NULL,
  first_version  bigint      NOT NULL,
  last_version   bigint      NOT NULL,
  recorded_at    timestamptz NOT NULL
);
CREATE TABLE state_tables (
  name        text PRIMARY KEY,
  fingerprint text NOT NULL
);
INSERT INTO mealy_store (format) VALUES (1);
)sql";

// Serializes opening across processes: "mealy" in ASCII.
constexpr const char* kLockSql = "SELECT pg_advisory_xact_lock(1835360620)";

constexpr const char* kInspectSql =
    "SELECT current_schema(), to_regclass('mealy_store') IS NOT NULL, "
    "(SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = "
    "c.relnamespace "
    "  WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f'))";

}  // namespace

Status prepare_store(Connection& connection, const StoreOptions& options) {
  const std::string& where = connection.where();
  if (Status status = connection.exec_checked("BEGIN", "opening"); !status.ok()) return status;
  auto fail = [&](Status status) {
    (void)connection.exec("ROLLBACK");
    return status;
  };
  if (Status status = connection.exec_checked(kLockSql, "opening"); !status.ok())
    return fail(status);
  PgResult inspected = connection.exec(kInspectSql);
  if (!inspected.ok()) return fail(connection.error(inspected, "opening"));
  if (inspected.is_null(0, 0)) {
    return fail(
        {StatusCode::io_error,
         where + ": cannot open: no schema of the search_path exists to hold the store's tables"});
  }
  const std::string schema(inspected.text(0, 0));
  const bool is_store = inspected.text(0, 1) == "t";
  const std::int64_t tables = inspected.int64(0, 2);
  if (is_store) {
    PgResult format = connection.exec("SELECT max(format) FROM mealy_store");
    if (!format.ok()) return fail(connection.error(format, "reading the store's format"));
    const std::int64_t found = format.int64(0, 0);
    if (found > kStoreFormat) {
      return fail({StatusCode::unsupported,
                   where + ": the store has format " + std::to_string(found) +
                       ", written by a newer mealy; this build reads formats up to " +
                       std::to_string(kStoreFormat)});
    }
    if (found < 1) return fail({StatusCode::corruption, where + ": mealy_store holds no format"});
    return connection.exec_checked("COMMIT", "opening");
  }
  if (tables > 0) {
    return fail(
        {StatusCode::unsupported,
         where + ": not a mealy store: schema " + schema + " holds " + std::to_string(tables) +
             " tables of another application and no mealy_store (use an empty database, or another "
             "schema through search_path)"});
  }
  if (!options.create) {
    return fail({StatusCode::not_found,
                 where + ": cannot open: there is no store (schema " + schema + " has no tables)"});
  }
  if (Status status = connection.exec_checked(kCreateFormat1, "creating the tables");
      !status.ok()) {
    return fail(status);
  }
  return connection.exec_checked("COMMIT", "creating the tables");
}

}  // namespace mealy::postgres
