#include "sqlite_inventory.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>

#include "rfc3339.hpp"

namespace mealy::sqlite {
namespace {

// Steps `statement` through its rows, calling `row(statement)` for each
// (which may fail); an error names `what`.
template <typename Row>
Status each_row(Connection& db, Statement& statement, std::string_view what, Row&& row) {
  for (;;) {
    const int code = statement.step();
    if (code == SQLITE_DONE) return {};
    if (code != SQLITE_ROW) return db.error(code, what);
    if (Status status = row(statement); !status.ok()) return status;
  }
}

Status corrupt(const Connection& db, std::string what) {
  return {StatusCode::corruption, db.url() + ": " + what};
}

Result<std::uint64_t> count(Connection& db, std::string_view sql, std::string_view what) {
  auto statement = db.prepare(sql);
  if (!statement) return statement.status();
  const int code = statement->step();
  if (code != SQLITE_ROW) return db.error(code, what);
  return static_cast<std::uint64_t>(statement->int64(0));
}

// The statistics' queries, inside the caller's read transaction.
Status read_statistics(Connection& db, StoreStatistics& out) {
  auto head = count(db, "SELECT coalesce(max(position), 0) FROM events", "reading the head");
  if (!head) return head.status();
  out.head = *head;
  auto types = db.prepare(
      "SELECT category, type, count(*) FROM events GROUP BY category, type ORDER BY category, "
      "type");
  if (!types) return types.status();
  if (Status status =
          each_row(db, *types, "counting events",
                   [&](Statement& row) {
                     out.types.push_back({std::string(row.text(0)), std::string(row.text(1)),
                                          static_cast<std::uint64_t>(row.int64(2))});
                     out.events += out.types.back().events;
                     return Status();
                   });
      !status.ok()) {
    return status;
  }
  auto categories =
      db.prepare("SELECT category, count(*) FROM streams GROUP BY category ORDER BY category");
  if (!categories) return categories.status();
  if (Status status =
          each_row(db, *categories, "counting streams",
                   [&](Statement& row) {
                     out.categories.push_back(
                         {std::string(row.text(0)), static_cast<std::uint64_t>(row.int64(1)), 0});
                     out.streams += out.categories.back().streams;
                     return Status();
                   });
      !status.ok()) {
    return status;
  }
  for (const TypeCount& type : out.types) {
    auto found = std::lower_bound(
        out.categories.begin(), out.categories.end(), type.category,
        [](const CategoryCount& c, const std::string& name) { return c.category < name; });
    if (found == out.categories.end() || found->category != type.category) {
      found = out.categories.insert(found, CategoryCount{type.category, 0, 0});
    }
    found->events += type.events;
  }
  auto snapshots = count(db, "SELECT count(*) FROM snapshots", "counting snapshots");
  if (!snapshots) return snapshots.status();
  out.snapshots = *snapshots;
  auto checkpoints = count(db, "SELECT count(*) FROM checkpoints", "counting checkpoints");
  if (!checkpoints) return checkpoints.status();
  out.checkpoints = *checkpoints;
  auto size =
      count(db, "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
            "reading the store's size");
  if (!size) return size.status();
  out.size_bytes = *size;
  return {};
}

}  // namespace

Result<StreamPage> list_streams(Connection& db, const StreamQuery& query) {
  // The last event by (stream, stream_version), the events table's unique
  // index: one lookup per stream.
  auto statement = db.prepare(
      "SELECT s.stream, s.version, e.position, e.recorded_at FROM streams s "
      "JOIN events e ON e.stream = s.stream AND e.stream_version = s.version "
      "WHERE s.stream > ?1 AND (?2 = '' OR s.category = ?2) ORDER BY s.stream LIMIT ?3");
  if (!statement) return statement.status();
  statement->bind(1, std::string_view(query.after));
  statement->bind(2, std::string_view(query.category));
  // One more than asked: whether another page follows.
  const std::size_t limit = std::min<std::size_t>(query.max_count, INT64_MAX - 1) + 1;
  statement->bind(3, static_cast<std::int64_t>(limit));
  StreamPage page;
  bool more = false;
  Status status = each_row(db, *statement, "listing streams", [&](Statement& row) -> Status {
    if (page.streams.size() == query.max_count) {
      more = true;
      return {};
    }
    StreamInfo& info = page.streams.emplace_back();
    info.stream = row.text(0);
    info.version = static_cast<std::uint64_t>(row.int64(1));
    info.last_position = static_cast<std::uint64_t>(row.int64(2));
    if (detail::parse_timestamp(row.text(3), info.last_recorded_at) != detail::TimestampParse::ok) {
      return corrupt(db, "event at position " + std::to_string(info.last_position) +
                             ": recorded_at is not an RFC 3339 timestamp");
    }
    return {};
  });
  if (!status.ok()) return status;
  page.at_end = !more;
  page.next_after = page.streams.empty() ? query.after : page.streams.back().stream;
  return page;
}

Result<StoreStatistics> statistics(Connection& db) {
  if (Status status = db.exec("BEGIN", "starting a read"); !status.ok()) return status;
  StoreStatistics out;
  Status status = read_statistics(db, out);
  (void)db.exec("COMMIT");
  if (!status.ok()) return status;
  return out;
}

Result<std::vector<Snapshot>> list_snapshots(Connection& db, std::string_view stream) {
  auto statement = db.prepare(
      "SELECT fingerprint, version, state FROM snapshots WHERE stream = ?1 ORDER BY fingerprint");
  if (!statement) return statement.status();
  statement->bind(1, stream);
  std::vector<Snapshot> out;
  Status status = each_row(db, *statement, "listing snapshots", [&](Statement& row) -> Status {
    const std::string_view text = row.text(0);
    std::uint64_t fingerprint = 0;
    const auto [end, error] =
        std::from_chars(text.data(), text.data() + text.size(), fingerprint, 16);
    if (error != std::errc() || end != text.data() + text.size()) {
      return corrupt(db, "a snapshot of " + std::string(stream) + " has fingerprint '" +
                             std::string(text) + "', not 16 hex digits");
    }
    out.push_back({std::string(stream), static_cast<std::uint64_t>(row.int64(1)), fingerprint,
                   std::string(row.text(2))});
    return {};
  });
  if (!status.ok()) return status;
  return out;
}

Result<std::vector<Checkpoint>> list_checkpoints(Connection& db) {
  auto statement = db.prepare("SELECT name, position FROM checkpoints ORDER BY name");
  if (!statement) return statement.status();
  std::vector<Checkpoint> out;
  Status status = each_row(db, *statement, "listing checkpoints", [&](Statement& row) {
    out.push_back({std::string(row.text(0)), static_cast<std::uint64_t>(row.int64(1))});
    return Status();
  });
  if (!status.ok()) return status;
  return out;
}

}  // namespace mealy::sqlite
