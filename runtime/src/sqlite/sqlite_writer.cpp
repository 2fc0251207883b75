#include "sqlite_writer.hpp"

#include <array>
#include <vector>

#include "rfc3339.hpp"
#include "sqlite_schema.hpp"
#include "store/metadata_json.hpp"
#include "store/retries.hpp"

namespace mealy::sqlite {
namespace {

constexpr std::string_view kFindEventSql =
    "SELECT stream, stream_version, position, coalesce(append_first, 0), coalesce(append_last, 0), "
    "type, "
    "schema_version, payload FROM events WHERE event_id = ?1";

std::string now_text() {
  std::array<char, detail::kTimestampLength> text{};
  detail::format_timestamp(SystemClock().now(), text.data());
  return {text.data(), text.size()};
}

}  // namespace

// The SqlTransaction a projection writes through: the writer's connection
// inside project()'s transaction.
class WriterTransaction final : public SqlTransaction {
 public:
  explicit WriterTransaction(Writer& writer) : writer_(writer) {}

  Status execute(std::string_view sql, std::span<const SqlValue> params) override {
    if (Status status = still_open(); !status.ok()) return status;
    auto statement = bound(sql, params);
    if (!statement) return statement.status();
    Use use(**statement);
    const int code = use->step();
    if (code == SQLITE_ROW) return {};
    return code == SQLITE_DONE ? Status()
                               : writer_.db_.error(code, "running a projection's statement");
  }

  Result<std::optional<std::vector<std::optional<std::string>>>> query_row(
      std::string_view sql, std::span<const SqlValue> params) override {
    if (Status status = still_open(); !status.ok()) return status;
    auto statement = bound(sql, params);
    if (!statement) return statement.status();
    Use use(**statement);
    const int code = use->step();
    if (code == SQLITE_DONE) return std::optional<std::vector<std::optional<std::string>>>();
    if (code != SQLITE_ROW) return writer_.db_.error(code, "running a projection's query");
    std::vector<std::optional<std::string>> row;
    const int columns = sqlite3_column_count(use->get());
    for (int i = 0; i < columns; ++i) {
      row.push_back(use->is_null(i) ? std::nullopt
                                    : std::optional<std::string>(std::string(use->text(i))));
    }
    return std::optional(std::move(row));
  }

  Result<bool> table_exists(std::string_view name) override {
    const SqlValue params[] = {name};
    auto row = query_row("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = $1", params);
    if (!row) return row.status();
    return row->has_value();
  }

  [[nodiscard]] SqlDialect dialect() const override { return SqlDialect::sqlite; }

 private:
  // After an error SQLite may have rolled the transaction back: a statement
  // run now would commit on its own, outside the projection's transaction
  // (design note 8).
  Status still_open() const {
    if (!sqlite3_get_autocommit(writer_.db_.get())) return {};
    return {StatusCode::io_error,
            writer_.db_.url() +
                ": running a projection's statement: the transaction was rolled back after "
                "an earlier error"};
  }

  Result<Statement*> bound(std::string_view sql, std::span<const SqlValue> params) {
    auto statement = writer_.cached(sql);
    if (!statement) return statement.status();
    Statement& s = **statement;
    for (std::size_t i = 0; i < params.size(); ++i) {
      const std::string name = "$" + std::to_string(i + 1);
      const int index = sqlite3_bind_parameter_index(s.get(), name.c_str());
      if (index == 0) {
        s.reset();
        return Status::invalid_argument(writer_.db_.url() + ": the statement has no parameter " +
                                        name + ": " + std::string(sql));
      }
      std::visit(
          [&](const auto& value) {
            using T = std::decay_t<decltype(value)>;
            if constexpr (std::is_same_v<T, std::nullptr_t>) {
              s.bind_null(index);
            } else {
              s.bind(index, value);
            }
          },
          params[i]);
    }
    return &s;
  }

  Writer& writer_;
};

Result<std::unique_ptr<Writer>> Writer::create(Connection& connection) {
  std::unique_ptr<Writer> writer(new Writer(connection));
  struct Prepared {
    Statement* statement;
    std::string_view sql;
  };
  const Prepared statements[] = {
      {&writer->begin_, "BEGIN IMMEDIATE"},
      {&writer->commit_, "COMMIT"},
      {&writer->rollback_, "ROLLBACK"},
      {&writer->savepoint_, "SAVEPOINT append"},
      {&writer->release_, "RELEASE append"},
      {&writer->rollback_to_, "ROLLBACK TO append"},
      {&writer->advance_stream_,
       "UPDATE streams SET version = ?3 WHERE stream = ?1 AND version = ?2"},
      {&writer->create_stream_,
       "INSERT INTO streams (stream, category, version) VALUES (?1, ?2, ?3) ON CONFLICT (stream) "
       "DO NOTHING"},
      {&writer->extend_stream_,
       "INSERT INTO streams (stream, category, version) VALUES (?1, ?2, ?3) "
       "ON CONFLICT (stream) DO UPDATE SET version = version + excluded.version RETURNING version"},
      {&writer->insert_event_,
       "INSERT INTO events (stream, category, stream_version, event_id, type, schema_version, "
       "payload, metadata, "
       "recorded_at, append_first, append_last) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
       "?11)"},
      {&writer->insert_command_,
       "INSERT INTO commands (command_id, stream, first_position, first_version, last_version, "
       "recorded_at) "
       "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"},
      {&writer->find_command_, kFindCommandSql},
      {&writer->put_snapshot_,
       "INSERT INTO snapshots (stream, fingerprint, version, state, recorded_at) VALUES (?1, ?2, "
       "?3, ?4, ?5) "
       "ON CONFLICT (stream, fingerprint) DO UPDATE SET version = excluded.version, state = "
       "excluded.state, "
       "recorded_at = excluded.recorded_at"},
      {&writer->find_event_, kFindEventSql},
      {&writer->stream_version_, "SELECT version FROM streams WHERE stream = ?1"},
      {&writer->insert_checkpoint_,
       "INSERT INTO checkpoints (name, position, updated_at) VALUES (?1, ?2, ?3) ON CONFLICT "
       "(name) DO NOTHING"},
      {&writer->update_checkpoint_,
       "UPDATE checkpoints SET position = ?2, updated_at = ?3 WHERE name = ?1 AND position = ?4"},
  };
  for (const auto& [statement, sql] : statements) {
    auto prepared = connection.prepare(sql);
    if (!prepared) return prepared.status();
    *statement = std::move(*prepared);
  }
  return writer;
}

Status Writer::run(Statement& statement, std::string_view what) {
  Use use(statement);
  const int code = use->step();
  return code == SQLITE_DONE || code == SQLITE_ROW ? Status() : db_.error(code, what);
}

void Writer::roll_back() noexcept {
  sqlite3* db = db_.get();
  for (int tries = 0; tries < 2 && !sqlite3_get_autocommit(db); ++tries) {
    if (tries > 0) {
      // A statement still running keeps ROLLBACK from ending the transaction.
      for (sqlite3_stmt* s = sqlite3_next_stmt(db, nullptr); s != nullptr;
           s = sqlite3_next_stmt(db, s)) {
        sqlite3_reset(s);
      }
    }
    sqlite3_step(rollback_.get());
    sqlite3_reset(rollback_.get());
  }
}

// The write transaction of one commit() or project() (design note 8):
// rolled back when it goes out of scope uncommitted, whatever ended it.
class Writer::TransactionGuard {
 public:
  explicit TransactionGuard(Writer& writer) : writer_(writer) {}
  TransactionGuard(const TransactionGuard&) = delete;
  TransactionGuard& operator=(const TransactionGuard&) = delete;
  ~TransactionGuard() { writer_.roll_back(); }

  Status begin(std::string_view what) {
    writer_.roll_back();  // none is open between calls; if one were, the write lock would never be
                          // freed
    return writer_.run(writer_.begin_, what);
  }
  // False once SQLite has rolled the transaction back after an error, or
  // it was committed or rolled back here.
  [[nodiscard]] bool open() const { return !sqlite3_get_autocommit(writer_.db_.get()); }
  // Commits; on failure nothing is committed and the transaction is gone.
  Status commit(std::string_view what) {
    Status status = writer_.run(writer_.commit_, what);
    writer_.roll_back();  // COMMIT can fail and leave the transaction open (SQLITE_BUSY)
    return status;
  }
  void roll_back() { writer_.roll_back(); }

 private:
  Writer& writer_;
};

namespace {

// Makes every outcome of `batch` an error: nothing of it was committed
// (design notes 5-7). An error already there stays: it says more.
void fail_batch(std::span<AppendJob* const> batch, const Status& status) {
  for (AppendJob* job : batch) {
    if (!job->outcome || job->outcome->ok()) job->outcome.emplace(status);
  }
}

}  // namespace

std::uint64_t Writer::commit(std::span<AppendJob* const> batch) {
  if (batch.size() > 1) {
    if (auto last_position = commit_together(batch)) return *last_position;
    // An append was refused or failed after writing: the batch again, each
    // append in a savepoint of its own (design note 9).
    for (AppendJob* job : batch)
      job->outcome.reset();
  }
  return commit_each(batch);
}

std::optional<std::uint64_t> Writer::commit_together(std::span<AppendJob* const> batch) {
  TransactionGuard transaction(*this);
  if (Status status = transaction.begin("starting a write transaction"); !status.ok()) {
    fail_batch(batch, status);
    return 0;
  }
  const std::string recorded_at = now_text();
  std::uint64_t last_position = 0;
  for (AppendJob* job : batch) {
    std::uint64_t job_last = 0;
    bool wrote = false;
    const Attempt attempt_result = attempt(*job, recorded_at, job_last, wrote);
    if (!transaction.open())
      return std::nullopt;  // SQLite rolled back (note 7): again with savepoints
    if (attempt_result == Attempt::appended) {
      last_position = std::max(last_position, job_last);
      continue;
    }
    if (wrote) return std::nullopt;  // rolled back by `transaction`
    // Refused before writing anything, or nothing to write: only the
    // outcome to find, in the transaction as the savepoint path does.
    if (attempt_result == Attempt::refused) {
      job->outcome.emplace(resolve(*job->request));
      if (!transaction.open()) return std::nullopt;
    }
  }
  if (Status status = transaction.commit("committing appends"); !status.ok()) {
    fail_batch(batch, status);
    return 0;
  }
  return last_position;
}

std::uint64_t Writer::commit_each(std::span<AppendJob* const> batch) {
  TransactionGuard transaction(*this);
  if (Status status = transaction.begin("starting a write transaction"); !status.ok()) {
    fail_batch(batch, status);
    return 0;
  }
  // Ends the batch with nothing committed: every job fails with `status`.
  auto abandon = [&](const Status& status) -> std::uint64_t {
    transaction.roll_back();
    fail_batch(batch, status);
    return 0;
  };
  // After `job`, SQLite rolled the transaction back on its own (note 7).
  auto lost = [&](const AppendJob& job) -> std::uint64_t {
    if (job.outcome && !job.outcome->ok()) return abandon(job.outcome->status());
    return abandon(
        {StatusCode::io_error, db_.url() + ": appending to " + job.request->stream +
                                   ": SQLite rolled the transaction back after an error"});
  };
  const std::string recorded_at = now_text();
  const bool alone = batch.size() == 1;
  std::uint64_t last_position = 0;
  for (AppendJob* job : batch) {
    if (!alone) {
      if (Status status = run(savepoint_, "starting an append's savepoint"); !status.ok())
        return abandon(status);
    }
    std::uint64_t job_last = 0;
    bool wrote = false;
    const Attempt attempt_result = attempt(*job, recorded_at, job_last, wrote);
    if (!transaction.open()) return lost(*job);
    if (attempt_result == Attempt::appended) {
      last_position = std::max(last_position, job_last);
      if (!alone) {
        if (Status status = run(release_, "ending an append's savepoint"); !status.ok())
          return abandon(status);
      }
      continue;
    }
    if (alone) {
      // Nothing else to keep: end the transaction, then look at the log.
      transaction.roll_back();
      if (attempt_result == Attempt::refused) job->outcome.emplace(resolve(*job->request));
      return 0;
    }
    if (Status status = run(rollback_to_, "rolling back an append"); !status.ok())
      return abandon(status);
    if (Status status = run(release_, "rolling back an append"); !status.ok())
      return abandon(status);
    if (attempt_result == Attempt::refused) {
      job->outcome.emplace(resolve(*job->request));
      if (!transaction.open()) return lost(*job);
    }
  }
  if (Status status = transaction.commit("committing appends"); !status.ok()) {
    fail_batch(batch, status);
    return 0;
  }
  return last_position;
}

Result<bool> Writer::move_stream(const AppendRequest& request, std::uint64_t& last_version) {
  const auto count = static_cast<std::uint64_t>(request.events.size());
  const std::string_view category = category_of(request.stream);
  const ExpectedVersion& expected = request.expected;
  if (expected.kind() == ExpectedVersion::Kind::any) {
    Use use(extend_stream_);
    use->bind(1, request.stream);
    use->bind(2, category);
    use->bind(3, count);
    const int code = use->step();
    if (code != SQLITE_ROW) return db_.error(code, "appending to " + request.stream);
    last_version = static_cast<std::uint64_t>(use->int64(0));
    return true;
  }
  const bool fresh = expected.kind() == ExpectedVersion::Kind::no_stream || expected.version() == 0;
  Use use(fresh ? create_stream_ : advance_stream_);
  use->bind(1, request.stream);
  if (fresh) {
    use->bind(2, category);
    use->bind(3, count);
  } else {
    use->bind(2, expected.version());
    use->bind(3, expected.version() + count);
  }
  const int code = use->step();
  if (code != SQLITE_DONE) return db_.error(code, "appending to " + request.stream);
  last_version = expected.version() + count;
  return db_.changes() == 1;
}

Writer::Attempt Writer::attempt(AppendJob& job, std::string_view recorded_at,
                                std::uint64_t& last_position, bool& wrote) {
  const AppendRequest& request = *job.request;
  wrote = false;
  if (request.events.empty()) {
    // Nothing to write: only the expectation to check.
    auto current = resolve(request);
    job.outcome.emplace(std::move(current));
    return Attempt::failed;  // rolled back: there was nothing to keep
  }
  std::uint64_t last_version = 0;
  auto moved = move_stream(request, last_version);
  wrote = !moved || *moved;  // a failed statement counts as a write: it may have written
  if (!moved) {
    job.outcome.emplace(moved.status());
    return Attempt::failed;
  }
  if (!*moved) return Attempt::refused;  // the stream's row is as it was: nothing written
  const std::uint64_t first_version = last_version - request.events.size() + 1;
  metadata_json_.clear();
  detail::write_metadata(metadata_json_, request.metadata);
  const std::string_view category = category_of(request.stream);
  std::uint64_t first_position = 0;
  std::array<char, 36> id{};
  for (std::size_t i = 0; i < request.events.size(); ++i) {
    const NewEvent& event = request.events[i];
    event.id.format(id.data());
    Use use(insert_event_);
    use->bind(1, request.stream);
    use->bind(2, category);
    use->bind(3, first_version + i);
    use->bind(4, std::string_view(id.data(), id.size()));
    use->bind(5, event.type);
    use->bind(6, static_cast<std::int64_t>(event.schema_version));
    use->bind(7, event.payload);
    use->bind(8, metadata_json_);
    use->bind(9, recorded_at);
    use->bind(10, first_version);
    use->bind(11, last_version);
    const int code = use->step();
    if (code == SQLITE_CONSTRAINT_UNIQUE) return Attempt::refused;
    if (code != SQLITE_DONE) {
      job.outcome.emplace(db_.error(code, "appending to " + request.stream));
      return Attempt::failed;
    }
    last_position = static_cast<std::uint64_t>(db_.last_insert_rowid());
    if (i == 0) first_position = last_position;
  }
  if (!request.command_id.is_nil()) {
    request.command_id.format(id.data());
    Use use(insert_command_);
    use->bind(1, std::string_view(id.data(), id.size()));
    use->bind(2, request.stream);
    use->bind(3, first_position);
    use->bind(4, first_version);
    use->bind(5, last_version);
    use->bind(6, recorded_at);
    const int code = use->step();
    if (code == SQLITE_CONSTRAINT_PRIMARYKEY) return Attempt::refused;
    if (code != SQLITE_DONE) {
      job.outcome.emplace(db_.error(code, "recording command " + request.command_id.to_string()));
      return Attempt::failed;
    }
  }
  if (request.snapshot != nullptr) {
    Use use(put_snapshot_);
    use->bind(1, request.stream);
    const std::string fingerprint = fingerprint_text(request.snapshot->fingerprint);
    use->bind(2, fingerprint);
    use->bind(3, request.snapshot->version);
    use->bind(4, request.snapshot->state);
    use->bind(5, recorded_at);
    const int code = use->step();
    if (code != SQLITE_DONE) {
      job.outcome.emplace(db_.error(code, "writing a snapshot of " + request.stream));
      return Attempt::failed;
    }
  }
  job.outcome.emplace(AppendOutcome(
      Appended{first_position, first_version, last_version, request.events.size(), false}));
  return Attempt::appended;
}

Result<AppendOutcome> Writer::resolve(const AppendRequest& request) {
  std::uint64_t current = 0;
  {
    Use use(stream_version_);
    use->bind(1, request.stream);
    const int code = use->step();
    if (code != SQLITE_ROW && code != SQLITE_DONE)
      return db_.error(code, "reading the version of " + request.stream);
    if (code == SQLITE_ROW) current = static_cast<std::uint64_t>(use->int64(0));
  }
  if (!request.command_id.is_nil()) {
    auto recorded = find_command(db_, find_command_, request.command_id);
    if (!recorded) return recorded.status();
    if (*recorded) return detail::command_outcome(request, **recorded, current);
  }
  std::array<char, 36> id{};
  if (request.events.empty() && request.expected.admits(current)) {
    return AppendOutcome(Appended{0, current + 1, current, 0, false});
  }
  // What the log holds under each of the ids.
  std::vector<std::optional<detail::PriorEvent>> prior(request.events.size());
  for (std::size_t i = 0; i < request.events.size(); ++i) {
    request.events[i].id.format(id.data());
    Use use(find_event_);
    use->bind(1, std::string_view(id.data(), id.size()));
    const int code = use->step();
    if (code == SQLITE_DONE) continue;
    if (code != SQLITE_ROW) return db_.error(code, "looking up an event id");
    prior[i] = detail::PriorEvent{std::string(use->text(0)),
                                  static_cast<std::uint64_t>(use->int64(1)),
                                  static_cast<std::uint64_t>(use->int64(2)),
                                  static_cast<std::uint64_t>(use->int64(3)),
                                  static_cast<std::uint64_t>(use->int64(4)),
                                  std::string(use->text(5)),
                                  static_cast<std::uint32_t>(use->int64(6)),
                                  std::string(use->text(7))};
  }
  return detail::resolve_refused(request, prior, current);
}

Result<bool> Writer::compare_and_set_checkpoint(std::string_view name,
                                                std::optional<std::uint64_t> expected,
                                                std::uint64_t next) {
  const std::string updated_at = now_text();
  Use use(expected ? update_checkpoint_ : insert_checkpoint_);
  use->bind(1, name);
  use->bind(2, next);
  use->bind(3, updated_at);
  if (expected) use->bind(4, *expected);
  const int code = use->step();
  if (code != SQLITE_DONE) return db_.error(code, "setting checkpoint " + std::string(name));
  return db_.changes() == 1;
}

Result<bool> Writer::project(std::string_view name, std::optional<std::uint64_t> expected,
                             std::uint64_t next,
                             const std::function<Status(SqlTransaction&)>& write) {
  TransactionGuard transaction(*this);
  if (Status status = transaction.begin("starting a projection's transaction"); !status.ok())
    return status;
  auto set = compare_and_set_checkpoint(name, expected, next);
  if (!set) return set.status();
  if (!*set) return false;
  WriterTransaction sql(*this);
  if (Status status = write(sql); !status.ok()) return status;
  if (!transaction.open()) {
    // A statement failed, SQLite rolled back, and `write` said nothing.
    return Status(StatusCode::io_error, db_.url() + ": projection " + std::string(name) +
                                            ": the transaction was rolled back after an error");
  }
  if (Status status = transaction.commit("committing a projection"); !status.ok()) return status;
  return true;
}

Result<Statement*> Writer::cached(std::string_view sql) {
  auto found = projection_statements_.find(sql);
  if (found == projection_statements_.end()) {
    auto prepared = db_.prepare(sql);
    if (!prepared) return prepared.status();
    found = projection_statements_.emplace(std::string(sql), std::move(*prepared)).first;
  }
  return &found->second;
}

}  // namespace mealy::sqlite
