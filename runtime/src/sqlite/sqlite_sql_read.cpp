// EventStore::read_sql on SQLite.
//
// Design notes:
//  1. Read-only whatever the SQL says, by two checks that do not trust each
//     other: an authorizer (sqlite3_set_authorizer), installed for the call
//     only, allows what compiling a read asks for (SQLITE_SELECT,
//     SQLITE_READ, SQLITE_FUNCTION but for the functions in kRefused,
//     SQLITE_RECURSIVE) and denies the rest (INSERT, UPDATE, DELETE, DDL,
//     PRAGMA, ATTACH, DETACH, BEGIN/COMMIT, SAVEPOINT, ANALYZE, REINDEX, temp
//     objects, virtual tables); then the compiled statement must be
//     sqlite3_stmt_readonly (VACUUM asks no authorization of its own).
//  2. One exception to 1: the first time a connection uses an eponymous
//     virtual table (json_each, json_tree), SQLite declares it by compiling
//     its CREATE TABLE, which asks to UPDATE sqlite_master and to read its
//     ROWID. That compile never runs; the UPDATE is allowed (a statement
//     that really updates sqlite_master fails check 1's readonly test), and
//     the ROWID read right after it. Denying it would make json_each fail.
//  3. Untrusted queries (allowed_tables not empty) may read only the listed
//     tables of the main database, and json_each/json_tree (which read their
//     arguments only); reading sqlite_schema, the store's own tables or
//     any other is refused, naming the table. A read of a table's columns
//     names the table itself; but a FROM item whose columns are not used
//     (SELECT count(*) FROM t) is authorized by the name as written, which
//     may be a common table expression's (WITH c AS ... FROM c) as well as
//     a table's. Such a name, when not allowed, is noted and the compile
//     goes on; once compiled, the names are looked up in sqlite_schema
//     (the authorizer letting that one query of ours through), and a table
//     or view among them is refused. The lookup comes after the compile, so
//     it sees every table the compile could have seen. The names are not
//     checked again if SQLite recompiles the statement while stepping (the
//     schema changed): then such a read is refused.
//  4. Exactly one statement: what follows the first (but white space,
//     comments and semicolons) is refused, not ignored.
//  5. Timeout: a progress handler, called every kProgressSteps virtual
//     machine instructions, interrupts the statement after the deadline;
//     sqlite3_step then gives SQLITE_INTERRUPT, the statement is finalized
//     and the connection, whose read transaction ended with it, is as good
//     as before.
//  6. The statement runs in autocommit: its read transaction (one WAL
//     snapshot on a file store) begins at its first step and ends when it is
//     finalized, so rows come from one consistent state of the database,
//     and the writer never waits for it.
//  7. The authorizer and the progress handler are removed whatever
//     happened (a guard), so the pooled connection is as it was.
#include "sqlite_sql_read.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <string>
#include <vector>

namespace mealy::sqlite {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kProgressSteps = 1000;

// Functions that reach outside the database or load code.
constexpr std::string_view kRefused[] = {"load_extension", "fts3_tokenizer", "readfile",
                                         "writefile", "edit"};
// Table-valued functions an untrusted query may use: they read only their
// arguments.
constexpr std::string_view kTableFunctions[] = {"json_each", "json_tree"};

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view text_of(const char* text) {
  return text == nullptr ? std::string_view() : std::string_view(text);
}

// CREATE, DROP and ANALYZE first ask to write these tables.
bool is_schema(std::string_view table) {
  return same_name(table, "sqlite_master") || same_name(table, "sqlite_temp_master");
}
constexpr const char* kSchemaChange = "a change of the schema (CREATE, DROP)";

// What the authorizer sees during one read_sql call.
struct Authorization {
  const SqlReadOptions* options = nullptr;
  std::string refused;                  // the first thing denied: "INSERT into t"
  bool declaring_table = false;         // design note 2
  bool compiled = false;                // design note 3: from here, a name not allowed is refused
  bool ours = false;                    // our own lookup in sqlite_schema runs
  std::vector<std::string> unresolved;  // design note 3: names of FROM items not allowed

  int deny(std::string what) {
    if (refused.empty()) refused = std::move(what);
    return SQLITE_DENY;
  }

  bool table_allowed(std::string_view table, std::string_view database) const {
    if (options->allowed_tables.empty()) return true;
    for (std::string_view function : kTableFunctions) {
      if (same_name(table, function)) return true;
    }
    if (!database.empty() && database != "main") return false;
    return std::any_of(options->allowed_tables.begin(), options->allowed_tables.end(),
                       [&](const std::string& allowed) { return same_name(allowed, table); });
  }

  int check(int action, std::string_view a, std::string_view b, std::string_view database) {
    if (ours) return SQLITE_OK;
    const std::string first(a);
    switch (action) {
      case SQLITE_SELECT:
      case SQLITE_RECURSIVE:
        return SQLITE_OK;
      case SQLITE_READ:
        if (declaring_table && same_name(a, "sqlite_master") && b == "ROWID") {
          declaring_table = false;
          return SQLITE_OK;
        }
        if (table_allowed(a, database)) return SQLITE_OK;
        if (b.empty() && !compiled && !same_name(a.substr(0, 7), "sqlite_")) {
          unresolved.push_back(first);
          return SQLITE_OK;
        }
        return deny("reading the table " + first + " (the query may read only " + allowed_list() +
                    ")");
      case SQLITE_FUNCTION:
        for (std::string_view refused_function : kRefused) {
          if (same_name(b, refused_function)) return deny("calling " + std::string(b) + "()");
        }
        return SQLITE_OK;
      case SQLITE_UPDATE:
        if (same_name(a, "sqlite_master") && database == "main") {
          declaring_table = true;
          return SQLITE_OK;
        }
        return deny(is_schema(a) ? kSchemaChange : "UPDATE of " + first);
      case SQLITE_INSERT:
        return deny(is_schema(a) ? kSchemaChange : "INSERT into " + first);
      case SQLITE_DELETE:
        return deny(is_schema(a) ? kSchemaChange : "DELETE from " + first);
      case SQLITE_PRAGMA:
        return deny("PRAGMA " + first);
      case SQLITE_ATTACH:
        return deny("ATTACH");
      case SQLITE_DETACH:
        return deny("DETACH");
      case SQLITE_TRANSACTION:
        return deny(first + " (transaction control)");
      case SQLITE_SAVEPOINT:
        return deny("SAVEPOINT " + std::string(b));
      case SQLITE_ANALYZE:
        return deny("ANALYZE");
      case SQLITE_REINDEX:
        return deny("REINDEX");
      case SQLITE_ALTER_TABLE:
        return deny("ALTER TABLE " + std::string(b));
      case SQLITE_CREATE_INDEX:
      case SQLITE_CREATE_TABLE:
      case SQLITE_CREATE_TRIGGER:
      case SQLITE_CREATE_VIEW:
      case SQLITE_CREATE_VTABLE:
      case SQLITE_CREATE_TEMP_INDEX:
      case SQLITE_CREATE_TEMP_TABLE:
      case SQLITE_CREATE_TEMP_TRIGGER:
      case SQLITE_CREATE_TEMP_VIEW:
        return deny("CREATE " + first);
      case SQLITE_DROP_INDEX:
      case SQLITE_DROP_TABLE:
      case SQLITE_DROP_TRIGGER:
      case SQLITE_DROP_VIEW:
      case SQLITE_DROP_VTABLE:
      case SQLITE_DROP_TEMP_INDEX:
      case SQLITE_DROP_TEMP_TABLE:
      case SQLITE_DROP_TEMP_TRIGGER:
      case SQLITE_DROP_TEMP_VIEW:
        return deny("DROP " + first);
      default:
        return deny("an operation that is not a read (SQLite authorizer action " +
                    std::to_string(action) + ")");
    }
  }

  [[nodiscard]] std::string allowed_list() const {
    std::string list;
    for (const std::string& table : options->allowed_tables) {
      if (!list.empty()) list += ", ";
      list += table;
    }
    return list;
  }
};

int authorize(void* context, int action, const char* a, const char* b, const char* database,
              const char* /*trigger_or_view*/) {
  return static_cast<Authorization*>(context)->check(action, text_of(a), text_of(b),
                                                     text_of(database));
}

int past_deadline(void* deadline) {
  return Clock::now() >= *static_cast<Clock::time_point*>(deadline) ? 1 : 0;
}

// Installs the authorizer (and, with a deadline, the progress handler) on
// `db` for its lifetime (design note 7).
class Guard {
 public:
  Guard(sqlite3* db, Authorization& authorization, Clock::time_point* deadline) : db_(db) {
    sqlite3_set_authorizer(db_, authorize, &authorization);
    if (deadline != nullptr) sqlite3_progress_handler(db_, kProgressSteps, past_deadline, deadline);
  }
  ~Guard() {
    sqlite3_progress_handler(db_, 0, nullptr, nullptr);
    sqlite3_set_authorizer(db_, nullptr, nullptr);
  }
  Guard(const Guard&) = delete;
  Guard& operator=(const Guard&) = delete;

 private:
  sqlite3* db_;
};

// Where in `tail` a second statement begins; npos when there is none
// (design note 4).
std::size_t next_statement(std::string_view tail) {
  std::size_t at = 0;
  while (at < tail.size()) {
    const char c = tail[at];
    if (std::isspace(static_cast<unsigned char>(c)) || c == ';') {
      ++at;
    } else if (tail.substr(at, 2) == "--") {
      const std::size_t end = tail.find('\n', at);
      at = end == std::string_view::npos ? tail.size() : end + 1;
    } else if (tail.substr(at, 2) == "/*") {
      const std::size_t end = tail.find("*/", at + 2);
      at = end == std::string_view::npos ? tail.size() : end + 2;
    } else {
      return at;
    }
  }
  return std::string_view::npos;
}

// The status for SQLite's error `code` while running the query: the
// query's fault (a syntax error, a bad value) is invalid_argument, the
// rest as for the store's own statements.
StatusCode code_for(int code) {
  switch (code & 0xff) {
    case SQLITE_ERROR:
    case SQLITE_TOOBIG:
    case SQLITE_AUTH:
      return StatusCode::invalid_argument;
    default:
      return status_code_for(code);
  }
}

class Query {
 public:
  Query(Connection& db, std::string_view sql, const SqlReadOptions& options)
      : db_(db), sql_(sql), options_(options) {
    authorization_.options = &options;
  }

  Result<SqlRows> run(std::span<const SqlValue> params) {
    const bool timed = options_.timeout.count() > 0;
    Clock::time_point deadline = Clock::now() + options_.timeout;
    Guard guard(db_.get(), authorization_, timed ? &deadline : nullptr);
    if (Status status = prepare(); !status.ok()) return status;
    if (Status status = bind(params); !status.ok()) return status;
    auto rows = read();
    statement_ = Statement();  // ends its read transaction, before the guard goes
    return rows;
  }

 private:
  Status failure(StatusCode code, std::string_view what) const {
    return {code, db_.url() + ": read_sql: " + std::string(what)};
  }

  Status refusal() const {
    return failure(StatusCode::invalid_argument,
                   "refused: the query may only read; it asked for " + authorization_.refused);
  }

  // SQLite's message for `code`, with the offset of the token it points at.
  Status sqlite_error(int code, std::string_view what) const {
    if (!authorization_.refused.empty()) return refusal();
    std::string message(what);
    message += ": ";
    message += sqlite3_errmsg(db_.get());
#if SQLITE_VERSION_NUMBER >= 3038000
    if (const int offset = sqlite3_error_offset(db_.get()); offset >= 0) {
      message += " (at offset " + std::to_string(offset) + ")";
    }
#endif
    return failure(code_for(code), message);
  }

  Status prepare() {
    if (sql_.empty()) return failure(StatusCode::invalid_argument, "there is no statement to run");
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    const int code =
        sqlite3_prepare_v3(db_.get(), sql_.data(), static_cast<int>(sql_.size()), 0, &raw, &tail);
    statement_ = Statement(raw);
    if (code != SQLITE_OK) return sqlite_error(code, "cannot compile the query");
    if (raw == nullptr)
      return failure(StatusCode::invalid_argument, "there is no statement to run");
    const std::size_t consumed = static_cast<std::size_t>(tail - sql_.data());
    if (const std::size_t next = next_statement(sql_.substr(consumed));
        next != std::string_view::npos) {
      return failure(StatusCode::invalid_argument,
                     "refused: a second statement follows the first (at offset " +
                         std::to_string(consumed + next) + ")");
    }
    if (!authorization_.refused.empty()) return refusal();
    if (Status status = resolve(); !status.ok()) return status;
    authorization_.compiled = true;
    if (sqlite3_stmt_readonly(raw) == 0) {
      return failure(StatusCode::invalid_argument,
                     "refused: the query may only read, and this statement writes");
    }
    return {};
  }

  // Refuses the names noted while compiling that are tables or views
  // (design note 3).
  Status resolve() {
    if (authorization_.unresolved.empty()) return {};
    authorization_.ours = true;
    Status status = [&]() -> Status {
      sqlite3_stmt* raw = nullptr;
      constexpr std::string_view kNames =
          "SELECT 1 FROM sqlite_schema WHERE type IN ('table', 'view') AND name = ?1 COLLATE "
          "NOCASE";
      const int code = sqlite3_prepare_v3(db_.get(), kNames.data(), static_cast<int>(kNames.size()),
                                          0, &raw, nullptr);
      Statement lookup(raw);
      if (code != SQLITE_OK) return sqlite_error(code, "looking up the tables it reads");
      for (const std::string& name : authorization_.unresolved) {
        lookup.bind(1, std::string_view(name));
        const int found = lookup.step();
        lookup.reset();
        if (found == SQLITE_ROW) {
          authorization_.deny("reading the table " + name + " (the query may read only " +
                              authorization_.allowed_list() + ")");
          return refusal();
        }
        if (found != SQLITE_DONE) return sqlite_error(found, "looking up the tables it reads");
      }
      return {};
    }();
    authorization_.ours = false;
    return status;
  }

  Status bind(std::span<const SqlValue> params) {
    for (std::size_t i = 0; i < params.size(); ++i) {
      const std::string name = "$" + std::to_string(i + 1);
      const int index = sqlite3_bind_parameter_index(statement_.get(), name.c_str());
      if (index == 0)
        return failure(StatusCode::invalid_argument, "the query has no parameter " + name);
      std::visit(
          [&](const auto& value) {
            using T = std::decay_t<decltype(value)>;
            if constexpr (std::is_same_v<T, std::nullptr_t>) {
              statement_.bind_null(index);
            } else {
              statement_.bind(index, value);
            }
          },
          params[i]);
    }
    return {};
  }

  Result<SqlRows> read() {
    sqlite3_stmt* raw = statement_.get();
    SqlRows out;
    const int columns = sqlite3_column_count(raw);
    out.columns.reserve(static_cast<std::size_t>(columns));
    for (int i = 0; i < columns; ++i)
      out.columns.emplace_back(text_of(sqlite3_column_name(raw, i)));
    for (;;) {
      const int code = sqlite3_step(raw);
      if (code == SQLITE_DONE) break;
      if (code == SQLITE_INTERRUPT) {
        return failure(
            StatusCode::deadline_exceeded,
            "the query ran longer than " + std::to_string(options_.timeout.count()) + " ms");
      }
      if (code != SQLITE_ROW) return sqlite_error(code, "running the query");
      if (out.rows.size() == options_.max_rows) {
        out.truncated = true;
        break;
      }
      auto& row = out.rows.emplace_back();
      row.reserve(static_cast<std::size_t>(columns));
      for (int i = 0; i < columns; ++i)
        row.push_back(value(raw, i));
    }
    return out;
  }

  // Design note in store.hpp's SqlRows: the value's text form.
  static std::optional<std::string> value(sqlite3_stmt* raw, int column) {
    switch (sqlite3_column_type(raw, column)) {
      case SQLITE_NULL:
        return std::nullopt;
      case SQLITE_INTEGER:
        return std::to_string(sqlite3_column_int64(raw, column));
      case SQLITE_BLOB: {
        const auto* data = static_cast<const char*>(sqlite3_column_blob(raw, column));
        const auto size = static_cast<std::size_t>(sqlite3_column_bytes(raw, column));
        return data == nullptr ? std::string() : std::string(data, size);
      }
      default: {  // SQLITE_FLOAT (SQLite's own text conversion) and SQLITE_TEXT
        const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(raw, column));
        const auto size = static_cast<std::size_t>(sqlite3_column_bytes(raw, column));
        return data == nullptr ? std::string() : std::string(data, size);
      }
    }
  }

  Connection& db_;
  std::string_view sql_;
  const SqlReadOptions& options_;
  Authorization authorization_;
  Statement statement_;
};

}  // namespace

Result<SqlRows> read_sql(Connection& db, std::string_view sql, std::span<const SqlValue> params,
                         const SqlReadOptions& options) {
  Query query(db, sql, options);
  return query.run(params);
}

}  // namespace mealy::sqlite
