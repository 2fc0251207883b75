// Thin RAII wrappers over SQLite's C API: a connection and its prepared
// statements. Every statement is prepared once and reused; values are always
// bound, never spliced into SQL. Errors become Status values that name the
// database file. Private to the runtime.
//
// Not thread-safe: a connection and its statements belong to one thread at a
// time (the stores hand them out under locks).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "mealy/result.hpp"

namespace mealy::sqlite {

// A prepared statement. Reset after each use by the Use guard below.
class Statement {
 public:
  Statement() = default;
  explicit Statement(sqlite3_stmt* statement) : statement_(statement) {}
  Statement(Statement&& other) noexcept { *this = std::move(other); }
  Statement& operator=(Statement&& other) noexcept;
  ~Statement();

  void bind(int index, std::int64_t value) { sqlite3_bind_int64(statement_, index, value); }
  void bind(int index, std::uint64_t value) { bind(index, static_cast<std::int64_t>(value)); }
  void bind(int index, double value) { sqlite3_bind_double(statement_, index, value); }
  void bind(int index, std::string_view text) {
    sqlite3_bind_text(statement_, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
  }
  void bind_null(int index) { sqlite3_bind_null(statement_, index); }

  // SQLITE_ROW, SQLITE_DONE, or an error code (see Connection::error).
  int step() { return sqlite3_step(statement_); }
  void reset() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }

  [[nodiscard]] std::int64_t int64(int column) const {
    return sqlite3_column_int64(statement_, column);
  }
  [[nodiscard]] std::string_view text(int column) const {
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(statement_, column));
    return data == nullptr ? std::string_view()
                           : std::string_view(data, sqlite3_column_bytes(statement_, column));
  }
  [[nodiscard]] bool is_null(int column) const {
    return sqlite3_column_type(statement_, column) == SQLITE_NULL;
  }
  [[nodiscard]] sqlite3_stmt* get() const { return statement_; }

 private:
  sqlite3_stmt* statement_ = nullptr;
};

// Resets a statement when it goes out of scope, whatever happened.
class Use {
 public:
  explicit Use(Statement& statement) : statement_(statement) {}
  Use(const Use&) = delete;
  Use& operator=(const Use&) = delete;
  ~Use() { statement_.reset(); }
  Statement* operator->() { return &statement_; }
  Statement& operator*() { return statement_; }

 private:
  Statement& statement_;
};

class Connection {
 public:
  // Opens `path` (":memory:" for a private in-memory database) with `flags`
  // (SQLITE_OPEN_*), through the VFS named `vfs` (empty: the default). The
  // error says which file and why.
  static Result<std::unique_ptr<Connection>> open(const std::string& path, int flags,
                                                  const std::string& vfs = {});
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Prepares `sql` for reuse. An error names the file and SQLite's message.
  Result<Statement> prepare(std::string_view sql);
  // Runs one or more statements without results (PRAGMAs, DDL, BEGIN);
  // an error says it happened while `what`.
  Status exec(const char* sql, std::string_view what = "running SQL");
  // A Status for SQLite result code `code` during `what`, naming the file:
  // "sqlite:///x.db: appending: database is locked".
  [[nodiscard]] Status error(int code, std::string_view what) const;

  [[nodiscard]] sqlite3* get() const { return db_; }
  [[nodiscard]] const std::string& path() const { return path_; }
  // The store's URL, for messages: "sqlite:///x.db" or "sqlite::memory:".
  [[nodiscard]] std::string url() const;
  [[nodiscard]] std::int64_t changes() const { return sqlite3_changes64(db_); }
  [[nodiscard]] std::int64_t last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

 private:
  Connection(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_;
  std::string path_;
};

// The StatusCode for an SQLite result code: corruption for a file that is
// not a database or is corrupt, io_error for the rest.
StatusCode status_code_for(int sqlite_code);

}  // namespace mealy::sqlite
