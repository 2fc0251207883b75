#include "pg_store.hpp"

#include "pg_copy.hpp"
#include "pg_inventory.hpp"
#include "pg_reader.hpp"
#include "pg_schema.hpp"
#include "pg_sql_read.hpp"

namespace mealy::postgres {
namespace {

constexpr std::string_view kInsertCheckpointSql =
    "INSERT INTO checkpoints (name, position, updated_at) VALUES ($1, $2, now()) ON CONFLICT "
    "(name) DO NOTHING";
constexpr std::string_view kUpdateCheckpointSql =
    "UPDATE checkpoints SET position = $2, updated_at = now() WHERE name = $1 AND position = $3";

Result<bool> set_checkpoint(Connection& db, std::string_view name,
                            std::optional<std::uint64_t> expected, std::uint64_t next) {
  Params params;
  params.add(name).add(next);
  if (expected) params.add(*expected);
  auto set = db.checked(expected ? kUpdateCheckpointSql : kInsertCheckpointSql, params,
                        "setting checkpoint " + std::string(name));
  if (!set) return set.status();
  return set->changed() == 1;
}

// The SqlTransaction a projection writes through: a pooled connection inside
// project()'s transaction. Statements are prepared on that connection the
// first time it runs them.
class PgTransaction final : public SqlTransaction {
 public:
  explicit PgTransaction(Connection& db) : db_(db) {}

  Status execute(std::string_view sql, std::span<const SqlValue> values) override {
    auto result = db_.checked(sql, params(values), "running a projection's statement");
    return result ? Status() : result.status();
  }

  Result<bool> table_exists(std::string_view name) override {
    Params params;
    params.add(name);
    auto result = db_.checked(
        "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND "
        "tablename = $1)",
        params, "looking for table " + std::string(name));
    if (!result) return result.status();
    return result->rows() > 0 && result->text(0, 0) == "t";
  }

  [[nodiscard]] SqlDialect dialect() const override { return SqlDialect::postgresql; }

  Result<std::optional<std::vector<std::optional<std::string>>>> query_row(
      std::string_view sql, std::span<const SqlValue> values) override {
    auto result = db_.checked(sql, params(values), "running a projection's query");
    if (!result) return result.status();
    if (result->rows() == 0) return std::optional<std::vector<std::optional<std::string>>>();
    std::vector<std::optional<std::string>> row;
    const int columns = PQnfields(result->get());
    for (int i = 0; i < columns; ++i) {
      row.push_back(result->is_null(0, i)
                        ? std::nullopt
                        : std::optional<std::string>(std::string(result->text(0, i))));
    }
    return std::optional(std::move(row));
  }

 private:
  static Params params(std::span<const SqlValue> values) { return sql_params(values); }

  Connection& db_;
};

}  // namespace

PgStore::PgStore(std::string_view url, const StoreOptions& options)
    : url_(redact_url(url)),
      max_connections_(options.max_connections),
      pool_(std::string(url), url_, options.max_connections),
      group_commit_(options.max_batch) {}

PgStore::~PgStore() {
  close_waiters();
}

Result<std::unique_ptr<EventStore>> PgStore::open(std::string_view url,
                                                  const StoreOptions& options) {
  std::unique_ptr<PgStore> store(new PgStore(url, options));
  auto connection = store->pool_.acquire();
  if (!connection) return connection.status();
  if (Status status = prepare_store(**connection, options); !status.ok()) return status;
  PgStore* self = store.get();
  store->listener_ = std::make_unique<Listener>(
      std::string(url), store->url_, [self](std::uint64_t head) { self->notify_committed(head); });
  return std::unique_ptr<EventStore>(std::move(store));
}

template <typename Read>
auto PgStore::with_connection(Read&& read) -> decltype(read(std::declval<Connection&>())) {
  for (int attempt = 0;; ++attempt) {
    auto lease = pool_.acquire();
    if (!lease) return lease.status();
    auto result = read(**lease);
    if (result.ok() || !(*lease)->broken() || attempt > 0) return result;
  }
}

Result<StoreSettings> PgStore::settings() {
  StoreSettings settings;
  settings.backend = "postgresql";
  settings.url = url_;
  settings.max_batch = group_commit_.max_batch();
  settings.max_connections = max_connections_;
  return settings;
}

StoreCounters PgStore::counters() const {
  StoreCounters counters;
  group_commit_.add_counters(counters);
  return counters;
}

Result<AppendOutcome> PgStore::append(const AppendRequest& request) {
  AppendJob job{&request, std::nullopt};
  group_commit_.run(job, [&](std::span<AppendJob* const> batch) {
    auto lease = pool_.acquire();
    if (!lease) {
      for (AppendJob* each : batch)
        each->outcome.emplace(lease.status());
      return;
    }
    const std::uint64_t last_position = commit_batch(**lease, batch);
    if (last_position > 0) notify_committed(last_position);
  });
  return std::move(*job.outcome);
}

Result<std::vector<RecordedEvent>> PgStore::read_stream(std::string_view stream,
                                                        std::uint64_t from_version,
                                                        std::size_t max_count) {
  return with_connection(
      [&](Connection& db) { return postgres::read_stream(db, stream, from_version, max_count); });
}

Result<std::uint64_t> PgStore::stream_version(std::string_view stream) {
  return with_connection([&](Connection& db) { return postgres::stream_version(db, stream); });
}

Result<Page> PgStore::read_all(std::uint64_t after, const Filter& filter, std::size_t max_count) {
  return with_connection(
      [&](Connection& db) { return postgres::read_all(db, after, filter, max_count); });
}

Result<std::uint64_t> PgStore::head() {
  return with_connection([&](Connection& db) { return postgres::head(db); });
}

Result<std::optional<CommandRecord>> PgStore::read_command(const Uuid& command_id) {
  return with_connection([&](Connection& db) { return postgres::read_command(db, command_id); });
}

Result<std::optional<Snapshot>> PgStore::read_snapshot(std::string_view stream,
                                                       std::uint64_t fingerprint) {
  return with_connection(
      [&](Connection& db) { return postgres::read_snapshot(db, stream, fingerprint); });
}

Result<std::optional<std::uint64_t>> PgStore::read_checkpoint(std::string_view name) {
  return with_connection([&](Connection& db) { return postgres::read_checkpoint(db, name); });
}

Result<bool> PgStore::compare_and_set_checkpoint(std::string_view name,
                                                 std::optional<std::uint64_t> expected,
                                                 std::uint64_t next) {
  auto lease = pool_.acquire();
  if (!lease) return lease.status();
  return set_checkpoint(**lease, name, expected, next);
}

Result<bool> PgStore::project(std::string_view name, std::optional<std::uint64_t> expected,
                              std::uint64_t next,
                              const std::function<Status(SqlTransaction&)>& write) {
  auto lease = pool_.acquire();
  if (!lease) return lease.status();
  Connection& db = **lease;
  if (Status status = db.exec_checked("BEGIN", "starting a projection's transaction"); !status.ok())
    return status;
  auto abandon = [&](Status status) -> Result<bool> {
    (void)db.exec("ROLLBACK");
    if (status.ok()) return false;
    return status;
  };
  auto set = set_checkpoint(db, name, expected, next);
  if (!set) return abandon(set.status());
  if (!*set) return abandon({});
  PgTransaction transaction(db);
  if (Status status = write(transaction); !status.ok()) return abandon(status);
  if (Status status = db.exec_checked("COMMIT", "committing a projection"); !status.ok())
    return abandon(status);
  return true;
}

Result<SqlRows> PgStore::read_sql(std::string_view sql, std::span<const SqlValue> params,
                                  const SqlReadOptions& options) {
  if (!options.allowed_tables.empty()) {
    return Status(StatusCode::unsupported,
                  url_ + ": read_sql: untrusted SQL (allowed_tables) runs on SQLite stores only");
  }
  return with_connection(
      [&](Connection& db) { return postgres::read_sql(db, sql, params, options); });
}

Result<StreamPage> PgStore::list_streams(const StreamQuery& query) {
  return with_connection([&](Connection& db) { return postgres::list_streams(db, query); });
}

Result<StoreStatistics> PgStore::statistics() {
  return with_connection([&](Connection& db) { return postgres::statistics(db); });
}

Result<std::vector<Snapshot>> PgStore::list_snapshots(std::string_view stream) {
  return with_connection([&](Connection& db) { return postgres::list_snapshots(db, stream); });
}

Result<std::vector<Checkpoint>> PgStore::list_checkpoints() {
  return with_connection([&](Connection& db) { return postgres::list_checkpoints(db); });
}

Result<LogPage> PgStore::read_log(std::uint64_t after, std::size_t max_count) {
  return with_connection([&](Connection& db) { return postgres::read_log(db, after, max_count); });
}

Result<std::size_t> PgStore::import_log(const LogPage& page) {
  auto lease = pool_.acquire();
  if (!lease) return lease.status();
  std::uint64_t last_position = 0;
  auto written = postgres::import_log(**lease, page, last_position);
  if (written && *written > 0) notify_committed(last_position);
  return written;
}

Status PgStore::put_snapshot(const Snapshot& snapshot) {
  auto lease = pool_.acquire();
  if (!lease) return lease.status();
  return postgres::put_snapshot(**lease, snapshot);
}

}  // namespace mealy::postgres
