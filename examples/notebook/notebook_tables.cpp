// The projection behind notebook_tables.hpp (design notes there).
#include "notebook_tables.hpp"

#include <string>
#include <vector>

#include "mealy/json_write.hpp"
#include "mealy/repository.hpp"

namespace eventbook::notebook {
namespace {

using mealy::SqlTransaction;
using mealy::SqlValue;
using mealy::Status;
using mealy::StatusCode;

// Bumped whenever a table's columns change: a new layout rebuilds them.
constexpr std::uint64_t kLayoutVersion = 1;

std::string fingerprint() {
  const std::uint64_t value =
      notebook::Machine::kFingerprint ^ (cell::Machine::kFingerprint * 31) ^ kLayoutVersion;
  std::string text(16, '0');
  for (int i = 0; i < 16; ++i)
    text[static_cast<std::size_t>(i)] = "0123456789abcdef"[(value >> (60 - 4 * i)) & 0xf];
  return text;
}

// A timestamp as RFC 3339 text (json::write's form, unquoted).
std::string timestamp_text(mealy::Timestamp value) {
  std::string quoted;
  mealy::json::write(quoted, value);
  return quoted.substr(1, quoted.size() - 2);
}

// The outputs as the views show them: [{"kind","mime_type","text"}], the
// data read as UTF-8 text (every output this server makes is text).
std::string outputs_json(const std::vector<Output>& outputs) {
  std::string out = "[";
  for (const Output& output : outputs) {
    if (out.size() > 1) out += ',';
    out += "{\"kind\":";
    mealy::json::write(out, to_string(output.kind));
    out += ",\"mime_type\":";
    mealy::json::write(out, output.mime_type);
    out += ",\"text\":";
    mealy::json::write(out, std::string_view(reinterpret_cast<const char*>(output.data.data()),
                                             output.data.size()));
    out += '}';
  }
  return out + "]";
}

std::string error_json(const ExecutionError& error) {
  std::string out = "{\"name\":";
  mealy::json::write(out, error.name);
  out += ",\"message\":";
  mealy::json::write(out, error.message);
  return out + "}";
}

// The id part of a stream name "Category-id".
std::string_view id_of(const mealy::RecordedEvent& recorded) {
  const std::size_t dash = recorded.stream.find('-');
  return dash == std::string::npos ? std::string_view()
                                   : std::string_view(recorded.stream).substr(dash + 1);
}

// The row's aggregate (design note 2), or a new one when the row is absent.
template <typename Machine>
Status load_row(SqlTransaction& transaction, std::string_view table, std::string_view id,
                typename Machine::Aggregate& aggregate) {
  const SqlValue key[] = {id};
  auto row =
      transaction.query_row("SELECT aggregate FROM " + std::string(table) + " WHERE id = $1", key);
  if (!row) return row.status();
  if (*row && (**row)[0]) {
    if (Status status = Machine::read_snapshot(*(**row)[0], aggregate); !status.ok()) {
      return {StatusCode::corruption,
              std::string(table) + " row " + std::string(id) + ": " + status.message()};
    }
    return {};
  }
  if (!mealy::parse_id(id, aggregate.id)) {
    return {StatusCode::corruption, "stream id " + std::string(id) + " is not a valid " +
                                        std::string(Machine::kName) + " id"};
  }
  return {};
}

// Decodes `recorded` and applies it to `aggregate`.
template <typename Machine, typename Host>
Status evolve(Host& host, const mealy::RecordedEvent& recorded,
              typename Machine::Aggregate& aggregate, typename Machine::Event& event) {
  if (Status status = Machine::decode_event(host, recorded.type, recorded.schema_version,
                                            recorded.payload, event);
      !status.ok()) {
    return {StatusCode::corruption, recorded.stream + " event " +
                                        std::to_string(recorded.stream_version) + " (" +
                                        recorded.type + "): " + status.message()};
  }
  return Machine::evolve(aggregate, event, host);
}

Status apply_notebook(NotebookHost& host, const mealy::RecordedEvent& recorded,
                      SqlTransaction& transaction) {
  notebook::Aggregate aggregate{};
  const std::string_view id = id_of(recorded);
  if (Status status = load_row<notebook::Machine>(transaction, "notebooks", id, aggregate);
      !status.ok())
    return status;
  notebook::Event event;
  if (Status status = evolve<notebook::Machine>(host, recorded, aggregate, event); !status.ok())
    return status;
  std::string members;
  mealy::json::write(members, aggregate.data.members);
  std::string snapshot;
  notebook::Machine::write_snapshot(snapshot, aggregate);
  const std::string changed_at = timestamp_text(recorded.recorded_at);
  const bool archived = std::holds_alternative<notebook::states::Archived>(aggregate.state);
  const SqlValue values[] = {id,
                             std::string_view(aggregate.data.title),
                             std::string_view(aggregate.data.owner),
                             std::string_view(members),
                             std::int64_t{archived ? 1 : 0},
                             std::string_view(changed_at),
                             std::string_view(recorded.metadata.actor),
                             static_cast<std::int64_t>(aggregate.version),
                             static_cast<std::int64_t>(recorded.position),
                             std::string_view(snapshot)};
  return transaction.execute(
      "INSERT INTO notebooks (id, title, owner, members, archived, created_at, changed_by, "
      "changed_at, version, "
      "position, aggregate) VALUES ($1, $2, $3, $4, $5, $6, $7, $6, $8, $9, $10) ON CONFLICT (id) "
      "DO UPDATE SET "
      "title = excluded.title, owner = excluded.owner, members = excluded.members, archived = "
      "excluded.archived, "
      "changed_by = excluded.changed_by, changed_at = excluded.changed_at, version = "
      "excluded.version, "
      "position = excluded.position, aggregate = excluded.aggregate",
      values);
}

// The executions row an execution event writes.
Status apply_execution(const cell::Event& event, const mealy::RecordedEvent& recorded,
                       const cell::Aggregate& cell, SqlTransaction& transaction) {
  const std::string at = timestamp_text(recorded.recorded_at);
  const std::string notebook_id = cell.data.notebook_id.to_string();
  const std::string cell_id = cell.id;
  const auto position = static_cast<std::int64_t>(recorded.position);
  auto finish = [&](const mealy::Uuid& execution, std::string_view status,
                    const std::string& outputs, const std::string* error, mealy::Duration elapsed) {
    const std::string execution_id = execution.to_string();
    const SqlValue values[] = {std::string_view(execution_id),
                               status,
                               std::string_view(outputs),
                               error ? SqlValue(std::string_view(*error)) : SqlValue(nullptr),
                               std::string_view(at),
                               static_cast<double>(elapsed.count()) / 1000.0,
                               position};
    return transaction.execute(
        "UPDATE executions SET status = $2, outputs = $3, error = $4, finished_at = $5, elapsed_ms "
        "= $6, "
        "position = $7 WHERE id = $1",
        values);
  };
  if (const auto* requested = std::get_if<cell::events::ExecutionRequested>(&event)) {
    const std::string execution_id = requested->execution_id.to_string();
    const SqlValue values[] = {
        std::string_view(execution_id), std::string_view(cell_id),
        std::string_view(notebook_id),  std::string_view(requested->requested_by),
        std::string_view(at),           position};
    return transaction.execute(
        "INSERT INTO executions (id, cell, notebook, status, requested_by, outputs, requested_at, "
        "position) "
        "VALUES ($1, $2, $3, 'requested', $4, '[]', $5, $6) ON CONFLICT (id) DO NOTHING",
        values);
  }
  if (const auto* started = std::get_if<cell::events::ExecutionStarted>(&event)) {
    const std::string execution_id = started->execution_id.to_string();
    const SqlValue values[] = {std::string_view(execution_id), std::string_view(started->kernel),
                               std::string_view(at), position};
    return transaction.execute(
        "UPDATE executions SET status = 'running', kernel = $2, started_at = $3, position = $4 "
        "WHERE id = $1",
        values);
  }
  if (const auto* completed = std::get_if<cell::events::ExecutionCompleted>(&event)) {
    return finish(completed->execution_id, "completed", outputs_json(completed->outputs), nullptr,
                  completed->elapsed);
  }
  if (const auto* failed = std::get_if<cell::events::ExecutionFailed>(&event)) {
    const std::string error = error_json(failed->error);
    return finish(failed->execution_id, "failed", outputs_json(failed->outputs), &error,
                  failed->elapsed);
  }
  if (const auto* cancelled = std::get_if<cell::events::ExecutionCancelled>(&event)) {
    const std::string execution_id = cancelled->execution_id.to_string();
    const SqlValue values[] = {std::string_view(execution_id), std::string_view(at), position};
    return transaction.execute(
        "UPDATE executions SET status = 'cancelled', finished_at = $2, position = $3 WHERE id = $1",
        values);
  }
  return {};
}

Status apply_cell(CellHost& host, const mealy::RecordedEvent& recorded,
                  SqlTransaction& transaction) {
  cell::Aggregate aggregate{};
  const std::string_view id = id_of(recorded);
  if (Status status = load_row<cell::Machine>(transaction, "cells", id, aggregate); !status.ok())
    return status;
  cell::Event event;
  if (Status status = evolve<cell::Machine>(host, recorded, aggregate, event); !status.ok())
    return status;
  if (Status status = apply_execution(event, recorded, aggregate, transaction); !status.ok())
    return status;
  std::string last_run;
  mealy::json::write(last_run, aggregate.data.last_run);
  std::string snapshot;
  cell::Machine::write_snapshot(snapshot, aggregate);
  const std::string notebook_id = aggregate.data.notebook_id.to_string();
  const std::string changed_at = timestamp_text(recorded.recorded_at);
  const bool deleted = std::holds_alternative<cell::states::Deleted>(aggregate.state);
  const SqlValue values[] = {id,
                             std::string_view(notebook_id),
                             to_string(aggregate.data.kind),
                             std::string_view(aggregate.data.source),
                             std::string_view(aggregate.data.position),
                             cell::Machine::state_name(aggregate),
                             std::int64_t{aggregate.data.execution_count},
                             std::string_view(last_run),
                             std::int64_t{deleted ? 1 : 0},
                             std::string_view(recorded.metadata.actor),
                             std::string_view(changed_at),
                             static_cast<std::int64_t>(aggregate.version),
                             static_cast<std::int64_t>(recorded.position),
                             std::string_view(snapshot)};
  return transaction.execute(
      "INSERT INTO cells (id, notebook, kind, source, position_index, state, execution_count, "
      "last_run, deleted, "
      "changed_by, changed_at, version, position, aggregate) VALUES ($1, $2, $3, $4, $5, $6, $7, "
      "$8, $9, $10, $11, "
      "$12, $13, $14) ON CONFLICT (id) DO UPDATE SET notebook = excluded.notebook, kind = "
      "excluded.kind, "
      "source = excluded.source, position_index = excluded.position_index, state = excluded.state, "
      "execution_count = excluded.execution_count, last_run = excluded.last_run, deleted = "
      "excluded.deleted, "
      "changed_by = excluded.changed_by, changed_at = excluded.changed_at, version = "
      "excluded.version, "
      "position = excluded.position, aggregate = excluded.aggregate",
      values);
}

std::vector<std::string> create_statements(mealy::SqlDialect dialect) {
  const bool postgresql = dialect == mealy::SqlDialect::postgresql;
  const std::string integer = postgresql ? "BIGINT" : "INTEGER";
  const std::string real = postgresql ? "DOUBLE PRECISION" : "REAL";
  const std::string bytewise = postgresql ? " COLLATE \"C\"" : "";
  return {
      "DROP TABLE IF EXISTS notebooks",
      "DROP TABLE IF EXISTS cells",
      "DROP TABLE IF EXISTS executions",
      "CREATE TABLE notebooks (id TEXT PRIMARY KEY, title TEXT NOT NULL, owner TEXT NOT NULL, "
      "members TEXT NOT NULL, "
      "archived " +
          integer +
          " NOT NULL, created_at TEXT NOT NULL, changed_by TEXT NOT NULL, changed_at TEXT NOT "
          "NULL, "
          "version " +
          integer + " NOT NULL, position " + integer + " NOT NULL, aggregate TEXT NOT NULL)",
      "CREATE TABLE cells (id TEXT PRIMARY KEY, notebook TEXT NOT NULL, kind TEXT NOT NULL, source "
      "TEXT NOT NULL, "
      "position_index TEXT" +
          bytewise + " NOT NULL, state TEXT NOT NULL, execution_count " + integer +
          " NOT NULL, last_run TEXT NOT NULL, deleted " + integer +
          " NOT NULL, changed_by TEXT NOT NULL, "
          "changed_at TEXT NOT NULL, version " +
          integer + " NOT NULL, position " + integer + " NOT NULL, aggregate TEXT NOT NULL)",
      "CREATE INDEX cells_by_notebook ON cells (notebook, position)",
      "CREATE TABLE executions (id TEXT PRIMARY KEY, cell TEXT NOT NULL, notebook TEXT NOT NULL, "
      "status TEXT NOT NULL, requested_by TEXT NOT NULL, kernel TEXT, outputs TEXT NOT NULL, error "
      "TEXT, "
      "requested_at TEXT NOT NULL, started_at TEXT, finished_at TEXT, elapsed_ms " +
          real + ", position " + integer + " NOT NULL)",
      "CREATE INDEX executions_by_cell ON executions (cell, requested_at)",
  };
}

mealy::Filter filter() {
  return {.categories = {std::string(notebook::Machine::kName), std::string(cell::Machine::kName)}};
}

mealy::Subscription::ProjectionHandler handler(NotebookHost& notebook_host, CellHost& cell_host) {
  return [&notebook_host, &cell_host](const mealy::RecordedEvent& recorded,
                                      SqlTransaction& transaction) -> Status {
    if (mealy::category_of(recorded.stream) == notebook::Machine::kName) {
      return apply_notebook(notebook_host, recorded, transaction);
    }
    return apply_cell(cell_host, recorded, transaction);
  };
}

}  // namespace

Status NotebookTables::prepare(mealy::EventStore& store) {
  const std::string print = fingerprint();
  const std::string name(kName);
  const std::string anchor = name + ".schema";
  const SqlValue recorded[] = {std::string_view(name), std::string_view(print)};
  const SqlValue names[] = {std::string_view(name)};
  auto prepare_tables = [&](SqlTransaction& transaction) -> Status {
    auto exists = transaction.table_exists("executions");
    if (!exists) return exists.status();
    auto row = transaction.query_row("SELECT fingerprint FROM state_tables WHERE name = $1", names);
    if (!row) return row.status();
    if (*exists && *row && (**row)[0] == std::string_view(print)) return {};
    for (const std::string& sql : create_statements(transaction.dialect())) {
      if (Status status = transaction.execute(sql); !status.ok()) return status;
    }
    if (Status status = transaction.execute(
            "INSERT INTO state_tables (name, fingerprint) VALUES ($1, $2) "
            "ON CONFLICT (name) DO UPDATE SET fingerprint = excluded.fingerprint",
            recorded);
        !status.ok()) {
      return status;
    }
    return transaction.execute("DELETE FROM checkpoints WHERE name = $1", names);
  };
  for (int attempt = 0; attempt < 8; ++attempt) {
    auto generation = store.read_checkpoint(anchor);
    if (!generation) return generation.status();
    auto done = store.project(anchor, *generation, generation->value_or(0) + 1, prepare_tables);
    if (!done) return done.status();
    if (*done) return {};
  }
  return {StatusCode::unavailable,
          store.url() + ": other processes kept preparing the notebook's tables"};
}

mealy::Result<std::unique_ptr<mealy::Subscription>> NotebookTables::start(
    mealy::EventStore& store, NotebookHost& notebook_host, CellHost& cell_host,
    mealy::SubscriptionOptions options) {
  return mealy::Subscription::projection(store, std::string(kName), filter(),
                                         handler(notebook_host, cell_host), std::move(options));
}

mealy::Result<std::uint64_t> NotebookTables::run(mealy::EventStore& store,
                                                 NotebookHost& notebook_host, CellHost& cell_host) {
  return mealy::Subscription::run_projection(store, std::string(kName), filter(),
                                             handler(notebook_host, cell_host));
}

const std::vector<std::string>& NotebookTables::readable_tables() {
  static const std::vector<std::string> tables = {"notebooks", "cells", "executions"};
  return tables;
}

}  // namespace eventbook::notebook
