#include "pg_writer.hpp"

#include <array>
#include <map>

#include "pg_listener.hpp"
#include "pg_reader.hpp"
#include "rfc3339.hpp"
#include "store/metadata_json.hpp"
#include "store/retries.hpp"

namespace mealy::postgres {
namespace {

// The parameters every append statement takes: $1 stream, $2 category,
// $3 count, $4 event ids, $5 types, $6 schema versions, $7 payloads,
// $8 metadata, $9 recorded_at; then, each when the append has it, the
// expected version (exact), the command id, and the snapshot's
// fingerprint, version and state, numbered in that order.
struct AppendShape {
  bool exact = false;  // UPDATE the stream at the expected version
  bool any = false;    // else INSERT it; any: or add to it
  bool command = false;
  bool snapshot = false;

  explicit AppendShape(const AppendRequest& request)
      : exact(request.expected.kind() == ExpectedVersion::Kind::exact &&
              request.expected.version() != 0),
        any(request.expected.kind() == ExpectedVersion::Kind::any),
        command(!request.command_id.is_nil()),
        snapshot(request.snapshot != nullptr) {}
};

// The statement of one append (design note 5): one row (the stream's new
// version, the last position) when it was appended, none when refused.
std::string append_sql(const AppendShape& shape) {
  int next = 10;
  const std::string expected = shape.exact ? "$" + std::to_string(next++) : "";
  const std::string command = shape.command ? "$" + std::to_string(next++) : "";
  std::string unused = "NOT EXISTS (SELECT 1 FROM events WHERE event_id = ANY($4::uuid[]))";
  if (shape.command)
    unused += " AND NOT EXISTS (SELECT 1 FROM commands WHERE command_id = " + command + "::uuid)";
  std::string sql = "WITH moved AS (";
  if (shape.exact) {
    sql += "UPDATE streams SET version = " + expected +
           "::bigint + $3::bigint WHERE stream = $1 AND version = " + expected + "::bigint AND " +
           unused + " RETURNING version";
  } else {
    sql +=
        "INSERT INTO streams (stream, category, version) SELECT $1, $2, $3::bigint WHERE " + unused;
    sql += shape.any
               ? " ON CONFLICT (stream) DO UPDATE SET version = streams.version + excluded.version"
               : " ON CONFLICT (stream) DO NOTHING";
    sql += " RETURNING version";
  }
  sql +=
      "), head AS (UPDATE log_head SET position = position + $3::bigint FROM moved RETURNING "
      "position), "
      "written AS (INSERT INTO events (position, stream, category, stream_version, event_id, type, "
      "schema_version, payload, metadata, recorded_at, append_first, append_last) "
      "SELECT head.position - $3::bigint + e.n, $1, $2, moved.version - $3::bigint + e.n, e.id, "
      "e.type, "
      "e.schema_version, e.payload, $8::json, $9::timestamptz, moved.version - $3::bigint + 1, "
      "moved.version "
      "FROM moved, head, unnest($4::uuid[], $5::text[], $6::bigint[], $7::json[]) WITH ORDINALITY "
      "AS e(id, "
      "type, schema_version, payload, n) RETURNING 1)";
  if (shape.command) {
    sql +=
        ", command AS (INSERT INTO commands (command_id, stream, first_position, first_version, "
        "last_version, "
        "recorded_at) SELECT " +
        command +
        "::uuid, $1, head.position - $3::bigint + 1, moved.version - $3::bigint + 1, "
        "moved.version, "
        "$9::timestamptz FROM moved, head RETURNING 1)";
  }
  if (shape.snapshot) {
    const std::string fingerprint = "$" + std::to_string(next++);
    const std::string version = "$" + std::to_string(next++);
    const std::string state = "$" + std::to_string(next++);
    sql +=
        ", snapshot AS (INSERT INTO snapshots (stream, fingerprint, version, state, recorded_at) "
        "SELECT $1, " +
        fingerprint + ", " + version + "::bigint, " + state +
        "::json, $9::timestamptz FROM moved ON CONFLICT (stream, fingerprint) DO UPDATE SET "
        "version = "
        "excluded.version, state = excluded.state, recorded_at = excluded.recorded_at RETURNING 1)";
  }
  sql += " SELECT moved.version, head.position FROM moved, head";
  return sql;
}

constexpr std::string_view kLockHeadSql = "SELECT position FROM log_head FOR UPDATE";
constexpr std::string_view kFindEventsSql =
    "SELECT event_id::text, stream, stream_version, position, append_first, append_last, type, "
    "schema_version, payload::text FROM events WHERE event_id = ANY($1::uuid[])";
constexpr std::string_view kFindCommandSql =
    "SELECT stream, first_position, first_version, last_version FROM commands WHERE command_id = "
    "$1";
constexpr std::string_view kStreamVersionSql = "SELECT version FROM streams WHERE stream = $1";
// pg_listener.hpp's channel.
constexpr const char* kNotifySql = "NOTIFY mealy_log";
static_assert(std::string_view(kNotifySql).substr(7) == std::string_view("mealy_log"));

std::string now_text() {
  std::array<char, detail::kTimestampLength> text{};
  detail::format_timestamp(SystemClock().now(), text.data());
  return {text.data(), text.size()};
}

std::string uuid_array(const std::vector<NewEvent>& events) {
  std::string out = "{";
  std::array<char, 36> id{};
  for (const NewEvent& event : events) {
    if (out.size() > 1) out += ',';
    event.id.format(id.data());
    out.append(id.data(), id.size());
  }
  out += '}';
  return out;
}

// The parameters of `request`'s append statement.
Params append_params(const AppendRequest& request, const std::string& recorded_at) {
  std::string types = "{", versions = "{", payloads = "{";
  for (const NewEvent& event : request.events) {
    if (types.size() > 1) {
      types += ',';
      versions += ',';
      payloads += ',';
    }
    append_array_element(types, event.type);
    versions += std::to_string(event.schema_version);
    append_array_element(payloads, event.payload);
  }
  types += '}';
  versions += '}';
  payloads += '}';
  std::string metadata;
  detail::write_metadata(metadata, request.metadata);
  Params params;
  params.add(request.stream)
      .add(category_of(request.stream))
      .add(static_cast<std::uint64_t>(request.events.size()))
      .add(uuid_array(request.events))
      .add(types)
      .add(versions)
      .add(payloads)
      .add(metadata)
      .add(recorded_at);
  // In append_sql's order.
  const AppendShape shape(request);
  if (shape.exact) params.add(request.expected.version());
  if (shape.command) params.add(request.command_id.to_string());
  if (shape.snapshot) {
    params.add(fingerprint_text(request.snapshot->fingerprint))
        .add(request.snapshot->version)
        .add(request.snapshot->state);
  }
  return params;
}

// Why an append was refused (store/retries.hpp): a recorded command, an
// idempotent retry, a conflict, or (no events) the expectation met. Read
// after the batch ended.
Result<AppendOutcome> resolve(Connection& db, const AppendRequest& request) {
  Params params;
  params.add(request.stream);
  auto version = db.checked(kStreamVersionSql, params, "reading the version of " + request.stream);
  if (!version) return version.status();
  const std::uint64_t current =
      version->rows() > 0 ? static_cast<std::uint64_t>(version->int64(0, 0)) : 0;
  if (!request.command_id.is_nil()) {
    params.clear();
    params.add(request.command_id.to_string());
    auto found = db.checked(kFindCommandSql, params, "looking up a command id");
    if (!found) return found.status();
    if (found->rows() > 0) {
      const CommandRecord recorded{request.command_id, std::string(found->text(0, 0)),
                                   static_cast<std::uint64_t>(found->int64(0, 1)),
                                   static_cast<std::uint64_t>(found->int64(0, 2)),
                                   static_cast<std::uint64_t>(found->int64(0, 3))};
      return detail::command_outcome(request, recorded, current);
    }
  }
  if (request.events.empty() && request.expected.admits(current)) {
    return AppendOutcome(Appended{0, current + 1, current, 0, false});
  }
  // What the log holds under each of the ids.
  std::vector<std::optional<detail::PriorEvent>> prior(request.events.size());
  if (!request.events.empty()) {
    params.clear();
    params.add(uuid_array(request.events));
    auto rows = db.checked(kFindEventsSql, params, "looking up event ids");
    if (!rows) return rows.status();
    std::map<std::string, int, std::less<>> row_of;
    for (int row = 0; row < rows->rows(); ++row)
      row_of.emplace(std::string(rows->text(row, 0)), row);
    for (std::size_t i = 0; i < request.events.size(); ++i) {
      auto hit = row_of.find(request.events[i].id.to_string());
      if (hit == row_of.end()) continue;
      const int row = hit->second;
      prior[i] = detail::PriorEvent{std::string(rows->text(row, 1)),
                                    static_cast<std::uint64_t>(rows->int64(row, 2)),
                                    static_cast<std::uint64_t>(rows->int64(row, 3)),
                                    static_cast<std::uint64_t>(rows->int64(row, 4)),
                                    static_cast<std::uint64_t>(rows->int64(row, 5)),
                                    std::string(rows->text(row, 6)),
                                    static_cast<std::uint32_t>(rows->int64(row, 7)),
                                    std::string(rows->text(row, 8))};
    }
  }
  return detail::resolve_refused(request, prior, current);
}

// Ends a pipeline whose results have all been read; leaves no transaction.
void end_pipeline(Connection& db) {
  PQexitPipelineMode(db.get());
  if (PQtransactionStatus(db.get()) != PQTRANS_IDLE && !db.broken()) (void)db.exec("ROLLBACK");
}

// One transaction, one pipeline (design note 5), for `jobs` (none settled).
// Settles each job that was appended, or leaves it for resolve() (refused);
// false, with every job unsettled but the failing one (its error), when a
// statement failed and the transaction was rolled back.
bool try_batch(Connection& db, std::span<AppendJob* const> jobs, std::uint64_t& last_position,
               std::vector<AppendJob*>& refused) {
  // Statements are prepared before the pipeline, once per connection.
  std::vector<const std::string*> names(jobs.size(), nullptr);
  auto lock = db.prepared(kLockHeadSql);
  if (!lock) {
    jobs.front()->outcome.emplace(lock.status());
    return false;
  }
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    const AppendRequest& request = *jobs[i]->request;
    if (request.events.empty()) continue;
    auto name = db.prepared(append_sql(AppendShape(request)));
    if (!name) {
      jobs[i]->outcome.emplace(name.status());
      return false;
    }
    names[i] = *name;
  }
  const std::string recorded_at = now_text();
  if (PQenterPipelineMode(db.get()) != 1) {
    jobs.front()->outcome.emplace(
        Status(StatusCode::io_error, db.where() + ": cannot start a pipeline"));
    return false;
  }
  bool sent = db.send("BEGIN") && db.send(**lock, Params());
  for (std::size_t i = 0; sent && i < jobs.size(); ++i) {
    if (names[i] != nullptr)
      sent = db.send(*names[i], append_params(*jobs[i]->request, recorded_at));
  }
  // Listeners wake up when (and only if) the batch commits.
  sent = sent && db.send(kNotifySql) && db.send("COMMIT") && PQpipelineSync(db.get()) == 1;
  if (!sent) {
    jobs.front()->outcome.emplace(
        Status(StatusCode::io_error,
               db.where() + ": sending appends: " + std::string(PQerrorMessage(db.get()))));
    end_pipeline(db);
    return false;
  }
  // The results, in the order sent, up to the sync.
  Status failure;
  AppendJob* failing = jobs.front();
  auto take = [&](AppendJob* job, std::string_view what) -> PgResult {
    PgResult result = db.next_result();
    if (failure.ok() && (result.get() == nullptr || !result.ok()) &&
        (result.get() == nullptr || PQresultStatus(result.get()) != PGRES_PIPELINE_ABORTED)) {
      failure = db.error(result, what);
      failing = job;
    }
    return result;
  };
  (void)take(jobs.front(), "starting a write transaction");
  PgResult head = take(jobs.front(), "locking the head of the log");
  std::uint64_t batch_last = 0;
  std::vector<AppendJob*> appended;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    if (names[i] == nullptr) {
      refused.push_back(jobs[i]);
      continue;
    }
    const AppendRequest& request = *jobs[i]->request;
    PgResult result = take(jobs[i], "appending to " + request.stream);
    if (!failure.ok()) continue;
    if (result.rows() == 0) {
      refused.push_back(jobs[i]);
      continue;
    }
    const auto count = static_cast<std::uint64_t>(request.events.size());
    const auto version = static_cast<std::uint64_t>(result.int64(0, 0));
    const auto last = static_cast<std::uint64_t>(result.int64(0, 1));
    jobs[i]->outcome.emplace(AppendOutcome(
        Appended{last - count + 1, version - count + 1, version, request.events.size(), false}));
    appended.push_back(jobs[i]);
    batch_last = std::max(batch_last, last);
  }
  (void)take(jobs.front(), "notifying listeners");
  PgResult committed = take(jobs.front(), "committing appends");
  PgResult sync = db.next_result();
  const bool synced = sync.get() != nullptr && PQresultStatus(sync.get()) == PGRES_PIPELINE_SYNC;
  end_pipeline(db);
  if (failure.ok() && !synced)
    failure =
        Status(StatusCode::io_error, db.where() + ": committing appends: the connection was lost");
  if (!failure.ok()) {
    // Nothing of the batch committed, or (the connection lost at COMMIT)
    // nobody knows: no job is told it was appended.
    for (AppendJob* job : jobs)
      job->outcome.reset();
    refused.clear();
    failing->outcome.emplace(failure);
    return false;
  }
  last_position = batch_last;
  return true;
}

}  // namespace

std::uint64_t commit_batch(Connection& db, std::span<AppendJob* const> batch) {
  std::vector<AppendJob*> valid;
  for (AppendJob* job : batch) {
    if (Status status = detail::check_request(*job->request); !status.ok()) {
      job->outcome.emplace(std::move(status));
    } else {
      valid.push_back(job);
    }
  }
  if (valid.empty()) return 0;
  std::uint64_t last_position = 0;
  std::vector<AppendJob*> refused;
  if (!try_batch(db, valid, last_position, refused)) {
    if (valid.size() == 1 || db.broken()) {
      // Alone, or the connection is gone: every job gets the error.
      Status status(StatusCode::io_error, db.where() + ": the connection was lost");
      for (AppendJob* job : valid) {
        if (job->outcome && !job->outcome->ok()) status = job->outcome->status();
      }
      for (AppendJob* job : valid)
        job->outcome.emplace(status);
      return 0;
    }
    // Alone, each append gets its own outcome; the failing one, its error.
    for (AppendJob* job : valid) {
      job->outcome.reset();
      AppendJob* alone[] = {job};
      std::uint64_t last = 0;
      std::vector<AppendJob*> refused_alone;
      if (try_batch(db, alone, last, refused_alone)) {
        for (AppendJob* each : refused_alone)
          refused.push_back(each);
      } else if (!job->outcome || job->outcome->ok()) {
        job->outcome.emplace(
            Status(StatusCode::internal, db.where() + ": an append failed without an error"));
      }
      last_position = std::max(last_position, last);
    }
  }
  for (AppendJob* job : refused)
    job->outcome.emplace(resolve(db, *job->request));
  return last_position;
}

}  // namespace mealy::postgres
