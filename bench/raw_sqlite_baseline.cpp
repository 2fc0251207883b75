#include "raw_sqlite_baseline.hpp"

#include <cstring>

#include "harness.hpp"
#include "mealy/store.hpp"
#include "simdjson_visit.hpp"

namespace mealy::bench {
namespace {

sqlite3_stmt* prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, nullptr) !=
      SQLITE_OK) {
    fail(std::string("raw sqlite: preparing ") + sql + ": " + sqlite3_errmsg(db));
  }
  return statement;
}

void bind(sqlite3_stmt* statement, int index, std::string_view text) {
  sqlite3_bind_text(statement, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
}

}  // namespace

RawSqliteBaseline::RawSqliteBaseline(const std::string& path, bool synchronous_full) {
  // mealy creates the file with its tables and indexes: the same layout.
  {
    auto store = open_store("sqlite://" + path);
    if (!store) fail(store.status().message());
  }
  if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    fail("raw sqlite: opening " + path);
  }
  sqlite3_busy_timeout(db_, 5000);
  const char* pragmas = synchronous_full ? "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL"
                                         : "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL";
  if (sqlite3_exec(db_, pragmas, nullptr, nullptr, nullptr) != SQLITE_OK) {
    fail(std::string("raw sqlite: pragmas: ") + sqlite3_errmsg(db_));
  }
  begin_ = prepare(db_, "BEGIN IMMEDIATE");
  commit_ = prepare(db_, "COMMIT");
  savepoint_ = prepare(db_, "SAVEPOINT row");
  release_ = prepare(db_, "RELEASE row");
  create_stream_ =
      prepare(db_, "INSERT INTO streams (stream, category, version) VALUES (?1, ?2, 1)");
  advance_stream_ =
      prepare(db_, "UPDATE streams SET version = ?3 WHERE stream = ?1 AND version = ?2");
  insert_event_ = prepare(
      db_,
      "INSERT INTO events (stream, category, stream_version, event_id, type, schema_version, "
      "payload, metadata, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  read_stream_ =
      prepare(db_,
              "SELECT position, stream, stream_version, event_id, type, schema_version, payload, "
              "metadata, recorded_at FROM events WHERE stream = ?1 AND stream_version >= ?2 "
              "ORDER BY stream_version LIMIT ?3");
}

RawSqliteBaseline::~RawSqliteBaseline() {
  for (sqlite3_stmt* statement : {begin_, commit_, savepoint_, release_, create_stream_,
                                  advance_stream_, insert_event_, read_stream_}) {
    sqlite3_finalize(statement);
  }
  sqlite3_close(db_);
}

void RawSqliteBaseline::step_done(sqlite3_stmt* statement, const char* what) {
  const int code = sqlite3_step(statement);
  sqlite3_reset(statement);
  if (code != SQLITE_DONE) fail(std::string("raw sqlite: ") + what + ": " + sqlite3_errmsg(db_));
}

void RawSqliteBaseline::append(const RawRow& row) {
  step_done(begin_, "begin");
  write_row(row);
  step_done(commit_, "commit");
}

void RawSqliteBaseline::append_all(std::span<const RawRow> rows, bool savepoints) {
  step_done(begin_, "begin");
  for (const RawRow& row : rows) {
    if (savepoints) step_done(savepoint_, "savepoint");
    write_row(row);
    if (savepoints) step_done(release_, "release");
  }
  step_done(commit_, "commit");
}

void RawSqliteBaseline::write_row(const RawRow& row) {
  if (row.stream_version == 1) {
    bind(create_stream_, 1, row.stream);
    bind(create_stream_, 2, row.category);
    step_done(create_stream_, "create stream");
  } else {
    bind(advance_stream_, 1, row.stream);
    sqlite3_bind_int64(advance_stream_, 2, static_cast<sqlite3_int64>(row.stream_version - 1));
    sqlite3_bind_int64(advance_stream_, 3, static_cast<sqlite3_int64>(row.stream_version));
    step_done(advance_stream_, "advance stream");
    if (sqlite3_changes(db_) != 1) fail("raw sqlite: version conflict");
  }
  bind(insert_event_, 1, row.stream);
  bind(insert_event_, 2, row.category);
  sqlite3_bind_int64(insert_event_, 3, static_cast<sqlite3_int64>(row.stream_version));
  bind(insert_event_, 4, row.event_id);
  bind(insert_event_, 5, row.type);
  sqlite3_bind_int64(insert_event_, 6, row.schema_version);
  bind(insert_event_, 7, row.payload);
  bind(insert_event_, 8, row.metadata);
  bind(insert_event_, 9, row.recorded_at);
  step_done(insert_event_, "insert event");
}

std::size_t RawSqliteBaseline::scan_stream(std::string_view stream, std::uint64_t& checksum) {
  simdjson::ondemand::parser parser;
  simdjson::padded_string buffer;
  std::size_t count = 0;
  bind(read_stream_, 1, stream);
  sqlite3_bind_int64(read_stream_, 2, 1);
  sqlite3_bind_int64(read_stream_, 3, INT64_MAX);
  int code = 0;
  while ((code = sqlite3_step(read_stream_)) == SQLITE_ROW) {
    checksum += static_cast<std::uint64_t>(sqlite3_column_int64(read_stream_, 0) +
                                           sqlite3_column_int64(read_stream_, 2));
    const auto* payload = reinterpret_cast<const char*>(sqlite3_column_text(read_stream_, 6));
    const auto size = static_cast<std::size_t>(sqlite3_column_bytes(read_stream_, 6));
    // Copied into a padded buffer, as simdjson needs (the store does the same).
    if (buffer.size() < size) buffer = simdjson::padded_string(size);
    std::memcpy(buffer.data(), payload, size);
    visit_document(parser, buffer.data(), size, buffer.size() + simdjson::SIMDJSON_PADDING,
                   checksum);
    ++count;
  }
  sqlite3_reset(read_stream_);
  if (code != SQLITE_DONE) fail(std::string("raw sqlite: reading: ") + sqlite3_errmsg(db_));
  return count;
}

}  // namespace mealy::bench
