#include "sqlite_handle.hpp"

#include <utility>

namespace mealy::sqlite {

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(statement_);
    statement_ = std::exchange(other.statement_, nullptr);
  }
  return *this;
}

Statement::~Statement() {
  sqlite3_finalize(statement_);
}

StatusCode status_code_for(int sqlite_code) {
  switch (sqlite_code & 0xff) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return StatusCode::corruption;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return StatusCode::unavailable;
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_RANGE:
      return StatusCode::invalid_argument;
    default:
      return StatusCode::io_error;
  }
}

Result<std::unique_ptr<Connection>> Connection::open(const std::string& path, int flags,
                                                     const std::string& vfs) {
  sqlite3* db = nullptr;
  const int code = sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX,
                                   vfs.empty() ? nullptr : vfs.c_str());
  std::unique_ptr<Connection> connection(new Connection(db, path));
  if (code != SQLITE_OK) return connection->error(code, "opening");
  sqlite3_extended_result_codes(db, 1);
  return connection;
}

Connection::~Connection() {
  sqlite3_close_v2(db_);
}

Result<Statement> Connection::prepare(std::string_view sql) {
  sqlite3_stmt* statement = nullptr;
  const int code = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
  if (code != SQLITE_OK) return error(code, "preparing a statement");
  return Statement(statement);
}

Status Connection::exec(const char* sql, std::string_view what) {
  const int code = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
  return code == SQLITE_OK ? Status() : error(code, what);
}

std::string Connection::url() const {
  return path_ == ":memory:" ? "sqlite::memory:" : "sqlite://" + path_;
}

Status Connection::error(int code, std::string_view what) const {
  std::string message = url();
  message += ": ";
  message += what;
  message += ": ";
  // sqlite3_errmsg describes the connection's last error, which is `code`'s
  // when the call that failed was the last one; otherwise SQLite's generic text.
  const char* detail = db_ != nullptr && (sqlite3_extended_errcode(db_) == code)
                           ? sqlite3_errmsg(db_)
                           : sqlite3_errstr(code);
  message += detail;
  return {status_code_for(code), std::move(message)};
}

}  // namespace mealy::sqlite
