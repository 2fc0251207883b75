// One connection to a PostgreSQL server, through libpq, and what it runs.
// Private to the runtime.
//
// Values always travel as parameters of prepared statements (text format);
// the only SQL text sent as is is our own, fixed at compile time (the schema
// and transaction control). Messages name the store by its URL with the
// password taken out (redact_url), never by the connection string itself.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "mealy/result.hpp"

namespace mealy::postgres {

// `url` (a libpq URI or key=value string) with any password replaced by
// `***`: what messages may show.
[[nodiscard]] std::string redact_url(std::string_view url);

// SQLSTATE codes the store tells apart.
inline constexpr std::string_view kUniqueViolation = "23505";
inline constexpr std::string_view kUndefinedTable = "42P01";

// The result of one statement. Owns its PGresult.
class PgResult {
 public:
  PgResult() = default;
  explicit PgResult(PGresult* result) : result_(result) {}
  PgResult(PgResult&& other) noexcept : result_(std::exchange(other.result_, nullptr)) {}
  PgResult& operator=(PgResult&& other) noexcept {
    std::swap(result_, other.result_);
    return *this;
  }
  ~PgResult() { PQclear(result_); }

  // Whether the statement succeeded (with or without rows).
  [[nodiscard]] bool ok() const;
  // The SQLSTATE of a failure ("" when there is none, as on a lost connection).
  [[nodiscard]] std::string_view sqlstate() const;
  [[nodiscard]] int rows() const { return PQntuples(result_); }
  // The number of rows an INSERT, UPDATE or DELETE changed.
  [[nodiscard]] std::uint64_t changed() const;
  [[nodiscard]] bool is_null(int row, int column) const {
    return PQgetisnull(result_, row, column) != 0;
  }
  [[nodiscard]] std::string_view text(int row, int column) const {
    return {PQgetvalue(result_, row, column),
            static_cast<std::size_t>(PQgetlength(result_, row, column))};
  }
  // A column holding a bigint; 0 for NULL.
  [[nodiscard]] std::int64_t int64(int row, int column) const;
  // A column holding a bigint that is never negative (positions, versions, counts).
  [[nodiscard]] std::uint64_t uint64(int row, int column) const {
    return static_cast<std::uint64_t>(int64(row, column));
  }
  [[nodiscard]] PGresult* get() const { return result_; }

 private:
  PGresult* result_ = nullptr;
};

// The text values of a statement's parameters, $1 first; nullopt is NULL.
class Params {
 public:
  Params& add(std::string_view text);
  Params& add(std::int64_t value);
  Params& add(std::uint64_t value) { return add(static_cast<std::int64_t>(value)); }
  Params& add_null();
  [[nodiscard]] std::size_t size() const { return values_.size(); }
  void clear() { values_.clear(); }
  // Pointers to the values, valid until the next change.
  [[nodiscard]] std::vector<const char*> pointers() const;

 private:
  std::vector<std::optional<std::string>> values_;
};

// Appends `value` to a PostgreSQL array literal being built in `out` as an
// element (quoted, with `"` and `\` escaped). The caller writes the braces
// and commas.
void append_array_element(std::string& out, std::string_view value);

class Connection {
 public:
  // Connects with `conninfo` (a URI or key=value string); `where` names the
  // store in messages (the redacted URL). A failure is `unavailable`.
  static Result<std::unique_ptr<Connection>> open(const std::string& conninfo,
                                                  const std::string& where);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs our own SQL text without parameters (may hold several statements).
  PgResult exec(const char* sql);
  // Runs `sql` with `params` as a statement prepared on this connection,
  // preparing it the first time this connection sees `sql`.
  PgResult run(std::string_view sql, const Params& params);
  // Prepares `sql` on this connection unless it was already; its name.
  Result<const std::string*> prepared(std::string_view sql);
  // In pipeline mode: queues the prepared statement of `sql` (prepare() it
  // first) with `params`. False when libpq could not queue it.
  bool send(const std::string& name, const Params& params);
  // In pipeline mode: queues our own SQL text without parameters.
  bool send(const char* sql);
  // In pipeline mode: the result of the next queued statement (or the
  // PGRES_PIPELINE_SYNC of a sync); null when the connection failed.
  PgResult next_result();
  // A Status for a failed `result`: "<where>: <what>: <the server's message>".
  [[nodiscard]] Status error(const PgResult& result, std::string_view what) const;
  // Runs `sql` and turns a failure into error(..., what).
  Result<PgResult> checked(std::string_view sql, const Params& params, std::string_view what);
  Status exec_checked(const char* sql, std::string_view what);

  // Whether the connection still works: reads what the server sent (a
  // server that shut down has closed it) without waiting.
  [[nodiscard]] bool healthy();
  [[nodiscard]] bool broken() const { return PQstatus(conn_) != CONNECTION_OK; }
  [[nodiscard]] const std::string& where() const { return where_; }
  [[nodiscard]] PGconn* get() const { return conn_; }

 private:
  Connection(PGconn* conn, std::string where) : conn_(conn), where_(std::move(where)) {}

  PGconn* conn_;
  std::string where_;
  // Statements prepared on this connection: SQL text to name.
  std::map<std::string, std::string, std::less<>> prepared_;
};

}  // namespace mealy::postgres
