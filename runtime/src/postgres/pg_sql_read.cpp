// EventStore::read_sql on PostgreSQL.
//
// Design notes:
//  1. Read-only by the server's own rule: the query runs in BEGIN READ ONLY
//     (a statement that would write fails with SQLSTATE 25006), as a cursor
//     (DECLARE ... CURSOR FOR <sql>: one query, a SELECT, VALUES or TABLE;
//     anything else, or a second statement, is a syntax error).
//  2. At most max_rows + 1 rows cross the network: one FETCH of that many
//     (the one more says `truncated`), never the whole result.
//  3. Timeout: SET LOCAL statement_timeout, for this transaction only; the
//     server cancels the statement past it (SQLSTATE 57014), which becomes
//     deadline_exceeded.
//  4. The query's text is sent with its parameters as one unnamed statement
//     (PQexecParams): unlike the store's own SQL it is not prepared and
//     kept on the connection, so ad-hoc queries leave nothing behind.
//  5. Whatever happened, the transaction ends (COMMIT, else ROLLBACK), which
//     closes the cursor: the connection goes back to the pool idle.
//  6. Untrusted SQL (allowed_tables) is refused before a connection is
//     taken (pg_store.cpp): PostgreSQL would need roles and grants per
//     table to confine it, which the store does not manage.
#include "pg_sql_read.hpp"

#include <algorithm>
#include <charconv>
#include <climits>
#include <string>

namespace mealy::postgres {
namespace {

constexpr std::string_view kDeclare = "DECLARE mealy_read_sql NO SCROLL CURSOR FOR ";

bool starts_with_class(std::string_view state, std::string_view classes) {
  for (std::size_t i = 0; i + 1 < classes.size(); i += 3) {
    if (state.substr(0, 2) == classes.substr(i, 2)) return true;
  }
  return false;
}

// The query's fault (syntax, a missing table or column, a bad value, a
// write in a read-only transaction): invalid_argument, with the server's
// message and where in `sql` it points; the server's or the network's:
// as Connection::error says.
Status query_error(Connection& db, const PgResult& result, std::string_view what,
                   std::size_t prefix) {
  const std::string_view state = result.sqlstate();
  Status status = db.error(result, what);
  if (state == "57014") return {StatusCode::deadline_exceeded, status.message()};
  if (!starts_with_class(state, "0A 21 22 25 2B 42 44") || db.broken()) return status;
  std::string message = db.where() + ": " + std::string(what) + ": ";
  const char* primary = PQresultErrorField(result.get(), PG_DIAG_MESSAGE_PRIMARY);
  message += primary != nullptr ? primary : "the server refused the query";
  if (const char* position = PQresultErrorField(result.get(), PG_DIAG_STATEMENT_POSITION);
      position != nullptr) {
    std::size_t at = 0;
    std::from_chars(position, position + std::char_traits<char>::length(position), at);
    // 1-based, in characters of what was sent (our DECLARE, then the query).
    if (at > prefix) message += " (at offset " + std::to_string(at - 1 - prefix) + ")";
  }
  return {StatusCode::invalid_argument, std::move(message)};
}

}  // namespace

Params sql_params(std::span<const SqlValue> values) {
  Params out;
  for (const SqlValue& value : values) {
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::nullptr_t>) {
            out.add_null();
          } else if constexpr (std::is_same_v<T, double>) {
            char text[32];
            const auto end = std::to_chars(text, text + sizeof text, v).ptr;
            out.add(std::string_view(text, static_cast<std::size_t>(end - text)));
          } else {
            out.add(v);
          }
        },
        value);
  }
  return out;
}

Result<SqlRows> read_sql(Connection& db, std::string_view sql, std::span<const SqlValue> params,
                         const SqlReadOptions& options) {
  if (Status status =
          db.exec_checked("BEGIN READ ONLY", "read_sql: starting a read-only transaction");
      !status.ok()) {
    return status;
  }
  auto read = [&]() -> Result<SqlRows> {
    if (options.timeout.count() > 0) {
      const std::string set =
          "SET LOCAL statement_timeout = " + std::to_string(options.timeout.count());
      PgResult result = db.exec(set.c_str());
      if (!result.ok()) return db.error(result, "read_sql: setting the timeout");
    }
    std::string declare(kDeclare);
    declare += sql;
    const Params values = sql_params(params);
    const std::vector<const char*> pointers = values.pointers();
    PgResult declared(PQexecParams(db.get(), declare.c_str(), static_cast<int>(pointers.size()),
                                   nullptr, pointers.data(), nullptr, nullptr, 0));
    if (!declared.ok()) return query_error(db, declared, "read_sql", kDeclare.size());
    // One more than max_rows says whether there are more (design note 2).
    const std::size_t fetch = std::min<std::size_t>(options.max_rows, INT_MAX - 1) + 1;
    const std::string fetch_sql = "FETCH FORWARD " + std::to_string(fetch) + " FROM mealy_read_sql";
    PgResult fetched = db.exec(fetch_sql.c_str());
    if (!fetched.ok()) {
      Status status = query_error(db, fetched, "read_sql", 0);
      if (status.code() == StatusCode::deadline_exceeded) {
        return Status(StatusCode::deadline_exceeded,
                      db.where() + ": read_sql: the query ran longer than " +
                          std::to_string(options.timeout.count()) + " ms");
      }
      return status;
    }
    SqlRows out;
    const int columns = PQnfields(fetched.get());
    for (int i = 0; i < columns; ++i)
      out.columns.emplace_back(PQfname(fetched.get(), i));
    const auto rows = static_cast<std::size_t>(fetched.rows());
    out.truncated = rows > options.max_rows;
    const std::size_t kept = std::min(rows, options.max_rows);
    out.rows.reserve(kept);
    for (std::size_t r = 0; r < kept; ++r) {
      auto& row = out.rows.emplace_back();
      row.reserve(static_cast<std::size_t>(columns));
      for (int i = 0; i < columns; ++i) {
        const int at = static_cast<int>(r);
        row.push_back(fetched.is_null(at, i) ? std::nullopt
                                             : std::optional<std::string>(fetched.text(at, i)));
      }
    }
    return out;
  };
  Result<SqlRows> rows = read();
  if (!rows) {
    (void)db.exec("ROLLBACK");
    return rows;
  }
  if (Status status = db.exec_checked("COMMIT", "read_sql: ending the transaction"); !status.ok()) {
    (void)db.exec("ROLLBACK");
    return status;
  }
  return rows;
}

}  // namespace mealy::postgres
