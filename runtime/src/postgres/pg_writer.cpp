#include "pg_writer.hpp"

#include <array>
#include <map>
#include <set>

#include "pg_reader.hpp"
#include "rfc3339.hpp"
#include "store/conflicts.hpp"
#include "store/metadata_json.hpp"

namespace mealy::postgres {
namespace {

constexpr const char* kBeginSql = "BEGIN; SELECT position FROM log_head FOR UPDATE";
// pg_listener.hpp's channel.
constexpr const char* kNotifyCommitSql = "NOTIFY mealy_log; COMMIT";

// Each moves the stream only when none of the ids ($4) is in the log.
constexpr std::string_view kNoEventsSql =
    "NOT EXISTS (SELECT 1 FROM events WHERE event_id = ANY($4::uuid[]))";
const std::string kAdvanceStreamSql =
    "UPDATE streams SET version = $3 WHERE stream = $1 AND version = $2 AND " +
    std::string(kNoEventsSql);
const std::string kCreateStreamSql =
    "INSERT INTO streams (stream, category, version) SELECT $1, $2, $3 WHERE " +
    std::string(kNoEventsSql) + " ON CONFLICT (stream) DO NOTHING";
const std::string kExtendStreamSql =
    "INSERT INTO streams (stream, category, version) SELECT $1, $2, $3 WHERE " +
    std::string(kNoEventsSql) +
    " ON CONFLICT (stream) DO UPDATE SET version = streams.version + excluded.version RETURNING "
    "version";

constexpr std::string_view kInsertEventsSql =
    "INSERT INTO events (position, stream, category, stream_version, event_id, type, "
    "schema_version, payload, "
    "metadata, recorded_at, append_last) "
    "SELECT $1::bigint + e.n - 1, $2, $3, $4::bigint + e.n - 1, e.id, e.type, e.schema_version, "
    "e.payload, "
    "$9::json, $10::timestamptz, $11::bigint "
    "FROM unnest($5::uuid[], $6::text[], $7::bigint[], $8::json[]) WITH ORDINALITY AS e(id, type, "
    "schema_version, "
    "payload, n)";

constexpr std::string_view kPutSnapshotSql =
    "INSERT INTO snapshots (stream, fingerprint, version, state, recorded_at) VALUES ($1, $2, $3, "
    "$4, $5) "
    "ON CONFLICT (stream, fingerprint) DO UPDATE SET version = excluded.version, state = "
    "excluded.state, "
    "recorded_at = excluded.recorded_at";

constexpr std::string_view kFindEventsSql =
    "SELECT event_id::text, stream, stream_version, position FROM events WHERE event_id = "
    "ANY($1::uuid[])";
constexpr std::string_view kStreamVersionSql = "SELECT version FROM streams WHERE stream = $1";
constexpr std::string_view kSetHeadSql = "UPDATE log_head SET position = $1";

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

// What a request may not hold, whatever the log holds.
Status validate(const AppendRequest& request) {
  std::set<Uuid> ids;
  for (const NewEvent& event : request.events) {
    if (!ids.insert(event.id).second) {
      return Status::invalid_argument("append to " + request.stream + ": event id " +
                                      event.id.to_string() + " is given twice");
    }
  }
  return {};
}

enum class Attempt { appended, refused, failed };

class Batch {
 public:
  Batch(Connection& db, std::uint64_t head) : db_(db), head_(head), recorded_at_(now_text()) {}

  // Tries one append; on `appended` the head has moved past its events.
  Attempt attempt(AppendJob& job) {
    const AppendRequest& request = *job.request;
    if (request.events.empty()) return Attempt::refused;  // only the expectation to check
    const std::string ids = uuid_array(request.events);
    auto moved = move_stream(request, ids);
    if (!moved) return fail(job, moved.status());
    if (!*moved) return Attempt::refused;
    const std::uint64_t count = request.events.size();
    const std::uint64_t first_version = last_version_ - count + 1;
    const std::uint64_t first_position = head_ + 1;
    if (Status status = insert_events(request, ids, first_position, first_version); !status.ok()) {
      return fail(job, status);
    }
    if (request.snapshot != nullptr) {
      params_.clear();
      params_.add(request.stream)
          .add(fingerprint_text(request.snapshot->fingerprint))
          .add(request.snapshot->version)
          .add(request.snapshot->state)
          .add(recorded_at_);
      auto written =
          db_.checked(kPutSnapshotSql, params_, "writing a snapshot of " + request.stream);
      if (!written) return fail(job, written.status());
    }
    head_ += count;
    job.outcome.emplace(AppendOutcome(
        Appended{first_position, first_version, last_version_, request.events.size(), false}));
    return Attempt::appended;
  }

  // Why an append was refused: an idempotent retry, a conflict, or (no
  // events) the expectation met. Reads inside the batch's transaction.
  Result<AppendOutcome> resolve(const AppendRequest& request) {
    std::size_t found = 0;
    Appended original{};
    bool in_order = true;
    std::string first_id;
    std::string first_stream;
    if (!request.events.empty()) {
      params_.clear();
      params_.add(uuid_array(request.events));
      auto rows = db_.checked(kFindEventsSql, params_, "looking up event ids");
      if (!rows) return rows.status();
      struct Found {
        std::string stream;
        std::uint64_t version;
        std::uint64_t position;
      };
      std::map<std::string, Found, std::less<>> by_id;
      for (int row = 0; row < rows->rows(); ++row) {
        by_id.emplace(
            std::string(rows->text(row, 0)),
            Found{std::string(rows->text(row, 1)), static_cast<std::uint64_t>(rows->int64(row, 2)),
                  static_cast<std::uint64_t>(rows->int64(row, 3))});
      }
      for (std::size_t i = 0; i < request.events.size(); ++i) {
        const std::string id = request.events[i].id.to_string();
        auto hit = by_id.find(id);
        if (hit == by_id.end()) continue;
        const Found& row = hit->second;
        if (found == 0) {
          first_id = id;
          first_stream = row.stream;
          original = {row.position, row.version, row.version, 0, true};
        }
        in_order = in_order && found == i && row.stream == request.stream &&
                   row.version == original.first_version + i &&
                   row.position == original.first_position + i;
        ++found;
      }
    }
    if (found > 0 && found == request.events.size() && in_order) {
      original.count = found;
      original.last_version = original.first_version + found - 1;
      return AppendOutcome(original);
    }
    params_.clear();
    params_.add(request.stream);
    auto version =
        db_.checked(kStreamVersionSql, params_, "reading the version of " + request.stream);
    if (!version) return version.status();
    const std::uint64_t current =
        version->rows() > 0 ? static_cast<std::uint64_t>(version->int64(0, 0)) : 0;
    if (found > 0) {
      return AppendOutcome(detail::overlap_conflict(request, current, found, first_id, first_stream,
                                                    original.first_version));
    }
    if (request.events.empty() && request.expected.admits(current)) {
      return AppendOutcome(Appended{0, current + 1, current, 0, false});
    }
    return AppendOutcome(detail::version_conflict(request, current));
  }

  [[nodiscard]] std::uint64_t head() const { return head_; }

 private:
  Attempt fail(AppendJob& job, Status status) {
    job.outcome.emplace(std::move(status));
    return Attempt::failed;
  }

  // Checks the expectation and that no id is in the log, and moves the
  // stream's version (design note 5). False when refused.
  Result<bool> move_stream(const AppendRequest& request, const std::string& ids) {
    const auto count = static_cast<std::uint64_t>(request.events.size());
    const std::string_view category = category_of(request.stream);
    const ExpectedVersion& expected = request.expected;
    const std::string what = "appending to " + request.stream;
    params_.clear();
    if (expected.kind() == ExpectedVersion::Kind::any) {
      params_.add(request.stream).add(category).add(count).add(ids);
      auto moved = db_.checked(kExtendStreamSql, params_, what);
      if (!moved) return moved.status();
      if (moved->rows() == 0) return false;
      last_version_ = static_cast<std::uint64_t>(moved->int64(0, 0));
      return true;
    }
    const bool fresh =
        expected.kind() == ExpectedVersion::Kind::no_stream || expected.version() == 0;
    if (fresh) {
      params_.add(request.stream).add(category).add(count).add(ids);
    } else {
      params_.add(request.stream).add(expected.version()).add(expected.version() + count).add(ids);
    }
    auto moved = db_.checked(
        fresh ? std::string_view(kCreateStreamSql) : std::string_view(kAdvanceStreamSql), params_,
        what);
    if (!moved) return moved.status();
    last_version_ = expected.version() + count;
    return moved->changed() == 1;
  }

  Status insert_events(const AppendRequest& request, const std::string& ids,
                       std::uint64_t first_position, std::uint64_t first_version) {
    types_ = "{";
    versions_ = "{";
    payloads_ = "{";
    for (const NewEvent& event : request.events) {
      if (types_.size() > 1) {
        types_ += ',';
        versions_ += ',';
        payloads_ += ',';
      }
      append_array_element(types_, event.type);
      versions_ += std::to_string(event.schema_version);
      append_array_element(payloads_, event.payload);
    }
    types_ += '}';
    versions_ += '}';
    payloads_ += '}';
    metadata_.clear();
    detail::write_metadata(metadata_, request.metadata);
    params_.clear();
    params_.add(first_position)
        .add(request.stream)
        .add(category_of(request.stream))
        .add(first_version)
        .add(ids)
        .add(types_)
        .add(versions_)
        .add(payloads_)
        .add(metadata_)
        .add(recorded_at_)
        .add(last_version_);
    auto inserted = db_.checked(kInsertEventsSql, params_, "appending to " + request.stream);
    return inserted ? Status() : inserted.status();
  }

  Connection& db_;
  std::uint64_t head_;
  std::uint64_t last_version_ = 0;
  std::string recorded_at_;
  Params params_;
  std::string types_, versions_, payloads_, metadata_;
};

// One transaction for the jobs of `batch` that are not settled yet. False
// when a statement failed and the transaction was rolled back (the failing
// job holds its error; the others are unsettled again).
bool try_batch(Connection& db, std::span<AppendJob* const> batch, std::uint64_t& last_position) {
  auto fail_all = [&](const Status& status) {
    for (AppendJob* job : batch) {
      if (!job->outcome) job->outcome.emplace(status);
    }
    return true;
  };
  PgResult begun = db.exec(kBeginSql);
  if (!begun.ok()) {
    Status status = db.error(begun, "starting a write transaction");
    (void)db.exec("ROLLBACK");
    return fail_all(status);
  }
  Batch writer(db, static_cast<std::uint64_t>(begun.int64(0, 0)));
  const std::uint64_t start = writer.head();
  std::vector<AppendJob*> mine;
  for (AppendJob* job : batch) {
    if (job->outcome) continue;
    mine.push_back(job);
    const Attempt attempt = writer.attempt(*job);
    if (attempt == Attempt::refused) {
      job->outcome.emplace(writer.resolve(*job->request));
      if (!job->outcome->ok()) {
        (void)db.exec("ROLLBACK");
        return false;
      }
    } else if (attempt == Attempt::failed) {
      (void)db.exec("ROLLBACK");
      return false;
    }
  }
  if (writer.head() != start) {
    Params params;
    params.add(writer.head());
    auto set = db.checked(kSetHeadSql, params, "moving the head of the log");
    if (!set) {
      (void)db.exec("ROLLBACK");
      for (AppendJob* job : mine)
        job->outcome.emplace(set.status());
      return true;
    }
  }
  // Listeners of other processes wake up when (and only if) it commits.
  PgResult committed = db.exec(writer.head() != start ? kNotifyCommitSql : "COMMIT");
  if (!committed.ok()) {
    Status status = db.error(committed, "committing appends");
    (void)db.exec("ROLLBACK");
    for (AppendJob* job : mine) {
      const auto* appended = job->outcome && job->outcome->ok()
                                 ? std::get_if<Appended>(&job->outcome->value())
                                 : nullptr;
      if (appended != nullptr && !appended->duplicate) job->outcome.emplace(status);
    }
    return true;
  }
  if (writer.head() != start) last_position = writer.head();
  return true;
}

}  // namespace

std::uint64_t commit_batch(Connection& db, std::span<AppendJob* const> batch) {
  std::vector<AppendJob*> valid;
  for (AppendJob* job : batch) {
    if (Status status = validate(*job->request); !status.ok()) {
      job->outcome.emplace(std::move(status));
    } else {
      valid.push_back(job);
    }
  }
  std::uint64_t last_position = 0;
  if (valid.empty() || try_batch(db, valid, last_position)) return last_position;
  // A statement failed and took the transaction with it (design note 5):
  // what the batch's jobs were told is void.
  if (valid.size() == 1 || db.broken()) {
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
    if (!try_batch(db, alone, last) && (!job->outcome || job->outcome->ok())) {
      job->outcome.emplace(
          Status(StatusCode::internal, db.where() + ": an append failed without an error"));
    }
    last_position = std::max(last_position, last);
  }
  return last_position;
}

}  // namespace mealy::postgres
