#include "sqlite_reader.hpp"

#include <array>

#include "rfc3339.hpp"
#include "sqlite_schema.hpp"
#include "store/metadata_json.hpp"

namespace mealy::sqlite {
namespace {

constexpr std::string_view kColumns =
    "SELECT position, stream, stream_version, event_id, type, schema_version, payload, metadata, "
    "recorded_at "
    "FROM events ";

Status corrupt_row(const Connection& db, std::uint64_t position, std::string_view what) {
  return {StatusCode::corruption,
          db.url() + ": event at position " + std::to_string(position) + ": " + std::string(what)};
}

Status read_row(const Connection& db, const Statement& row, RecordedEvent& out) {
  out.position = static_cast<std::uint64_t>(row.int64(0));
  out.stream = row.text(1);
  out.stream_version = static_cast<std::uint64_t>(row.int64(2));
  auto id = Uuid::parse(row.text(3));
  if (!id) return corrupt_row(db, out.position, "event_id is not a uuid");
  out.id = *id;
  out.type = row.text(4);
  out.schema_version = static_cast<std::uint32_t>(row.int64(5));
  out.payload = row.text(6);
  if (Status status = detail::read_metadata(row.text(7), out.metadata); !status.ok()) {
    return corrupt_row(db, out.position, "metadata " + status.message());
  }
  if (detail::parse_timestamp(row.text(8), out.recorded_at) != detail::TimestampParse::ok) {
    return corrupt_row(db, out.position, "recorded_at is not an RFC 3339 timestamp");
  }
  return {};
}

}  // namespace

Result<std::unique_ptr<Reader>> Reader::create(Connection& connection) {
  std::unique_ptr<Reader> reader(new Reader(connection));
  const std::string read_stream =
      std::string(kColumns) +
      "WHERE stream = ?1 AND stream_version >= ?2 ORDER BY stream_version LIMIT ?3";
  struct Prepared {
    Statement* statement;
    std::string_view sql;
  };
  const Prepared statements[] = {
      {&reader->begin_, "BEGIN"},
      {&reader->end_, "COMMIT"},
      {&reader->read_stream_, read_stream},
      {&reader->visit_stream_,
       "SELECT position, stream_version, type, schema_version, payload FROM events "
       "WHERE stream = ?1 AND stream_version >= ?2 ORDER BY stream_version LIMIT ?3"},
      {&reader->stream_version_, "SELECT version FROM streams WHERE stream = ?1"},
      {&reader->head_, "SELECT coalesce(max(position), 0) FROM events"},
      {&reader->read_snapshot_,
       "SELECT version, state FROM snapshots WHERE stream = ?1 AND fingerprint = ?2"},
      {&reader->read_checkpoint_, "SELECT position FROM checkpoints WHERE name = ?1"},
      {&reader->read_command_, kFindCommandSql},
  };
  for (const auto& [statement, sql] : statements) {
    auto prepared = connection.prepare(sql);
    if (!prepared) return prepared.status();
    *statement = std::move(*prepared);
  }
  return reader;
}

Status Reader::read_rows(Statement& statement, std::size_t max_count,
                         std::vector<RecordedEvent>& out) {
  out.reserve(std::min<std::size_t>(max_count, 1024));
  while (out.size() < max_count) {
    const int code = statement.step();
    if (code == SQLITE_DONE) return {};
    if (code != SQLITE_ROW) return db_.error(code, "reading events");
    if (Status status = read_row(db_, statement, out.emplace_back()); !status.ok()) return status;
  }
  return {};
}

Result<std::vector<RecordedEvent>> Reader::read_stream(std::string_view stream,
                                                       std::uint64_t from_version,
                                                       std::size_t max_count) {
  Use use(read_stream_);
  use->bind(1, stream);
  use->bind(2, std::max<std::uint64_t>(from_version, 1));
  use->bind(3, static_cast<std::int64_t>(std::min<std::size_t>(max_count, INT64_MAX)));
  std::vector<RecordedEvent> events;
  if (Status status = read_rows(*use, max_count, events); !status.ok()) return status;
  return events;
}

Status Reader::visit_stream(std::string_view stream, std::uint64_t from_version,
                            std::size_t max_count, StoredEventVisitor visit, void* state) {
  Use use(visit_stream_);
  use->bind(1, stream);
  use->bind(2, std::max<std::uint64_t>(from_version, 1));
  use->bind(3, static_cast<std::int64_t>(std::min<std::size_t>(max_count, INT64_MAX)));
  StoredEventView event;
  for (;;) {
    const int code = use->step();
    if (code == SQLITE_DONE) return {};
    if (code != SQLITE_ROW) return db_.error(code, "reading events");
    // Only the columns a replay needs, as views into the row: no copy.
    event.position = static_cast<std::uint64_t>(use->int64(0));
    event.stream_version = static_cast<std::uint64_t>(use->int64(1));
    event.type = use->text(2);
    event.schema_version = static_cast<std::uint32_t>(use->int64(3));
    event.payload = use->text(4);
    if (Status status = visit(state, event); !status.ok()) return status;
  }
}

Result<std::uint64_t> Reader::stream_version(std::string_view stream) {
  Use use(stream_version_);
  use->bind(1, stream);
  const int code = use->step();
  if (code == SQLITE_DONE) return std::uint64_t{0};
  if (code != SQLITE_ROW) return db_.error(code, "reading the version of " + std::string(stream));
  return static_cast<std::uint64_t>(use->int64(0));
}

Result<std::uint64_t> Reader::head() {
  Use use(head_);
  const int code = use->step();
  if (code != SQLITE_ROW) return db_.error(code, "reading the head of the log");
  return static_cast<std::uint64_t>(use->int64(0));
}

Result<Statement*> Reader::feed_query(const Filter& filter) {
  const auto key =
      std::make_tuple(!filter.stream.empty(), filter.categories.size(), filter.event_types.size());
  auto found = feed_queries_.find(key);
  if (found != feed_queries_.end()) return &found->second;
  std::string sql(kColumns);
  sql += "WHERE position > ?";
  if (!filter.stream.empty()) sql += " AND stream = ?";
  auto in_list = [&](std::string_view column, std::size_t count) {
    if (count == 0) return;
    sql += " AND ";
    sql += column;
    sql += " IN (?";
    for (std::size_t i = 1; i < count; ++i)
      sql += ", ?";
    sql += ')';
  };
  in_list("category", filter.categories.size());
  in_list("type", filter.event_types.size());
  sql += " ORDER BY position LIMIT ?";
  auto prepared = db_.prepare(sql);
  if (!prepared) return prepared.status();
  return &feed_queries_.emplace(key, std::move(*prepared)).first->second;
}

Result<Page> Reader::read_all(std::uint64_t after, const Filter& filter, std::size_t max_count) {
  auto query = feed_query(filter);
  if (!query) return query.status();
  // The page and the head in one read transaction: the cursor of a short
  // page is the head as of that snapshot, never beyond an uncommitted event.
  {
    Use begin(begin_);
    if (const int code = begin->step(); code != SQLITE_DONE)
      return db_.error(code, "starting a read");
  }
  Page page;
  Status status = [&]() -> Status {
    Use use(**query);
    int index = 1;
    use->bind(index++, after);
    if (!filter.stream.empty()) use->bind(index++, filter.stream);
    for (const auto& category : filter.categories)
      use->bind(index++, category);
    for (const auto& type : filter.event_types)
      use->bind(index++, type);
    use->bind(index, static_cast<std::int64_t>(std::min<std::size_t>(max_count, INT64_MAX)));
    if (Status read = read_rows(*use, max_count, page.events); !read.ok()) return read;
    if (page.events.size() == max_count && max_count > 0) {
      page.next_position = page.events.back().position;
      return {};
    }
    auto last = head();
    if (!last) return last.status();
    page.next_position = std::max(after, *last);
    page.at_end = true;
    return {};
  }();
  Use end(end_);
  (void)end->step();
  if (!status.ok()) return status;
  return page;
}

Result<std::optional<Snapshot>> Reader::read_snapshot(std::string_view stream,
                                                      std::uint64_t fingerprint) {
  const std::string text = fingerprint_text(fingerprint);
  Use use(read_snapshot_);
  use->bind(1, stream);
  use->bind(2, text);
  const int code = use->step();
  if (code == SQLITE_DONE) return std::optional<Snapshot>();
  if (code != SQLITE_ROW) return db_.error(code, "reading a snapshot of " + std::string(stream));
  return std::optional<Snapshot>(Snapshot{std::string(stream),
                                          static_cast<std::uint64_t>(use->int64(0)), fingerprint,
                                          std::string(use->text(1))});
}

Result<std::optional<std::uint64_t>> Reader::read_checkpoint(std::string_view name) {
  Use use(read_checkpoint_);
  use->bind(1, name);
  const int code = use->step();
  if (code == SQLITE_DONE) return std::optional<std::uint64_t>();
  if (code != SQLITE_ROW) return db_.error(code, "reading checkpoint " + std::string(name));
  return std::optional<std::uint64_t>(static_cast<std::uint64_t>(use->int64(0)));
}

Result<std::optional<CommandRecord>> Reader::read_command(const Uuid& command_id) {
  return find_command(db_, read_command_, command_id);
}

}  // namespace mealy::sqlite
