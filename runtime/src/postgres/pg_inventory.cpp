#include "pg_inventory.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>

namespace mealy::postgres {
namespace {

// The tables of the store (pg_schema.cpp), whose sizes make the store's.
constexpr std::string_view kSizeSql =
    "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_catalog.pg_class c "
    "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() "
    "AND c.relkind = 'r' AND c.relname IN ('mealy_store', 'log_head', 'events', 'streams', "
    "'snapshots', 'checkpoints', 'commands', 'state_tables')";

Status read_statistics(Connection& db, StoreStatistics& out) {
  auto head = db.checked("SELECT position FROM log_head", Params(), "reading the head");
  if (!head) return head.status();
  out.head = head->uint64(0, 0);
  auto types = db.checked(
      "SELECT category, type, count(*) FROM events GROUP BY category, type "
      "ORDER BY category COLLATE \"C\", type COLLATE \"C\"",
      Params(), "counting events");
  if (!types) return types.status();
  for (int row = 0; row < types->rows(); ++row) {
    out.types.push_back({std::string(types->text(row, 0)), std::string(types->text(row, 1)),
                         types->uint64(row, 2)});
    out.events += out.types.back().events;
  }
  auto categories = db.checked(
      "SELECT category, count(*) FROM streams GROUP BY category ORDER BY category COLLATE \"C\"",
      Params(), "counting streams");
  if (!categories) return categories.status();
  for (int row = 0; row < categories->rows(); ++row) {
    out.categories.push_back(
        {std::string(categories->text(row, 0)), categories->uint64(row, 1), 0});
    out.streams += out.categories.back().streams;
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
  auto counts =
      db.checked("SELECT (SELECT count(*) FROM snapshots), (SELECT count(*) FROM checkpoints)",
                 Params(), "counting snapshots and checkpoints");
  if (!counts) return counts.status();
  out.snapshots = counts->uint64(0, 0);
  out.checkpoints = counts->uint64(0, 1);
  auto size = db.checked(kSizeSql, Params(), "reading the store's size");
  if (!size) return size.status();
  out.size_bytes = size->uint64(0, 0);
  return {};
}

}  // namespace

Result<StreamPage> list_streams(Connection& db, const StreamQuery& query) {
  // One more than asked: whether another page follows.
  const std::size_t limit = std::min<std::size_t>(query.max_count, INT64_MAX - 1) + 1;
  Params params;
  params.add(query.after).add(query.category).add(static_cast<std::int64_t>(limit));
  auto rows = db.checked(
      "SELECT s.stream, s.version, e.position, "
      "(extract(epoch FROM e.recorded_at) * 1000000)::bigint FROM streams s "
      "JOIN events e ON e.stream = s.stream AND e.stream_version = s.version "
      "WHERE s.stream > $1 COLLATE \"C\" AND ($2 = '' OR s.category = $2) "
      "ORDER BY s.stream COLLATE \"C\" LIMIT $3",
      params, "listing streams");
  if (!rows) return rows.status();
  StreamPage page;
  const int shown =
      std::min(rows->rows(), static_cast<int>(std::min<std::size_t>(query.max_count, INT32_MAX)));
  for (int row = 0; row < shown; ++row) {
    page.streams.push_back({std::string(rows->text(row, 0)), rows->uint64(row, 1),
                            rows->uint64(row, 2),
                            Timestamp(std::chrono::microseconds(rows->int64(row, 3)))});
  }
  page.at_end = rows->rows() <= shown;
  page.next_after = page.streams.empty() ? query.after : page.streams.back().stream;
  return page;
}

Result<StoreStatistics> statistics(Connection& db) {
  if (Status status =
          db.exec_checked("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", "starting a read");
      !status.ok()) {
    return status;
  }
  StoreStatistics out;
  Status status = read_statistics(db, out);
  (void)db.exec(status.ok() ? "COMMIT" : "ROLLBACK");
  if (!status.ok()) return status;
  return out;
}

Result<std::vector<Snapshot>> list_snapshots(Connection& db, std::string_view stream) {
  Params params;
  params.add(stream);
  auto rows = db.checked(
      "SELECT fingerprint, version, state::text FROM snapshots WHERE stream = $1 "
      "ORDER BY fingerprint COLLATE \"C\"",
      params, "listing the snapshots of " + std::string(stream));
  if (!rows) return rows.status();
  std::vector<Snapshot> out;
  for (int row = 0; row < rows->rows(); ++row) {
    const std::string_view text = rows->text(row, 0);
    std::uint64_t fingerprint = 0;
    const auto [end, error] =
        std::from_chars(text.data(), text.data() + text.size(), fingerprint, 16);
    if (error != std::errc() || end != text.data() + text.size()) {
      return Status(StatusCode::corruption, db.where() + ": a snapshot of " + std::string(stream) +
                                                " has fingerprint '" + std::string(text) +
                                                "', not 16 hex digits");
    }
    out.push_back(
        {std::string(stream), rows->uint64(row, 1), fingerprint, std::string(rows->text(row, 2))});
  }
  return out;
}

Result<std::vector<Checkpoint>> list_checkpoints(Connection& db) {
  auto rows = db.checked("SELECT name, position FROM checkpoints ORDER BY name COLLATE \"C\"",
                         Params(), "listing checkpoints");
  if (!rows) return rows.status();
  std::vector<Checkpoint> out;
  for (int row = 0; row < rows->rows(); ++row) {
    out.push_back({std::string(rows->text(row, 0)), rows->uint64(row, 1)});
  }
  return out;
}

}  // namespace mealy::postgres
