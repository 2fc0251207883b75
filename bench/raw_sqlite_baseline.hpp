// The raw-SQLite baseline: the fastest straightforward code that writes and
// reads the same rows as mealy's SQLite store, in the same tables with the
// same indexes (the file is created by mealy::open_store, so the layout is
// the store's by construction), with the same pragmas (WAL,
// synchronous=NORMAL) and prepared statements.
//
// Not thread-safe: one object, one thread.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace mealy::bench {

// One event row as the store writes it; the strings are those the store
// would bind (the payload and metadata JSON, the id and time as text).
struct RawRow {
  std::string_view stream;
  std::string_view category;
  std::uint64_t stream_version = 0;
  std::string_view event_id;
  std::string_view type;
  std::int64_t schema_version = 1;
  std::string_view payload;
  std::string_view metadata;
  std::string_view recorded_at;
};

class RawSqliteBaseline {
 public:
  // Opens (creating with mealy's tables when missing) the database at
  // `path`; `synchronous_full`: PRAGMA synchronous = FULL instead of NORMAL.
  explicit RawSqliteBaseline(const std::string& path, bool synchronous_full = false);
  ~RawSqliteBaseline();
  RawSqliteBaseline(const RawSqliteBaseline&) = delete;
  RawSqliteBaseline& operator=(const RawSqliteBaseline&) = delete;

  // One transaction (BEGIN IMMEDIATE ... COMMIT): moves the stream's version
  // from row.stream_version - 1 (creating the stream at version 1) and
  // inserts the event. Exits the program on an error.
  void append(const RawRow& row);

  // The same rows, all in one transaction (what batching could at best
  // achieve): the physical ceiling of group commit. `savepoints`: each row
  // inside a SAVEPOINT ... RELEASE of its own, as the store's batches run
  // each append (to measure what that costs).
  void append_all(std::span<const RawRow> rows, bool savepoints = false);

  // SELECTs the events of `stream` from version 1, as the store's reader
  // does, and parses each payload with simdjson On-Demand visiting every
  // value. Returns the number of events; a checksum of what was read goes to
  // `checksum` so that nothing is optimised away.
  std::size_t scan_stream(std::string_view stream, std::uint64_t& checksum);

 private:
  void step_done(sqlite3_stmt* statement, const char* what);
  void write_row(const RawRow& row);

  sqlite3* db_ = nullptr;
  sqlite3_stmt* begin_ = nullptr;
  sqlite3_stmt* commit_ = nullptr;
  sqlite3_stmt* savepoint_ = nullptr;
  sqlite3_stmt* release_ = nullptr;
  sqlite3_stmt* create_stream_ = nullptr;
  sqlite3_stmt* advance_stream_ = nullptr;
  sqlite3_stmt* insert_event_ = nullptr;
  sqlite3_stmt* read_stream_ = nullptr;
};

}  // namespace mealy::bench
