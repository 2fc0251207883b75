#include "sqlite_copy.hpp"

#include <array>

#include "rfc3339.hpp"
#include "sqlite_schema.hpp"
#include "store/metadata_json.hpp"

namespace mealy::sqlite {
namespace {

constexpr std::string_view kLogSql =
    "SELECT position, stream, stream_version, event_id, type, schema_version, payload, metadata, "
    "recorded_at, "
    "coalesce(append_first, 0), coalesce(append_last, 0) FROM events WHERE position > ?1 ORDER BY "
    "position "
    "LIMIT ?2";

std::string timestamp_text(Timestamp time) {
  std::array<char, detail::kTimestampLength> text{};
  detail::format_timestamp(time, text.data());
  return {text.data(), text.size()};
}

// A write transaction rolled back unless committed.
class Transaction {
 public:
  explicit Transaction(Connection& db) : db_(db) {}
  ~Transaction() {
    if (!sqlite3_get_autocommit(db_.get())) (void)db_.exec("ROLLBACK");
  }
  Status begin() { return db_.exec("BEGIN IMMEDIATE", "starting an import"); }
  Status commit() { return db_.exec("COMMIT", "committing an import"); }

 private:
  Connection& db_;
};

Status read_logged(const Connection& db, const Statement& row, LoggedEvent& out) {
  RecordedEvent& event = out.event;
  event.position = static_cast<std::uint64_t>(row.int64(0));
  auto fail = [&](std::string what) {
    return Status(StatusCode::corruption,
                  db.url() + ": event at position " + std::to_string(event.position) + ": " + what);
  };
  event.stream = row.text(1);
  event.stream_version = static_cast<std::uint64_t>(row.int64(2));
  auto id = Uuid::parse(row.text(3));
  if (!id) return fail("event_id is not a uuid");
  event.id = *id;
  event.type = row.text(4);
  event.schema_version = static_cast<std::uint32_t>(row.int64(5));
  event.payload = row.text(6);
  if (Status status = detail::read_metadata(row.text(7), event.metadata); !status.ok()) {
    return fail("metadata " + status.message());
  }
  if (detail::parse_timestamp(row.text(8), event.recorded_at) != detail::TimestampParse::ok) {
    return fail("recorded_at is not an RFC 3339 timestamp");
  }
  out.append_first = static_cast<std::uint64_t>(row.int64(9));
  out.append_last = static_cast<std::uint64_t>(row.int64(10));
  return {};
}

Status read_page(Connection& db, std::uint64_t after, std::size_t max_count, LogPage& page) {
  auto events = db.prepare(kLogSql);
  if (!events) return events.status();
  events->bind(1, after);
  events->bind(2, static_cast<std::int64_t>(std::min<std::size_t>(max_count, INT64_MAX)));
  while (page.events.size() < max_count) {
    const int code = events->step();
    if (code == SQLITE_DONE) break;
    if (code != SQLITE_ROW) return db.error(code, "reading the log");
    if (Status status = read_logged(db, *events, page.events.emplace_back()); !status.ok())
      return status;
  }
  auto head = db.prepare("SELECT coalesce(max(position), 0) FROM events");
  if (!head) return head.status();
  if (const int code = head->step(); code != SQLITE_ROW) return db.error(code, "reading the head");
  const auto last = static_cast<std::uint64_t>(head->int64(0));
  page.at_end = page.events.empty() || page.events.back().event.position >= last;
  page.next_position = page.at_end ? std::max(after, last) : page.events.back().event.position;
  if (page.events.empty()) return {};
  auto commands = db.prepare(
      "SELECT command_id, stream, first_position, first_version, last_version FROM commands "
      "WHERE first_position BETWEEN ?1 AND ?2 ORDER BY first_position");
  if (!commands) return commands.status();
  commands->bind(1, page.events.front().event.position);
  commands->bind(2, page.events.back().event.position);
  for (;;) {
    const int code = commands->step();
    if (code == SQLITE_DONE) return {};
    if (code != SQLITE_ROW) return db.error(code, "reading commands");
    auto id = Uuid::parse(commands->text(0));
    if (!id) return {StatusCode::corruption, db.url() + ": a command id is not a uuid"};
    page.commands.push_back({*id, std::string(commands->text(1)),
                             static_cast<std::uint64_t>(commands->int64(2)),
                             static_cast<std::uint64_t>(commands->int64(3)),
                             static_cast<std::uint64_t>(commands->int64(4))});
  }
}

Result<std::uint64_t> one_number(Connection& db, Statement& statement, std::string_view what,
                                 bool& found) {
  const int code = statement.step();
  found = code == SQLITE_ROW;
  if (code == SQLITE_DONE) return std::uint64_t{0};
  if (code != SQLITE_ROW) return db.error(code, what);
  return static_cast<std::uint64_t>(statement.int64(0));
}

Status invalid(const Connection& db, const std::string& message) {
  return Status::invalid_argument(db.url() + ": importing: " + message);
}

// import_log inside its transaction.
Result<std::size_t> import_page(Connection& db, const LogPage& page, std::uint64_t& head) {
  auto head_query = db.prepare("SELECT coalesce(max(position), 0) FROM events");
  auto id_at = db.prepare("SELECT event_id FROM events WHERE position = ?1");
  auto version_of = db.prepare("SELECT version FROM streams WHERE stream = ?1");
  auto insert = db.prepare(
      "INSERT INTO events (position, stream, category, stream_version, event_id, type, "
      "schema_version, payload, "
      "metadata, recorded_at, append_first, append_last) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, nullif(?11, 0), nullif(?12, 0))");
  auto move_stream = db.prepare(
      "INSERT INTO streams (stream, category, version) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (stream) DO UPDATE SET version = excluded.version");
  auto command = db.prepare(
      "INSERT INTO commands (command_id, stream, first_position, first_version, last_version, "
      "recorded_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (command_id) DO NOTHING");
  for (auto* prepared : {&head_query, &id_at, &version_of, &insert, &move_stream, &command}) {
    if (!*prepared) return prepared->status();
  }
  bool found = false;
  auto current = one_number(db, *head_query, "reading the head", found);
  if (!current) return current.status();
  head = *current;
  const std::uint64_t held = head;
  std::size_t written = 0;
  std::string metadata;
  std::array<char, 36> id{};
  for (const LoggedEvent& logged : page.events) {
    const RecordedEvent& event = logged.event;
    event.id.format(id.data());
    const std::string_view id_text(id.data(), id.size());
    if (event.position <= held) {
      Use use(*id_at);
      use->bind(1, event.position);
      const int code = use->step();
      if (code != SQLITE_ROW && code != SQLITE_DONE) return db.error(code, "reading the log");
      if (code == SQLITE_DONE || use->text(0) != id_text) {
        return invalid(db, "position " + std::to_string(event.position) +
                               " holds another event than " + std::string(id_text));
      }
      continue;
    }
    if (event.position != head + 1) {
      return invalid(db, "position " + std::to_string(event.position) +
                             " does not continue the log at " + std::to_string(head));
    }
    std::uint64_t version = 0;
    {
      Use use(*version_of);
      use->bind(1, std::string_view(event.stream));
      auto read = one_number(db, *use, "reading a stream's version", found);
      if (!read) return read.status();
      version = *read;
    }
    if (event.stream_version != version + 1) {
      return invalid(db, "event " + std::string(id_text) + " of " + event.stream + " has version " +
                             std::to_string(event.stream_version) +
                             ", but the stream is at version " + std::to_string(version));
    }
    const std::string_view category = category_of(event.stream);
    metadata.clear();
    detail::write_metadata(metadata, event.metadata);
    const std::string recorded_at = timestamp_text(event.recorded_at);
    {
      Use use(*insert);
      use->bind(1, event.position);
      use->bind(2, std::string_view(event.stream));
      use->bind(3, category);
      use->bind(4, event.stream_version);
      use->bind(5, id_text);
      use->bind(6, std::string_view(event.type));
      use->bind(7, static_cast<std::int64_t>(event.schema_version));
      use->bind(8, std::string_view(event.payload));
      use->bind(9, std::string_view(metadata));
      use->bind(10, std::string_view(recorded_at));
      use->bind(11, logged.append_first);
      use->bind(12, logged.append_last);
      const int code = use->step();
      if (code == SQLITE_CONSTRAINT)
        return invalid(db, "event " + std::string(id_text) + " is in the log already");
      if (code != SQLITE_DONE) return db.error(code, "importing an event");
    }
    {
      Use use(*move_stream);
      use->bind(1, std::string_view(event.stream));
      use->bind(2, category);
      use->bind(3, event.stream_version);
      if (const int code = use->step(); code != SQLITE_DONE)
        return db.error(code, "importing a stream");
    }
    head = event.position;
    ++written;
  }
  for (const CommandRecord& record : page.commands) {
    record.command_id.format(id.data());
    Use use(*command);
    use->bind(1, std::string_view(id.data(), id.size()));
    use->bind(2, std::string_view(record.stream));
    use->bind(3, record.first_position);
    use->bind(4, record.first_version);
    use->bind(5, record.last_version);
    const std::string now = timestamp_text(SystemClock().now());
    use->bind(6, std::string_view(now));
    if (const int code = use->step(); code != SQLITE_DONE)
      return db.error(code, "importing a command");
  }
  return written;
}

}  // namespace

Result<LogPage> read_log(Connection& db, std::uint64_t after, std::size_t max_count) {
  if (Status status = db.exec("BEGIN", "starting a read"); !status.ok()) return status;
  LogPage page;
  Status status = read_page(db, after, max_count, page);
  (void)db.exec("COMMIT");
  if (!status.ok()) return status;
  return page;
}

Result<std::size_t> import_log(Connection& db, const LogPage& page, std::uint64_t& last_position) {
  Transaction transaction(db);
  if (Status status = transaction.begin(); !status.ok()) return status;
  auto written = import_page(db, page, last_position);
  if (!written) return written.status();
  if (Status status = transaction.commit(); !status.ok()) return status;
  return written;
}

Status put_snapshot(Connection& db, const Snapshot& snapshot) {
  auto statement = db.prepare(
      "INSERT INTO snapshots (stream, fingerprint, version, state, recorded_at) VALUES (?1, ?2, "
      "?3, ?4, ?5) "
      "ON CONFLICT (stream, fingerprint) DO UPDATE SET version = excluded.version, state = "
      "excluded.state, "
      "recorded_at = excluded.recorded_at");
  if (!statement) return statement.status();
  const std::string fingerprint = fingerprint_text(snapshot.fingerprint);
  const std::string now = timestamp_text(SystemClock().now());
  statement->bind(1, std::string_view(snapshot.stream));
  statement->bind(2, std::string_view(fingerprint));
  statement->bind(3, snapshot.version);
  statement->bind(4, std::string_view(snapshot.state));
  statement->bind(5, std::string_view(now));
  if (const int code = statement->step(); code != SQLITE_DONE) {
    return db.error(code, "writing a snapshot of " + snapshot.stream);
  }
  return {};
}

}  // namespace mealy::sqlite
