#include "pg_reader.hpp"

#include <algorithm>
#include <array>
#include <cinttypes>
#include <cstdio>
#include <string>

#include "store/metadata_json.hpp"

namespace mealy::postgres {
namespace {

// The columns of an event, in the order read_row reads them.
constexpr std::string_view kColumns =
    "position, stream, stream_version, event_id::text, type, schema_version, payload::text, "
    "metadata::text, "
    "(extract(epoch FROM recorded_at) * 1000000)::bigint";

std::int64_t limit_of(std::size_t max_count) {
  return static_cast<std::int64_t>(std::min<std::size_t>(max_count, INT64_MAX));
}

Status corrupt_row(const Connection& db, std::uint64_t position, std::string_view what) {
  return {StatusCode::corruption, db.where() + ": event at position " + std::to_string(position) +
                                      ": " + std::string(what)};
}

// Reads the event in columns `first` .. `first` + 8 of `row`.
Status read_row(const Connection& db, const PgResult& result, int row, int first,
                RecordedEvent& out) {
  out.position = static_cast<std::uint64_t>(result.int64(row, first));
  out.stream = result.text(row, first + 1);
  out.stream_version = static_cast<std::uint64_t>(result.int64(row, first + 2));
  auto id = Uuid::parse(result.text(row, first + 3));
  if (!id) return corrupt_row(db, out.position, "event_id is not a uuid");
  out.id = *id;
  out.type = result.text(row, first + 4);
  out.schema_version = static_cast<std::uint32_t>(result.int64(row, first + 5));
  out.payload = result.text(row, first + 6);
  if (Status status = detail::read_metadata(result.text(row, first + 7), out.metadata);
      !status.ok()) {
    return corrupt_row(db, out.position, "metadata " + status.message());
  }
  out.recorded_at = Timestamp(std::chrono::microseconds(result.int64(row, first + 8)));
  return {};
}

std::string text_array(const std::vector<std::string>& values) {
  std::string out = "{";
  for (const auto& value : values) {
    if (out.size() > 1) out += ',';
    append_array_element(out, value);
  }
  out += '}';
  return out;
}

// The feed's query for the filter's shape; only our own fragments go into
// the text, the filter's values are parameters.
std::string feed_sql(const Filter& filter) {
  std::string sql = "SELECT h.position, e.* FROM log_head h LEFT JOIN LATERAL (SELECT ";
  sql += kColumns;
  sql += " FROM events WHERE position > $1";
  int next = 3;
  if (!filter.stream.empty()) sql += " AND stream = $" + std::to_string(next++);
  if (!filter.categories.empty())
    sql += " AND category = ANY($" + std::to_string(next++) + "::text[])";
  if (!filter.event_types.empty())
    sql += " AND type = ANY($" + std::to_string(next++) + "::text[])";
  sql += " ORDER BY position LIMIT $2) e ON true ORDER BY e.position";
  return sql;
}

}  // namespace

std::string fingerprint_text(std::uint64_t fingerprint) {
  std::array<char, 17> text{};
  std::snprintf(text.data(), text.size(), "%016" PRIx64, fingerprint);
  return {text.data(), 16};
}

Result<std::vector<RecordedEvent>> read_stream(Connection& db, std::string_view stream,
                                               std::uint64_t from_version, std::size_t max_count) {
  static const std::string sql = "SELECT " + std::string(kColumns) +
                                 " FROM events WHERE stream = $1 AND stream_version >= $2 "
                                 "ORDER BY stream_version LIMIT $3";
  Params params;
  params.add(stream).add(std::max<std::uint64_t>(from_version, 1)).add(limit_of(max_count));
  auto rows = db.checked(sql, params, "reading " + std::string(stream));
  if (!rows) return rows.status();
  std::vector<RecordedEvent> events(static_cast<std::size_t>(rows->rows()));
  for (int row = 0; row < rows->rows(); ++row) {
    if (Status status = read_row(db, *rows, row, 0, events[static_cast<std::size_t>(row)]);
        !status.ok()) {
      return status;
    }
  }
  return events;
}

Result<std::uint64_t> stream_version(Connection& db, std::string_view stream) {
  Params params;
  params.add(stream);
  auto rows = db.checked("SELECT version FROM streams WHERE stream = $1", params,
                         "reading the version of " + std::string(stream));
  if (!rows) return rows.status();
  return rows->rows() == 0 ? std::uint64_t{0} : static_cast<std::uint64_t>(rows->int64(0, 0));
}

Result<Page> read_all(Connection& db, std::uint64_t after, const Filter& filter,
                      std::size_t max_count) {
  Params params;
  params.add(after).add(limit_of(max_count));
  if (!filter.stream.empty()) params.add(filter.stream);
  if (!filter.categories.empty()) params.add(text_array(filter.categories));
  if (!filter.event_types.empty()) params.add(text_array(filter.event_types));
  auto rows = db.checked(feed_sql(filter), params, "reading the change feed");
  if (!rows) return rows.status();
  Page page;
  const std::uint64_t head = rows->rows() > 0 ? static_cast<std::uint64_t>(rows->int64(0, 0)) : 0;
  for (int row = 0; row < rows->rows(); ++row) {
    if (rows->is_null(row, 1)) continue;  // no event: the head alone
    if (Status status = read_row(db, *rows, row, 1, page.events.emplace_back()); !status.ok())
      return status;
  }
  if (page.events.size() == max_count && max_count > 0) {
    page.next_position = page.events.back().position;
    return page;
  }
  page.next_position = std::max(after, head);
  page.at_end = true;
  return page;
}

Result<std::uint64_t> head(Connection& db) {
  auto rows = db.checked("SELECT position FROM log_head", Params(), "reading the head of the log");
  if (!rows) return rows.status();
  return static_cast<std::uint64_t>(rows->int64(0, 0));
}

Result<std::optional<Snapshot>> read_snapshot(Connection& db, std::string_view stream,
                                              std::uint64_t fingerprint) {
  Params params;
  params.add(stream).add(fingerprint_text(fingerprint));
  auto rows = db.checked(
      "SELECT version, state::text FROM snapshots WHERE stream = $1 AND fingerprint = $2", params,
      "reading a snapshot of " + std::string(stream));
  if (!rows) return rows.status();
  if (rows->rows() == 0) return std::optional<Snapshot>();
  return std::optional<Snapshot>(Snapshot{std::string(stream),
                                          static_cast<std::uint64_t>(rows->int64(0, 0)),
                                          fingerprint, std::string(rows->text(0, 1))});
}

Result<std::optional<std::uint64_t>> read_checkpoint(Connection& db, std::string_view name) {
  Params params;
  params.add(name);
  auto rows = db.checked("SELECT position FROM checkpoints WHERE name = $1", params,
                         "reading checkpoint " + std::string(name));
  if (!rows) return rows.status();
  if (rows->rows() == 0) return std::optional<std::uint64_t>();
  return std::optional<std::uint64_t>(static_cast<std::uint64_t>(rows->int64(0, 0)));
}

Result<std::optional<CommandRecord>> read_command(Connection& db, const Uuid& command_id) {
  Params params;
  params.add(command_id.to_string());
  auto rows = db.checked(
      "SELECT stream, first_position, first_version, last_version FROM commands WHERE command_id = "
      "$1",
      params, "reading command " + command_id.to_string());
  if (!rows) return rows.status();
  if (rows->rows() == 0) return std::optional<CommandRecord>();
  return std::optional<CommandRecord>(CommandRecord{command_id, std::string(rows->text(0, 0)),
                                                    static_cast<std::uint64_t>(rows->int64(0, 1)),
                                                    static_cast<std::uint64_t>(rows->int64(0, 2)),
                                                    static_cast<std::uint64_t>(rows->int64(0, 3))});
}

}  // namespace mealy::postgres
