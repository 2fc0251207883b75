#include "pg_copy.hpp"

#include <algorithm>
#include <array>

#include "pg_reader.hpp"
#include "rfc3339.hpp"
#include "store/metadata_json.hpp"

namespace mealy::postgres {
namespace {

std::string timestamp_text(Timestamp time) {
  std::array<char, detail::kTimestampLength> text{};
  detail::format_timestamp(time, text.data());
  return {text.data(), text.size()};
}

Status read_page(Connection& db, std::uint64_t after, std::size_t max_count, LogPage& page) {
  Params params;
  params.add(after).add(static_cast<std::int64_t>(std::min<std::size_t>(max_count, INT64_MAX)));
  auto rows = db.checked(
      "SELECT position, stream, stream_version, event_id::text, type, schema_version, "
      "payload::text, "
      "metadata::text, (extract(epoch FROM recorded_at) * 1000000)::bigint, append_first, "
      "append_last "
      "FROM events WHERE position > $1 ORDER BY position LIMIT $2",
      params, "reading the log");
  if (!rows) return rows.status();
  for (int row = 0; row < rows->rows(); ++row) {
    LoggedEvent& logged = page.events.emplace_back();
    RecordedEvent& event = logged.event;
    event.position = rows->uint64(row, 0);
    event.stream = rows->text(row, 1);
    event.stream_version = rows->uint64(row, 2);
    auto id = Uuid::parse(rows->text(row, 3));
    if (!id) return {StatusCode::corruption, db.where() + ": an event id is not a uuid"};
    event.id = *id;
    event.type = rows->text(row, 4);
    event.schema_version = static_cast<std::uint32_t>(rows->int64(row, 5));
    event.payload = rows->text(row, 6);
    if (Status status = detail::read_metadata(rows->text(row, 7), event.metadata); !status.ok()) {
      return {StatusCode::corruption, db.where() + ": event at position " +
                                          std::to_string(event.position) + ": metadata " +
                                          status.message()};
    }
    event.recorded_at = Timestamp(std::chrono::microseconds(rows->int64(row, 8)));
    logged.append_first = rows->uint64(row, 9);
    logged.append_last = rows->uint64(row, 10);
  }
  auto head = db.checked("SELECT position FROM log_head", Params(), "reading the head");
  if (!head) return head.status();
  const std::uint64_t last = head->uint64(0, 0);
  page.at_end = page.events.empty() || page.events.back().event.position >= last;
  page.next_position = page.at_end ? std::max(after, last) : page.events.back().event.position;
  if (page.events.empty()) return {};
  Params range;
  range.add(page.events.front().event.position).add(page.events.back().event.position);
  auto commands = db.checked(
      "SELECT command_id::text, stream, first_position, first_version, last_version FROM commands "
      "WHERE first_position BETWEEN $1 AND $2 ORDER BY first_position",
      range, "reading commands");
  if (!commands) return commands.status();
  for (int row = 0; row < commands->rows(); ++row) {
    auto id = Uuid::parse(commands->text(row, 0));
    if (!id) return {StatusCode::corruption, db.where() + ": a command id is not a uuid"};
    page.commands.push_back({*id, std::string(commands->text(row, 1)), commands->uint64(row, 2),
                             commands->uint64(row, 3), commands->uint64(row, 4)});
  }
  return {};
}

Status invalid(const Connection& db, const std::string& message) {
  return Status::invalid_argument(db.where() + ": importing: " + message);
}

Result<std::size_t> import_page(Connection& db, const LogPage& page, std::uint64_t& head) {
  auto locked =
      db.checked("SELECT position FROM log_head FOR UPDATE", Params(), "locking the head");
  if (!locked) return locked.status();
  head = locked->uint64(0, 0);
  const std::uint64_t held = head;
  std::size_t written = 0;
  std::string metadata;
  for (const LoggedEvent& logged : page.events) {
    const RecordedEvent& event = logged.event;
    const std::string id = event.id.to_string();
    if (event.position <= held) {
      Params at;
      at.add(event.position);
      auto there = db.checked("SELECT event_id::text FROM events WHERE position = $1", at,
                              "reading the log");
      if (!there) return there.status();
      if (there->rows() == 0 || there->text(0, 0) != id) {
        return invalid(
            db, "position " + std::to_string(event.position) + " holds another event than " + id);
      }
      continue;
    }
    if (event.position != head + 1) {
      return invalid(db, "position " + std::to_string(event.position) +
                             " does not continue the log at " + std::to_string(head));
    }
    Params stream;
    stream.add(event.stream);
    auto version = db.checked("SELECT version FROM streams WHERE stream = $1", stream,
                              "reading a stream's version");
    if (!version) return version.status();
    const std::uint64_t current = version->rows() == 0 ? 0 : version->uint64(0, 0);
    if (event.stream_version != current + 1) {
      return invalid(db, "event " + id + " of " + event.stream + " has version " +
                             std::to_string(event.stream_version) +
                             ", but the stream is at version " + std::to_string(current));
    }
    Params known;
    known.add(id);
    auto exists = db.checked("SELECT 1 FROM events WHERE event_id = $1::uuid", known,
                             "looking for an event id");
    if (!exists) return exists.status();
    if (exists->rows() > 0) return invalid(db, "event " + id + " is in the log already");
    metadata.clear();
    detail::write_metadata(metadata, event.metadata);
    const std::string category(category_of(event.stream));
    Params insert;
    insert.add(event.position)
        .add(event.stream)
        .add(category)
        .add(event.stream_version)
        .add(id)
        .add(event.type)
        .add(static_cast<std::int64_t>(event.schema_version))
        .add(event.payload)
        .add(metadata)
        .add(timestamp_text(event.recorded_at))
        .add(logged.append_first == 0 ? event.stream_version : logged.append_first)
        .add(logged.append_last == 0 ? event.stream_version : logged.append_last);
    auto inserted = db.checked(
        "INSERT INTO events (position, stream, category, stream_version, event_id, type, "
        "schema_version, "
        "payload, metadata, recorded_at, append_first, append_last) VALUES ($1, $2, $3, $4, "
        "$5::uuid, $6, $7, "
        "$8::json, $9::json, $10::timestamptz, $11, $12)",
        insert, "importing an event");
    if (!inserted) return inserted.status();
    Params move;
    move.add(event.stream).add(category).add(event.stream_version);
    auto moved = db.checked(
        "INSERT INTO streams (stream, category, version) VALUES ($1, $2, $3) "
        "ON CONFLICT (stream) DO UPDATE SET version = excluded.version",
        move, "importing a stream");
    if (!moved) return moved.status();
    head = event.position;
    ++written;
  }
  if (written > 0) {
    Params moved_head;
    moved_head.add(head);
    auto updated = db.checked("UPDATE log_head SET position = $1", moved_head, "moving the head");
    if (!updated) return updated.status();
  }
  for (const CommandRecord& record : page.commands) {
    Params command;
    command.add(record.command_id.to_string())
        .add(record.stream)
        .add(record.first_position)
        .add(record.first_version)
        .add(record.last_version);
    auto recorded = db.checked(
        "INSERT INTO commands (command_id, stream, first_position, first_version, last_version, "
        "recorded_at) "
        "VALUES ($1::uuid, $2, $3, $4, $5, now()) ON CONFLICT (command_id) DO NOTHING",
        command, "importing a command");
    if (!recorded) return recorded.status();
  }
  if (written > 0) {
    if (Status status = db.exec_checked("NOTIFY mealy_log", "notifying readers"); !status.ok())
      return status;
  }
  return written;
}

}  // namespace

Result<LogPage> read_log(Connection& db, std::uint64_t after, std::size_t max_count) {
  if (Status status =
          db.exec_checked("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", "starting a read");
      !status.ok()) {
    return status;
  }
  LogPage page;
  Status status = read_page(db, after, max_count, page);
  (void)db.exec(status.ok() ? "COMMIT" : "ROLLBACK");
  if (!status.ok()) return status;
  return page;
}

Result<std::size_t> import_log(Connection& db, const LogPage& page, std::uint64_t& last_position) {
  if (Status status = db.exec_checked("BEGIN", "starting an import"); !status.ok()) return status;
  auto written = import_page(db, page, last_position);
  if (!written) {
    (void)db.exec("ROLLBACK");
    return written.status();
  }
  if (Status status = db.exec_checked("COMMIT", "committing an import"); !status.ok()) {
    (void)db.exec("ROLLBACK");
    return status;
  }
  return written;
}

Status put_snapshot(Connection& db, const Snapshot& snapshot) {
  Params params;
  params.add(snapshot.stream)
      .add(fingerprint_text(snapshot.fingerprint))
      .add(snapshot.version)
      .add(snapshot.state);
  auto written = db.checked(
      "INSERT INTO snapshots (stream, fingerprint, version, state, recorded_at) VALUES ($1, $2, "
      "$3, $4::json, "
      "now()) ON CONFLICT (stream, fingerprint) DO UPDATE SET version = excluded.version, state = "
      "excluded.state, recorded_at = excluded.recorded_at",
      params, "writing a snapshot of " + snapshot.stream);
  return written ? Status() : written.status();
}

}  // namespace mealy::postgres
