#include "pg_connection.hpp"

#include <charconv>
#include <utility>

namespace mealy::postgres {
namespace {

// The server's message without its trailing newline, on one line.
std::string one_line(const char* message) {
  std::string text = message == nullptr ? "" : message;
  while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
    text.pop_back();
  for (char& c : text) {
    if (c == '\n' || c == '\t') c = ' ';
  }
  return text;
}

// Replaces the value after each `key=` (key/value strings and URI query
// parameters) by `***`, up to the next separator.
void redact_parameter(std::string& text, std::string_view key, bool uri) {
  std::size_t at = 0;
  while ((at = text.find(key, at)) != std::string::npos) {
    const bool starts =
        at == 0 || text[at - 1] == ' ' || text[at - 1] == '?' || text[at - 1] == '&';
    if (!starts) {
      at += key.size();
      continue;
    }
    const std::size_t value = at + key.size();
    std::size_t end = value;
    if (!uri && end < text.size() && text[end] == '\'') {
      for (++end; end < text.size() && text[end] != '\''; ++end) {
        if (text[end] == '\\') ++end;
      }
      end = std::min(end + 1, text.size());
    } else {
      while (end < text.size() && text[end] != (uri ? '&' : ' '))
        ++end;
    }
    text.replace(value, end - value, "***");
    at = value + 3;
  }
}

}  // namespace

std::string redact_url(std::string_view url) {
  std::string text(url);
  const std::size_t scheme = text.find("://");
  const bool uri = scheme != std::string::npos;
  if (uri) {
    const std::size_t authority = scheme + 3;
    const std::size_t path = text.find_first_of("/?", authority);
    const std::size_t at = text.rfind('@', path == std::string::npos ? std::string::npos : path);
    if (at != std::string::npos && at >= authority) {
      const std::size_t colon = text.find(':', authority);
      if (colon != std::string::npos && colon < at) text.replace(colon + 1, at - colon - 1, "***");
    }
  }
  redact_parameter(text, "password=", uri);
  return text;
}

bool PgResult::ok() const {
  const ExecStatusType status = PQresultStatus(result_);
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

std::string_view PgResult::sqlstate() const {
  const char* state = result_ == nullptr ? nullptr : PQresultErrorField(result_, PG_DIAG_SQLSTATE);
  return state == nullptr ? std::string_view() : std::string_view(state);
}

std::uint64_t PgResult::changed() const {
  const char* count = PQcmdTuples(result_);
  std::uint64_t value = 0;
  if (count != nullptr)
    std::from_chars(count, count + std::char_traits<char>::length(count), value);
  return value;
}

std::int64_t PgResult::int64(int row, int column) const {
  const std::string_view digits = text(row, column);
  std::int64_t value = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return value;
}

Params& Params::add(std::string_view text) {
  values_.emplace_back(std::string(text));
  return *this;
}

Params& Params::add(std::int64_t value) {
  values_.emplace_back(std::to_string(value));
  return *this;
}

Params& Params::add_null() {
  values_.emplace_back(std::nullopt);
  return *this;
}

std::vector<const char*> Params::pointers() const {
  std::vector<const char*> out;
  out.reserve(values_.size());
  for (const auto& value : values_)
    out.push_back(value ? value->c_str() : nullptr);
  return out;
}

void append_array_element(std::string& out, std::string_view value) {
  out += '"';
  for (const char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

Result<std::unique_ptr<Connection>> Connection::open(const std::string& conninfo,
                                                     const std::string& where) {
  // The URL's own settings win over the application name; the encoding is
  // ours: the store reads and writes UTF-8.
  const char* keywords[] = {"application_name", "dbname", "client_encoding", nullptr};
  const char* values[] = {"mealy", conninfo.c_str(), "UTF8", nullptr};
  PGconn* conn = PQconnectdbParams(keywords, values, 1);
  if (conn == nullptr)
    return Status(StatusCode::io_error, where + ": cannot connect: out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    // Nothing was sent: the same call may succeed later.
    Status status(StatusCode::unavailable,
                  where + ": cannot connect: " + one_line(PQerrorMessage(conn)));
    PQfinish(conn);
    return status;
  }
  // The server's notices (a DROP TABLE IF EXISTS of nothing) are not ours
  // to print on the application's stderr.
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  return std::unique_ptr<Connection>(new Connection(conn, where));
}

Connection::~Connection() {
  PQfinish(conn_);
}

PgResult Connection::exec(const char* sql) {
  return PgResult(PQexec(conn_, sql));
}

Result<const std::string*> Connection::prepared(std::string_view sql) {
  auto found = prepared_.find(sql);
  if (found != prepared_.end()) return &found->second;
  std::string name = "mealy_" + std::to_string(prepared_.size() + 1);
  const std::string text(sql);
  PgResult result(PQprepare(conn_, name.c_str(), text.c_str(), 0, nullptr));
  if (!result.ok()) return error(result, "preparing a statement");
  return &prepared_.emplace(text, std::move(name)).first->second;
}

PgResult Connection::run(std::string_view sql, const Params& params) {
  auto found = prepared_.find(sql);
  if (found == prepared_.end()) {
    std::string name = "mealy_" + std::to_string(prepared_.size() + 1);
    const std::string text(sql);
    PgResult prepared(PQprepare(conn_, name.c_str(), text.c_str(), 0, nullptr));
    if (!prepared.ok()) return prepared;
    found = prepared_.emplace(text, std::move(name)).first;
  }
  const std::vector<const char*> values = params.pointers();
  return PgResult(PQexecPrepared(conn_, found->second.c_str(), static_cast<int>(values.size()),
                                 values.data(), nullptr, nullptr, 0));
}

bool Connection::send(const std::string& name, const Params& params) {
  const std::vector<const char*> values = params.pointers();
  return PQsendQueryPrepared(conn_, name.c_str(), static_cast<int>(values.size()), values.data(),
                             nullptr, nullptr, 0) == 1;
}

bool Connection::send(const char* sql) {
  return PQsendQueryParams(conn_, sql, 0, nullptr, nullptr, nullptr, nullptr, 0) == 1;
}

PgResult Connection::next_result() {
  PgResult result(PQgetResult(conn_));
  if (result.get() == nullptr) return result;
  if (PQresultStatus(result.get()) != PGRES_PIPELINE_SYNC) {
    // Each statement's results end with a null.
    while (PGresult* extra = PQgetResult(conn_))
      PQclear(extra);
  }
  return result;
}

Status Connection::error(const PgResult& result, std::string_view what) const {
  const char* message = result.get() != nullptr ? PQresultErrorMessage(result.get()) : nullptr;
  std::string text =
      one_line(message != nullptr && *message != '\0' ? message : PQerrorMessage(conn_));
  if (text.empty()) text = "the connection was lost";
  // Without an SQLSTATE, or with one of the classes of connections,
  // operators (a server shutting down), resources or the system, the
  // server or the way to it failed: io_error. Anything else is a statement
  // the server refused.
  const std::string_view state = result.sqlstate();
  const bool server_failed = state.empty() || broken() || state.starts_with("08") ||
                             state.starts_with("53") || state.starts_with("57") ||
                             state.starts_with("58");
  const StatusCode code = server_failed ? StatusCode::io_error : StatusCode::internal;
  return {code, where_ + ": " + std::string(what) + ": " + text};
}

Result<PgResult> Connection::checked(std::string_view sql, const Params& params,
                                     std::string_view what) {
  PgResult result = run(sql, params);
  if (!result.ok()) return error(result, what);
  return result;
}

Status Connection::exec_checked(const char* sql, std::string_view what) {
  PgResult result = exec(sql);
  return result.ok() ? Status() : error(result, what);
}

bool Connection::healthy() {
  if (broken()) return false;
  if (PQconsumeInput(conn_) == 0) return false;
  while (PGnotify* notify = PQnotifies(conn_))
    PQfreemem(notify);
  return !broken() && PQtransactionStatus(conn_) == PQTRANS_IDLE;
}

}  // namespace mealy::postgres
